"""The check-in hot path in plain SQL: the morning rush posts thousands of check-ins a minute, and building
five ORM queries costs ten times the database work they ask for (bench: attendance_rush). Each statement is
the one the ORM would write, on the models' own tables and columns; everything else stays in the ORM.

Works on PostgreSQL and SQLite (no row lock there: SQLite serialises writers anyway).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime

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
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _aware(value: Any) -> datetime:
    """A timestamp as the driver gives it (SQLite: text) → an aware datetime in UTC."""
    moment = value if isinstance(value, datetime) else parse_datetime(str(value))
    assert moment is not None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment, UTC)


def employee_locked(*, employee_id: int, government_id: int) -> tuple[bool, int | None, str] | None:
    """(is_active, agency_id, the government's time zone) of the employee, their row locked until commit."""
    lock = " FOR UPDATE OF e" if connection.features.has_select_for_update_of else ""
    rows = _rows(
        f'SELECT e.is_active, e.agency_id, g.timezone FROM "{EMPLOYEE}" e'  # noqa: S608 (table names from _meta)
        f' INNER JOIN "{GOVERNMENT}" g ON g.id = e.government_id WHERE e.id = %s AND e.government_id = %s{lock}',
        [employee_id, government_id],
    )
    return (bool(rows[0][0]), rows[0][1], rows[0][2]) if rows else None


def earlier_events(
    *, employee_id: int, client_ref: str, kind: str, since: datetime
) -> list[tuple[int, str, datetime, str]]:
    """(id, kind, occurred_at, client_ref) of the events a submission may repeat, oldest first (at most 5)."""
    window = "(kind = %s AND occurred_at > %s AND source IN (%s, %s))"
    params: list[Any] = [kind, connection.ops.adapt_datetimefield_value(since), "gps", "qr"]
    where = window
    if client_ref:
        where, params = f"(client_ref = %s OR {window})", [client_ref, *params]
    rows = _rows(
        f'SELECT id, kind, occurred_at, client_ref FROM "{EVENT}" WHERE employee_id = %s AND {where}'  # noqa: S608
        " ORDER BY occurred_at, id LIMIT 5",
        [employee_id, *params],
    )
    return [(pk, k, _aware(at), ref) for pk, k, at, ref in rows]


def devices_of(employee_id: int) -> list[tuple[int, str, str]]:
    """(id, status, key_hash) of the employee's active and pending devices."""
    return [
        (pk, status, key_hash)
        for pk, status, key_hash in _rows(
            f'SELECT id, status, key_hash FROM "{DEVICE}" WHERE employee_id = %s AND status IN (%s, %s)',  # noqa: S608
            [employee_id, Device.Status.ACTIVE, Device.Status.PENDING],
        )
    ]


def fences_of(agency_id: int) -> list[tuple[int, float, float, int, str]]:
    """(id, latitude, longitude, radius_m, name) of the agency's active work locations."""
    rows = _rows(
        f'SELECT id, latitude, longitude, radius_m, name FROM "{LOCATION}"'  # noqa: S608
        " WHERE agency_id = %s AND is_active = %s ORDER BY id",
        [agency_id, True],
    )
    return [(pk, float(lat), float(lon), int(radius), name) for pk, lat, lon, radius, name in rows]


def _adapted(name: str, value: Any) -> Any:
    ops = connection.ops
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
    params = [_adapted(name, values[name]) for name in EVENT_COLUMNS]
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO "{EVENT}" ({columns}) VALUES ({placeholders}) RETURNING id',  # noqa: S608
            params,
        )
        return int(cursor.fetchone()[0])
