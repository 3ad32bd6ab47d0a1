"""Check-in and check-out from a phone (position against the agency's geofences) or by scanning an office
screen's rotating QR code.

Server time only (``timezone.now()``); ``local_date`` is the government's local date. The event itself is
the append-only record (no audit row per check-in: the audit chain is one lock for the whole platform).
Cheap on purpose — the morning rush: three statements (checkin_sql), the employee row (locked, so one
employee's double taps line up) with the agency's fences, then the earlier events to repeat with the devices,
then the insert; the excuse only when outside.

Idempotent: the same ``client_ref`` is the same event (unique per employee), and so is a check-in of the
same kind less than 2 minutes after the first (checkin_rules.IDEMPOTENCY_WINDOW).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from terpadu.core.errors import AccessDenied, ApplicationError, Conflict, ValidationFailed
from terpadu.core.roles import actor_of
from terpadu.directory.models import Employee

from . import checkin_devices, checkin_rules, checkin_sql
from .models import AttendanceEvent, Device, Excuse, QrStation
from .models.requests import RequestStatus

Kind = AttendanceEvent.Kind
Source = AttendanceEvent.Source
FLEXIBLE_EXCUSES: dict[str, str] = {Excuse.Kind.WFH: "wfh", Excuse.Kind.WFA: "wfa", Excuse.Kind.DUTY: "duty"}


class CheckInRefused(ApplicationError):
    """A check-in the rules refuse (outside the fence, a device not registered, an expired QR code…)."""

    status = 422
    code = "check_in_refused"


@dataclass(frozen=True)
class CheckInOutcome:
    event: AttendanceEvent
    #: True when the submission repeated an earlier one (same client_ref, or the same kind within 2 minutes)
    repeated: bool
    #: the government's time zone (Asia/Makassar…)
    zone: str
    #: the work location's name (None: no location, e.g. WFH without any fence)
    place_name: str | None = None

    @property
    def location_name(self) -> str | None:
        return self.place_name


@dataclass(frozen=True)
class _Place:
    location_id: int | None
    name: str | None
    distance_m: int | None
    flexible: str = ""
    qr_station_id: int | None = None


def max_accuracy_m() -> float:
    return float(getattr(settings, "TERPADU_CHECKIN_MAX_ACCURACY_M", checkin_rules.MAX_ACCURACY_M))


def check_in_record(
    *,
    user: Any,
    kind: str,
    latitude: float | None,
    longitude: float | None,
    accuracy_m: float | None,
    client_ref: str,
    device_token: str | None,
    ip: str | None,
    user_agent: str,
    qr_token: str | None = None,
    qr_station_id: int | None = None,
) -> AttendanceEvent:
    """Record the user's check-in (``kind`` "in") or check-out ("out"); the event (an earlier one on a repeat)."""
    return check_in_submit(
        user=user,
        kind=kind,
        latitude=latitude,
        longitude=longitude,
        accuracy_m=accuracy_m,
        client_ref=client_ref,
        device_token=device_token,
        ip=ip,
        user_agent=user_agent,
        qr_token=qr_token,
        qr_station_id=qr_station_id,
    ).event


@dataclass(frozen=True)
class _Submission:
    kind: str
    latitude: float | None
    longitude: float | None
    accuracy_m: float | None
    client_ref: str
    device_token: str | None
    ip: str | None
    user_agent: str
    qr_token: str | None = None
    qr_station_id: int | None = None

    @property
    def by_qr(self) -> bool:
        return bool(self.qr_token or self.qr_station_id)


def check_in_submit(**values: Any) -> CheckInOutcome:
    """:func:`check_in_record`, also telling whether the submission repeated an earlier one."""
    user = values.pop("user")
    sub = _Submission(**{**values, "client_ref": (values.get("client_ref") or "").strip()})
    _validate(sub)
    try:
        return _check_in(user, sub)
    except IntegrityError:
        # the same client_ref committed by a concurrent request between our look-up and our insert
        earlier = _earlier_by_ref(user, sub)
        if earlier is None:
            raise
        return earlier


def _validate(sub: _Submission) -> None:
    if sub.kind not in Kind.values:
        raise ValidationFailed(
            "Jenis presensi harus 'in' (masuk) atau 'out' (pulang).", fields={"kind": "Tidak valid."}
        )
    problem = checkin_rules.client_ref_problem(sub.client_ref)
    if problem:
        raise ValidationFailed(problem, fields={"client_ref": problem})
    if sub.by_qr and not (sub.qr_token and sub.qr_station_id):
        raise ValidationFailed("Kode QR tidak lengkap: pindai lagi layar QR di kantor.", fields={"qr_token": "Wajib."})


