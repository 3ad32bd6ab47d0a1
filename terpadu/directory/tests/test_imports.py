"""Bulk import of the directory: a whole directory in one workbook, dry run, all-or-nothing, row errors."""

from collections import Counter
from dataclasses import asdict
from datetime import date

import pytest

from terpadu.core.audit import audit_verify_chain
from terpadu.core.errors import AccessDenied
from terpadu.core.models import AuditEvent
from terpadu.core.roles import Role
from terpadu.directory.imports import RowError, directory_import
from terpadu.directory.models import Agency, Employee, OrgUnit, Placement, Position
from terpadu.directory.tests.factories import (
    EMPLOYEE_IMPORT_HEADERS,
    AgencyFactory,
    EmployeeFactory,
    OrgUnitFactory,
    PositionFactory,
    directory_sheets,
    user_with_role,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return user_with_role(Role.PLATFORM_ADMIN)


def run(user, sheets, *, dry_run=False, kind=""):
    return directory_import(user=user, data=xlsx_bytes(sheets), filename="direktori.xlsx", kind=kind, dry_run=dry_run)


def counts():
    models = (Agency, OrgUnit, Position, Employee, Placement, AuditEvent)
    return tuple(model.objects.count() for model in models)


def summary(report):
    return {kind: tuple(asdict(c).values()) for kind, c in report.summary.items()}


# --- a whole directory ----------------------------------------------------------------------------------


def test_one_workbook_builds_agencies_units_positions_and_employees(admin):
    report = run(admin, directory_sheets())

    assert (report.committed, report.errors) == (True, [])
    # (create, update, unchanged, invalid)
    assert summary(report) == {
        "agencies": (2, 0, 0, 0),
        "units": (3, 0, 0, 0),
        "positions": (4, 0, 0, 0),
        "employees": (3, 0, 0, 0),
    }
    dinkes = Agency.objects.get(government=admin.government, code="3.03")
    assert (dinkes.name, dinkes.short_name, dinkes.kind, dinkes.address, dinkes.email, dinkes.is_active) == (
        "Dinas Kesehatan",
        "Dinkes",
        "dinas",
        "Jl. Merdeka 1",
        "dinkes@contoh.go.id",
        True,
    )
    assert Agency.objects.get(code="1.01").kind == "sekretariat"
    units = {u.code: (u.kind, u.parent.code if u.parent else None) for u in OrgUnit.objects.filter(agency=dinkes)}
    assert units == {"RUJ": ("seksi", "YANKES"), "SEK": ("sekretariat", None), "YANKES": ("bidang", None)}
    positions = {
        p.code: (p.agency.code, p.org_unit.code if p.org_unit else None, p.superior.code if p.superior else None)
        for p in Position.objects.all()
    }
    assert positions == {
        "SEKDA": ("1.01", None, None),
        "KADIS": ("3.03", None, "SEKDA"),
        "KABID": ("3.03", "YANKES", "KADIS"),
        "STAF": ("3.03", "RUJ", "KABID"),
    }
    assert list(Position.objects.filter(is_agency_head=True).values_list("code", flat=True).order_by("code")) == [
        "KADIS",
        "SEKDA",
    ]


def test_employees_get_numbers_titles_derived_birth_dates_and_a_first_placement(admin):
    run(admin, directory_sheets())

    employees = {
        e.name: (e.kind, e.nip, e.pppk_number, e.birth_date, e.gender, e.front_title, e.back_title, e.org_unit_id)
        for e in Employee.objects.all()
    }
    ruj, yankes = OrgUnit.objects.get(code="RUJ").pk, OrgUnit.objects.get(code="YANKES").pk
    assert employees == {
        "Siti Aminah": ("pns", "198503142010031001", None, date(1985, 3, 14), "L", "dr.", "M.Kes", None),
        "Budi Santoso": ("pppk", None, "199001012023211001", date(1990, 1, 1), "", "", "S.Kom.", ruj),
        "Made Wirawan": ("pns", "198703222012031002", None, date(1987, 3, 22), "L", "", "", yankes),
    }
    placements = {
        (p.employee.name, p.position.code, p.kind, p.start_date, p.end_date, p.decree_number)
        for p in Placement.objects.select_related("employee", "position")
    }
    assert placements == {
        ("Siti Aminah", "KADIS", "pengangkatan", date(2021, 1, 4), None, "SK/1/2021"),
        ("Budi Santoso", "STAF", "pengangkatan", date(2023, 1, 4), None, ""),
        ("Made Wirawan", "KABID", "pengangkatan", date(2022, 2, 1), None, ""),
    }


def test_every_created_row_is_audited_and_the_chain_holds(admin):
    run(admin, directory_sheets())

    assert Counter(AuditEvent.objects.values_list("action", flat=True)) == {
        "agency.create": 2,
        "org_unit.save": 3,
        "position.save": 4,
        "employee.create": 3,
        "employee.place.pengangkatan": 3,
        "directory.import": 1,
    }
    siti = Employee.objects.get(nip="198503142010031001")
    place = AuditEvent.objects.get(action="employee.place.pengangkatan", object_id=str(siti.pk))
    assert (place.actor_id, place.agency_id, place.before) == (
        admin.pk,
        siti.agency_id,
        dict.fromkeys(["agency_id", "position_id", "org_unit_id"]),
    )
    assert place.after == {
        "agency_id": siti.agency_id,
        "position_id": siti.position_id,
        "org_unit_id": None,
        "start_date": "2021-01-04",
        "decree_number": "SK/1/2021",
    }
    imported = AuditEvent.objects.get(action="directory.import")
    assert imported.after["summary"]["employees"] == {"create": 3, "update": 0, "unchanged": 0, "invalid": 0}
    assert audit_verify_chain().ok


def test_a_dry_run_reports_the_plan_and_writes_nothing(admin):
    before = counts()

    report = run(admin, directory_sheets(), dry_run=True)

    assert (report.dry_run, report.committed, report.errors) == (True, False, [])
    assert summary(report)["employees"] == (3, 0, 0, 0)
    assert counts() == before


def test_headers_are_case_insensitive_and_in_any_order(admin):
    sheets = {"OPD": [["Jenis", "NAMA", " Kode "], ["Badan", "Badan Kepegawaian", "2.03"]]}

    report = run(admin, sheets)

    assert report.errors == []
    assert Agency.objects.filter(code="2.03", name="Badan Kepegawaian", kind="badan").count() == 1


# --- all or nothing, row errors ---------------------------------------------------------------------------


def _with_employee_row(row_changes):
    sheets = directory_sheets()
    row = list(sheets["pegawai"][1])
    for column, value in row_changes.items():
        row[EMPLOYEE_IMPORT_HEADERS.index(column)] = value
    sheets["pegawai"].append(row)
    return sheets


def test_one_bad_row_refuses_the_whole_commit(admin):
    sheets = directory_sheets()
    sheets["pegawai"][3][1] = "198702312012031002"  # 31 February

    report = run(admin, sheets)

    assert report.committed is False
    assert report.errors == [
        RowError("pegawai", 4, "nip", "Tanggal lahir pada NIP (angka 1–8) bukan tanggal yang sah.")
    ]
    assert summary(report)["employees"] == (2, 0, 0, 1)
    assert counts() == (0, 0, 0, 0, 0, 0)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        pytest.param(
            {"nip": "198503142010031001"},
            RowError("pegawai", 5, "nip", "NIP 198503142010031001 sudah muncul di baris 2."),
            id="duplicate-nip-in-file",
        ),
        pytest.param(
            {"nip": "198503142010033001"},
            RowError(
                "pegawai", 5, "nip", "Kode jenis kelamin pada NIP (angka ke-15) harus 1 (laki-laki) atau 2 (perempuan)."
            ),
            id="nip-gender-digit",
        ),
        pytest.param(
            {"nip": "198503142010031009", "kode_opd": "9.99"},
            RowError("pegawai", 5, "kode_opd", "OPD dengan kode 9.99 tidak ditemukan."),
            id="unknown-agency",
        ),
        pytest.param(
            {"nip": "198503142010031009", "kode_jabatan": "TIDAKADA"},
            RowError("pegawai", 5, "kode_jabatan", "Jabatan TIDAKADA tidak ditemukan di OPD 3.03."),
            id="unknown-position",
        ),
        pytest.param(
            {"nip": "198503142010031009", "tmt": ""},
            RowError("pegawai", 5, "tmt", "TMT wajib diisi untuk pegawai baru."),
            id="no-tmt-for-new-employee",
        ),
        pytest.param(
            {"nip": "198503142010031009", "tmt": "31-02-2021"},
            RowError("pegawai", 5, "tmt", "Tanggal tidak sah; tulis YYYY-MM-DD atau DD-MM-YYYY."),
            id="bad-date",
        ),
        pytest.param(
            {"nip": "198503142010031009", "email": "siti@"},
            RowError("pegawai", 5, "email", "Alamat email tidak sah."),
            id="bad-email",
        ),
        pytest.param(
            {"nip": 198503142010031009.0},
            RowError(
                "pegawai",
                5,
                "nip",
                "Angka panjang tersimpan sebagai bilangan sehingga digitnya berubah; tulis sebagai teks.",
            ),
            id="nip-stored-as-number",
        ),
        pytest.param(
            {"status": "Honorer", "nip": "198503142010031009"},
            RowError("pegawai", 5, "status", "Nilai 'Honorer' tidak dikenal. Pilihan: pns, pppk."),
            id="unknown-status",
        ),
    ],
)
def test_row_errors_name_sheet_row_column_and_reason(admin, change, expected):
    report = run(admin, _with_employee_row(change))

    assert report.errors == [expected]
    assert counts() == (0, 0, 0, 0, 0, 0)


