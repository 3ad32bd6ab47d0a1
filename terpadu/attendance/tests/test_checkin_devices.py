"""Devices (one active per employee; a change is approved by the direct superior or the agency admin/head)
and work locations / QR screens (the agency's admin or head), with the denials and their audit rows."""

import pytest

from terpadu.attendance import checkin_devices as devices
from terpadu.attendance import checkin_places as places
from terpadu.attendance.checkin_places import LocationInput
from terpadu.attendance.models import Device, QrStation, WorkLocation
from terpadu.core.errors import AccessDenied, Conflict, NotFound, ValidationFailed
from terpadu.core.models import AuditEvent
from terpadu.core.roles import Role
from terpadu.directory.tests.factories import user_with_role
from terpadu.notifications.models import Notification

from .checkin_org import build_org

pytestmark = pytest.mark.django_db

OLD, NEW = "ponsel-lama-00000000000000", "ponsel-baru-00000000000000"


@pytest.fixture
def org():
    return build_org()


@pytest.fixture
def change(org):
    """Staff of Kominfo: the old phone active, a change to a new one pending."""
    staff = org.kominfo.staff
    old = devices.device_register(user=staff, device_token=OLD, label="Ponsel lama")
    new = devices.device_register(user=staff, device_token=NEW, label="Ponsel baru", reason="Ponsel lama rusak")
    return old, new


def test_the_first_device_is_active_and_the_same_one_again_changes_nothing(org):
    staff = org.kominfo.staff
    first = devices.device_register(user=staff, device_token=OLD, label="Ponsel lama")
    again = devices.device_register(user=staff, device_token=OLD)
    assert (first.status, again.pk, first.key_hash) == ("active", first.pk, devices.device_hash(OLD))
    assert Device.objects.count() == 1
    assert AuditEvent.objects.filter(action="attendance.device.register").count() == 1


def test_only_the_hash_of_the_token_is_stored(org):
    device = devices.device_register(user=org.kominfo.staff, device_token=OLD)
    assert OLD not in str(Device.objects.filter(pk=device.pk).values().get())
    assert len(device.key_hash) == 64


def test_another_device_needs_a_reason_and_becomes_a_pending_request(org):
    staff = org.kominfo.staff
    devices.device_register(user=staff, device_token=OLD)
    with pytest.raises(ValidationFailed) as refused:
        devices.device_register(user=staff, device_token=NEW)
    assert refused.value.fields == {"reason": ["Wajib diisi."]}
    pending = devices.device_register(user=staff, device_token=NEW, reason="Ponsel lama hilang")
    assert (pending.status, pending.reason) == ("pending", "Ponsel lama hilang")
    assert AuditEvent.objects.filter(action="attendance.device.request", object_id=str(pending.pk)).exists()


def test_the_request_notifies_the_direct_superior(org, django_capture_on_commit_callbacks):
    staff = org.kominfo.staff
    devices.device_register(user=staff, device_token=OLD)
    with django_capture_on_commit_callbacks(execute=True):
        devices.device_register(user=staff, device_token=NEW, reason="Ponsel lama hilang")
    note = Notification.objects.get(kind="attendance.device_to_decide")
    assert (note.user_id, note.title, note.url) == (
        org.kominfo.chief.pk,
        "Penggantian perangkat presensi: Staf Kominfo",
        "/absensi/perangkat/",
    )


def test_a_newer_request_replaces_the_pending_one(org, change):
    _, first = change
    second = devices.device_register(user=org.kominfo.staff, device_token="ponsel-ketiga-00000000000", reason="Salah")
    first.refresh_from_db()
    assert (first.status, second.status) == ("revoked", "pending")


@pytest.mark.parametrize("who", ["chief", "admin", "head"])
def test_approving_revokes_the_old_device(org, change, who):
    old, new = change
    decider = getattr(org.kominfo, who)
    devices.device_decide(user=decider, device_id=new.pk, approve=True, note="OK")
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.status, new.status, new.decided_by_id, new.decision_note) == ("revoked", "active", decider.pk, "OK")
    actions = AuditEvent.objects.filter(action__in=["attendance.device.revoked", "attendance.device.active"])
    actions = actions.order_by("sequence")
    assert [(a.action, a.object_id, a.actor_id) for a in actions] == [
        ("attendance.device.revoked", str(old.pk), decider.pk),
        ("attendance.device.active", str(new.pk), decider.pk),
    ]


def test_rejecting_keeps_the_old_device(org, change):
    old, new = change
    devices.device_decide(user=org.kominfo.chief, device_id=new.pk, approve=False, note="Tidak jelas")
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.status, new.status, new.decision_note) == ("active", "rejected", "Tidak jelas")
    with pytest.raises(Conflict):
        devices.device_decide(user=org.kominfo.chief, device_id=new.pk, approve=True)


