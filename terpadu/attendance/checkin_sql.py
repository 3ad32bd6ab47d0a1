"""The check-in hot path in plain SQL: the morning rush posts thousands of check-ins a minute, and building
five ORM queries costs ten times the database work they ask for (bench: attendance_rush). Three statements,
on the models' own tables and columns: the employee row locked (with the agency's work locations), then the
earlier events and the devices (read after the lock), then the insert; everything else stays in the ORM.

Works on PostgreSQL (statements prepared once per connection: terpadu.core.db.hot_cursor) and SQLite (no row
lock there: SQLite serialises writers anyway).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from terpadu.core.db import hot_cursor
from terpadu.directory.models import Employee, Government

from .models import AttendanceEvent, Device, WorkLocation

EVENT = AttendanceEvent._meta.db_table
DEVICE = Device._meta.db_table
LOCATION = WorkLocation._meta.db_table
EMPLOYEE = Employee._meta.db_table
GOVERNMENT = Government._meta.db_table
#: the columns an attendance event is inserted with (id and the machine-import ones left to their defaults)
EVENT_COLUMNS = (
    "government_id",
    "agency_id",
    "employee_id",
    "kind",
    "occurred_at",
    "local_date",
    "source",
    "latitude",
    "longitude",
    "accuracy_m",
    "location_id",
    "distance_m",
    "flexible",
    "qr_station_id",
    "device_id",
    "ip",
    "user_agent",
    "client_ref",
    "machine_device",
    "created_at",
)


def _rows(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with hot_cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _aware(value: Any) -> datetime:
    """A timestamp as the driver gives it (SQLite: text) → an aware datetime in UTC."""
    moment = value if isinstance(value, datetime) else parse_datetime(str(value))
    assert moment is not None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment, UTC)


def employee_locked(
    *, employee_id: int, government_id: int
) -> tuple[bool, int | None, str, list[tuple[int, float, float, int, str]]] | None:
    """(is_active, agency_id, the government's time zone, the agency's active work locations) of the employee,
    their row locked until commit. The work locations — (id, latitude, longitude, radius_m, name), by id —
    come in the same statement (one row per location): they do not depend on the lock."""
    lock = " FOR UPDATE OF e" if connection.features.has_select_for_update_of else ""
    rows = _rows(
        "SELECT e.is_active, e.agency_id, g.timezone, w.id, w.latitude, w.longitude, w.radius_m, w.name"  # noqa: S608
        f' FROM "{EMPLOYEE}" e INNER JOIN "{GOVERNMENT}" g ON g.id = e.government_id'
        f' LEFT OUTER JOIN "{LOCATION}" w ON w.agency_id = e.agency_id AND w.is_active = %s'
        f" WHERE e.id = %s AND e.government_id = %s ORDER BY w.id{lock}",
        [True, employee_id, government_id],
    )
    if not rows:
        return None
    fences = [
        (pk, float(lat), float(lon), int(radius), name) for *_, pk, lat, lon, radius, name in rows if pk is not None
    ]
    return bool(rows[0][0]), rows[0][1], rows[0][2], fences


def earlier_events_and_devices(
    *, employee_id: int, client_ref: str, kind: str, since: datetime
) -> tuple[list[tuple[int, str, datetime, str]], list[tuple[int, str, str]]]:
    """In one statement, read after the employee's row is locked (so it sees what a concurrent submission of
    theirs committed): (id, kind, occurred_at, client_ref) of the events a submission may repeat, oldest first
    (at most 5), and (id, status, key_hash) of the employee's active and pending devices."""
    window = "(kind = %s AND occurred_at > %s AND source IN (%s, %s))"
    params: list[Any] = [kind, connection.ops.adapt_datetimefield_value(since), "gps", "qr"]
    where = window
    if client_ref:
        where, params = f"(client_ref = %s OR {window})", [client_ref, *params]
    rows = _rows(
        "SELECT 'event', id, kind, client_ref, occurred_at FROM (SELECT id, kind, client_ref, occurred_at"  # noqa: S608
        f' FROM "{EVENT}" WHERE employee_id = %s AND {where} ORDER BY occurred_at, id LIMIT 5) earlier'
        f" UNION ALL SELECT 'device', id, status, key_hash, NULL FROM \"{DEVICE}\""
        " WHERE employee_id = %s AND status IN (%s, %s)",
        [employee_id, *params, employee_id, Device.Status.ACTIVE, Device.Status.PENDING],
    )
    events = sorted(((pk, k, _aware(at), ref) for what, pk, k, ref, at in rows if what == "event"), key=_by_time)
    devices = [(pk, status, key_hash) for what, pk, status, key_hash, _ in rows if what == "device"]
    return events, devices


def _by_time(event: tuple[int, str, datetime, str]) -> tuple[datetime, int]:
    return event[2], event[0]


def _adapted(ops: Any, name: str, value: Any) -> Any:
    if isinstance(value, datetime):
        return ops.adapt_datetimefield_value(value)
    if isinstance(value, date):
        return ops.adapt_datefield_value(value)
    if isinstance(value, Decimal):
        return ops.adapt_decimalfield_value(value, 9, 6)
    if name == "ip" and value is not None:
        return ops.adapt_ipaddressfield_value(value)
    return value


def event_insert(values: dict[str, Any]) -> int:
    """Insert one attendance event (``values`` by column, all of EVENT_COLUMNS); its id."""
    columns = ", ".join(f'"{name}"' for name in EVENT_COLUMNS)
    placeholders = ", ".join(["%s"] * len(EVENT_COLUMNS))
    ops = connection.ops  # once: each attribute of the connection proxy is a thread-local look-up
    params = [_adapted(ops, name, values[name]) for name in EVENT_COLUMNS]
    with hot_cursor() as cursor:
        cursor.execute(
            f'INSERT INTO "{EVENT}" ({columns}) VALUES ({placeholders}) RETURNING id',  # noqa: S608
            params,
        )
        return int(cursor.fetchone()[0])
