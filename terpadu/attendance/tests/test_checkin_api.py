"""The check-in API: POST/GET /api/v1/attendance/check-ins, devices, work locations — bodies, status codes,
structured errors and denials (nothing changes when refused)."""

from datetime import UTC, datetime

import pytest
from django.test import Client
from django.utils import timezone

from terpadu.attendance import checkin_devices
from terpadu.attendance.models import AttendanceEvent, Device, WorkLocation
from terpadu.core.roles import Role
from terpadu.directory.tests.factories import GovernmentFactory, bearer, user_with_role

from .checkin_org import build_org, north_of, registered_device

pytestmark = pytest.mark.django_db

TOKEN = "token-perangkat-uji-0001"
URL = "/api/v1/attendance/check-ins"
MORNING = datetime(2026, 5, 3, 23, 21, 9, tzinfo=UTC)  # 07:21:09 WITA on Monday 4 May 2026


@pytest.fixture
def org():
    return build_org()


@pytest.fixture
def clock(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: MORNING)


def api_client(user):
    return Client(headers=bearer(user)) if user is not None else Client()


def body(location, metres, **extra):
    lat, lon = north_of(location, metres)
    return {
        "kind": "in",
        "latitude": lat,
        "longitude": lon,
        "accuracy": 8,
        "client_ref": "r1",
        "device_token": TOKEN,
    } | extra


def test_check_in_201_then_the_repeat_200(org, clock):
    staff = org.kominfo.staff
    registered_device(staff, TOKEN)
    client = api_client(staff)

    created = client.post(URL, body(org.kominfo.location, 40), content_type="application/json")
    again = client.post(URL, body(org.kominfo.location, 40), content_type="application/json")

    event = AttendanceEvent.objects.get()
    assert created.status_code == 201, created.content
    assert created.json() == {
        "id": event.pk,
        "kind": "in",
        "source": "gps",
        "occurred_at": "2026-05-03T23:21:09Z",
        "local_time": "2026-05-04T07:21:09+08:00",
        "time_zone": "WITA",
        "local_date": "2026-05-04",
        "location_id": org.kominfo.location.pk,
        "location": "Kantor Kominfo",
        "distance_m": 40,
        "flexible": "",
        "latitude": -10.16214,
        "longitude": 123.6115,
        "accuracy_m": 8.0,
        "client_ref": "r1",
        "repeated": False,
    }
    assert again.status_code == 200 and again.json() == created.json() | {"repeated": True}
    assert event.ip == "127.0.0.1"


def test_outside_the_fence_422_with_the_reason(org, clock):
    registered_device(org.kominfo.staff, TOKEN)
    response = api_client(org.kominfo.staff).post(URL, body(org.kominfo.location, 900), content_type="application/json")
    assert response.status_code == 422
    assert response.json() == {
        "code": "outside_fence",
        "message": "Anda berada di luar lokasi kerja: 900 m dari Kantor Kominfo (batas 150 m, kurang 750 m lagi). "
        "Presensi di luar lokasi hanya untuk WFH/WFA atau dinas luar yang sudah disetujui atasan.",
        "fields": {},
    }
    assert AttendanceEvent.objects.count() == 0


def test_an_unregistered_device_422(org, clock):
    registered_device(org.kominfo.staff, TOKEN)
    payload = body(org.kominfo.location, 10, device_token="ponsel-lain-000000000000")
    response = api_client(org.kominfo.staff).post(URL, payload, content_type="application/json")
    assert (response.status_code, response.json()["code"]) == (422, "device_not_registered")


def test_anonymous_401_and_a_bad_body_422(org):
    assert Client().post(URL, body(org.kominfo.location, 10), content_type="application/json").status_code == 401
    response = api_client(org.kominfo.staff).post(URL, {"latitude": 1}, content_type="application/json")
    assert response.status_code == 422 and "kind" in response.json()["fields"]
    response = api_client(org.kominfo.staff).post(
        URL, body(org.kominfo.location, 10, kind="x"), content_type="application/json"
    )
    assert (response.status_code, response.json()["fields"]) == (422, {"kind": ["Tidak valid."]})
    assert AttendanceEvent.objects.count() == 0


def test_list_shows_only_my_events_of_the_date(org, clock):
    for user in (org.kominfo.staff, org.kominfo.chief):
        registered_device(user, TOKEN)
        api_client(user).post(URL, body(org.kominfo.location, 10), content_type="application/json")
    mine = api_client(org.kominfo.staff).get(URL, {"date": "2026-05-04"})
    assert mine.status_code == 200
    assert [(e["kind"], e["local_time"]) for e in mine.json()] == [("in", "2026-05-04T07:21:09+08:00")]
    assert api_client(org.kominfo.staff).get(URL, {"date": "2026-05-05"}).json() == []
    assert api_client(org.kominfo.staff).get(URL).json()[0]["local_date"] == "2026-05-04"  # today, in WITA


# --- devices ---------------------------------------------------------------------------------------------


