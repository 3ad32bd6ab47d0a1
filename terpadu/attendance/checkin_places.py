"""Work locations (geofences) and QR screens of an agency: created and changed by the agency's admin or
head (``policies.can_manage_agency``), each change audited. Reads scoped to the user."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from terpadu.core.audit import audit_record, changed_fields, snapshot
from terpadu.core.errors import NotFound, ValidationFailed
from terpadu.core.roles import actor_of
from terpadu.core.scoping import scoped
from terpadu.directory.models import Agency

from . import checkin_rules, policies
from .models import QrStation, WorkLocation

RADIUS_MIN, RADIUS_MAX = 10, 5000
SIX_PLACES = Decimal("0.000001")
LOCATION_FIELDS = ["name", "address", "latitude", "longitude", "radius_m", "is_active"]


@dataclass(frozen=True)
class LocationInput:
    name: str
    latitude: Any
    longitude: Any
    radius_m: Any = 100
    address: str = ""


def _degrees(value: Any, low: int, high: int, field: str, label: str, problems: dict[str, str]) -> Decimal | None:
    try:
        number = Decimal(str(value).strip().replace(",", ".")).quantize(SIX_PLACES, rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        problems[field] = f"{label} harus berupa angka desimal (mis. -10.1772)."
        return None
    if not number.is_finite() or not low <= number <= high:
        problems[field] = f"{label} harus di antara {low} dan {high}."
        return None
    return number


def _radius(value: Any, problems: dict[str, str]) -> int | None:
    try:
        radius = int(str(value).strip())
    except (TypeError, ValueError):
        radius = -1
    if not RADIUS_MIN <= radius <= RADIUS_MAX:
        problems["radius_m"] = f"Radius {RADIUS_MIN}–{RADIUS_MAX} meter."
        return None
    return radius


def _cleaned(data: LocationInput) -> dict[str, Any]:
    problems: dict[str, str] = {}
    name = data.name.strip()
    if not name:
        problems["name"] = "Nama lokasi wajib diisi."
    values = {
        "name": name[:200],
        "address": data.address.strip()[:300],
        "latitude": _degrees(data.latitude, -90, 90, "latitude", "Lintang", problems),
        "longitude": _degrees(data.longitude, -180, 180, "longitude", "Bujur", problems),
        "radius_m": _radius(data.radius_m, problems),
    }
    if problems:
        raise ValidationFailed(f"Lokasi kerja belum benar: {next(iter(problems.values()))}", fields=problems)
    return values


def _ensure_manager(user: Any, agency_id: int | None) -> None:
    policies.ensure(
        policies.can_manage_agency(actor_of(user), agency_id), "Hanya admin atau kepala OPD yang mengatur lokasi kerja."
    )


def _audit(user: Any, action: str, row: WorkLocation | QrStation, before: dict[str, Any] | None = None) -> None:
    fields = LOCATION_FIELDS if isinstance(row, WorkLocation) else ["name", "location_id", "is_active"]
    after = snapshot(row, fields)
    if before is not None:
        before, after = changed_fields(before, after)
    audit_record(
        actor=user,
        action=action,
        target=row,
        government_id=row.government_id,
        agency_id=row.agency_id,
        before=before,
        after=after,
    )


@transaction.atomic
def work_location_create(*, user: Any, agency: Agency, data: LocationInput) -> WorkLocation:
    _ensure_manager(user, agency.pk)
    location = WorkLocation.objects.create(government_id=agency.government_id, agency=agency, **_cleaned(data))
    _audit(user, "attendance.work_location.create", location)
    return location


@transaction.atomic
def work_location_update(*, user: Any, location: WorkLocation, data: LocationInput) -> WorkLocation:
    _ensure_manager(user, location.agency_id)
    location = WorkLocation.objects.select_for_update().get(pk=location.pk)
    before = snapshot(location, LOCATION_FIELDS)
    for name, value in _cleaned(data).items():
        setattr(location, name, value)
    location.save()
    _audit(user, "attendance.work_location.update", location, before)
    return location


@transaction.atomic
def work_location_deactivate(*, user: Any, location: WorkLocation) -> WorkLocation:
    """Stop accepting check-ins at a location (kept: past events point to it). Its QR screens stop too."""
    _ensure_manager(user, location.agency_id)
    location = WorkLocation.objects.select_for_update().get(pk=location.pk)
    if location.is_active:
        before = snapshot(location, LOCATION_FIELDS)
        location.is_active = False
        location.save(update_fields=["is_active"])
        _audit(user, "attendance.work_location.deactivate", location, before)
        for station in QrStation.objects.filter(location=location, is_active=True):
            station.is_active = False
            station.save(update_fields=["is_active"])
            _audit(user, "attendance.qr_station.deactivate", station, {"is_active": True})
    return location


@transaction.atomic
def qr_station_create(*, user: Any, location: WorkLocation, name: str) -> QrStation:
    """A screen at ``location`` showing the rotating QR code (its secret never leaves the server)."""
    _ensure_manager(user, location.agency_id)
    name = name.strip()
    if not name:
        raise ValidationFailed("Nama layar wajib diisi.", fields={"name": "Wajib diisi."})
    if not location.is_active:
        raise ValidationFailed("Lokasi kerja ini tidak aktif.", fields={"location": "Lokasi tidak aktif."})
    station = QrStation.objects.create(
        government_id=location.government_id,
        agency_id=location.agency_id,
        location=location,
        name=name[:200],
        secret=secrets.token_hex(32),
    )
    _audit(user, "attendance.qr_station.create", station)
    return station


@transaction.atomic
def qr_station_deactivate(*, user: Any, station: QrStation) -> QrStation:
    _ensure_manager(user, station.agency_id)
    station = QrStation.objects.select_for_update().get(pk=station.pk)
    if station.is_active:
        station.is_active = False
        station.save(update_fields=["is_active"])
        _audit(user, "attendance.qr_station.deactivate", station, {"is_active": True})
    return station


@dataclass(frozen=True)
class QrCode:
    station_id: int
    token: str
    seconds_left: int


def qr_station_current(*, station: QrStation, now: float | None = None) -> QrCode:
    """The token the screen shows now (the caller has checked the user may show it)."""
    moment = time.time() if now is None else now
    token = checkin_rules.qr_token(station.secret, checkin_rules.qr_window(moment))
    return QrCode(station.pk, token, checkin_rules.qr_seconds_left(moment))


# --- reads ------------------------------------------------------------------------------------------------


def work_locations_for_user(*, user: Any, agency_id: int | None = None) -> QuerySet[WorkLocation]:
    rows = scoped(WorkLocation.objects.select_related("agency"), user)
    return rows.filter(agency_id=agency_id) if agency_id else rows


def managed_location(*, user: Any, pk: Any) -> WorkLocation:
    """A location the user may change: 404 when they may not even read it, 403 when they only read it."""
    location = work_locations_for_user(user=user).filter(pk=pk).first() if str(pk).isdigit() else None
    if location is None:
        raise NotFound("Lokasi kerja tidak ditemukan.")
    _ensure_manager(user, location.agency_id)
    return location


def qr_stations_for_user(*, user: Any) -> QuerySet[QrStation]:
    return scoped(QrStation.objects.select_related("location", "agency"), user)


def managed_station(*, user: Any, pk: Any) -> QrStation:
    station = qr_stations_for_user(user=user).filter(pk=pk).first() if str(pk).isdigit() else None
    if station is None:
        raise NotFound("Layar QR tidak ditemukan.")
    _ensure_manager(user, station.agency_id)
    return station


def managed_agency(*, user: Any, pk: int) -> Agency:
    """An agency the user manages: 404 outside their government, 403 for one they do not manage."""
    actor = actor_of(user)
    government_id = actor.government_id if actor else None
    agency = Agency.objects.filter(pk=pk, government_id=government_id or 0).first()
    if agency is None:
        raise NotFound("OPD tidak ditemukan.")
    _ensure_manager(user, agency.pk)
    return agency


def manageable_agencies(*, user: Any) -> QuerySet[Agency]:
    actor = actor_of(user)
    if actor is None or actor.government_id is None:
        return Agency.objects.none()
    agencies = Agency.objects.filter(government_id=actor.government_id).order_by("code")
    if policies.can_manage_agency(actor, None):
        return agencies
    return agencies.filter(pk__in=[a for a in actor.agency_ids if policies.can_manage_agency(actor, a)])