def test_a_missing_required_column_and_an_unknown_one_are_reported_on_the_header_row(admin):
    sheets = {"pegawai": [["nip", "kode_opd", "kode_jabatan", "Keterangan"], ["198503142010031001", "3.03", "X", "-"]]}

    report = run(admin, sheets)

    assert report.errors == [
        RowError("pegawai", 1, "Keterangan", "Kolom tidak dikenal untuk data Pegawai."),
        RowError("pegawai", 1, "nama", "Kolom wajib tidak ada."),
    ]


def test_a_cycle_of_parent_units_is_refused(admin):
    sheets = {"unit_kerja": directory_sheets()["unit_kerja"], "opd": directory_sheets()["opd"]}
    sheets["unit_kerja"][3][4] = "RUJ"  # YANKES under RUJ, RUJ under YANKES

    report = run(admin, sheets)

    assert report.errors == [
        RowError("unit_kerja", 2, "kode_induk", "Rujukan ini membentuk lingkaran (siklus)."),
        RowError("unit_kerja", 4, "kode_induk", "Rujukan ini membentuk lingkaran (siklus)."),
    ]


def test_a_superior_in_another_agency_must_head_that_agency(admin):
    sheets = directory_sheets()
    sheets["jabatan"][1][7] = "tidak"  # SEKDA no longer the head of Setda

    report = run(admin, sheets)

    assert report.errors == [
        RowError("jabatan", 3, "kode_atasan", "Atasan harus jabatan di OPD yang sama atau jabatan kepala OPD.")
    ]


