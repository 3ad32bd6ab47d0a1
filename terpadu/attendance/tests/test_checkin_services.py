"""check_in_record: inside and outside the fence, accuracy, WFH/WFA/duty, idempotency, the device rule,
the QR method, server time and the government's local date."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from terpadu.attendance import checkin_devices, checkin_places, checkin_rules
from terpadu.attendance.checkins import CheckInRefused, check_in_record, check_in_submit
from terpadu.attendance.models import AttendanceEvent, Device, QrStation
from terpadu.core.errors import AccessDenied, Conflict
from terpadu.core.models import AuditEvent
from terpadu.core.roles import Role
from terpadu.directory.tests.factories import user_with_role

from .checkin_org import approved_excuse, build_org, north_of, registered_device

pytestmark = pytest.mark.django_db

TOKEN = "token-perangkat-uji-0001"
# Monday 4 May 2026, 07:21:09 WITA
MORNING = datetime(2026, 5, 3, 23, 21, 9, tzinfo=UTC)


@pytest.fixture
def org():
    return build_org()


@pytest.fixture
def clock(monkeypatch):
    """Server time, settable: ``clock.now = ...``."""

    class Clock:
        now = MORNING

    monkeypatch.setattr(timezone, "now", lambda: Clock.now)
    return Clock


@pytest.fixture
def staff(org):
    registered_device(org.kominfo.staff, TOKEN)
    return org.kominfo.staff


def check_in(user, *, at=None, kind="in", accuracy=12.5, ref="ref-1", token=TOKEN, **extra):
    latitude, longitude = at if at is not None else (None, None)
    return check_in_submit(
        user=user,
        kind=kind,
        latitude=latitude,
        longitude=longitude,
        accuracy_m=accuracy,
        client_ref=ref,
        device_token=token,
        ip="10.1.2.3",
        user_agent="Mozilla/5.0 (Linux; Android 14)",
        **extra,
    )


def test_inside_the_fence_records_the_event_with_server_time_and_local_date(org, clock, staff):
    outcome = check_in(staff, at=north_of(org.kominfo.location, 40))

    event = AttendanceEvent.objects.get()
    assert outcome.event == event and outcome.repeated is False
    assert (event.kind, event.source, event.occurred_at, event.local_date) == ("in", "gps", MORNING, date(2026, 5, 4))
    assert (event.location_id, event.distance_m, event.flexible) == (org.kominfo.location.pk, 40, "")
    assert (event.latitude, event.longitude) == (Decimal("-10.162140"), Decimal("123.611500"))
    assert (event.accuracy_m, event.ip, event.client_ref) == (12.5, "10.1.2.3", "ref-1")
    assert event.device == Device.objects.get(employee=staff.employee)
    assert (event.employee_id, event.agency_id, event.government_id) == (
        staff.employee_id,
        org.kominfo.agency.pk,
        org.government.pk,
    )
    assert event.user_agent == "Mozilla/5.0 (Linux; Android 14)"
    assert outcome.location_name == "Kantor Kominfo"
    assert AuditEvent.objects.filter(action__startswith="attendance.").count() == 0  # the event is the record


def test_check_in_record_returns_the_event(org, clock, staff):
    lat, lon = north_of(org.kominfo.location, 10)
    event = check_in_record(
        user=staff,
        kind="out",
        latitude=lat,
        longitude=lon,
        accuracy_m=5,
        client_ref="",
        device_token=TOKEN,
        ip=None,
        user_agent="",
    )
    assert isinstance(event, AttendanceEvent) and event.kind == "out" and event.client_ref == ""


@pytest.mark.parametrize(
    ("utc", "zone", "local"),
    [
        (datetime(2026, 5, 4, 15, 59, 59, tzinfo=UTC), "Asia/Makassar", date(2026, 5, 4)),
        (datetime(2026, 5, 4, 16, 0, 0, tzinfo=UTC), "Asia/Makassar", date(2026, 5, 5)),  # 00:00 WITA
        (datetime(2026, 5, 4, 16, 30, tzinfo=UTC), "Asia/Jakarta", date(2026, 5, 4)),  # 23:30 WIB
        (datetime(2026, 5, 4, 15, 0, tzinfo=UTC), "Asia/Jayapura", date(2026, 5, 5)),  # 00:00 WIT
    ],
)
def test_local_date_is_the_governments(org, clock, staff, utc, zone, local):
    org.government.timezone = zone
    org.government.save(update_fields=["timezone"])
    clock.now = utc
    event = check_in(staff, at=north_of(org.kominfo.location, 0)).event
    assert (event.occurred_at, event.local_date) == (utc, local)


def test_outside_every_fence_is_refused_with_the_distance_and_nothing_is_stored(org, clock, staff):
    with pytest.raises(CheckInRefused) as refused:
        check_in(staff, at=north_of(org.kominfo.location, 1250))
    assert refused.value.code == "outside_fence" and refused.value.status == 422
    assert refused.value.message == (
        "Anda berada di luar lokasi kerja: 1.250 m dari Kantor Kominfo (batas 150 m, kurang 1.100 m lagi). "
        "Presensi di luar lokasi hanya untuk WFH/WFA atau dinas luar yang sudah disetujui atasan."
    )
    assert AttendanceEvent.objects.count() == 0


def test_another_agencys_fence_does_not_count(org, clock, staff):
    with pytest.raises(CheckInRefused, match="dari Kantor Kominfo"):
        check_in(staff, at=north_of(org.dinkes.location, 0))


def test_an_inactive_location_does_not_count(org, clock, staff):
    org.kominfo.location.is_active = False
    org.kominfo.location.save()
    with pytest.raises(CheckInRefused) as refused:
        check_in(staff, at=north_of(org.kominfo.location, 0))
    assert refused.value.message == "OPD Anda belum memiliki lokasi kerja aktif. Hubungi admin OPD."


@pytest.mark.parametrize(("accuracy", "ok"), [(150, True), (150.5, False), (None, False)])
def test_accuracy_worse_than_150_m_is_refused(org, clock, staff, accuracy, ok):
    if ok:
        assert check_in(staff, at=north_of(org.kominfo.location, 0), accuracy=accuracy).event.accuracy_m == 150
        return
    with pytest.raises(CheckInRefused) as refused:
        check_in(staff, at=north_of(org.kominfo.location, 0), accuracy=accuracy)
    assert refused.value.code == "inaccurate"


def test_the_accuracy_limit_is_a_setting(org, clock, staff, settings):
    settings.TERPADU_CHECKIN_MAX_ACCURACY_M = 50
    with pytest.raises(CheckInRefused, match=r"±60 m; paling longgar ±50 m"):
        check_in(staff, at=north_of(org.kominfo.location, 0), accuracy=60)


def test_without_a_position_the_reason_says_to_allow_location(org, clock, staff):
    with pytest.raises(CheckInRefused) as refused:
        check_in(staff, at=None)
    assert refused.value.message == "Lokasi belum terbaca. Izinkan akses lokasi di peramban, lalu coba lagi."


@pytest.mark.parametrize(("kind", "flexible"), [("wfh", "wfh"), ("wfa", "wfa"), ("duty", "duty")])
def test_an_approved_wfh_wfa_or_duty_allows_checking_in_anywhere(org, clock, staff, kind, flexible):
    approved_excuse(staff, kind, date(2026, 5, 4), date(2026, 5, 4))
    far = north_of(org.kominfo.location, 25_000)

    event = check_in(staff, at=far, accuracy=400).event

    assert (event.flexible, event.location_id, event.distance_m) == (flexible, org.kominfo.location.pk, 25_000)
    assert event.latitude == Decimal(f"{far[0]:.6f}") and event.accuracy_m == 400


@pytest.mark.parametrize(
    ("kind", "status", "start", "end"),
    [
        ("wfh", "pending", date(2026, 5, 4), date(2026, 5, 4)),
        ("wfh", "rejected", date(2026, 5, 4), date(2026, 5, 4)),
        ("annual", "approved", date(2026, 5, 4), date(2026, 5, 4)),
        ("training", "approved", date(2026, 5, 4), date(2026, 5, 4)),
        ("wfh", "approved", date(2026, 5, 5), date(2026, 5, 8)),
        ("duty", "approved", date(2026, 4, 27), date(2026, 5, 3)),
    ],
)
def test_no_approved_flexible_excuse_covering_the_day_no_exception(org, clock, staff, kind, status, start, end):
    approved_excuse(staff, kind, start, end, status=status)
    with pytest.raises(CheckInRefused):
        check_in(staff, at=north_of(org.kominfo.location, 5000))


def test_inside_the_fence_on_a_wfh_day_is_an_office_check_in(org, clock, staff):
    approved_excuse(staff, "wfh", date(2026, 5, 1), date(2026, 5, 8))
    assert check_in(staff, at=north_of(org.kominfo.location, 20)).event.flexible == ""


# --- idempotency -----------------------------------------------------------------------------------------


def test_the_same_client_ref_is_the_same_event(org, clock, staff):
    first = check_in(staff, at=north_of(org.kominfo.location, 10), ref="abc")
    clock.now = MORNING + timedelta(minutes=30)
    again = check_in(staff, at=north_of(org.kominfo.location, 90), ref="abc")
    assert (again.event.pk, again.repeated, again.event.distance_m) == (first.event.pk, True, 10)
    assert again.location_name == "Kantor Kominfo"
    assert AttendanceEvent.objects.count() == 1


def test_the_same_client_ref_for_the_other_kind_is_a_conflict(org, clock, staff):
    check_in(staff, at=north_of(org.kominfo.location, 10), ref="abc")
    with pytest.raises(Conflict):
        check_in(staff, at=north_of(org.kominfo.location, 10), ref="abc", kind="out")


@pytest.mark.parametrize(("later", "same"), [(timedelta(seconds=119), True), (timedelta(minutes=2), False)])
def test_the_same_kind_within_2_minutes_is_the_same_event(org, clock, staff, later, same):
    first = check_in(staff, at=north_of(org.kominfo.location, 10), ref="a").event
    clock.now = MORNING + later
    second = check_in(staff, at=north_of(org.kominfo.location, 10), ref="b")
    assert (second.event.pk == first.pk, second.repeated) == (same, same)
    assert AttendanceEvent.objects.count() == (1 if same else 2)


def test_a_check_out_right_after_a_check_in_is_its_own_event(org, clock, staff):
    check_in(staff, at=north_of(org.kominfo.location, 10), ref="a")
    clock.now = MORNING + timedelta(seconds=30)
    assert check_in(staff, at=north_of(org.kominfo.location, 10), ref="b", kind="out").repeated is False
    assert sorted(AttendanceEvent.objects.values_list("kind", flat=True)) == ["in", "out"]


def test_check_in_costs_few_queries(org, clock, staff):
    at = north_of(org.kominfo.location, 10)
    check_in(staff, at=at, ref="warm")  # the actor's roles are cached on the user after this
    clock.now = MORNING + timedelta(hours=9)
    with CaptureQueriesContext(connection) as queries:
        check_in(staff, at=at, ref="cheap", kind="out")
    # employee (locked) with the fences, earlier events with the devices, insert (+ savepoint/transaction)
    data = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE", "BEGIN"))]
    assert len(data) == 3, data


# --- devices ---------------------------------------------------------------------------------------------


def test_the_first_device_registers_itself_at_the_first_check_in(org, clock):
    user = org.kominfo.staff
    event = check_in(user, at=north_of(org.kominfo.location, 10), token="browser-pertama-0000000").event
    device = Device.objects.get(employee=user.employee)
    assert (device.status, device.key_hash, event.device_id) == (
        "active",
        checkin_devices.device_hash("browser-pertama-0000000"),
        device.pk,
    )
    assert device.label.startswith("Android — ")
    audit = AuditEvent.objects.get(action="attendance.device.register")
    assert (audit.actor_id, audit.object_id, audit.after["status"]) == (user.pk, str(device.pk), "active")


def test_another_device_is_refused_and_nothing_is_stored(org, clock, staff):
    with pytest.raises(CheckInRefused) as refused:
        check_in(staff, at=north_of(org.kominfo.location, 10), token="ponsel-lain-000000000000")
    assert refused.value.code == "device_not_registered"
    assert "Perangkat ini belum terdaftar" in refused.value.message
    assert AttendanceEvent.objects.count() == 0 and Device.objects.count() == 1


def test_a_pending_device_is_refused(org, clock, staff):
    checkin_devices.device_register(user=staff, device_token="ponsel-baru-000000000000", reason="Ponsel lama rusak")
    with pytest.raises(CheckInRefused) as refused:
        check_in(staff, at=north_of(org.kominfo.location, 10), token="ponsel-baru-000000000000")
    assert refused.value.code == "device_pending"


@pytest.mark.parametrize("token", [None, "", "pendek"])
def test_a_missing_or_malformed_device_token_is_refused(org, clock, staff, token):
    with pytest.raises(CheckInRefused) as refused:
        check_in(staff, at=north_of(org.kominfo.location, 10), token=token)
    assert refused.value.code == "device_missing"


def test_an_account_without_an_employee_cannot_check_in(org, clock):
    user = user_with_role(Role.PLATFORM_ADMIN, government=org.government)
    with pytest.raises(AccessDenied):
        check_in(user, at=north_of(org.kominfo.location, 10))


# --- QR --------------------------------------------------------------------------------------------------


@pytest.fixture
def station(org):
    return checkin_places.qr_station_create(user=org.kominfo.admin, location=org.kominfo.location, name="Lobi")


def current_token(station, at):
    return checkin_rules.qr_token(station.secret, checkin_rules.qr_window(at.timestamp()))


def test_scanning_the_screen_checks_in_at_its_location_without_gps(org, clock, staff, station):
    outcome = check_in(staff, accuracy=None, qr_token=current_token(station, MORNING), qr_station_id=station.pk)
    event = outcome.event
    assert (event.source, event.location_id, event.qr_station_id, event.distance_m) == (
        "qr",
        org.kominfo.location.pk,
        station.pk,
        None,
    )
    assert (event.latitude, event.longitude, event.local_date) == (None, None, date(2026, 5, 4))


@pytest.mark.parametrize(("later", "ok"), [(timedelta(seconds=29), True), (timedelta(seconds=61), False)])
def test_a_qr_token_expires_after_its_window_and_the_next(org, clock, staff, station, later, ok):
    clock.now = datetime(2026, 5, 3, 23, 21, 0, tzinfo=UTC)  # the start of a window
    token = current_token(station, clock.now)
    clock.now += later
    if ok:
        assert check_in(staff, qr_token=token, qr_station_id=station.pk).event.source == "qr"
        return
    with pytest.raises(CheckInRefused) as refused:
        check_in(staff, qr_token=token, qr_station_id=station.pk)
    assert refused.value.code == "qr_expired"


def test_another_agencys_screen_or_an_inactive_one_is_refused(org, clock, staff):
    other = checkin_places.qr_station_create(user=org.dinkes.admin, location=org.dinkes.location, name="Lobi Dinkes")
    with pytest.raises(CheckInRefused) as refused:
        check_in(staff, qr_token=current_token(other, MORNING), qr_station_id=other.pk)
    assert refused.value.code == "qr_other_agency"
    QrStation.objects.filter(pk=other.pk).update(agency=org.kominfo.agency, is_active=False)
    with pytest.raises(CheckInRefused) as refused:
        check_in(staff, qr_token=current_token(other, MORNING), qr_station_id=other.pk)
    assert refused.value.code == "qr_unknown"


def test_a_qr_check_in_from_an_unregistered_device_is_refused(org, clock, staff, station):
    with pytest.raises(CheckInRefused):
        check_in(
            staff, token="ponsel-lain-000000000000", qr_token=current_token(station, MORNING), qr_station_id=station.pk
        )