@pytest.mark.parametrize(
    ("who", "error"),
    [
        ("staff", AccessDenied),  # their own request
        ("other_staff", NotFound),  # a colleague sees nothing of it
        ("dinkes_admin", NotFound),
        ("auditor", AccessDenied),  # reads every attendance row, never writes
    ],
)
def test_who_may_not_decide_and_nothing_changes(org, change, who, error):
    _, new = change
    users = {
        "staff": org.kominfo.staff,
        "other_staff": user_with_role(Role.EMPLOYEE, agency=org.kominfo.agency),
        "dinkes_admin": org.dinkes.admin,
        "auditor": org.auditor,
    }
    with pytest.raises(error):
        devices.device_decide(user=users[who], device_id=new.pk, approve=True)
    new.refresh_from_db()
    assert new.status == "pending"


def test_pending_lists_for_superior_admin_and_nobody_else(org, change):
    _, new = change
    assert list(devices.devices_to_decide_for_user(user=org.kominfo.chief)) == [new]
    assert list(devices.devices_to_decide_for_user(user=org.kominfo.admin)) == [new]
    assert list(devices.devices_to_decide_for_user(user=org.kominfo.staff)) == []
    assert list(devices.devices_to_decide_for_user(user=org.dinkes.admin)) == []
    assert list(devices.devices_to_decide_for_user(user=org.auditor)) == []


# --- work locations and QR screens ---------------------------------------------------------------------

PLACE = LocationInput("Kantor Cabang", "-10.1700", "123,6000", 200, "Jl. Timor Raya")


def test_the_agency_admin_creates_a_location_audited(org):
    location = places.work_location_create(user=org.kominfo.admin, agency=org.kominfo.agency, data=PLACE)
    assert (location.name, str(location.latitude), str(location.longitude), location.radius_m) == (
        "Kantor Cabang",
        "-10.170000",
        "123.600000",
        200,
    )
    audit = AuditEvent.objects.get(action="attendance.work_location.create")
    assert (audit.actor_id, audit.agency_id, audit.after["radius_m"]) == (
        org.kominfo.admin.pk,
        org.kominfo.agency.pk,
        200,
    )


@pytest.mark.parametrize("who", ["staff", "other_admin", "auditor"])
def test_others_may_not_create_locations(org, who):
    user = {"staff": org.kominfo.staff, "other_admin": org.dinkes.admin, "auditor": org.auditor}[who]
    with pytest.raises(AccessDenied):
        places.work_location_create(user=user, agency=org.kominfo.agency, data=PLACE)
    assert WorkLocation.objects.filter(name="Kantor Cabang").count() == 0


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (LocationInput("", "1", "1", 100), "name"),
        (LocationInput("A", "91", "1", 100), "latitude"),
        (LocationInput("A", "1", "-180.5", 100), "longitude"),
        (LocationInput("A", "x", "1", 100), "latitude"),
        (LocationInput("A", "1", "1", 9), "radius_m"),
        (LocationInput("A", "1", "1", 5001), "radius_m"),
    ],
)
def test_location_values_are_checked(org, data, field):
    with pytest.raises(ValidationFailed) as refused:
        places.work_location_create(user=org.kominfo.admin, agency=org.kominfo.agency, data=data)
    assert list(refused.value.fields) == [field]


def test_update_audits_only_what_changed(org):
    location = org.kominfo.location
    data = LocationInput(location.name, location.latitude, location.longitude, 300)
    places.work_location_update(user=org.kominfo.head, location=location, data=data)
    audit = AuditEvent.objects.get(action="attendance.work_location.update")
    assert (audit.before, audit.after) == ({"radius_m": 150}, {"radius_m": 300})


def test_deactivating_a_location_stops_its_screens(org):
    station = places.qr_station_create(user=org.kominfo.admin, location=org.kominfo.location, name="Lobi")
    places.work_location_deactivate(user=org.kominfo.admin, location=org.kominfo.location)
    station.refresh_from_db()
    org.kominfo.location.refresh_from_db()
    assert (org.kominfo.location.is_active, station.is_active) == (False, False)
    assert AuditEvent.objects.filter(action="attendance.qr_station.deactivate").count() == 1


def test_a_screen_has_a_secret_and_shows_the_current_token(org):
    station = places.qr_station_create(user=org.kominfo.admin, location=org.kominfo.location, name="Lobi")
    assert len(station.secret) == 64
    code = places.qr_station_current(station=station, now=1_770_000_001)
    assert (code.station_id, code.seconds_left, len(code.token)) == (station.pk, 29, 20)
    assert "secret" not in str(AuditEvent.objects.get(action="attendance.qr_station.create").after)
    with pytest.raises(AccessDenied):
        places.qr_station_create(user=org.dinkes.admin, location=org.kominfo.location, name="Lobi")
    assert QrStation.objects.count() == 1