@dataclass(frozen=True)
class _Who:
    """The employee checking in, as far as a check-in needs them (one light query)."""

    employee_id: int
    government_id: int
    agency_id: int
    zone: str
    #: the agency's active work locations (read with the employee row)
    fences: tuple[checkin_rules.Fence, ...] = ()


def _employee(user: Any) -> _Who:
    """The user's employee row, locked until commit: one employee's submissions line up."""
    actor = actor_of(user)
    if actor is None or actor.government_id is None:
        raise AccessDenied("Silakan masuk dengan akun pegawai.")
    if actor.employee_id is None:
        raise AccessDenied("Akun ini tidak terhubung dengan data pegawai: presensi tidak dapat dicatat.")
    row = checkin_sql.employee_locked(employee_id=actor.employee_id, government_id=actor.government_id)
    if row is None or not row[0]:
        raise AccessDenied("Data pegawai Anda tidak aktif: presensi tidak dapat dicatat.")
    _, agency_id, zone, fences = row
    if agency_id is None:
        raise CheckInRefused("Anda belum ditempatkan di OPD mana pun: hubungi admin kepegawaian.", code="no_agency")
    return _Who(actor.employee_id, actor.government_id, agency_id, zone, tuple(checkin_rules.Fence(*f) for f in fences))


@transaction.atomic
def _check_in(user: Any, sub: _Submission) -> CheckInOutcome:
    who = _employee(user)
    now = timezone.now()
    local_date = now.astimezone(ZoneInfo(who.zone)).date()
    candidates, devices = checkin_sql.earlier_events_and_devices(
        employee_id=who.employee_id, client_ref=sub.client_ref, kind=sub.kind, since=checkin_rules.repeat_since(now)
    )
    earlier = _earlier(sub, candidates, now)
    if earlier is not None:
        return earlier
    device_id = _device(user, who, sub, devices)
    place = _qr_place(who, sub) if sub.by_qr else _gps_place(who, sub, local_date)
    values = {
        "government_id": who.government_id,
        "agency_id": who.agency_id,
        "employee_id": who.employee_id,
        "kind": sub.kind,
        "occurred_at": now,
        "local_date": local_date,
        "source": Source.QR if sub.by_qr else Source.GPS,
        "latitude": _six(sub.latitude),
        "longitude": _six(sub.longitude),
        "accuracy_m": sub.accuracy_m,
        "location_id": place.location_id,
        "distance_m": place.distance_m,
        "flexible": place.flexible,
        "qr_station_id": place.qr_station_id,
        "device_id": device_id,
        "ip": sub.ip or None,
        "user_agent": sub.user_agent[:300],
        "client_ref": sub.client_ref,
        "machine_device": "",
        "created_at": now,
    }
    # no savepoint: a duplicate client_ref rolls the whole check-in back and check_in_submit answers
    event = AttendanceEvent(pk=checkin_sql.event_insert(values), **values)
    event._state.adding = False
    event._state.db = "default"
    return CheckInOutcome(event, repeated=False, zone=who.zone, place_name=place.name)


def _six(value: float | None) -> Decimal | None:
    if value is None or not math.isfinite(value):
        return None
    return Decimal(f"{value:.6f}")


def _repeat(event_id: int) -> CheckInOutcome:
    event = AttendanceEvent.objects.select_related("location", "government").get(pk=event_id)
    location = event.location.name if event.location else None
    return CheckInOutcome(event, repeated=True, zone=event.government.timezone, place_name=location)


def _earlier(
    sub: _Submission, candidates: list[tuple[int, str, datetime, str]], now: datetime
) -> CheckInOutcome | None:
    """The event this submission repeats: the same client_ref, else the same kind in the last 2 minutes."""
    for pk, kind, _, ref in candidates:
        if sub.client_ref and ref == sub.client_ref:
            if kind != sub.kind:
                raise Conflict(
                    "client_ref ini sudah dipakai untuk presensi jenis lain.", fields={"client_ref": "Sudah dipakai."}
                )
            return _repeat(pk)
    for pk, kind, occurred_at, _ in candidates:
        if kind == sub.kind and checkin_rules.is_repeat(occurred_at, now):
            return _repeat(pk)
    return None


def _earlier_by_ref(user: Any, sub: _Submission) -> CheckInOutcome | None:
    actor = actor_of(user)
    if not sub.client_ref or actor is None or actor.employee_id is None:
        return None
    found = AttendanceEvent.objects.filter(employee_id=actor.employee_id, client_ref=sub.client_ref)
    pk = found.values_list("pk", flat=True).first()
    return _repeat(pk) if pk is not None else None


