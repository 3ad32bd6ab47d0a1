"""The phone-first presensi pages: /absensi/ (Masuk/Pulang with the position read by checkin.js), the
plain form post behind both buttons, and the landing page of an office screen's QR code.

Without JavaScript the form still posts (the position fields stay empty and the refusal says why). The
device token lives in a cookie and in localStorage (checkin.js puts it back in the form when the cookie
was lost), and is set again on every post.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from terpadu.core.access import AUTHENTICATED, access
from terpadu.core.errors import ApplicationError
from terpadu.core.formatting import ZONE_ABBREVIATIONS, waktu

from . import checkin_devices, checkin_places, checkin_rules, checkins
from .checkin_forms import CheckInForm, fresh_client_ref
from .models import AttendanceEvent

COOKIE_AGE = 5 * 365 * 24 * 3600
CHECKIN_PAGE = "attendance:checkin"


def device_token_of(request: HttpRequest) -> str:
    """The browser's device token (cookie), or a fresh one for a browser without it."""
    token = request.COOKIES.get(checkin_devices.DEVICE_COOKIE, "")
    return token if checkin_devices.token_problem(token) is None else checkin_devices.device_token_new()


def keep_device_token(response: HttpResponse, token: str) -> HttpResponse:
    if checkin_devices.token_problem(token) is None:
        response.set_cookie(
            checkin_devices.DEVICE_COOKIE,
            token,
            max_age=COOKIE_AGE,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
    return response


def event_rows(events: list[AttendanceEvent], zone: str) -> list[dict[str, Any]]:
    """Today's events as the page lists them: kind, local time with the zone, place, distance."""
    label = ZONE_ABBREVIATIONS.get(zone, zone)
    return [
        {
            "kind": e.get_kind_display(),
            "time": f"{e.occurred_at.astimezone(ZoneInfo(zone)):%H.%M.%S} {label}",
            "place": e.get_flexible_display() if e.flexible else (e.location.name if e.location else "—"),
            "distance": checkin_rules.metres_text(e.distance_m) if e.distance_m is not None else "—",
            "source": e.get_source_display(),
        }
        for e in events
    ]


def _context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    today, zone = checkins.local_today(request.user)
    events = list(checkins.own_events(user=request.user, day=today))
    token = extra.pop("device_token", None) or device_token_of(request)
    return {
        "today": today,
        "zone": zone,
        "zone_label": ZONE_ABBREVIATIONS.get(zone, zone),
        "now": timezone.now(),
        "events": event_rows(events, zone),
        "form_fields": {"client_ref": fresh_client_ref(), "device_token": token},
        "max_accuracy": int(checkins.max_accuracy_m()),
        **extra,
    }


@access(AUTHENTICATED)
def checkin_page(request: HttpRequest) -> HttpResponse:
    context = _context(request)
    response = render(request, "attendance/checkins/checkin.html", context)
    return keep_device_token(response, context["form_fields"]["device_token"])


def outcome_message(outcome: checkins.CheckInOutcome) -> str:
    event = outcome.event
    when = waktu(event.occurred_at, outcome.zone)
    where = _place_text(event, outcome.location_name)
    if outcome.repeated:
        return f"Presensi {event.get_kind_display().lower()} ini sudah tercatat pada {when}{where}."
    return f"Presensi {event.get_kind_display().lower()} tercatat pada {when}{where}."


def _place_text(event: AttendanceEvent, location_name: str | None) -> str:
    if event.flexible:
        return f" ({event.get_flexible_display()})"
    if location_name and event.distance_m is not None:
        return f" di {location_name} (jarak {checkin_rules.metres_text(event.distance_m)})"
    return f" di {location_name}" if location_name else ""


@access(AUTHENTICATED)
@require_POST
def checkin_submit(request: HttpRequest) -> HttpResponse:
    form = CheckInForm(request.POST)
    back = _back(request)
    if not form.is_valid():
        messages.error(request, "Pilih Masuk atau Pulang, lalu coba lagi.")
        return redirect(back)
    data = form.cleaned_data
    token = data["device_token"] or request.COOKIES.get(checkin_devices.DEVICE_COOKIE, "")
    try:
        outcome = checkins.check_in_submit(
            user=request.user,
            kind=data["kind"],
            latitude=data["latitude"],
            longitude=data["longitude"],
            accuracy_m=data["accuracy"],
            client_ref=data["client_ref"],
            device_token=token,
            ip=request.META.get("REMOTE_ADDR"),
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
            qr_token=data["qr_token"] or None,
            qr_station_id=data["qr_station_id"],
        )
    except ApplicationError as exc:
        messages.error(request, f"Presensi ditolak: {exc.message}")
        return keep_device_token(redirect(back), token)
    (messages.info if outcome.repeated else messages.success)(request, outcome_message(outcome))
    return keep_device_token(redirect(CHECKIN_PAGE), token)


def _back(request: HttpRequest) -> str:
    """Back to the QR landing page when the post came from it (to scan again), else the presensi page."""
    station = request.POST.get("qr_station_id", "")
    token = request.POST.get("qr_token", "")
    if station.isdigit() and token.isalnum():
        return reverse("attendance:checkin_scan", args=[int(station), token])
    return reverse(CHECKIN_PAGE)


@access(AUTHENTICATED)
def checkin_scan(request: HttpRequest, station_id: int, token: str) -> HttpResponse:
    """Where the phone lands after scanning an office screen: Masuk/Pulang for that place (no GPS needed)."""
    station = checkin_places.qr_stations_for_user(user=request.user).filter(pk=station_id, is_active=True).first()
    valid = station is not None and checkin_rules.qr_token_valid(station.secret, token, timezone.now().timestamp())
    context = _context(request, station=station, qr_token=token, qr_valid=valid)
    response = render(request, "attendance/checkins/scan.html", context, status=200 if station else 404)
    return keep_device_token(response, context["form_fields"]["device_token"])
