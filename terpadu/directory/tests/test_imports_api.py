"""API of directory import/export: the same checks as the pages, JSON reports, scoped exports."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from terpadu.core.roles import Role
from terpadu.directory.models import Agency, DirectoryImportJob, Employee
from terpadu.directory.tests.factories import (
    EMPLOYEE_IMPORT_HEADERS,
    AgencyFactory,
    PositionFactory,
    bearer,
    csv_bytes,
    directory_sheets,
    user_with_role,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db
URL = "/api/v1/directory/imports"


@pytest.fixture(autouse=True)
def _memory_storage(settings):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}


def _post(api_client, user, data, filename, *, dry_run, kind=""):
    headers = bearer(user) if user is not None else {}
    return api_client.post(
        f"{URL}?dry_run={'true' if dry_run else 'false'}",
        {"file": SimpleUploadedFile(filename, data), "kind": kind},
        headers=headers,
    )


def test_a_dry_run_answers_the_summary_and_writes_nothing(api_client):
    admin = user_with_role(Role.PLATFORM_ADMIN)

    response = _post(api_client, admin, xlsx_bytes(directory_sheets()), "d.xlsx", dry_run=True)

    body = response.json()
    assert response.status_code == 200
    assert (body["dry_run"], body["committed"], body["errors"]) == (True, False, [])
    assert body["summary"]["employees"] == {"create": 3, "update": 0, "unchanged": 0, "invalid": 0}
    assert Agency.objects.count() == 0


def test_a_commit_with_row_errors_answers_422_with_the_errors(api_client):
    admin = user_with_role(Role.PLATFORM_ADMIN)
    sheets = directory_sheets()
    sheets["pegawai"][2][2] = ""  # PPPK without NI PPPK

    response = _post(api_client, admin, xlsx_bytes(sheets), "d.xlsx", dry_run=False)

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"sheet": "pegawai", "row": 3, "column": "ni_pppk", "reason": "NI PPPK wajib diisi untuk PPPK."}
    ]
    assert response.json()["dry_run"] is False
    assert Agency.objects.count() == 0
    assert DirectoryImportJob.objects.count() == 0


def test_a_csv_commit_is_queued_and_its_status_read_back(api_client, django_capture_on_commit_callbacks):
    agency = AgencyFactory(code="3.01")
    PositionFactory(agency=agency, code="STAF")
    admin = user_with_role(Role.AGENCY_ADMIN, agency=agency)
    row = ["PNS", "198503142010031001", "", "Siti", "", "", "", "", "", "3.01", "STAF", "", "02-01-2024", ""]

    with django_capture_on_commit_callbacks(execute=True):
        response = _post(
            api_client, admin, csv_bytes([EMPLOYEE_IMPORT_HEADERS, row]), "p.csv", dry_run=False, kind="employees"
        )
    job = DirectoryImportJob.objects.get()
    status = api_client.get(response.json()["url"], headers=bearer(admin))

    assert response.status_code == 202
    assert response.json() == {"job_id": job.pk, "status": "queued", "url": f"{URL}/jobs/{job.pk}"}
    body = status.json()
    assert status.status_code == 200
    assert (body["status"], body["progress_done"], body["progress_total"], body["error"]) == ("done", 1, 1, "")
    assert body["report"]["summary"] == {"employees": {"create": 1, "update": 0, "unchanged": 0, "invalid": 0}}
    assert body["page_url"] == f"/direktori/impor-ekspor/tugas/{job.pk}/"
    assert Employee.objects.get(nip="198503142010031001").placements.get().start_date.isoformat() == "2024-01-02"


def test_a_forged_file_answers_422_in_the_error_format(api_client):
    admin = user_with_role(Role.PLATFORM_ADMIN)

    response = _post(api_client, admin, b"\x00\x01\x02", "p.csv", dry_run=True, kind="employees")

    message = "Berkas CSV berisi data biner (byte NUL); unggah berkas CSV teks biasa."
    assert (response.status_code, response.json()) == (
        422,
        {"code": "validation_error", "message": message, "fields": {"file": [message]}},
    )


@pytest.mark.parametrize(("role", "status"), [(None, 401), (Role.EMPLOYEE, 403), (Role.AGENCY_OPERATOR, 403)])
def test_only_admins_may_import_or_export(api_client, role, status):
    user = user_with_role(role, agency=AgencyFactory()) if role else None

    imported = _post(api_client, user, xlsx_bytes(directory_sheets()), "d.xlsx", dry_run=False)
    exported = api_client.get("/api/v1/directory/exports/employees", headers=bearer(user) if user else {})

    assert (imported.status_code, exported.status_code) == (status, status)
    assert Agency.objects.filter(code="3.03").count() == 0


def test_an_export_is_scoped_and_in_the_import_format(api_client):
    mine = AgencyFactory(code="3.01", name="Dinas Kominfo")
    AgencyFactory(government=mine.government, code="3.03")
    admin = user_with_role(Role.AGENCY_ADMIN, agency=mine)

    response = api_client.get("/api/v1/directory/exports/agencies?format=csv", headers=bearer(admin))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.decode("utf-8-sig").splitlines() == [
        "kode,nama,singkatan,jenis,alamat,telepon,email,aktif",
        f"3.01,Dinas Kominfo,{mine.short_name},dinas,,,,ya",
    ]


def test_an_unknown_export_kind_is_a_field_error(api_client):
    admin = user_with_role(Role.PLATFORM_ADMIN)

    response = api_client.get("/api/v1/directory/exports/gaji?format=xlsx", headers=bearer(admin))

    assert response.status_code == 422
    assert response.json()["fields"] == {"kind": ["Pilih jenis data (semua jenis sekaligus hanya untuk XLSX)."]}