def test_device_registration_and_change_by_api(org):
    staff, chief = org.kominfo.staff, org.kominfo.chief
    first = api_client(staff).post("/api/v1/attendance/devices", {}, content_type="application/json")
    assert first.status_code == 200 and first.json()["status"] == "active"
    token = first.json()["device_token"]
    assert Device.objects.get().key_hash == checkin_devices.device_hash(token)

    refused = api_client(staff).post(
        "/api/v1/attendance/devices", {"device_token": "ponsel-baru-000000000000"}, content_type="application/json"
    )
    assert (refused.status_code, refused.json()["code"]) == (422, "reason_required")
    pending = api_client(staff).post(
        "/api/v1/attendance/devices",
        {"device_token": "ponsel-baru-000000000000", "reason": "Ponsel lama rusak"},
        content_type="application/json",
    )
    device_id = pending.json()["id"]
    assert (pending.json()["status"], pending.json()["device_token"]) == ("pending", None)

    listed = api_client(chief).get("/api/v1/attendance/devices/pending").json()
    assert [(d["id"], d["employee_name"], d["reason"]) for d in listed] == [
        (device_id, "Staf Kominfo", "Ponsel lama rusak")
    ]
    approve = f"/api/v1/attendance/devices/{device_id}/approve"
    assert api_client(staff).post(approve, {}, content_type="application/json").status_code == 403
    assert api_client(org.dinkes.admin).post(approve, {}, content_type="application/json").status_code == 404
    assert Device.objects.get(pk=device_id).status == "pending"
    decided = api_client(chief).post(approve, {"note": "Silakan"}, content_type="application/json")
    assert (decided.status_code, decided.json()["status"], decided.json()["decision_note"]) == (
        200,
        "active",
        "Silakan",
    )
    assert [d["status"] for d in api_client(staff).get("/api/v1/attendance/devices/mine").json()] == [
        "active",
        "revoked",
    ]
    again = api_client(chief).post(
        f"/api/v1/attendance/devices/{device_id}/reject", {}, content_type="application/json"
    )
    assert again.status_code == 409


# --- work locations --------------------------------------------------------------------------------------

NEW_PLACE = {"name": "Kantor Cabang", "latitude": -10.17, "longitude": 123.6, "radius_m": 200}


def test_locations_list_is_scoped(org):
    names = [loc["name"] for loc in api_client(org.kominfo.staff).get("/api/v1/attendance/work-locations").json()]
    assert names == ["Kantor Kominfo"]
    everyone = api_client(org.auditor).get("/api/v1/attendance/work-locations").json()
    assert sorted(loc["name"] for loc in everyone) == ["Kantor Dinkes", "Kantor Kominfo"]


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 401), ("staff", 403), ("other_admin", 403), ("other_government", 404), ("admin", 201)],
)
def test_only_the_agency_admin_creates_locations(org, who, status):
    users = {
        "anonymous": None,
        "staff": org.kominfo.staff,
        "other_admin": org.dinkes.admin,
        "other_government": user_with_role(Role.AGENCY_ADMIN, government=GovernmentFactory()),
        "admin": org.kominfo.admin,
    }
    payload = NEW_PLACE | {"agency_id": org.kominfo.agency.pk}
    response = api_client(users[who]).post(
        "/api/v1/attendance/work-locations", payload, content_type="application/json"
    )
    assert response.status_code == status, response.content
    assert WorkLocation.objects.filter(name="Kantor Cabang").count() == (1 if status == 201 else 0)
    if status == 201:
        assert response.json() | {"id": 0} == NEW_PLACE | {
            "id": 0,
            "agency_id": org.kominfo.agency.pk,
            "address": "",
            "is_active": True,
        }


def test_update_and_deactivate_a_location(org):
    url = f"/api/v1/attendance/work-locations/{org.kominfo.location.pk}"
    changed = api_client(org.kominfo.head).patch(url, NEW_PLACE, content_type="application/json")
    assert (changed.status_code, changed.json()["radius_m"]) == (200, 200)
    assert api_client(org.dinkes.admin).patch(url, NEW_PLACE, content_type="application/json").status_code == 404
    assert api_client(org.kominfo.staff).patch(url, NEW_PLACE, content_type="application/json").status_code == 403
    bad = api_client(org.kominfo.head).patch(url, NEW_PLACE | {"radius_m": 5}, content_type="application/json")
    assert (bad.status_code, bad.json()["fields"]) == (422, {"radius_m": ["Radius 10–5000 meter."]})
    off = api_client(org.kominfo.admin).post(f"{url}/deactivate")
    assert (off.status_code, off.json()["is_active"]) == (200, False)


def test_the_operations_are_in_the_openapi():
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/attendance/check-ins",
        "/api/v1/attendance/devices",
        "/api/v1/attendance/devices/pending",
        "/api/v1/attendance/devices/{device_id}/approve",
        "/api/v1/attendance/work-locations",
        "/api/v1/attendance/work-locations/{location_id}",
    ):
        assert path in paths, path
    assert set(paths["/api/v1/attendance/check-ins"]) == {"get", "post"}
