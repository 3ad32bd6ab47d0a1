"""E-Absen API: check-ins, devices and work locations (mounted under /api/v1/attendance by api.py).

``POST /check-ins`` records the caller's own check-in or check-out: 201 with the new event, 200 with the
earlier one when the submission repeats it (same ``client_ref``, or the same kind within 2 minutes);
a refusal is 422 ``{"code": "check_in_refused" | "outside_fence" | "device_not_registered" | …}``.
"""

import datetime as dt
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from terpadu.core.access import AUTHENTICATED, api_access
from terpadu.core.apischema import ERRORS
from terpadu.core.formatting import ZONE_ABBREVIATIONS

from . import checkin_devices, checkin_places, checkins
from .checkin_places import LocationInput
from .models import AttendanceEvent, Device, WorkLocation

router = Router(tags=["absensi"])


class CheckInIn(Schema):
    kind: str = Field(..., description="in (masuk) atau out (pulang)")
    latitude: float | None = Field(None, description="lintang, derajat desimal (WGS 84)")
    longitude: float | None = Field(None, description="bujur, derajat desimal (WGS 84)")
    accuracy: float | None = Field(None, description="akurasi posisi dari perangkat, meter")
    client_ref: str = Field("", max_length=64, description="kunci idempotensi dari klien (mis. UUID)")
    device_token: str | None = Field(None, description="token perangkat dari POST /attendance/devices")
    qr_token: str | None = Field(None, description="token dari kode QR layar kantor (pengganti posisi)")
    qr_station_id: int | None = Field(None, description="id layar QR yang dipindai")


class EventOut(Schema):
    id: int
    kind: str
    source: str
    occurred_at: datetime = Field(..., description="waktu server, UTC")
    local_time: str = Field(..., description="waktu setempat pemda, mis. 2026-05-04T07:21:09+08:00")
    time_zone: str = Field(..., description="WIB, WITA atau WIT")
    local_date: date
    location_id: int | None
    location: str | None
    distance_m: int | None
    flexible: str = Field(..., description="'' di lokasi kerja; wfh, wfa atau duty")
    latitude: float | None
    longitude: float | None
    accuracy_m: float | None
    client_ref: str
    repeated: bool = Field(False, description="true: pengiriman ulang, ini catatan yang sudah ada")


class DayIn(Schema):
    date: dt.date | None = None


class DeviceIn(Schema):
    device_token: str | None = Field(None, description="kosong: server membuat token baru dan mengirimkannya sekali")
    label: str = ""
    reason: str = Field("", description="wajib bila sudah ada perangkat terdaftar (pengajuan penggantian)")


class DeviceOut(Schema):
    id: int
    employee_id: int
    employee_name: str
    label: str
    status: str
    reason: str
    requested_at: datetime
    decided_at: datetime | None
    decision_note: str


class DeviceRegisteredOut(DeviceOut):
    device_token: str | None = Field(None, description="hanya bila dibuat server: simpan, tidak ditampilkan lagi")


class DecisionIn(Schema):
    note: str = ""


class LocationIn(Schema):
    agency_id: int
    name: str
    address: str = ""
    latitude: float
    longitude: float
    radius_m: int = 100


class LocationUpdateIn(Schema):
    name: str
    address: str = ""
    latitude: float
    longitude: float
    radius_m: int = 100


class LocationOut(Schema):
    id: int
    agency_id: int
    name: str
    address: str
    latitude: float
    longitude: float
    radius_m: int
    is_active: bool


def event_out(
    event: AttendanceEvent, *, repeated: bool = False, zone: str | None = None, place: str | None = None
) -> dict[str, Any]:
    """The event as the API gives it; ``zone``/``place`` spare the look-ups when the caller knows them."""
    zone = zone or event.government.timezone
    if place is None and event.location_id:
        place = event.location.name if event.location else None
    local = event.occurred_at.astimezone(ZoneInfo(zone))
    return {
        "id": event.pk,
        "kind": event.kind,
        "source": event.source,
        "occurred_at": event.occurred_at,
        "local_time": local.isoformat(timespec="seconds"),
        "time_zone": ZONE_ABBREVIATIONS.get(zone, zone),
        "local_date": event.local_date,
        "location_id": event.location_id,
        "location": place,
        "distance_m": event.distance_m,
        "flexible": event.flexible,
        "latitude": float(event.latitude) if event.latitude is not None else None,
        "longitude": float(event.longitude) if event.longitude is not None else None,
        "accuracy_m": event.accuracy_m,
        "client_ref": event.client_ref,
        "repeated": repeated,
    }


def _device_out(device: Device, token: str | None = None) -> dict[str, Any]:
    return {
        "id": device.pk,
        "employee_id": device.employee_id,
        "employee_name": device.employee.full_name,
        "label": device.label,
        "status": device.status,
        "reason": device.reason,
        "requested_at": device.requested_at,
        "decided_at": device.decided_at,
        "decision_note": device.decision_note,
        "device_token": token,
    }


