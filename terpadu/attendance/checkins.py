"""Check-in and check-out from a phone (position against the agency's geofences) or by scanning an office
screen's rotating QR code.

Server time only (``timezone.now()``); ``local_date`` is the government's local date. The event itself is
the append-only record (no audit row per check-in: the audit chain is one lock for the whole platform).
Cheap on purpose — the morning rush: the employee row (locked, so one employee's double taps line up),
the earlier event to repeat, the device, the fences, the insert; the excuse only when outside.

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
from django.db.models import Q, QuerySet
from django.utils import timezone

from terpadu.core.errors import AccessDenied, ApplicationError, Conflict, ValidationFailed
from terpadu.core.roles import actor_of
from terpadu.directory.models import Employee

from . import checkin_devices, checkin_rules
from .models import AttendanceEvent, Device, Excuse, QrStation, WorkLocation
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

    @property
    def location_name(self) -> str | None:
        return self.event.location.name if self.event.location_id and self.event.location else None


@dataclass(frozen=True)
class _Place:
    location: WorkLocation | None
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


def _employee(user: Any) -> Employee:
    actor = actor_of(user)
    if actor is None or actor.government_id is None:
        raise AccessDenied("Silakan masuk dengan akun pegawai.")
    if actor.employee_id is None:
        raise AccessDenied("Akun ini tidak terhubung dengan data pegawai: presensi tidak dapat dicatat.")
    employee = (
        Employee.objects.select_for_update(of=("self",))
        .select_related("government")
        .filter(pk=actor.employee_id, government_id=actor.government_id)
        .first()
    )
    if employee is None or not employee.is_active:
        raise AccessDenied("Data pegawai Anda tidak aktif: presensi tidak dapat dicatat.")
    if employee.agency_id is None:
        raise CheckInRefused("Anda belum ditempatkan di OPD mana pun: hubungi admin kepegawaian.", code="no_agency")
    return employee


@transaction.atomic
def _check_in(user: Any, sub: _Submission) -> CheckInOutcome:
    employee = _employee(user)
    now = timezone.now()
    local_date = now.astimezone(ZoneInfo(employee.government.timezone)).date()
    earlier = _earlier(employee, sub, now)
    if earlier is not None:
        return earlier
    device = _device(user, employee, sub)
    place = _qr_place(employee, sub) if sub.by_qr else _gps_place(employee, sub, local_date)
    event = AttendanceEvent(
        government=employee.government,
        agency_id=employee.agency_id,
        employee=employee,
        kind=sub.kind,
        occurred_at=now,
        local_date=local_date,
        source=Source.QR if sub.by_qr else Source.GPS,
        latitude=_six(sub.latitude),
        longitude=_six(sub.longitude),
        accuracy_m=sub.accuracy_m,
        location=place.location,
        distance_m=place.distance_m,
        flexible=place.flexible,
        qr_station_id=place.qr_station_id,
        device=device,
        ip=sub.ip or None,
        user_agent=sub.user_agent[:300],
        client_ref=sub.client_ref,
    )
    with transaction.atomic():
        event.save(force_insert=True)
    return CheckInOutcome(event, repeated=False)


def _six(value: float | None) -> Decimal | None:
    if value is None or not math.isfinite(value):
        return None
    return Decimal(f"{value:.6f}")


def _earlier(employee: Employee, sub: _Submission, now: datetime) -> CheckInOutcome | None:
    """The event this submission repeats: the same client_ref, else the same kind in the last 2 minutes."""
    same_kind = Q(kind=sub.kind, occurred_at__gt=checkin_rules.repeat_since(now), source__in=[Source.GPS, Source.QR])
    match = Q(client_ref=sub.client_ref) | same_kind if sub.client_ref else same_kind
    found = AttendanceEvent.objects.filter(match, employee=employee).select_related("location", "government")
    candidates = list(found.order_by("occurred_at", "pk")[:5])
    by_ref = next((e for e in candidates if sub.client_ref and e.client_ref == sub.client_ref), None)
    if by_ref is not None:
        if by_ref.kind != sub.kind:
            raise Conflict(
                "client_ref ini sudah dipakai untuk presensi jenis lain.", fields={"client_ref": "Sudah dipakai."}
            )
        return CheckInOutcome(by_ref, repeated=True)
    for event in candidates:
        if event.kind == sub.kind and checkin_rules.is_repeat(event.occurred_at, now):
            return CheckInOutcome(event, repeated=True)
    return None


def _earlier_by_ref(user: Any, sub: _Submission) -> CheckInOutcome | None:
    actor = actor_of(user)
    if not sub.client_ref or actor is None or actor.employee_id is None:
        return None
    found = AttendanceEvent.objects.filter(employee_id=actor.employee_id, client_ref=sub.client_ref)
    event = found.select_related("location", "government").first()
    return CheckInOutcome(event, repeated=True) if event is not None else None


def _device(user: Any, employee: Employee, sub: _Submission) -> Device:
    """The employee's active device this browser is; the first device registers itself."""
    problem = checkin_devices.token_problem(sub.device_token)
    if problem:
        raise CheckInRefused(problem, code="device_missing", fields={"device_token": problem})
    assert sub.device_token is not None
    key_hash = checkin_devices.device_hash(sub.device_token)
    devices = list(
        Device.objects.filter(employee=employee, status__in=[Device.Status.ACTIVE, Device.Status.PENDING]).only(
            "pk", "status", "key_hash"
        )
    )
    for device in devices:
        if device.key_hash == key_hash and device.status == Device.Status.ACTIVE:
            return device
        if device.key_hash == key_hash:
            raise CheckInRefused(
                "Perangkat ini masih menunggu persetujuan atasan sebagai pengganti perangkat lama. "
                "Presensi dari perangkat ini belum bisa dicatat.",
                code="device_pending",
            )
    if any(d.status == Device.Status.ACTIVE for d in devices):
        raise CheckInRefused(
            "Perangkat ini belum terdaftar. Presensi hanya dari perangkat terdaftar; "
            "ajukan penggantian perangkat di halaman Perangkat presensi.",
            code="device_not_registered",
        )
    label = checkin_devices.device_label(sub.user_agent)
    return checkin_devices.register_first(user=user, employee=employee, key_hash=key_hash, label=label)


