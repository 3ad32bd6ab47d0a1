"""Request and shift pages: who reaches them, the leave balance shown, forms with errors next to the
fields, HTMX and plain decisions, denials that change nothing, and the menu entries by role."""

import pytest
from django.test import Client

from terpadu.attendance.models import CorrectionRequest, Excuse, Shift, ShiftAssignment
from terpadu.attendance.tests.requests_org import build_org, fixed_today  # noqa: F401
from terpadu.directory.models import OrgUnit

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return build_org()


CUTI = {"kind": "annual", "start_date": "2026-08-17", "end_date": "2026-08-21", "reason": "Urusan keluarga"}


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.TWO_FACTOR_REQUIRED = False


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("url", ["/absensi/pengajuan/", "/absensi/persetujuan/", "/absensi/sif/"])
def test_anonymous_goes_to_login(url):
    response = Client().get(url)
    assert response.status_code == 302 and response["Location"].startswith("/akun/masuk/")


def test_my_requests_page_shows_the_balance_and_the_forms(org):
    page = client_for(org.staff).get("/absensi/pengajuan/").content.decode()
    assert "Sisa cuti tahunan 2026" in page
    assert "<strong>4 hari kerja</strong> masih dapat diajukan" in page
    assert "12 hari kuota + 0 hari sisa tahun lalu − 8 hari cuti bersama − 0 hari diambil = 4 hari" in page
    assert "Cuti melahirkan: paling lama 3 bulan (anak ke-1 s.d. ke-3)" in page
    assert 'name="koreksi-time"' in page and 'name="letter_number"' in page
    assert "Belum ada pengajuan." in page


def test_an_excuse_asked_from_the_page(org):
    client = client_for(org.staff)
    response = client.post("/absensi/pengajuan/izin/", CUTI)
    assert response.status_code == 302
    excuse = Excuse.objects.get()
    assert (excuse.employee_id, excuse.working_days) == (org.staff.employee_id, 4)
    page = client.get("/absensi/pengajuan/").content.decode()
    assert "Cuti tahunan diajukan kepada atasan langsung." in page
    assert "17 Agustus 2026 s.d. 21 Agustus 2026" in page and "Menunggu persetujuan" in page
    assert "(4 hari kerja sedang menunggu persetujuan)" in page


def test_errors_are_shown_next_to_the_fields(org):
    response = client_for(org.staff).post("/absensi/pengajuan/izin/", CUTI | {"kind": "duty"})
    assert response.status_code == 422
    assert "Tempat wajib diisi untuk dinas luar dan WFA." in response.content.decode()
    assert Excuse.objects.count() == 0


def test_a_correction_asked_and_cancelled_from_the_page(org):
    client = client_for(org.staff)
    data = {"koreksi-date": "2026-07-14", "koreksi-kind": "out", "koreksi-time": "16:10", "koreksi-reason": "Lupa"}
    assert client.post("/absensi/pengajuan/koreksi/", data).status_code == 302
    correction = CorrectionRequest.objects.get()
    assert (correction.kind, str(correction.time)) == ("out", "16:10:00")
    assert client_for(org.peer).post(f"/absensi/pengajuan/koreksi/{correction.pk}/batal/").status_code == 404
    assert client.post(f"/absensi/pengajuan/koreksi/{correction.pk}/batal/").status_code == 302
    correction.refresh_from_db()
    assert correction.status == "cancelled"


def test_the_superior_decides_by_htmx_and_by_plain_post(org):
    client_for(org.staff).post("/absensi/pengajuan/izin/", CUTI)
    client_for(org.staff).post(
        "/absensi/pengajuan/izin/", CUTI | {"kind": "wfh", "start_date": "2026-09-01", "end_date": "2026-09-01"}
    )
    first, second = Excuse.objects.order_by("pk")
    chief = client_for(org.chief)
    page = chief.get("/absensi/persetujuan/").content.decode()
    assert "Analis" in page and 'hx-post="/absensi/persetujuan/izin/' in page
    row = chief.post(
        f"/absensi/persetujuan/izin/{first.pk}/setujui/", {"note": "Silakan"}, headers={"HX-Request": "true"}
    )
    assert row.status_code == 200
    html = row.content.decode()
    assert html.lstrip().startswith(f'<tr id="izin-{first.pk}">') and "Disetujui" in html and "Silakan" in html
    refused = chief.post(f"/absensi/persetujuan/izin/{second.pk}/tolak/", {"note": ""})
    assert refused.status_code == 302
    second.refresh_from_db()
    assert second.status == "pending"
    assert "Alasan penolakan wajib diisi." in chief.get("/absensi/persetujuan/").content.decode()
    chief.post(f"/absensi/persetujuan/izin/{second.pk}/tolak/", {"note": "Ada rapat"})
    assert [e.status for e in Excuse.objects.order_by("pk")] == ["approved", "rejected"]


def test_denied_deciders_change_nothing(org):
    client_for(org.staff).post("/absensi/pengajuan/izin/", CUTI)
    excuse = Excuse.objects.get()
    assert client_for(org.staff).get("/absensi/persetujuan/").status_code == 403  # nobody reports to them
    assert client_for(org.head).post(f"/absensi/persetujuan/izin/{excuse.pk}/setujui/").status_code == 403
    assert client_for(org.chief).post(f"/absensi/persetujuan/izin/{excuse.pk}/hapus/").status_code == 404
    excuse.refresh_from_db()
    assert excuse.status == "pending"


def test_a_correction_decided_by_htmx(org):
    client_for(org.staff).post(
        "/absensi/pengajuan/koreksi/",
        {"koreksi-date": "2026-07-14", "koreksi-kind": "in", "koreksi-time": "07:20", "koreksi-reason": "Lupa"},
    )
    correction = CorrectionRequest.objects.get()
    row = client_for(org.chief).post(
        f"/absensi/persetujuan/koreksi/{correction.pk}/setujui/", headers={"HX-Request": "true"}
    )
    assert f'<tr id="koreksi-{correction.pk}">' in row.content.decode()
    correction.refresh_from_db()
    assert correction.status == "approved" and correction.event_id is not None


def test_menu_entries_by_role(org):
    def menu(user):
        return client_for(user).get("/absensi/aturan/").content.decode()

    staff, chief, admin = menu(org.staff), menu(org.chief), menu(org.admin)
    assert "Pengajuan saya" in staff and "Persetujuan" not in staff and "Atur sif" not in staff
    assert "Pengajuan saya" in chief and "Persetujuan" in chief
    assert "Atur sif" in admin


def test_shift_pages(org):
    client = client_for(org.admin)
    assert "Belum ada sif." in client.get("/absensi/sif/").content.decode()
    data = {
        "code": "M",
        "name": "Sif malam",
        "start": "21:00",
        "end": "07:00",
        "break_minutes": "60",
        "opd": org.agency.pk,
    }
    assert client.post("/absensi/sif/baru/", data).status_code == 302
    shift = Shift.objects.get()
    page = client.get(f"/absensi/sif/?opd={org.agency.pk}").content.decode()
    assert "21.00–07.00" in page and "(esok hari)" in page and "540 menit" in page
    again = client.post("/absensi/sif/baru/", data)
    assert again.status_code == 422 and "Kode sif sudah dipakai di OPD ini." in again.content.decode()
    unit = OrgUnit.objects.get(agency=org.agency, name="Bidang Pelayanan Kesehatan")
    assignment = {
        "opd": org.agency.pk,
        "jadwal-shift": shift.pk,
        "jadwal-org_unit": unit.pk,
        "jadwal-employee": "",
        "jadwal-start_date": "2026-08-01",
        "jadwal-end_date": "2026-08-31",
        "jadwal-weekdays": ["5", "6"],
    }
    assert client.post("/absensi/sif/jadwal/", assignment).status_code == 302
    assert ShiftAssignment.objects.get().weekdays == [5, 6]
    assert "Sabtu, Minggu" in client.get("/absensi/sif/").content.decode()
    edit = client.post(f"/absensi/sif/{shift.pk}/ubah/", data | {"start": "22:00"})
    assert edit.status_code == 302
    assert client.post(f"/absensi/sif/{shift.pk}/aktif/").status_code == 302
    shift.refresh_from_db()
    assert (str(shift.start), shift.is_active) == ("22:00:00", False)


def test_shift_pages_are_for_managers_of_the_agency(org):
    assert client_for(org.staff).get("/absensi/sif/").status_code == 403
    other = client_for(org.other_admin)
    assert other.get(f"/absensi/sif/?opd={org.agency.pk}").status_code == 404
    data = {
        "code": "M",
        "name": "Sif malam",
        "start": "21:00",
        "end": "07:00",
        "break_minutes": "0",
        "opd": org.agency.pk,
    }
    assert other.post("/absensi/sif/baru/", data).status_code == 404
    assert Shift.objects.count() == 0