# --- updates and transfers (mutasi) ------------------------------------------------------------------------


@pytest.fixture
def placed(admin):
    agency = AgencyFactory(government=admin.government, code="3.03")
    old = PositionFactory(agency=agency, code="J1", name="Analis")
    new = PositionFactory(agency=agency, code="J2", name="Pranata Komputer")
    return EmployeeFactory(position=old, nip="198503142010031001", name="Siti Aminah"), old, new


def _employee_row(employee, **values):
    row = dict.fromkeys(EMPLOYEE_IMPORT_HEADERS, "")
    row.update(status="PNS", nip=employee.nip, nama=employee.name, kode_opd=employee.agency.code)
    row.update({"kode_jabatan": employee.position.code, **values})
    return {"pegawai": [EMPLOYEE_IMPORT_HEADERS, list(row.values())]}


def test_a_new_position_in_the_file_is_a_transfer_that_closes_the_old_placement(admin, placed):
    employee, _, new = placed

    report = run(admin, _employee_row(employee, kode_jabatan="J2", tmt="2024-07-01", nomor_sk="SK/MUT/7"))

    assert summary(report)["employees"] == (0, 1, 0, 0)
    history = employee.placements.order_by("start_date").values_list(
        "position__code", "kind", "start_date", "end_date", "decree_number"
    )
    assert list(history) == [
        ("J1", "pengangkatan", date(2020, 1, 1), date(2024, 7, 1), ""),
        ("J2", "mutasi", date(2024, 7, 1), None, "SK/MUT/7"),
    ]
    employee.refresh_from_db()
    assert employee.position == new
    assert AuditEvent.objects.filter(action="employee.place.mutasi", object_id=str(employee.pk)).count() == 1


def test_a_transfer_dated_before_the_current_placement_is_a_row_error(admin, placed):
    employee, _, _ = placed

    report = run(admin, _employee_row(employee, kode_jabatan="J2", tmt="2019-12-31"))

    assert report.errors == [
        RowError("pegawai", 2, "tmt", "TMT penempatan baru harus setelah TMT penempatan sekarang (01-01-2020).")
    ]
    assert employee.placements.count() == 1


def test_changed_fields_update_the_employee_without_a_transfer(admin, placed):
    employee, _, _ = placed

    report = run(admin, _employee_row(employee, nama="Siti Aminah Lubis", gelar_belakang="S.T."))

    assert summary(report)["employees"] == (0, 1, 0, 0)
    employee.refresh_from_db()
    assert (employee.name, employee.back_title, employee.placements.count()) == ("Siti Aminah Lubis", "S.T.", 1)
    assert AuditEvent.objects.get(action="employee.update").after == {
        "name": "Siti Aminah Lubis",
        "back_title": "S.T.",
    }