def _fences(agency_id: int) -> tuple[list[checkin_rules.Fence], dict[int, WorkLocation]]:
    rows = {loc.pk: loc for loc in WorkLocation.objects.filter(agency_id=agency_id, is_active=True)}
    fences = [
        checkin_rules.Fence(loc.pk, float(loc.latitude), float(loc.longitude), loc.radius_m, loc.name)
        for loc in rows.values()
    ]
    return fences, rows


def _gps_place(employee: Employee, sub: _Submission, local_date: date) -> _Place:
    problem = checkin_rules.coordinates_problem(sub.latitude, sub.longitude)
    if problem:
        raise CheckInRefused(problem, code="no_position", fields={"latitude": problem})
    assert sub.latitude is not None and sub.longitude is not None
    fences, locations = _fences(employee.agency_id or 0)
    match = checkin_rules.nearest_fence(sub.latitude, sub.longitude, fences)
    nearest = locations[match.fence.id] if match else None
    inaccurate = checkin_rules.accuracy_problem(sub.accuracy_m, max_accuracy_m())
    if match is not None and match.inside and not inaccurate:
        return _Place(nearest, match.distance_m)
    flexible = _flexible_today(employee, local_date)
    if flexible:
        return _Place(nearest, match.distance_m if match else None, flexible=flexible)
    if inaccurate:
        raise CheckInRefused(inaccurate, code="inaccurate", fields={"accuracy": inaccurate})
    raise CheckInRefused(checkin_rules.outside_reason(match), code="outside_fence")


def _flexible_today(employee: Employee, local_date: date) -> str:
    """wfh/wfa/duty when an approved excuse of that kind covers the day, else ''."""
    kinds = (
        Excuse.objects.filter(
            employee=employee,
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


def _qr_place(employee: Employee, sub: _Submission) -> _Place:
    station = (
        QrStation.objects.select_related("location")
        .filter(pk=sub.qr_station_id or 0, government_id=employee.government_id)
        .first()
    )
    if station is None or not station.is_active or not station.location.is_active:
        raise CheckInRefused("Layar QR ini tidak dikenal atau sudah tidak aktif.", code="qr_unknown")
    if station.agency_id != employee.agency_id:
        raise CheckInRefused(
            f"Layar QR ini milik {station.location.name}, bukan lokasi kerja OPD Anda.", code="qr_other_agency"
        )
    if not checkin_rules.qr_token_valid(station.secret, sub.qr_token or "", timezone.now().timestamp()):
        raise CheckInRefused(
            "Kode QR sudah kedaluwarsa (berganti tiap 30 detik). Pindai lagi kode yang tampil di layar.",
            code="qr_expired",
        )
    return _Place(station.location, None, qr_station_id=station.pk)


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
