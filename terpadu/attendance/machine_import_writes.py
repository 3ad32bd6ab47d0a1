"""The bulk write of a machine log's valid rows into AttendanceEvent, never twice the same punch.

PostgreSQL: ``COPY`` of the compact rows into a temporary table, then one ``INSERT … SELECT … ON CONFLICT
(employee_id, occurred_at) WHERE source = 'machine' DO NOTHING`` — the partial unique index
``event_machine_unique`` drops a line repeated in the file as well as a punch already stored.
SQLite: ``executemany`` of ``INSERT OR IGNORE`` against the same index. Either way the database counts the
rows it inserted; every other valid row is a duplicate. Call inside the service's transaction.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, datetime, timedelta
from typing import Any

from django.db import connection
from django.db.models import Min

from . import machine_import_rules as rules
from .models import AttendanceEvent

TABLE = AttendanceEvent._meta.db_table
SOURCE = AttendanceEvent.Source.MACHINE.value
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
    "machine_import_id",
    "machine_device",
    "created_at",
)
COLUMN_LIST = ", ".join(f'"{name}"' for name in COLUMNS)
BATCH = 20_000
STAGE = "attendance_machine_stage"
STAGE_DEVICES = "attendance_machine_stage_devices"


def stored_first(parsed: rules.Parsed, *, agency_id: int) -> dict[int, int]:
    """The earliest stored event (any source) of each (employee, local day) of the agency's employees in
    the file's date range, as day key → UTC microseconds."""
    if not parsed.valid:
        return {}
    first, last = date.fromordinal(min(parsed.day)), date.fromordinal(max(parsed.day))
    rows = (
        AttendanceEvent.objects.filter(employee__agency_id=agency_id, local_date__gte=first, local_date__lte=last)
        .values_list("employee_id", "local_date")
        .annotate(first=Min("occurred_at"))
        .order_by()
    )
    epoch = rules.EPOCH.replace(tzinfo=rules.UTC)
    return {
        rules.day_key(employee, day.toordinal()): (moment - epoch) // rules.ONE_US for employee, day, moment in rows
    }


def insert_events(
    parsed: rules.Parsed, kinds: bytearray, *, government_id: int, agency_id: int, import_id: int, now: datetime
) -> int:
    """Insert the valid rows (ignoring duplicates); the number inserted."""
    if not parsed.valid:
        return 0
    if connection.vendor == "postgresql":
        return _insert_postgresql(parsed, kinds, (government_id, agency_id, import_id, now))
    return _insert_sqlite(parsed, kinds, (government_id, agency_id, import_id, now))


def _insert_postgresql(parsed: rules.Parsed, kinds: bytearray, fixed: tuple[int, int, int, datetime]) -> int:
    government_id, agency_id, import_id, now = fixed
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE {STAGE} (employee_id bigint, micros bigint, day integer, kind varchar(3),"
            " device integer) ON COMMIT DROP"
        )
        cursor.execute(f"CREATE TEMPORARY TABLE {STAGE_DEVICES} (id integer, name varchar(100)) ON COMMIT DROP")
        with cursor.cursor.copy(f"COPY {STAGE_DEVICES} (id, name) FROM STDIN") as copy:
            for index, name in enumerate(parsed.devices):
                copy.write_row((index, name))
        with cursor.cursor.copy(f"COPY {STAGE} (employee_id, micros, day, kind, device) FROM STDIN") as copy:
            for row in _stage_rows(parsed, kinds):
                copy.write_row(row)
        cursor.execute(
            f"INSERT INTO {TABLE} ({COLUMN_LIST})"  # noqa: S608 (table and column names are ours)
            f" SELECT %s, %s, s.employee_id, s.kind, TIMESTAMPTZ '1970-01-01 00:00:00+00'"
            f" + s.micros * INTERVAL '1 microsecond', DATE '0001-01-01' + (s.day - 1), %s, '', '', '', %s, d.name, %s"
            f" FROM {STAGE} s JOIN {STAGE_DEVICES} d ON d.id = s.device"
            f" ON CONFLICT (employee_id, occurred_at) WHERE source = '{SOURCE}' DO NOTHING",
            [government_id, agency_id, SOURCE, import_id, now],
        )
        inserted = cursor.rowcount
        cursor.execute(f"DROP TABLE {STAGE}, {STAGE_DEVICES}")
    return inserted


def _stage_rows(parsed: rules.Parsed, kinds: bytearray) -> Iterator[tuple[int, int, int, str, int]]:
    names = {ord("i"): rules.IN, ord("o"): rules.OUT}
    return zip(parsed.employee, parsed.micros, parsed.day, (names[k] for k in kinds), parsed.device, strict=True)


def _insert_sqlite(parsed: rules.Parsed, kinds: bytearray, fixed: tuple[int, int, int, datetime]) -> int:
    government_id, agency_id, import_id, now = fixed
    placeholders = ", ".join(["%s"] * len(COLUMNS))
    sql = f"INSERT OR IGNORE INTO {TABLE} ({COLUMN_LIST}) VALUES ({placeholders})"  # noqa: S608
    common = (government_id, agency_id, _sqlite_time(now), import_id)
    inserted = 0
    with connection.cursor() as cursor:
        for batch in _sqlite_batches(parsed, kinds, common):
            cursor.executemany(sql, batch)
            inserted += max(cursor.rowcount, 0)
    return inserted


def _sqlite_time(moment: datetime) -> str:
    """A UTC datetime as Django stores it in SQLite (naive UTC, ``YYYY-MM-DD HH:MM:SS[.ffffff]``)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(rules.UTC).replace(tzinfo=None)
    return str(moment)


def _sqlite_batches(
    parsed: rules.Parsed, kinds: bytearray, common: tuple[int, int, str, int]
) -> Iterator[list[tuple[Any, ...]]]:
    government_id, agency_id, created, import_id = common
    names = {ord("i"): rules.IN, ord("o"): rules.OUT}
    days: Mapping[int, str] = {d: date.fromordinal(d).isoformat() for d in set(parsed.day)}
    epoch, devices, batch = rules.EPOCH, parsed.devices, []
    rows = zip(parsed.employee, parsed.micros, parsed.day, kinds, parsed.device, strict=True)
    for employee, micros, day, kind, device in rows:
        moment = str(epoch + timedelta(microseconds=micros))
        row = (government_id, agency_id, employee, names[kind], moment, days[day], SOURCE, "", "", "", import_id)
        batch.append((*row, devices[device], created))
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch
