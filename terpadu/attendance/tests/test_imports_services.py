"""Machine-log import services: all or nothing, duplicates within a file and across imports never stored twice,
machine user ids, the agency's scope, refusals that change nothing, audit, the stored file and the job."""

from datetime import UTC, date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from terpadu.attendance import machine_imports, machine_users
from terpadu.attendance.models import AttendanceEvent, MachineImport, MachineUserMap
from terpadu.core.errors import AccessDenied, NotFound, ValidationFailed
from terpadu.core.models import AuditEvent
from terpadu.core.roles import Role
from terpadu.directory.models import Employee
from terpadu.directory.tests.factories import (
    AgencyFactory,
    EmployeeFactory,
    GovernmentFactory,
    PositionFactory,
    csv_bytes,
    user_with_role,
    xlsx_bytes,
)
from terpadu.documents.models import StoredFile

pytestmark = pytest.mark.django_db
HEADER = ["nip", "timestamp", "device"]


@pytest.fixture
def place():
    government = GovernmentFactory(timezone="Asia/Makassar")
    agency = AgencyFactory(government=government, name="Dinas Kesehatan")
    other = AgencyFactory(government=government, name="Dinas Pendidikan")
    people = [EmployeeFactory(position=PositionFactory(agency=agency)) for _ in range(3)]
    stranger = EmployeeFactory(position=PositionFactory(agency=other))
    admin = user_with_role(Role.AGENCY_ADMIN, agency=agency)
    return government, agency, other, people, stranger, admin


def upload(rows, name="log.csv", header=HEADER):
    return SimpleUploadedFile(name, csv_bytes([header, *rows]), content_type="text/csv")


def run(user, agency, rows, **kwargs):
    agency_id = agency.pk if agency is not None else None
    return machine_imports.machine_import_upload(user=user, agency_id=agency_id, file=upload(rows, **kwargs))


def events():
    return list(
        AttendanceEvent.objects.order_by("employee_id", "occurred_at").values_list(
            "employee_id", "kind", "occurred_at", "local_date", "source", "machine_device", "agency_id"
        )
    )


def test_a_clean_log_becomes_machine_events_in_and_out_per_local_day(place):
    government, agency, _, (a, b, _), _, admin = place

    result = run(
        admin,
        agency,
        [
            [a.nip, "2026-03-02 07:31:05", "MESIN-1"],
            [a.nip, "2026-03-02 16:02:00", "MESIN-1"],
            [b.nip, "2026-03-02T07:50:00+07:00", ""],  # 08:50 WITA
        ],
    )

    assert result.as_json() == {"imported": 3, "duplicates": 0, "errors": []}
    assert (result.status, result.rows) == ("done", 3)
    record = MachineImport.objects.get()
    assert (record.agency_id, record.government_id, record.rows, record.imported, record.duplicates) == (
        agency.pk,
        government.pk,
        3,
        3,
        0,
    )
    assert events() == [
        (a.pk, "in", datetime(2026, 3, 1, 23, 31, 5, tzinfo=UTC), date(2026, 3, 2), "machine", "MESIN-1", agency.pk),
        (a.pk, "out", datetime(2026, 3, 2, 8, 2, tzinfo=UTC), date(2026, 3, 2), "machine", "MESIN-1", agency.pk),
        (b.pk, "in", datetime(2026, 3, 2, 0, 50, tzinfo=UTC), date(2026, 3, 2), "machine", "", agency.pk),
    ]
    assert set(AttendanceEvent.objects.values_list("machine_import_id", flat=True)) == {record.pk}


def test_any_invalid_row_writes_nothing_and_records_a_rejected_import(place):
    _, agency, _, (a, _, _), stranger, admin = place

    result = run(admin, agency, [[a.nip, "2026-03-02 07:31:00", ""], [stranger.nip, "2026-03-02 07:40:00", ""]])

    assert result.as_json() == {
        "imported": 0,
        "duplicates": 0,
        "errors": [{"row": 3, "column": "nip", "message": f"Pegawai {stranger.nip} bukan pegawai Dinas Kesehatan."}],
    }
    assert result.status == "rejected" and result.message == "Berkas memuat 1 kesalahan; tidak ada data yang disimpan."
    assert AttendanceEvent.objects.count() == 0
    record = MachineImport.objects.get()
    assert (record.status, record.rows, record.imported) == ("rejected", 2, 0)
    assert record.errors == result.errors