def _location_out(location: WorkLocation) -> dict[str, Any]:
    return {
        "id": location.pk,
        "agency_id": location.agency_id,
        "name": location.name,
        "address": location.address,
        "latitude": float(location.latitude),
        "longitude": float(location.longitude),
        "radius_m": location.radius_m,
        "is_active": location.is_active,
    }


@router.post("/check-ins", response={200: EventOut, 201: EventOut, **ERRORS})
@api_access(AUTHENTICATED)
def check_in(request: HttpRequest, payload: CheckInIn) -> Any:
    outcome = checkins.check_in_submit(
        user=request.user,
        kind=payload.kind,
        latitude=payload.latitude,
        longitude=payload.longitude,
        accuracy_m=payload.accuracy,
        client_ref=payload.client_ref,
        device_token=payload.device_token,
        ip=request.META.get("REMOTE_ADDR"),
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
        qr_token=payload.qr_token,
        qr_station_id=payload.qr_station_id,
    )
    out = event_out(outcome.event, repeated=outcome.repeated, zone=outcome.zone, place=outcome.place_name)
    return Status(200 if outcome.repeated else 201, out)


@router.get("/check-ins", response={200: list[EventOut], **ERRORS})
@api_access(AUTHENTICATED)
def check_in_list(request: HttpRequest, params: Query[DayIn]) -> Any:
    today, _ = checkins.local_today(request.user)
    return [event_out(e) for e in checkins.own_events(user=request.user, day=params.date or today)]


@router.post("/devices", response={200: DeviceRegisteredOut, **ERRORS})
@api_access(AUTHENTICATED)
def device_register(request: HttpRequest, payload: DeviceIn) -> Any:
    token = payload.device_token
    generated = None if token else checkin_devices.device_token_new()
    label = payload.label or checkin_devices.device_label(request.META.get("HTTP_USER_AGENT", ""))
    device = checkin_devices.device_register(
        user=request.user, device_token=token or generated or "", label=label, reason=payload.reason
    )
    return _device_out(device, generated)


@router.get("/devices/mine", response={200: list[DeviceOut], **ERRORS})
@api_access(AUTHENTICATED)
def device_mine(request: HttpRequest) -> Any:
    return [_device_out(d) for d in checkin_devices.devices_of_employee(user=request.user)]


@router.get("/devices/pending", response={200: list[DeviceOut], **ERRORS})
@api_access(AUTHENTICATED)
def device_pending(request: HttpRequest) -> Any:
    return [_device_out(d) for d in checkin_devices.devices_to_decide_for_user(user=request.user)]


@router.post("/devices/{device_id}/approve", response={200: DeviceOut, **ERRORS})
@api_access(AUTHENTICATED)
def device_approve(request: HttpRequest, device_id: int, payload: DecisionIn) -> Any:
    device = checkin_devices.device_decide(user=request.user, device_id=device_id, approve=True, note=payload.note)
    return _device_out(device)


@router.post("/devices/{device_id}/reject", response={200: DeviceOut, **ERRORS})
@api_access(AUTHENTICATED)
def device_reject(request: HttpRequest, device_id: int, payload: DecisionIn) -> Any:
    device = checkin_devices.device_decide(user=request.user, device_id=device_id, approve=False, note=payload.note)
    return _device_out(device)


@router.get("/work-locations", response={200: list[LocationOut], **ERRORS})
@api_access(AUTHENTICATED)
def location_list(request: HttpRequest, agency_id: int | None = None) -> Any:
    return [
        _location_out(loc) for loc in checkin_places.work_locations_for_user(user=request.user, agency_id=agency_id)
    ]


@router.post("/work-locations", response={201: LocationOut, **ERRORS})
@api_access(AUTHENTICATED)
def location_create(request: HttpRequest, payload: LocationIn) -> Any:
    agency = checkin_places.managed_agency(user=request.user, pk=payload.agency_id)
    data = LocationInput(payload.name, payload.latitude, payload.longitude, payload.radius_m, payload.address)
    location = checkin_places.work_location_create(user=request.user, agency=agency, data=data)
    return Status(201, _location_out(location))


@router.patch("/work-locations/{location_id}", response={200: LocationOut, **ERRORS})
@api_access(AUTHENTICATED)
def location_update(request: HttpRequest, location_id: int, payload: LocationUpdateIn) -> Any:
    location = checkin_places.managed_location(user=request.user, pk=location_id)
    data = LocationInput(payload.name, payload.latitude, payload.longitude, payload.radius_m, payload.address)
    return _location_out(checkin_places.work_location_update(user=request.user, location=location, data=data))


@router.post("/work-locations/{location_id}/deactivate", response={200: LocationOut, **ERRORS})
@api_access(AUTHENTICATED)
def location_deactivate(request: HttpRequest, location_id: int) -> Any:
    location = checkin_places.managed_location(user=request.user, pk=location_id)
    return _location_out(checkin_places.work_location_deactivate(user=request.user, location=location))
