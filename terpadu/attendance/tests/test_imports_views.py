"""Impor mesin absensi pages: upload (agency choice for the platform admin), result with counts and the error
table, the job page of a big file, history, the machine-id mapping page, menu entries and refusals."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from terpadu.attendance import machine_imports
from terpadu.attendance.models import AttendanceEvent, MachineImport, MachineUserMap
from terpadu.core.navigation import menu_for
from terpadu.core.roles import Role
from terpadu.directory.tests.factories import (
    AgencyFactory,
    EmployeeFactory,
    GovernmentFactory,
    PositionFactory,
    csv_bytes,
    user_with_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.TWO_FACTOR_REQUIRED = False


@pytest.fixture
def place():
    government = GovernmentFactory(timezone="Asia/Jayapura")
    agency = AgencyFactory(government=government, code="DINKES", name="Dinas Kesehatan")
    people = [EmployeeFactory(position=PositionFactory(agency=agency)) for _ in range(2)]
    admin = user_with_role(Role.AGENCY_ADMIN, agency=agency)
    return government, agency, people, admin


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def log(rows, header=("nip", "timestamp")):
    return SimpleUploadedFile("log maret.csv", csv_bytes([list(header), *rows]), content_type="text/csv")


def test_upload_then_result_page_with_counts(place):
    _, _, (a, b), admin = place
    client = client_for(admin)

    response = client.post(
        "/absensi/impor/",
        {"file": log([[a.nip, "2026-03-02 07:30:00"], [a.nip, "2026-03-02 07:30:00"], [b.nip, "2026-03-02 07:40:00"]])},
    )

    record = MachineImport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/absensi/impor/{record.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Impor: log maret.csv" in page and "Semua baris diperiksa dan disimpan." in page
    assert "<dt>Catatan masuk</dt><dd>2</dd>" in page and "<dt>Duplikat dilewati</dt><dd>1</dd>" in page
    assert "2 catatan presensi masuk, 1 duplikat dilewati." in page
    assert "unduh berkas" in page


def test_rejected_file_shows_the_error_table_and_writes_nothing(place):
    _, _, (a, _), admin = place
    client = client_for(admin)

    response = client.post(
        "/absensi/impor/", {"file": log([[a.nip, "2026-03-02 07:30:00"], ["xyz", "2026-03-02 07:40:00"]])}, follow=True
    )

    page = response.content.decode()
    assert "Tidak ada data yang disimpan" in page
    assert "<td>3</td><td>nip</td><td>ID mesin &#x27;xyz&#x27; tidak dikenal" in page
    assert AttendanceEvent.objects.count() == 0


def test_platform_admin_chooses_the_agency(place):
    government, agency, (a, _), _ = place
    platform = user_with_role(Role.PLATFORM_ADMIN, government=government)
    AgencyFactory(government=government, code="DISDIK", name="Dinas Pendidikan")
    client = client_for(platform)

    form = client.get("/absensi/impor/").content.decode()
    missing = client.post("/absensi/impor/", {"file": log([[a.nip, "2026-03-02 07:30:00"]])})
    chosen = client.post("/absensi/impor/", {"file": log([[a.nip, "2026-03-02 07:30:00"]]), "agency_id": agency.pk})

    assert "DINKES — Dinas Kesehatan" in form and "DISDIK — Dinas Pendidikan" in form
    assert missing.status_code == 422 and MachineImport.objects.filter(agency=agency).count() == 1
    assert chosen.status_code == 302


def test_a_big_file_goes_to_its_job_page(place, monkeypatch, django_capture_on_commit_callbacks):
    _, _, (a, _), admin = place
    monkeypatch.setattr(machine_imports, "SYNC_LIMIT", 0)
    client = client_for(admin)

    with django_capture_on_commit_callbacks() as jobs:
        response = client.post("/absensi/impor/", {"file": log([[a.nip, "2026-03-02 07:30:00"]])})
    waiting = client.get(response["Location"]).content.decode()
    polled = client.get(response["Location"] + "status/")
    for job in jobs:
        job()
    done = client.get(response["Location"] + "status/")

    assert response["Location"].startswith("/absensi/impor/berkas/")
    assert "Berkas sedang menunggu giliran untuk diproses" in waiting and 'hx-trigger="every 2s"' in waiting
    assert polled.status_code == 200
    assert done.status_code == 204 and done["HX-Redirect"] == f"/absensi/impor/{MachineImport.objects.get().pk}/"


def test_history_lists_the_agencys_imports_for_the_operator_without_the_form(place):
    _, agency, (a, _), admin = place
    machine_imports.machine_import_upload(user=admin, agency_id=agency.pk, file=log([[a.nip, "2026-03-02 07:30:00"]]))
    operator = user_with_role(Role.AGENCY_OPERATOR, agency=agency)

    page = client_for(operator).get("/absensi/impor/").content.decode()

    assert "Riwayat impor" in page and "log maret.csv" in page and "Selesai" in page
    assert 'type="file"' not in page


@pytest.mark.parametrize("url", ["/absensi/impor/", "/absensi/impor/id-mesin/"])
def test_employees_are_refused_and_anonymous_sent_to_login(place, url):
    _, agency, _, _ = place

    refused = client_for(user_with_role(Role.EMPLOYEE, agency=agency)).get(url)
    anonymous = Client().get(url)

    assert refused.status_code == 403
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/akun/masuk/")


def test_another_agencys_import_is_not_found(place):
    government, agency, (a, _), admin = place
    result = machine_imports.machine_import_upload(
        user=admin, agency_id=agency.pk, file=log([[a.nip, "2026-03-02 07:30:00"]])
    )
    other = user_with_role(Role.AGENCY_ADMIN, agency=AgencyFactory(government=government))

    assert client_for(other).get(f"/absensi/impor/{result.import_id}/").status_code == 404


def test_mapping_page_adds_uploads_and_deletes(place):
    _, agency, (a, b), admin = place
    client = client_for(admin)

    added = client.post(
        "/absensi/impor/id-mesin/simpan/", {"agency_id": agency.pk, "machine_user_id": "17", "nip": a.nip}
    )
    uploaded = client.post(
        "/absensi/impor/id-mesin/unggah/",
        {"agency_id": agency.pk, "file": log([["18", b.nip]], header=("machine_user_id", "nip"))},
    )
    page = client.get(f"/absensi/impor/id-mesin/?agency={agency.pk}").content.decode()
    row = MachineUserMap.objects.get(machine_user_id="17")
    deleted = client.post(f"/absensi/impor/id-mesin/{row.pk}/hapus/", {"agency_id": agency.pk})

    assert added.status_code == 302 and uploaded.status_code == 302 and deleted.status_code == 302
    assert "Pemetaan Dinas Kesehatan" in page and a.nip in page and b.nip in page
    assert list(MachineUserMap.objects.values_list("machine_user_id", flat=True)) == ["18"]


def test_mapping_errors_are_shown_next_to_the_form(place):
    _, agency, _, admin = place

    response = client_for(admin).post(
        "/absensi/impor/id-mesin/simpan/",
        {"agency_id": agency.pk, "machine_user_id": "17", "nip": "199001012015011001"},
    )

    assert response.status_code == 422
    assert "NIP 199001012015011001 tidak terdaftar pada pemerintah daerah ini." in response.content.decode()
    assert MachineUserMap.objects.count() == 0


def test_menu_entries_by_role(place):
    _, agency, _, admin = place

    def labels(user):
        return {item.label for item in menu_for(user.get_actor())}

    assert {"Impor mesin absensi", "ID mesin absensi"} <= labels(admin)
    operator = labels(user_with_role(Role.AGENCY_OPERATOR, agency=agency))
    assert "Impor mesin absensi" in operator and "ID mesin absensi" not in operator
    assert not {"Impor mesin absensi", "ID mesin absensi"} & labels(user_with_role(Role.EMPLOYEE, agency=agency))