def _device(user: Any, who: _Who, sub: _Submission, devices: list[tuple[int, str, str]]) -> int:
    """The id of the employee's active device this browser is (``devices``: their active and pending ones);
    the first device registers itself."""
    problem = checkin_devices.token_problem(sub.device_token)
    if problem:
        raise CheckInRefused(problem, code="device_missing", fields={"device_token": problem})
    assert sub.device_token is not None
    key_hash = checkin_devices.device_hash(sub.device_token)
    for pk, status, stored_hash in devices:
        if stored_hash == key_hash and status == Device.Status.ACTIVE:
            return int(pk)
        if stored_hash == key_hash:
            raise CheckInRefused(
                "Perangkat ini masih menunggu persetujuan atasan sebagai pengganti perangkat lama. "
                "Presensi dari perangkat ini belum bisa dicatat.",
                code="device_pending",
            )
    if any(status == Device.Status.ACTIVE for _, status, _ in devices):
        raise CheckInRefused(
            "Perangkat ini belum terdaftar. Presensi hanya dari perangkat terdaftar; "
            "ajukan penggantian perangkat di halaman Perangkat presensi.",
            code="device_not_registered",
        )
    label = checkin_devices.device_label(sub.user_agent)
    device = checkin_devices.register_first(
        user=user,
        employee_id=who.employee_id,
        government_id=who.government_id,
        agency_id=who.agency_id,
        key_hash=key_hash,
        label=label,
    )
    return device.pk


def _gps_place(who: _Who, sub: _Submission, local_date: date) -> _Place:
    problem = checkin_rules.coordinates_problem(sub.latitude, sub.longitude)
    if problem:
        raise CheckInRefused(problem, code="no_position", fields={"latitude": problem})
    assert sub.latitude is not None and sub.longitude is not None
    match = checkin_rules.nearest_fence(sub.latitude, sub.longitude, who.fences)
    inaccurate = checkin_rules.accuracy_problem(sub.accuracy_m, max_accuracy_m())
    if match is not None and match.inside and not inaccurate:
        return _Place(match.fence.id, match.fence.name, match.distance_m)
    flexible = _flexible_today(who, local_date)
    if flexible:
        if match is None:
            return _Place(None, None, None, flexible=flexible)
        return _Place(match.fence.id, match.fence.name, match.distance_m, flexible=flexible)
    if inaccurate:
        raise CheckInRefused(inaccurate, code="inaccurate", fields={"accuracy": inaccurate})
    raise CheckInRefused(checkin_rules.outside_reason(match), code="outside_fence")


def _flexible_today(who: _Who, local_date: date) -> str:
    """wfh/wfa/duty when an approved excuse of that kind covers the day, else ''."""
    kinds = (
        Excuse.objects.filter(
            employee_id=who.employee_id,
            status=RequestStatus.APPROVED,
            kind__in=list(FLEXIBLE_EXCUSES),
            start_date__lte=local_date,
            end_date__gte=local_date,
        )
        .order_by("-start_date")
        .values_list("kind", flat=True)
    )
    kind = next(iter(kinds[:1]), None)
    return FLEXIBLE_EXCUSES.get(kind, "") if kind else ""


def _qr_place(who: _Who, sub: _Submission) -> _Place:
    station = (
        QrStation.objects.select_related("location")
        .filter(pk=sub.qr_station_id or 0, government_id=who.government_id)
        .first()
    )
    if station is None or not station.is_active or not station.location.is_active:
        raise CheckInRefused("Layar QR ini tidak dikenal atau sudah tidak aktif.", code="qr_unknown")
    if station.agency_id != who.agency_id:
        raise CheckInRefused(
            f"Layar QR ini milik {station.location.name}, bukan lokasi kerja OPD Anda.", code="qr_other_agency"
        )
    if not checkin_rules.qr_token_valid(station.secret, sub.qr_token or "", timezone.now().timestamp()):
        raise CheckInRefused(
            "Kode QR sudah kedaluwarsa (berganti tiap 30 detik). Pindai lagi kode yang tampil di layar.",
            code="qr_expired",
        )
    return _Place(station.location_id, station.location.name, None, qr_station_id=station.pk)


# --- reads ------------------------------------------------------------------------------------------------


def own_events(*, user: Any, day: date) -> QuerySet[AttendanceEvent]:
    """The user's own events of a local date (what the presensi page and GET /check-ins show)."""
    actor = actor_of(user)
    if actor is None or actor.employee_id is None or actor.government_id is None:
        return AttendanceEvent.objects.none()
    return AttendanceEvent.objects.filter(
        employee_id=actor.employee_id, government_id=actor.government_id, local_date=day
    ).select_related("location", "government")


def local_today(user: Any) -> tuple[date, str]:
    """The government's local date now and its time zone name."""
    actor = actor_of(user)
    zone = "Asia/Jakarta"
    if actor is not None and actor.employee_id is not None:
        zone = (
            Employee.objects.filter(pk=actor.employee_id).values_list("government__timezone", flat=True).first() or zone
        )
    return timezone.now().astimezone(ZoneInfo(zone)).date(), zone
