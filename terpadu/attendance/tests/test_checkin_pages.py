"""The presensi pages as plain form posts: check in inside/outside the fence, the QR landing page, devices,
work locations and the QR screen — with the denials."""

from datetime import UTC, datetime

import pytest
from django.test import Client
from django.utils import timezone

from terpadu.attendance import checkin_devices, checkin_places, checkin_rules
from terpadu.attendance.models import AttendanceEvent, Device, QrStation, WorkLocation

from .checkin_org import build_org, north_of, registered_device

pytestmark = pytest.mark.django_db

TOKEN = "token-perangkat-uji-0001"
MORNING = datetime(2026, 5, 3, 23, 21, 9, tzinfo=UTC)  # 07:21:09 WITA on Monday 4 May 2026


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.TWO_FACTOR_REQUIRED = False


@pytest.fixture
def org():
    return build_org()


@pytest.fixture
def clock(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: MORNING)


def client_for(user, token=None):
    client = Client()
    client.force_login(user)
    if token:
        client.cookies[checkin_devices.DEVICE_COOKIE] = token
    return client


def post_check_in(client, location, metres, **extra):
    lat, lon = north_of(location, metres)
    data = {"kind": "in", "latitude": lat, "longitude": lon, "accuracy": "9", "client_ref": "web-1"} | extra
    return client.post("/absensi/presensi/", data, follow=True)


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_the_page_gives_a_device_token_and_a_fresh_client_ref(org):
    response = client_for(org.kominfo.staff).get("/absensi/")
    page = response.content.decode()
    token = response.cookies[checkin_devices.DEVICE_COOKIE].value
    assert response.status_code == 200 and checkin_devices.token_problem(token) is None
    assert response.cookies[checkin_devices.DEVICE_COOKIE]["httponly"] is True
    assert f'name="device_token" value="{token}"' in page and 'name="client_ref" value="web-' in page
    assert ">Masuk</button>" in page and ">Pulang</button>" in page
    assert "attendance/checkin.js" in page and "Belum ada presensi hari ini." in page


def test_check_in_inside_the_fence_shows_the_local_time_and_place(org, clock):
    registered_device(org.kominfo.staff, TOKEN)
    response = post_check_in(client_for(org.kominfo.staff, TOKEN), org.kominfo.location, 40)
    assert response.redirect_chain == [("/absensi/", 302)]
    assert messages_of(response) == [
        "Presensi masuk tercatat pada 4 Mei 2026 07.21 WITA di Kantor Kominfo (jarak 40 m)."
    ]
    page = response.content.decode()
    assert "<td>Masuk</td><td>07.21.09 WITA</td><td>Kantor Kominfo</td><td>40 m</td>" in page
    assert AttendanceEvent.objects.get().client_ref == "web-1"


def test_posting_the_same_form_twice_is_one_check_in(org, clock):
    registered_device(org.kominfo.staff, TOKEN)
    client = client_for(org.kominfo.staff, TOKEN)
    post_check_in(client, org.kominfo.location, 40)
    response = post_check_in(client, org.kominfo.location, 40)
    assert messages_of(response) == [
        "Presensi masuk ini sudah tercatat pada 4 Mei 2026 07.21 WITA di Kantor Kominfo (jarak 40 m)."
    ]
    assert AttendanceEvent.objects.count() == 1


def test_the_first_check_in_registers_the_browser_by_its_cookie(org, clock):
    client = client_for(org.kominfo.staff)
    token = client.get("/absensi/").cookies[checkin_devices.DEVICE_COOKIE].value
    post_check_in(client, org.kominfo.location, 40)
    assert Device.objects.get().key_hash == checkin_devices.device_hash(token)


def test_outside_the_fence_the_refusal_is_shown(org, clock):
    registered_device(org.kominfo.staff, TOKEN)
    response = post_check_in(client_for(org.kominfo.staff, TOKEN), org.kominfo.location, 2000)
    assert messages_of(response) == [
        "Presensi ditolak: Anda berada di luar lokasi kerja: 2.000 m dari Kantor Kominfo (batas 150 m, kurang "
        "1.850 m lagi). Presensi di luar lokasi hanya untuk WFH/WFA atau dinas luar yang sudah disetujui atasan."
    ]
    assert AttendanceEvent.objects.count() == 0


def test_without_javascript_the_refusal_says_to_allow_location(org, clock):
    registered_device(org.kominfo.staff, TOKEN)
    client = client_for(org.kominfo.staff, TOKEN)
    response = client.post("/absensi/presensi/", {"kind": "in", "latitude": "", "longitude": ""}, follow=True)
    assert messages_of(response) == [
        "Presensi ditolak: Lokasi belum terbaca. Izinkan akses lokasi di peramban, lalu coba lagi."
    ]


