"""Import files are checked by content (XLSX, CSV, encodings, size); exports re-import as "unchanged"."""

import io
import zipfile
from dataclasses import asdict

import pytest
from openpyxl import load_workbook

from terpadu.core.errors import ValidationFailed
from terpadu.core.roles import Role
from terpadu.directory.imports import directory_export, directory_import, import_template
from terpadu.directory.imports.columns import SPECS
from terpadu.directory.models import Agency, Employee
from terpadu.directory.tests.factories import (
    AgencyFactory,
    EmployeeFactory,
    OrgUnitFactory,
    PositionFactory,
    csv_bytes,
    directory_sheets,
    user_with_role,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return user_with_role(Role.PLATFORM_ADMIN)


def refusal(user, data, filename, kind=""):
    with pytest.raises(ValidationFailed) as caught:
        directory_import(user=user, data=data, filename=filename, kind=kind, dry_run=True)
    return caught.value.message, caught.value.fields


NOT_XLSX = "Berkas bukan XLSX yang sah (isinya bukan buku kerja Excel)."


def _zip_without_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "bukan excel")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "filename", "kind", "expected"),
    [
        pytest.param(b"kode,nama\n1.01,Setda\n", "opd.xlsx", "", ("file", NOT_XLSX), id="text-named-xlsx"),
        pytest.param(_zip_without_workbook(), "opd.xlsx", "", ("file", NOT_XLSX), id="zip-without-ooxml-parts"),
        pytest.param(
            b"PK\x03\x04\x14\x00\x00\x00binary",
            "opd.csv",
            "agencies",
            ("file", "Berkas CSV berisi data biner (byte NUL); unggah berkas CSV teks biasa."),
            id="binary-csv",
        ),
        pytest.param(
            b"kode,nama\n1.01,\x81\x8d\n",
            "opd.csv",
            "agencies",
            ("file", "Berkas CSV harus berkodekan UTF-8 atau Windows-1252."),
            id="csv-in-no-known-encoding",
        ),
        pytest.param(b"kode\n", "opd.xls", "", ("file", "Format berkas harus .xlsx atau .csv."), id="xls"),
        pytest.param(b"kode\n", "opd.csv", "", ("kind", "Pilih jenis data untuk berkas CSV."), id="csv-without-kind"),
    ],
)
def test_files_that_are_not_what_they_claim_are_refused(admin, data, filename, kind, expected):
    field, message = expected

    assert refusal(admin, data, filename, kind) == (message, {field: [message]})


def test_a_workbook_without_a_known_sheet_is_refused(admin):
    message, _ = refusal(admin, xlsx_bytes({"Lembar1": [["kode"]]}), "x.xlsx")

    assert message == (
        "Tidak ada lembar yang dikenali. Beri nama lembar: opd, unit_kerja, jabatan, pegawai; atau pilih jenis data."
    )


def test_a_single_unnamed_sheet_is_read_as_the_chosen_kind(admin):
    report = directory_import(
        user=admin,
        data=xlsx_bytes({"Sheet1": [["kode", "nama", "jenis"], ["2.01", "Bappeda", "badan"]]}),
        filename="x.xlsx",
        kind="agencies",
        dry_run=True,
    )

    assert asdict(report.summary["agencies"]) == {"create": 1, "update": 0, "unchanged": 0, "invalid": 0}


def test_a_file_over_the_limit_is_refused(admin, settings):
    settings.TERPADU_IMPORT_MAX_BYTES = 1024 * 1024

    message, _ = refusal(admin, b"a" * (1024 * 1024 + 1), "besar.csv", "agencies")

    assert message == "Ukuran berkas melebihi batas 1 MB."


def test_a_windows_1252_csv_with_semicolons_is_read(admin):
    data = "kode;nama;jenis\r\n2.01;Badan Perencanaan – Litbang;badan\r\n".encode("cp1252")

    report = directory_import(user=admin, data=data, filename="opd.csv", kind="agencies", dry_run=False)

    assert report.errors == []
    assert Agency.objects.get(code="2.01").name == "Badan Perencanaan – Litbang"