def test_a_blank_unit_keeps_the_current_unit_while_the_position_stays(admin, placed):
    employee, old, _ = placed
    unit = OrgUnitFactory(agency=old.agency, code="U9")
    Position.objects.filter(pk=old.pk).update(org_unit=unit)  # the position moved to a unit, the employee did not

    report = run(admin, _employee_row(employee))

    assert (report.errors, summary(report)["employees"]) == ([], (0, 0, 1, 0))


def test_changed_agencies_units_and_positions_are_updated_through_the_services(admin):
    run(admin, directory_sheets())
    sheets = directory_sheets()
    sheets["opd"][2][1] = "Dinas Kesehatan dan KB"
    sheets["unit_kerja"][1][4] = ""  # RUJ no longer under YANKES
    sheets["jabatan"][3][6] = "KADIS"  # STAF now reports to KADIS
    before = AuditEvent.objects.count()

    report = run(admin, sheets)

    assert summary(report) == {
        "agencies": (0, 1, 1, 0),
        "units": (0, 1, 2, 0),
        "positions": (0, 1, 3, 0),
        "employees": (0, 0, 3, 0),
    }
    assert Agency.objects.get(code="3.03").name == "Dinas Kesehatan dan KB"
    assert OrgUnit.objects.get(code="RUJ").parent is None
    assert Position.objects.get(code="STAF").superior.code == "KADIS"
    events = AuditEvent.objects.filter(sequence__gt=before).order_by("sequence").values_list("action", "after")
    assert list(events)[:3] == [
        ("agency.update", {"name": "Dinas Kesehatan dan KB"}),
        ("org_unit.save", {"parent_id": None}),
        ("position.save", {"superior_id": Position.objects.get(code="KADIS").pk}),
    ]
    assert [action for action, _ in events[3:]] == ["directory.import"]


# --- who may import what -----------------------------------------------------------------------------------


def test_an_agency_admin_row_for_another_agency_is_refused_and_nothing_is_written():
    mine = AgencyFactory(code="3.01")
    AgencyFactory(government=mine.government, code="3.03")
    PositionFactory(agency=mine, code="J1")
    user = user_with_role(Role.AGENCY_ADMIN, agency=mine)
    before = counts()
    rows = [EMPLOYEE_IMPORT_HEADERS]
    rows.append(["PNS", "198503142010031001", "", "A", "", "", "", "", "", "3.01", "J1", "", "2024-01-02", ""])
    rows.append(["PNS", "198503142010031002", "", "B", "", "", "", "", "", "3.03", "J1", "", "2024-01-02", ""])

    report = run(user, {"pegawai": rows})

    assert report.errors == [RowError("pegawai", 3, "kode_opd", "Anda tidak berwenang atas OPD 3.03.")]
    assert counts() == before


def test_an_agency_admin_imports_rows_of_their_own_agency():
    mine = AgencyFactory(code="3.01")
    PositionFactory(agency=mine, code="J1")
    user = user_with_role(Role.AGENCY_ADMIN, agency=mine)
    rows = [EMPLOYEE_IMPORT_HEADERS]
    rows.append(["PNS", "198503142010031001", "", "A", "", "", "", "", "", "3.01", "J1", "", "2024-01-02", ""])

    report = run(user, {"pegawai": rows})

    assert (report.committed, report.errors) == (True, [])
    assert Employee.objects.get(nip="198503142010031001").agency == mine


def test_an_agency_admin_cannot_import_agencies():
    user = user_with_role(Role.AGENCY_ADMIN, agency=AgencyFactory(code="3.01"))

    report = run(user, {"opd": [["kode", "nama", "jenis"], ["3.01", "Nama Baru", "dinas"]]})

    assert report.errors == [RowError("opd", 1, "", "Hanya admin platform yang dapat mengimpor data OPD.")]
    assert Agency.objects.get(code="3.01").name != "Nama Baru"


@pytest.mark.parametrize("role", [Role.EMPLOYEE, Role.AGENCY_OPERATOR, Role.AUDITOR])
def test_other_roles_may_not_import(role):
    user = user_with_role(role, agency=AgencyFactory(code="3.01") if role != Role.AUDITOR else None)
    before = counts()

    with pytest.raises(AccessDenied) as refused:
        run(user, directory_sheets())
    assert refused.value.message == "Anda tidak berwenang mengimpor atau mengekspor data direktori."
    assert counts() == before