def test_the_scan_page_offers_the_buttons_while_the_code_is_valid(org, clock):
    registered_device(org.kominfo.staff, TOKEN)
    station = checkin_places.qr_station_create(user=org.kominfo.admin, location=org.kominfo.location, name="Lobi")
    token = checkin_rules.qr_token(station.secret, checkin_rules.qr_window(MORNING.timestamp()))
    client = client_for(org.kominfo.staff, TOKEN)
    page = client.get(f"/absensi/pindai/{station.pk}/{token}/").content.decode()
    assert "Kantor Kominfo" in page and f'name="qr_token" value="{token}"' in page
    response = client.post(
        "/absensi/presensi/",
        {"kind": "in", "qr_token": token, "qr_station_id": station.pk, "client_ref": "q"},
        follow=True,
    )
    assert messages_of(response) == ["Presensi masuk tercatat pada 4 Mei 2026 07.21 WITA di Kantor Kominfo."]
    assert AttendanceEvent.objects.get().source == "qr"
    stale = client.get(f"/absensi/pindai/{station.pk}/{'0' * 20}/").content.decode()
    assert "Kode QR ini sudah kedaluwarsa" in stale and "qr_token" not in stale
    assert client_for(org.dinkes.staff).get(f"/absensi/pindai/{station.pk}/{token}/").status_code == 404


def test_a_device_change_is_asked_and_decided_on_the_devices_page(org):
    registered_device(org.kominfo.staff, TOKEN)
    client = client_for(org.kominfo.staff, "ponsel-baru-000000000000")
    page = client.get("/absensi/perangkat/").content.decode()
    assert "Ajukan penggantian ke perangkat ini" in page
    response = client.post("/absensi/perangkat/ajukan/", {"reason": ""})
    assert 'id="id_reason_error">Bidang ini tidak boleh kosong.' in response.content.decode()
    response = client.post("/absensi/perangkat/ajukan/", {"reason": "Ponsel lama rusak"}, follow=True)
    assert messages_of(response) == ["Pengajuan terkirim ke atasan Anda."]
    pending = Device.objects.get(status="pending")

    chief = client_for(org.kominfo.chief)
    assert "Ponsel lama rusak" in chief.get("/absensi/perangkat/").content.decode()
    refused = client_for(org.dinkes.admin).post(
        f"/absensi/perangkat/{pending.pk}/putuskan/", {"decision": "approve"}, follow=True
    )
    assert messages_of(refused) == ["Perangkat tidak ditemukan."]
    decided = chief.post(f"/absensi/perangkat/{pending.pk}/putuskan/", {"decision": "approve", "note": ""}, follow=True)
    assert messages_of(decided) == ["Perangkat Staf Kominfo disetujui."]
    assert sorted(Device.objects.values_list("status", flat=True)) == ["active", "revoked"]


@pytest.mark.parametrize("who", ["staff", "auditor"])
def test_locations_page_is_for_agency_managers(org, who):
    user = {"staff": org.kominfo.staff, "auditor": org.auditor}[who]
    assert client_for(user).get("/absensi/lokasi/").status_code == 403
    client_for(user).post("/absensi/lokasi/baru/", {"agency": org.kominfo.agency.pk, "name": "X"})
    assert WorkLocation.objects.count() == 2


def test_the_admin_manages_locations_and_screens(org):
    admin = client_for(org.kominfo.admin)
    page = admin.get("/absensi/lokasi/").content.decode()
    assert "Kantor Kominfo" in page and "Kantor Dinkes" not in page
    data = {"agency": org.kominfo.agency.pk, "name": "Kantor Cabang", "latitude": "-10.17", "longitude": "123.6"}
    invalid = admin.post("/absensi/lokasi/baru/", data | {"radius_m": "5"})
    assert invalid.status_code == 422 and "Radius 10–5000 meter." in invalid.content.decode()
    created = admin.post("/absensi/lokasi/baru/", data | {"radius_m": "200"}, follow=True)
    assert messages_of(created) == ["Lokasi kerja Kantor Cabang disimpan."]
    branch = WorkLocation.objects.get(name="Kantor Cabang")
    other = admin.post("/absensi/lokasi/baru/", data | {"agency": org.dinkes.agency.pk, "radius_m": "200"})
    assert other.status_code == 422 and WorkLocation.objects.count() == 3

    edit = admin.post(f"/absensi/lokasi/{branch.pk}/", data | {"radius_m": "300"}, follow=True)
    assert messages_of(edit) == ["Lokasi kerja Kantor Cabang diperbarui."]
    assert admin.get(f"/absensi/lokasi/{org.dinkes.location.pk}/").status_code == 404

    screen = admin.post(f"/absensi/lokasi/{branch.pk}/layar-qr/", {"name": "Lobi cabang"}, follow=True)
    station = QrStation.objects.get()
    assert screen.redirect_chain == [(f"/absensi/layar-qr/{station.pk}/", 302)]
    body = screen.content.decode()
    assert 'src="data:image/svg+xml;base64,' in body and 'hx-trigger="load delay:' in body
    code = admin.get(f"/absensi/layar-qr/{station.pk}/kode/").content.decode()
    assert code.startswith('<div id="kode-qr"') and "Kode berganti tiap 30 detik" in code
    assert client_for(org.dinkes.admin).get(f"/absensi/layar-qr/{station.pk}/").status_code == 404

    admin.post(f"/absensi/lokasi/{branch.pk}/nonaktifkan/")
    branch.refresh_from_db()
    station.refresh_from_db()
    assert (branch.is_active, branch.radius_m, station.is_active) == (False, 300, False)