def test_a_utf8_csv_with_bom_is_read(admin):
    data = b"\xef\xbb\xbf" + csv_bytes([["KODE", "Nama", "Jenis"], ["2.02", "Badan Keuangan dan Aset", "Badan"]])

    report = directory_import(user=admin, data=data, filename="opd.csv", kind="agencies", dry_run=False)

    assert report.errors == []
    assert Agency.objects.get(code="2.02").kind == "badan"


# --- export and re-import ----------------------------------------------------------------------------------


def _unchanged(report):
    return {kind: asdict(counts) for kind, counts in report.summary.items()}


def test_an_exported_workbook_reimports_as_unchanged(admin):
    directory_import(user=admin, data=xlsx_bytes(directory_sheets()), filename="d.xlsx", dry_run=False)
    exported = directory_export(user=admin, kind="all", fmt="xlsx")

    report = directory_import(user=admin, data=exported.content, filename=exported.filename, dry_run=True)

    assert report.errors == []
    assert _unchanged(report) == {
        "agencies": {"create": 0, "update": 0, "unchanged": 2, "invalid": 0},
        "units": {"create": 0, "update": 0, "unchanged": 3, "invalid": 0},
        "positions": {"create": 0, "update": 0, "unchanged": 4, "invalid": 0},
        "employees": {"create": 0, "update": 0, "unchanged": 3, "invalid": 0},
    }


@pytest.mark.parametrize("kind", ["agencies", "units", "positions", "employees"])
def test_an_exported_csv_reimports_as_unchanged(admin, kind):
    agency = AgencyFactory(government=admin.government, code="3.03")
    unit = OrgUnitFactory(agency=agency, code="U1")
    head = PositionFactory(agency=agency, code="KADIS", is_agency_head=True)
    staff = PositionFactory(agency=agency, code="STAF", org_unit=unit, superior=head)
    EmployeeFactory(position=staff, email="a@contoh.go.id", back_title="S.E.")
    EmployeeFactory(position=head, kind=Employee.Kind.PPPK, nip=None, pppk_number="199001012023211001")
    exported = directory_export(user=admin, kind=kind, fmt="csv")

    report = directory_import(user=admin, data=exported.content, filename=exported.filename, kind=kind, dry_run=True)

    assert report.errors == []
    expected = {"agencies": 1, "units": 1, "positions": 2, "employees": 2}[kind]
    assert _unchanged(report) == {kind: {"create": 0, "update": 0, "unchanged": expected, "invalid": 0}}


def test_an_export_holds_only_the_rows_the_user_may_see(admin):
    mine = AgencyFactory(government=admin.government, code="3.01")
    other = AgencyFactory(government=admin.government, code="3.03")
    EmployeeFactory(position=PositionFactory(agency=mine), name="Pegawai Saya")
    EmployeeFactory(position=PositionFactory(agency=other), name="Pegawai Lain")
    user = user_with_role(Role.AGENCY_ADMIN, agency=mine)

    exported = directory_export(user=user, kind="employees", fmt="csv")

    lines = exported.content.decode("utf-8-sig").splitlines()
    assert lines[0] == ",".join(SPECS["employees"].names)
    rows = [line.split(",") for line in lines[1:]]
    assert sorted((row[3], row[9]) for row in rows) == sorted([("Pegawai Saya", "3.01"), (user.employee.name, "3.01")])


def test_templates_hold_only_the_headers():
    user = user_with_role(Role.AGENCY_ADMIN)

    workbook = load_workbook(io.BytesIO(import_template(user=user, kind="all", fmt="xlsx").content))
    csv_template = import_template(user=user, kind="units", fmt="csv")

    assert workbook.sheetnames == ["opd", "unit_kerja", "jabatan", "pegawai"]
    assert [cell.value for cell in workbook["pegawai"][1]] == list(SPECS["employees"].names)
    assert workbook["pegawai"].max_row == 1
    assert (csv_template.filename, csv_template.content) == (
        "templat-unit_kerja.csv",
        b"\xef\xbb\xbfkode_opd,kode,nama,jenis,kode_induk\r\n",
    )


def test_csv_holds_one_kind_only(admin):
    with pytest.raises(ValidationFailed, match="semua jenis sekaligus hanya untuk XLSX"):
        directory_export(user=admin, kind="all", fmt="csv")