def test_duplicates_in_the_file_and_across_imports_are_counted_never_stored_twice(place):
    _, agency, _, (a, b, _), _, admin = place
    line = [a.nip, "2026-03-02 07:31:00", "M1"]

    first = run(admin, agency, [line, line, [a.nip, "2026-03-02T07:31:00+08:00", "M2"]])
    second = run(admin, agency, [line, [b.nip, "2026-03-02 07:35:00", "M1"]])

    assert first.as_json() == {"imported": 1, "duplicates": 2, "errors": []}
    assert second.as_json() == {"imported": 1, "duplicates": 1, "errors": []}
    assert AttendanceEvent.objects.filter(employee=a).count() == 1
    assert AttendanceEvent.objects.count() == 2
    assert list(MachineImport.objects.order_by("pk").values_list("imported", "duplicates")) == [(1, 2), (1, 1)]


def test_a_later_import_of_an_earlier_punch_keeps_stored_events_and_marks_new_ones(place):
    _, agency, _, (a, _, _), _, admin = place
    run(admin, agency, [[a.nip, "2026-03-02 16:00:00", ""]])

    run(admin, agency, [[a.nip, "2026-03-02 07:30:00", ""], [a.nip, "2026-03-02 17:00:00", ""]])

    assert [kind for _, kind, *_ in events()] == ["in", "in", "out"]


def test_machine_user_ids_are_resolved_through_the_agencys_mapping(place):
    _, agency, _, (a, b, _), _, admin = place
    machine_users.machine_user_map_set(user=admin, agency_id=agency.pk, machine_user_id="0007", nip=b.nip)

    result = run(admin, agency, [["0007", "2026-03-02 07:30:00", ""], [a.nip, "2026-03-02 07:31:00", ""]])

    assert result.as_json() == {"imported": 2, "duplicates": 0, "errors": []}
    assert sorted(AttendanceEvent.objects.values_list("employee_id", flat=True)) == sorted([a.pk, b.pk])


def test_pppk_employees_are_found_by_their_ni_pppk(place):
    _, agency, _, _, _, admin = place
    pppk = EmployeeFactory(
        position=PositionFactory(agency=agency), kind=Employee.Kind.PPPK, nip=None, pppk_number="198503142021212001"
    )

    result = run(admin, agency, [["198503142021212001", "2026-03-02 07:30:00", ""]])

    assert result.imported == 1 and AttendanceEvent.objects.get().employee_id == pppk.pk


def test_xlsx_logs_with_date_cells_are_local_time(place):
    _, agency, _, (a, _, _), _, admin = place
    data = xlsx_bytes({"log": [["NIP", "Timestamp"], [a.nip, datetime(2026, 3, 2, 7, 30)]]})
    file = SimpleUploadedFile("log.xlsx", data)

    result = machine_imports.machine_import_upload(user=admin, agency_id=agency.pk, file=file)

    assert result.as_json() == {"imported": 1, "duplicates": 0, "errors": []}
    assert AttendanceEvent.objects.get().occurred_at == datetime(2026, 3, 1, 23, 30, tzinfo=UTC)


def test_header_and_empty_file_problems_are_row_one_errors(place):
    _, agency, _, (a, _, _), _, admin = place

    bad_header = run(admin, agency, [[a.nip, "2026-03-02 07:30:00"]], header=["pegawai", "timestamp"])
    empty = run(admin, agency, [])

    assert bad_header.errors == [
        {"row": 1, "column": "nip", "message": "Kolom nip tidak ada pada baris judul (judul: nip,timestamp[,device])."}
    ]
    assert empty.errors == [{"row": 1, "column": "", "message": "Berkas tidak memuat baris data di bawah judul."}]
    assert AttendanceEvent.objects.count() == 0


def test_the_upload_is_stored_through_documents_and_the_import_audited(place):
    _, agency, _, (a, _, _), _, admin = place

    result = run(admin, agency, [[a.nip, "2026-03-02 07:30:00", ""]], name="mesin maret.csv")

    record = MachineImport.objects.get(pk=result.import_id)
    stored = StoredFile.objects.get(pk=record.file_id)
    assert (stored.purpose, stored.original_name, stored.uploaded_by_id) == (
        "absensi-log-mesin",
        "mesin maret.csv",
        admin.pk,
    )
    audit = AuditEvent.objects.get(action="attendance.machine_import.done")
    assert (audit.object_id, audit.agency_id, audit.actor_id) == (str(record.pk), agency.pk, admin.pk)
    assert audit.after == {
        "file_name": "mesin maret.csv",
        "file_id": stored.pk,
        "rows": 1,
        "imported": 1,
        "duplicates": 0,
        "errors": 0,
    }


