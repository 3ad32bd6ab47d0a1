"""Pages around check-ins: devices (the employee's own and change requests to decide), work locations
and QR screens of an agency (its admin or head), and the QR screen itself (refreshed by HTMX)."""

from __future__ import annotations

import base64
import io
from typing import Any

import segno
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from terpadu.core.access import AUTHENTICATED, access, roles
from terpadu.core.errors import ApplicationError
from terpadu.core.forms import show_errors
from terpadu.core.roles import Role
from terpadu.directory.models import Agency

from . import checkin_devices, checkin_places
from .checkin_forms import DecisionForm, DeviceRequestForm, LocationEditForm, LocationForm, QrStationForm
from .checkin_places import LocationInput
from .models import WorkLocation
from .views_checkins import device_token_of, keep_device_token

MANAGERS = roles(Role.AGENCY_ADMIN, Role.AGENCY_HEAD, Role.PLATFORM_ADMIN)
DEVICES_PAGE = "attendance:checkin_devices"
LOCATIONS_PAGE = "attendance:checkin_locations"


# --- devices ---------------------------------------------------------------------------------------------


def _devices(request: HttpRequest, form: DeviceRequestForm | None = None) -> HttpResponse:
    token = device_token_of(request)
    mine = checkin_devices.devices_of_employee(user=request.user)
    this_hash = checkin_devices.device_hash(token)
    context = {
        "mine": [(d, d.key_hash == this_hash) for d in mine],
        "this_registered": any(d.key_hash == this_hash and d.status == "active" for d in mine),
        "this_pending": any(d.key_hash == this_hash and d.status == "pending" for d in mine),
        "has_active": any(d.status == "active" for d in mine),
        "form": form or DeviceRequestForm(initial={"device_token": token}),
        "to_decide": list(checkin_devices.devices_to_decide_for_user(user=request.user)),
        "decision_form": DecisionForm(),
    }
    response = render(request, "attendance/checkins/devices.html", context)
    return keep_device_token(response, token)


@access(AUTHENTICATED)
def device_page(request: HttpRequest) -> HttpResponse:
    return _devices(request)


@access(AUTHENTICATED)
@require_POST
def device_request(request: HttpRequest) -> HttpResponse:
    form = DeviceRequestForm(request.POST)
    token = request.POST.get("device_token") or device_token_of(request)
    if form.is_valid():
        try:
            device = checkin_devices.device_register(
                user=request.user,
                device_token=token,
                label=checkin_devices.device_label(request.META.get("HTTP_USER_AGENT", "")),
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as exc:
            show_errors(form, exc)
        else:
            done = "Perangkat ini terdaftar." if device.status == "active" else "Pengajuan terkirim ke atasan Anda."
            messages.success(request, done)
            return keep_device_token(redirect(DEVICES_PAGE), token)
    return _devices(request, form)


@access(AUTHENTICATED)
@require_POST
def device_decide(request: HttpRequest, device_id: int) -> HttpResponse:
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Pilih setujui atau tolak.")
        return redirect(DEVICES_PAGE)
    approve = form.cleaned_data["decision"] == "approve"
    try:
        device = checkin_devices.device_decide(
            user=request.user, device_id=device_id, approve=approve, note=form.cleaned_data["note"]
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect(DEVICES_PAGE)
    verb = "disetujui" if approve else "ditolak"
    messages.success(request, f"Perangkat {device.employee.full_name} {verb}.")
    return redirect(DEVICES_PAGE)


# --- work locations and QR screens -----------------------------------------------------------------------


def _location_input(form: LocationForm) -> LocationInput:
    data = form.cleaned_data
    return LocationInput(data["name"], data["latitude"], data["longitude"], data["radius_m"], data["address"])


def _locations(request: HttpRequest, form: LocationForm | None = None, status: int = 200) -> HttpResponse:
    agencies = checkin_places.manageable_agencies(user=request.user)
    ids = list(agencies.values_list("pk", flat=True))
    locations = checkin_places.work_locations_for_user(user=request.user).filter(agency_id__in=ids)
    stations = checkin_places.qr_stations_for_user(user=request.user).filter(agency_id__in=ids, is_active=True)
    context = {
        "locations": locations,
        "stations": stations,
        "form": form or LocationForm(agencies=agencies),
        "station_form": QrStationForm(),
    }
    return render(request, "attendance/checkins/locations.html", context, status=status)


@access(MANAGERS)
def location_page(request: HttpRequest) -> HttpResponse:
    return _locations(request)


@access(MANAGERS)
@require_POST
def location_create(request: HttpRequest) -> HttpResponse:
    form = LocationForm(request.POST, agencies=checkin_places.manageable_agencies(user=request.user))
    if form.is_valid():
        agency: Agency = form.cleaned_data["agency"]
        try:
            checkin_places.work_location_create(user=request.user, agency=agency, data=_location_input(form))
        except ApplicationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, f"Lokasi kerja {form.cleaned_data['name']} disimpan.")
            return redirect(LOCATIONS_PAGE)
    return _locations(request, form, status=422)


def _edit(request: HttpRequest, location: WorkLocation, form: LocationEditForm, status: int = 200) -> HttpResponse:
    return render(
        request, "attendance/checkins/location_edit.html", {"location": location, "form": form}, status=status
    )


@access(MANAGERS)
def location_edit(request: HttpRequest, location_id: int) -> HttpResponse:
    location = checkin_places.managed_location(user=request.user, pk=location_id)
    initial = {f: getattr(location, f) for f in ("name", "address", "latitude", "longitude", "radius_m")}
    if request.method != "POST":
        return _edit(request, location, LocationEditForm(initial=initial, agencies=Agency.objects.none()))
    form = LocationEditForm(request.POST, agencies=Agency.objects.none())
    if form.is_valid():
        try:
            checkin_places.work_location_update(user=request.user, location=location, data=_location_input(form))
        except ApplicationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, f"Lokasi kerja {form.cleaned_data['name']} diperbarui.")
            return redirect(LOCATIONS_PAGE)
    return _edit(request, location, form, status=422)


@access(MANAGERS)
@require_POST
def location_deactivate(request: HttpRequest, location_id: int) -> HttpResponse:
    location = checkin_places.managed_location(user=request.user, pk=location_id)
    checkin_places.work_location_deactivate(user=request.user, location=location)
    messages.success(request, f"Lokasi kerja {location.name} dinonaktifkan; presensi di sana tidak diterima lagi.")
    return redirect(LOCATIONS_PAGE)


@access(MANAGERS)
@require_POST
def station_create(request: HttpRequest, location_id: int) -> HttpResponse:
    location = checkin_places.managed_location(user=request.user, pk=location_id)
    form = QrStationForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Nama layar wajib diisi.")
        return redirect(LOCATIONS_PAGE)
    try:
        station = checkin_places.qr_station_create(user=request.user, location=location, name=form.cleaned_data["name"])
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect(LOCATIONS_PAGE)
    messages.success(request, f"Layar QR {station.name} dibuat. Buka layarnya di komputer kantor.")
    return redirect("attendance:checkin_station", station.pk)


@access(MANAGERS)
@require_POST
def station_deactivate(request: HttpRequest, station_id: int) -> HttpResponse:
    station = checkin_places.managed_station(user=request.user, pk=station_id)
    checkin_places.qr_station_deactivate(user=request.user, station=station)
    messages.success(request, f"Layar QR {station.name} dinonaktifkan.")
    return redirect(LOCATIONS_PAGE)


def qr_svg_data_uri(text: str) -> str:
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="svg", scale=8, border=2, xmldecl=False, title="Kode QR presensi")
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def _code_context(request: HttpRequest, station_id: int) -> dict[str, Any]:
    station = checkin_places.managed_station(user=request.user, pk=station_id)
    code = checkin_places.qr_station_current(station=station)
    url = request.build_absolute_uri(reverse("attendance:checkin_scan", args=[station.pk, code.token]))
    return {"station": station, "code": code, "qr": qr_svg_data_uri(url), "url": url}


@access(MANAGERS)
def station_screen(request: HttpRequest, station_id: int) -> HttpResponse:
    """The office screen: a big QR code that changes every 30 seconds."""
    return render(request, "attendance/checkins/station.html", _code_context(request, station_id))


@access(MANAGERS)
def station_code(request: HttpRequest, station_id: int) -> HttpResponse:
    """The QR code alone (HTMX swaps it in when the 30-second window turns)."""
    return render(request, "attendance/checkins/partials/_qr_code.html", _code_context(request, station_id))
