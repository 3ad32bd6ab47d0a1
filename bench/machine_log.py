"""A fingerprint-machine log for the generated province (deterministic): the punches of the biggest agency's
employees, working day after working day, until the log holds the number of events asked for.

Each employee punches in between 06:45 and 08:15 and out between 15:30 and 17:15 (local time, WITA), on one of
four machines; about 1 % of the lines are a second press of the same finger (the same line twice, as machines
write them) and 1 % carry their own offset (``+08:00``). The log is the CSV ``nip,timestamp,device`` the
import reads; :attr:`MachineLog.rows` are the distinct events as plain tuples, for the raw bulk load.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import Count

from terpadu.attendance.models import AttendanceEvent
from terpadu.directory.models import Employee, Government

from .bulk import copy_rows, is_postgresql
from .generate import GeneratedGovernment

FIRST_DAY = date(2025, 6, 2)
DEVICES = ("MESIN-LOBI", "MESIN-TIMUR", "MESIN-BARAT", "MESIN-WAJAH")
DOUBLE_PRESS = 0.01
WITH_OFFSET = 0.01
#: the columns the import writes; the others stay NULL
COLUMNS = (
    "government_id",
    "agency_id",
    "employee_id",
    "kind",
    "occurred_at",
    "local_date",
    "source",
    "flexible",
    "user_agent",
    "client_ref",
    "machine_device",
    "created_at",
)


@dataclass(frozen=True)
class MachineLog:
    agency_id: int
    employees: int
    days: int
    #: the CSV file
    data: bytes
    #: data lines in the file (duplicates included)
    lines: int
    #: the distinct events: (employee id, kind, UTC datetime, local date, device)
    rows: list[tuple[int, str, datetime, date, str]]


def biggest_agency(gov: GeneratedGovernment) -> int:
    counts = (
        Employee.objects.filter(government_id=gov.government_id, agency__isnull=False)
        .values("agency_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "agency_id")
    )
    return int(counts[0]["agency_id"])


def _working_days(count: int) -> list[date]:
    days: list[date] = []
    day = FIRST_DAY
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def _stamp(rng: random.Random, moment: datetime, zone: ZoneInfo) -> str:
    if rng.random() < WITH_OFFSET:
        return moment.replace(tzinfo=zone).isoformat()
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def machine_log(gov: GeneratedGovernment, *, events: int) -> MachineLog:
    """About ``events`` distinct punches (two per employee and working day) of the biggest agency."""
    rng = random.Random(gov.seed + 5)
    zone = ZoneInfo(Government.objects.values_list("timezone", flat=True).get(pk=gov.government_id))
    agency_id = biggest_agency(gov)
    people = list(Employee.objects.filter(agency_id=agency_id).order_by("pk").values_list("pk", "nip", "pppk_number"))
    days = _working_days(max(1, -(-events // (2 * len(people)))))
    lines = ["nip,timestamp,device"]
    rows: list[tuple[int, str, datetime, date, str]] = []
    for day in days:
        for pk, nip, pppk in people:
            if len(rows) >= events:
                break
            device = DEVICES[pk % len(DEVICES)]
            arrive = datetime(day.year, day.month, day.day, 6, 45) + timedelta(seconds=rng.randrange(90 * 60))
            leave = datetime(day.year, day.month, day.day, 15, 30) + timedelta(seconds=rng.randrange(105 * 60))
            for kind, moment in (("in", arrive), ("out", leave))[: events - len(rows)]:
                line = f"{nip or pppk},{_stamp(rng, moment, zone)},{device}"
                lines.append(line)
                if rng.random() < DOUBLE_PRESS:
                    lines.append(line)
                utc = moment.replace(tzinfo=zone).astimezone(UTC)
                rows.append((pk, kind, utc, day, device))
    data = ("\n".join(lines) + "\n").encode()
    return MachineLog(agency_id, len(people), len(days), data, len(lines) - 1, rows)


def raw_rows(gov: GeneratedGovernment, log: MachineLog) -> list[tuple[Any, ...]]:
    """The events as the table's values (prepared before timing): datetimes for COPY, text for SQLite."""
    now = datetime.now(UTC)
    fixed: tuple[Any, ...] = (gov.government_id, log.agency_id)
    if is_postgresql():
        return [
            (*fixed, pk, kind, utc, day, "machine", "", "", "", device, now) for pk, kind, utc, day, device in log.rows
        ]
    stamp = str(now.replace(tzinfo=None))
    return [
        (*fixed, pk, kind, str(utc.replace(tzinfo=None)), day.isoformat(), "machine", "", "", "", device, stamp)
        for pk, kind, utc, day, device in log.rows
    ]


def raw_load(rows: list[tuple[Any, ...]]) -> None:
    """The baseline: the same events written straight into the table — COPY on PostgreSQL, executemany on
    SQLite — with no parsing, no checks and no duplicate detection."""
    table = AttendanceEvent._meta.db_table
    if is_postgresql():
        copy_rows(table, COLUMNS, rows)
        return
    placeholders = ", ".join(["%s"] * len(COLUMNS))
    quoted = ", ".join(f'"{column}"' for column in COLUMNS)
    with connection.cursor() as cursor:
        cursor.executemany(f'INSERT INTO "{table}" ({quoted}) VALUES ({placeholders})', rows)