def test_platform_admin_imports_for_the_agency_chosen_and_must_choose(place):
    government, agency, _, (a, _, _), _, _ = place
    platform = user_with_role(Role.PLATFORM_ADMIN, government=government)

    with pytest.raises(ValidationFailed) as refused:
        run(platform, None, [[a.nip, "2026-03-02 07:30:00", ""]])
    result = run(platform, agency, [[a.nip, "2026-03-02 07:30:00", ""]])

    assert refused.value.fields == {"agency_id": ["Pilih OPD yang log mesinnya diimpor."]}
    assert result.imported == 1


def test_agency_admin_without_a_choice_imports_for_their_own_agency(place):
    _, agency, _, (a, _, _), _, admin = place

    result = run(admin, None, [[a.nip, "2026-03-02 07:30:00", ""]])

    assert MachineImport.objects.get(pk=result.import_id).agency_id == agency.pk


@pytest.mark.parametrize("case", ["other_agency_admin", "operator", "employee", "auditor", "other_government"])
def test_refused_uploaders_change_nothing(place, case):
    government, agency, other, (a, _, _), _, _ = place
    user = {
        "other_agency_admin": lambda: user_with_role(Role.AGENCY_ADMIN, agency=other),
        "operator": lambda: user_with_role(Role.AGENCY_OPERATOR, agency=agency),
        "employee": lambda: user_with_role(Role.EMPLOYEE, agency=agency),
        "auditor": lambda: user_with_role(Role.AUDITOR, government=government),
        "other_government": lambda: user_with_role(Role.PLATFORM_ADMIN),
    }[case]()

    with pytest.raises((AccessDenied, NotFound, ValidationFailed)):
        run(user, agency, [[a.nip, "2026-03-02 07:30:00", ""]])

    assert (AttendanceEvent.objects.count(), MachineImport.objects.count(), StoredFile.objects.count()) == (0, 0, 0)


def test_history_is_scoped_to_the_readers_agencies(place):
    government, agency, other, (a, _, _), stranger, admin = place
    run(admin, agency, [[a.nip, "2026-03-02 07:30:00", ""]])
    other_admin = user_with_role(Role.AGENCY_ADMIN, agency=other)
    run(other_admin, other, [[stranger.nip, "2026-03-02 07:30:00", ""]])
    sekda = user_with_role(Role.SECRETARY, government=government)
    operator = user_with_role(Role.AGENCY_OPERATOR, agency=agency)
    employee = user_with_role(Role.EMPLOYEE, agency=agency)

    def agencies(user):
        return sorted(machine_imports.machine_imports_for(user=user).values_list("agency_id", flat=True))

    assert agencies(sekda) == sorted([agency.pk, other.pk])
    assert agencies(operator) == [agency.pk] and agencies(admin) == [agency.pk]
    assert agencies(employee) == []
    with pytest.raises(NotFound):
        machine_imports.machine_import_get(user=other_admin, pk=MachineImport.objects.get(agency=agency).pk)


def test_a_big_file_runs_as_a_job_whose_status_is_read_back(place, django_capture_on_commit_callbacks):
    _, agency, _, (a, b, _), _, admin = place
    rows = [[a.nip, "2026-03-02 07:30:00", ""], [b.nip, "2026-03-02 07:31:00", ""], [a.nip, "2026-03-02 16:00:00", ""]]

    with django_capture_on_commit_callbacks() as jobs:
        queued = machine_imports.machine_import_upload(user=admin, agency_id=agency.pk, file=upload(rows), sync_limit=2)
    waiting = machine_imports.machine_import_job_status(user=admin, file_id=queued.file_id)
    with django_capture_on_commit_callbacks(execute=True):
        for job in jobs:
            job()  # the worker (jobs run inline in tests)

    assert isinstance(queued, machine_imports.QueuedImport) and queued.estimated_rows == 3
    assert (waiting.status, waiting.done, waiting.total, waiting.active) == ("queued", 0, 3, True)
    status = machine_imports.machine_import_job_status(user=admin, file_id=queued.file_id)
    assert (status.status, status.done, status.total, status.active) == ("done", 3, 3, False)
    assert status.result is not None and status.result.as_json() == {"imported": 3, "duplicates": 0, "errors": []}
    assert machine_imports.machine_import_job_run(file_id=queued.file_id, agency_id=agency.pk, user_id=admin.pk) is None
    assert AttendanceEvent.objects.count() == 3 and MachineImport.objects.count() == 1
    with pytest.raises(NotFound):
        machine_imports.machine_import_job_status(
            user=user_with_role(Role.EMPLOYEE, agency=agency), file_id=queued.file_id
        )


