"""POST/GET /api/v1/attendance/imports: the exact JSON shapes, 422 with nothing written, 202 + job status for a
big file, refusals, and the scoped history."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from terpadu.attendance import machine_imports
from terpadu.attendance.models import AttendanceEvent, MachineImport
from terpadu.core.roles import Role
from terpadu.directory.tests.factories import (
    AgencyFactory,
    EmployeeFactory,
    GovernmentFactory,
    PositionFactory,
    bearer,
    csv_bytes,
    user_with_role,
)

pytestmark = pytest.mark.django_db
URL = "/api/v1/attendance/imports"


@pytest.fixture
def place():
    government = GovernmentFactory(timezone="Asia/Jakarta")
    agency = AgencyFactory(government=government, name="Dinas Kesehatan")
    people = [EmployeeFactory(position=PositionFactory(agency=agency)) for _ in range(2)]
    admin = user_with_role(Role.AGENCY_ADMIN, agency=agency)
    return government, agency, people, admin


def post(user, rows, **data):
    file = SimpleUploadedFile("log.csv", csv_bytes([["nip", "timestamp", "device"], *rows]), content_type="text/csv")
    return Client(headers=bearer(user)).post(URL, {"file": file, **data})


def test_accepted_import_answers_exactly_the_counts(place):
    _, _, (a, b), admin = place

    response = post(
        admin,
        [
            [a.nip, "2026-03-02 07:30:00", "M1"],
            [a.nip, "2026-03-02 07:30:00", "M1"],
            [b.nip, "2026-03-02T07:31:00+07:00", ""],
        ],
    )

    assert response.status_code == 200
    assert response.json() == {"imported": 2, "duplicates": 1, "errors": []}


def test_invalid_rows_answer_422_with_the_same_shape_and_write_nothing(place):
    _, _, (a, _), admin = place

    response = post(admin, [[a.nip, "2026-03-02 07:30:00", ""], ["", "bukan waktu", ""]])

    assert response.status_code == 422
    assert response.json() == {
        "imported": 0,
        "duplicates": 0,
        "errors": [
            {"row": 3, "column": "nip", "message": "NIP atau ID mesin kosong."},
            {
                "row": 3,
                "column": "timestamp",
                "message": "Waktu 'bukan waktu' tidak sah; gunakan ISO 8601 dengan jam, mis. "
                "2026-03-02T07:31:00+08:00 atau 2026-03-02 07:31:00.",
            },
        ],
        "code": "import_rejected",
        "message": "Berkas memuat 2 kesalahan; tidak ada data yang disimpan.",
    }
    assert AttendanceEvent.objects.count() == 0
    assert MachineImport.objects.get().status == "rejected"


def test_platform_admin_names_the_agency(place):
    government, agency, (a, _), _ = place
    platform = user_with_role(Role.PLATFORM_ADMIN, government=government)

    missing = post(platform, [[a.nip, "2026-03-02 07:30:00", ""]])
    chosen = post(platform, [[a.nip, "2026-03-02 07:30:00", ""]], agency_id=agency.pk)

    assert missing.status_code == 422
    assert missing.json() == {
        "code": "agency_required",
        "message": "Pilih OPD yang log mesinnya diimpor.",
        "fields": {"agency_id": ["Pilih OPD yang log mesinnya diimpor."]},
    }
    assert chosen.status_code == 200 and chosen.json() == {"imported": 1, "duplicates": 0, "errors": []}


@pytest.mark.parametrize("role", [Role.AGENCY_OPERATOR, Role.EMPLOYEE, Role.SECRETARY])
def test_non_managers_are_refused_and_nothing_changes(place, role):
    _, agency, (a, _), _ = place
    user = (
        user_with_role(role, agency=agency)
        if role != Role.SECRETARY
        else user_with_role(role, government=agency.government)
    )

    response = post(user, [[a.nip, "2026-03-02 07:30:00", ""]], agency_id=agency.pk)

    assert response.status_code == 403
    assert (AttendanceEvent.objects.count(), MachineImport.objects.count()) == (0, 0)


def test_other_agencys_admin_is_refused(place):
    government, agency, (a, _), _ = place
    other_admin = user_with_role(Role.AGENCY_ADMIN, agency=AgencyFactory(government=government))

    response = post(other_admin, [[a.nip, "2026-03-02 07:30:00", ""]], agency_id=agency.pk)

    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    assert MachineImport.objects.count() == 0


def test_anonymous_is_refused():
    response = Client().post(URL, {})

    assert response.status_code == 401


def test_a_big_file_answers_202_and_its_job_reads_back(place, monkeypatch, django_capture_on_commit_callbacks):
    _, _, (a, b), admin = place
    monkeypatch.setattr(machine_imports, "SYNC_LIMIT", 1)

    with django_capture_on_commit_callbacks(execute=True):
        response = post(admin, [[a.nip, "2026-03-02 07:30:00", ""], [b.nip, "2026-03-02 07:31:00", ""]])
    job_id = response.json()["job_id"]
    status = Client(headers=bearer(admin)).get(f"{URL}/jobs/{job_id}")

    assert response.status_code == 202
    assert response.json() == {"job_id": job_id, "status": "queued", "url": f"/api/v1/attendance/imports/jobs/{job_id}"}
    record = MachineImport.objects.get()
    assert status.status_code == 200
    assert status.json() == {
        "job_id": job_id,
        "file_name": "log.csv",
        "status": "done",
        "progress_done": 2,
        "progress_total": 2,
        "import_id": record.pk,
        "result": {"imported": 2, "duplicates": 0, "errors": []},
    }


def test_history_is_scoped_and_paginated(place):
    government, agency, (a, _), admin = place
    post(admin, [[a.nip, "2026-03-02 07:30:00", ""]])
    other_admin = user_with_role(Role.AGENCY_ADMIN, agency=AgencyFactory(government=government))

    mine = Client(headers=bearer(admin)).get(URL).json()
    theirs = Client(headers=bearer(other_admin)).get(URL).json()
    employee = Client(headers=bearer(user_with_role(Role.EMPLOYEE, agency=agency))).get(URL)

    record = MachineImport.objects.get()
    assert mine == {
        "count": 1,
        "items": [
            {
                "id": record.pk,
                "agency_id": agency.pk,
                "agency_name": "Dinas Kesehatan",
                "file_name": "log.csv",
                "uploaded_at": mine["items"][0]["uploaded_at"],
                "uploaded_by": admin.username,
                "status": "done",
                "rows": 1,
                "imported": 1,
                "duplicates": 0,
                "error_count": 0,
            }
        ],
    }
    assert theirs == {"count": 0, "items": []}
    assert employee.status_code == 403


def test_imports_are_in_the_openapi():
    schema = Client().get("/api/v1/openapi.json").json()

    assert "post" in schema["paths"]["/api/v1/attendance/imports"]
    assert "get" in schema["paths"]["/api/v1/attendance/imports"]
    assert "/api/v1/attendance/imports/jobs/{job_id}" in schema["paths"]