def test_days_of_the_imported_employees_are_recomputed_after_commit(
    place, monkeypatch, django_capture_on_commit_callbacks
):
    from terpadu.attendance import days

    _, agency, _, (a, b, _), _, admin = place
    calls = []
    monkeypatch.setattr(days, "days_compute", lambda **kwargs: calls.append(kwargs) or 0, raising=False)

    with django_capture_on_commit_callbacks(execute=True):
        result = run(admin, agency, [[a.nip, "2026-03-02 07:30:00", ""], [b.nip, "2026-03-04 07:30:00", ""]])

    assert result.imported == 2
    assert calls == [
        {
            "government_id": agency.government_id,
            "start": date(2026, 3, 1),
            "end": date(2026, 3, 4),
            "employee_ids": sorted([a.pk, b.pk]),
        }
    ]


# --- machine user mappings ----------------------------------------------------------------------------------------


def test_mappings_are_set_changed_and_deleted_with_audit(place):
    _, agency, _, (a, b, _), _, admin = place

    row = machine_users.machine_user_map_set(user=admin, agency_id=agency.pk, machine_user_id=" 12 ", nip=a.nip)
    machine_users.machine_user_map_set(user=admin, agency_id=agency.pk, machine_user_id="12", nip=b.nip)

    assert list(MachineUserMap.objects.values_list("machine_user_id", "employee_id")) == [("12", b.pk)]
    machine_users.machine_user_map_delete(user=admin, pk=row.pk)
    assert MachineUserMap.objects.count() == 0
    audits = AuditEvent.objects.filter(action__startswith="attendance.machine_user_map").order_by("sequence")
    assert list(audits.values_list("action", flat=True)) == [
        "attendance.machine_user_map.set",
        "attendance.machine_user_map.set",
        "attendance.machine_user_map.delete",
    ]


def test_a_mapping_to_an_employee_of_another_agency_is_refused(place):
    _, agency, _, _, stranger, admin = place

    with pytest.raises(ValidationFailed) as refused:
        machine_users.machine_user_map_set(user=admin, agency_id=agency.pk, machine_user_id="9", nip=stranger.nip)

    assert refused.value.fields == {"nip": [f"Pegawai {stranger.nip} bukan pegawai Dinas Kesehatan."]}
    assert MachineUserMap.objects.count() == 0


def test_mapping_upload_is_all_or_nothing(place):
    _, agency, _, (a, b, c), stranger, admin = place
    machine_users.machine_user_map_set(user=admin, agency_id=agency.pk, machine_user_id="1", nip=a.nip)

    def send(rows):
        file = SimpleUploadedFile("peta.csv", csv_bytes([["machine_user_id", "nip"], *rows]))
        return machine_users.machine_user_map_upload(user=admin, agency_id=agency.pk, file=file)

    refused = send([["2", b.nip], ["3", stranger.nip], ["2", c.nip]])
    accepted = send([["1", a.nip], ["2", b.nip], ["1 ", a.nip], ["3", c.nip]])

    assert [e.as_dict() for e in refused.errors] == [
        {"row": 3, "column": "nip", "message": f"Pegawai {stranger.nip} bukan pegawai Dinas Kesehatan."},
        {"row": 4, "column": "machine_user_id", "message": "ID mesin 2 muncul lagi dengan NIP lain."},
    ]
    assert (accepted.created, accepted.updated, accepted.unchanged, accepted.errors) == (2, 0, 1, [])
    assert dict(MachineUserMap.objects.values_list("machine_user_id", "employee_id")) == {
        "1": a.pk,
        "2": b.pk,
        "3": c.pk,
    }


@pytest.mark.parametrize("role", [Role.AGENCY_OPERATOR, Role.EMPLOYEE])
def test_only_managers_change_mappings(place, role):
    _, agency, _, (a, _, _), _, _ = place
    user = user_with_role(role, agency=agency)

    with pytest.raises(AccessDenied):
        machine_users.machine_user_map_set(user=user, agency_id=agency.pk, machine_user_id="1", nip=a.nip)

    assert MachineUserMap.objects.count() == 0
