"""The nomenclature import through the services: upload → preview (every row checked, errors by sheet,
row, column and reason) → commit, all or nothing; re-import in place; the mandate sheet; who may do it."""

from __future__ import annotations

import pytest

from terpadu.core.errors import AccessDenied, Conflict, ValidationFailed
from terpadu.core.models import AuditEvent
from terpadu.core.roles import Role
from terpadu.deadlines.tests.factories import world
from terpadu.directory.tests.factories import AgencyFactory, GovernmentFactory, user_with_role
from terpadu.documents.interfaces import Sheet, write_xlsx
from terpadu.planning import rules, services
from terpadu.planning.demo_data import NOMENCLATURE
from terpadu.planning.models import AgencyMandate, Nomenclature, NomenclatureEntry, NomenclatureImport
from terpadu.planning.services.nomenclature import ENTRY_COLUMNS, MANDATE_COLUMNS, RowError
from terpadu.planning.tests.factories import KOMINFO_SUB, YEAR, filled_plan, mandate, planning_world
from terpadu.planning.tests.factories import nomenclature as make_nomenclature

pytestmark = pytest.mark.django_db

SOURCE = "Kepmendagri 900.1.15.5-1317/2023"
SUPPORT = "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota"
PLANNING = "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah"
DOCUMENT = ("Penyusunan Dokumen Perencanaan Perangkat Daerah", "Jumlah Dokumen Perencanaan Perangkat Daerah", "Dokumen")
#: a small, complete kabupaten tree: 4 urusan, 4 bidang, 4 programs, 4 kegiatan, 6 sub kegiatan
TREE: list[tuple[str, str, str, str]] = [
    ("1", "Urusan Pemerintahan Wajib yang Berkaitan dengan Pelayanan Dasar", "", ""),
    ("1.02", "Kesehatan", "", ""),
    ("1.02.01", SUPPORT, "", ""),
    ("1.02.01.2.01", PLANNING, "", ""),
    ("1.02.01.2.01.0001", *DOCUMENT),
    ("2", "Urusan Pemerintahan Wajib yang Tidak Berkaitan dengan Pelayanan Dasar", "", ""),
    ("2.16", "Komunikasi dan Informatika", "", ""),
    ("2.16.03", "Program Aplikasi Informatika", "", ""),
    ("2.16.03.2.02", "Pengelolaan e-government di Lingkup Pemerintah Daerah Kabupaten/Kota", "", ""),
    ("2.16.03.2.02.0001", "Pengelolaan Nama Domain", "Jumlah Nama Domain dan Sub Domain yang Dikelola", "Domain"),
    (
        "2.16.03.2.02.0005",
        "Pengembangan Aplikasi dan Proses Bisnis Pemerintahan Berbasis Elektronik",
        "Jumlah Aplikasi yang Dikembangkan",
        "Aplikasi",
    ),
    (
        "2.16.03.2.02.0010",
        "Penyelenggaraan Sistem Jaringan Intra Pemerintah Daerah",
        "Jumlah Perangkat Daerah yang Terhubung Jaringan Intra",
        "Perangkat Daerah",
    ),
    ("5", "Unsur Penunjang Urusan Pemerintahan", "", ""),
    ("5.01", "Perencanaan", "", ""),
    ("5.01.01", SUPPORT, "", ""),
    ("5.01.01.2.01", PLANNING, "", ""),
    ("5.01.01.2.01.0001", *DOCUMENT),
    ("7", "Unsur Kewilayahan", "", ""),
    ("7.01", "Kecamatan", "", ""),
    ("7.01.01", SUPPORT, "", ""),
    ("7.01.01.2.01", PLANNING, "", ""),
    ("7.01.01.2.01.0001", *DOCUMENT),
]
LAST_ROW = len(TREE) + 1  # the header is row 1


def workbook(
    entries=TREE, mandates=None, *, title: str = "nomenklatur", headers=ENTRY_COLUMNS, mandate_headers=MANDATE_COLUMNS
) -> bytes:
    sheets = [Sheet(title, headers, [list(row) for row in entries])]
    if mandates is not None:
        sheets.append(Sheet("kewenangan", mandate_headers, [list(row) for row in mandates]))
    return write_xlsx(sheets=sheets)


def upload(user, data: bytes, *, year: int = YEAR, source: str = SOURCE):
    return services.nomenclature_import_upload(
        user=user, fiscal_year=year, filename="nomenklatur-2027.xlsx", data=data, source=source
    )


def imported(user, data: bytes, *, year: int = YEAR):
    batch, _ = upload(user, data, year=year)
    return services.nomenclature_import_commit(user=user, upload=batch)


def errors_of(user, entries=TREE, mandates=None) -> list[RowError]:
    _, preview = upload(user, workbook(entries, mandates))
    return preview.errors


def snapshot(government_id: int) -> list[tuple]:
    return list(
        NomenclatureEntry.objects.filter(nomenclature__government_id=government_id)
        .order_by("nomenclature__fiscal_year", "code")
        .values_list("nomenclature__fiscal_year", "code", "name", "indicator", "unit", "is_active", "parent__code")
    )


def mandate_pairs(government_id: int, year: int = YEAR) -> list[tuple[str, str]]:
    return list(
        AgencyMandate.objects.filter(nomenclature__government_id=government_id, nomenclature__fiscal_year=year)
        .order_by("agency__code", "field__code")
        .values_list("agency__code", "field__code")
    )


# --- a good workbook -----------------------------------------------------------------------------------


def test_a_good_workbook_creates_every_level_with_its_parent():
    w = world()
    batch, preview = upload(w.sekda, workbook(TREE))
    assert (preview.ok, preview.fiscal_year, preview.removed, preview.mandates) == (True, YEAR, [], None)
    assert [preview.count(action) for action in ("create", "update", "unchanged")] == [22, 0, 0]
    assert [preview.count_level(level) for level in rules.Level] == [4, 4, 4, 4, 6]
    assert (batch.status, batch.fiscal_year, batch.source, batch.uploaded_by) == ("pending", YEAR, SOURCE, w.sekda)
    assert not Nomenclature.objects.exists()  # the upload alone writes nothing

    services.nomenclature_import_commit(user=w.sekda, upload=batch)

    nomenclature = Nomenclature.objects.get()
    assert (nomenclature.government, nomenclature.fiscal_year, nomenclature.source) == (w.government, YEAR, SOURCE)
    assert nomenclature.updated_by == w.sekda
    rows = list(nomenclature.entries.order_by("code").values_list("code", "level", "parent__code", "is_active"))
    assert rows == [
        (code, rules.parse_code(code).level.value, rules.parse_code(code).parent, True) for code, *_ in TREE
    ]
    sub = nomenclature.entries.get(code="2.16.03.2.02.0005")
    assert (sub.name, sub.indicator, sub.unit) == (
        "Pengembangan Aplikasi dan Proses Bisnis Pemerintahan Berbasis Elektronik",
        "Jumlah Aplikasi yang Dikembangkan",
        "Aplikasi",
    )
    chain, entry = [], sub
    while entry.parent_id:
        entry = entry.parent
        chain.append((entry.code, entry.level))
    assert chain == [
        ("2.16.03.2.02", "kegiatan"),
        ("2.16.03", "program"),
        ("2.16", "bidang"),
        ("2", "urusan"),
    ]
    batch.refresh_from_db()
    assert batch.status == "committed"


def test_the_sheet_named_nomenklatur_is_read_even_when_it_is_not_the_first():
    w = world()
    data = write_xlsx(
        sheets=[Sheet("Petunjuk", ["catatan"], [["isi lembar berikut"]]), Sheet("Nomenklatur", ENTRY_COLUMNS, TREE)]
    )
    _, preview = upload(w.sekda, data)
    assert (preview.ok, preview.count("create")) == (True, 22)


def test_the_commit_writes_one_audit_row():
    w = world()
    batch, _ = upload(w.sekda, workbook(TREE, [("3.01", "2.16"), ("2.01", "5.01")]))
    services.nomenclature_import_commit(user=w.sekda, upload=batch)
    event = AuditEvent.objects.get(action="planning.nomenclature.import")
    nomenclature = Nomenclature.objects.get()
    assert (event.actor, event.government_id, event.object_id) == (w.sekda, w.government.pk, str(nomenclature.pk))
    assert event.after == {
        "fiscal_year": YEAR,
        "file": "nomenklatur-2027.xlsx",
        "sha256": batch.sha256,
        "created": 22,
        "updated": 0,
        "removed": 0,
        "kept_inactive": 0,
        "mandates": 2,
        "new_year": True,
    }


def test_a_committed_upload_cannot_be_committed_twice():
    w = world()
    batch, _ = upload(w.sekda, workbook(TREE))
    services.nomenclature_import_commit(user=w.sekda, upload=batch)
    with pytest.raises(Conflict) as refused:
        services.nomenclature_import_commit(user=w.sekda, upload=batch)
    assert refused.value.message == "Berkas ini sudah diimpor."
    assert AuditEvent.objects.filter(action="planning.nomenclature.import").count() == 1


# --- every rule gives its row error --------------------------------------------------------------------

FORMAT = (
    "Kode '{}' tidak sesuai format Permendagri 90/2019: U, U.BB, U.BB.PP, U.BB.PP.K.KK atau "
    "U.BB.PP.K.KK.SSSS (K = 1 provinsi, 2 kabupaten/kota), misalnya 7.01.01.2.01.0001."
)


@pytest.mark.parametrize(
    "code",
    [
        "10",  # urusan: one digit
        "A",
        "1.2",  # bidang: two digits
        "1.002",
        "1.02.1",  # program: two digits
        "1.02.01.2",  # kegiatan needs its own number
        "1.02.01.3.01",  # level digit 1 or 2 only
        "1.02.01.2.1",
        "1.02.01.2.01.001",  # sub kegiatan: four digits
        "1.02.01.2.01.00001",
        "1,02",
        " 1.02.01.2.01.0002x",
    ],
)
def test_a_malformed_code_at_any_level_is_a_row_error(code):
    w = world()
    errors = errors_of(w.sekda, [*TREE, (code, "Butir salah", "Indikator", "Unit")])
    assert errors == [RowError("nomenklatur", LAST_ROW + 1, "kode", FORMAT.format(code.strip()))]


def test_an_empty_code_is_a_row_error():
    w = world()
    errors = errors_of(w.sekda, [*TREE, ("", "Tanpa kode", "", "")])
    assert errors == [RowError("nomenklatur", LAST_ROW + 1, "kode", "Kode wajib diisi.")]


def test_a_level_digit_1_in_a_kabupaten_is_a_row_error():
    w = world()
    rows = [*TREE, ("1.02.01.1.02", "Kegiatan provinsi", "", ""), ("1.02.01.1.02.0001", "Sub provinsi", "Ind", "Unit")]
    assert errors_of(w.sekda, rows) == [
        RowError(
            "nomenklatur",
            LAST_ROW + 1,
            "kode",
            "Kode 1.02.01.1.02 untuk pemerintah provinsi (digit tingkat 1); pemerintah daerah ini hanya memakai digit 2.",
        ),
        RowError(
            "nomenklatur",
            LAST_ROW + 2,
            "kode",
            "Kode 1.02.01.1.02.0001 untuk pemerintah provinsi (digit tingkat 1); pemerintah daerah ini hanya "
            "memakai digit 2.",
        ),
    ]


def test_a_province_refuses_the_kabupaten_digit():
    w = world()
    w.government.level = "provinsi"
    w.government.save()
    errors = errors_of(w.sekda, TREE)
    kabupaten_codes = [code for code, *_ in TREE if rules.parse_code(code).government_digit == "2"]
    assert [(e.row, e.column) for e in errors] == [
        (number, "kode") for number, (code, *_) in enumerate(TREE, start=2) if code in kabupaten_codes
    ]
    assert errors[0].reason == (
        "Kode 1.02.01.2.01 untuk pemerintah kabupaten/kota (digit tingkat 2); pemerintah daerah ini hanya memakai digit 1."
    )


def test_a_missing_parent_is_a_row_error():
    w = world()
    rows = [row for row in TREE if row[0] != "2.16.03.2.02"]
    errors = errors_of(w.sekda, rows)
    assert errors == [
        RowError("nomenklatur", 10, "kode", "Kode induk 2.16.03.2.02 tidak ada dalam berkas."),
        RowError("nomenklatur", 11, "kode", "Kode induk 2.16.03.2.02 tidak ada dalam berkas."),
        RowError("nomenklatur", 12, "kode", "Kode induk 2.16.03.2.02 tidak ada dalam berkas."),
    ]


def test_a_duplicate_code_is_a_row_error():
    w = world()
    errors = errors_of(w.sekda, [*TREE, ("2.16", "Komunikasi dan Informatika (lagi)", "", "")])
    assert errors == [RowError("nomenklatur", LAST_ROW + 1, "kode", "Kode 2.16 sudah ada di baris 8.")]


def test_an_empty_name_is_a_row_error():
    w = world()
    errors = errors_of(w.sekda, [*TREE, ("2.16.03.2.02.0011", "", "Jumlah", "Unit")])
    assert errors == [RowError("nomenklatur", LAST_ROW + 1, "nomenklatur", "Wajib diisi.")]


def test_a_sub_kegiatan_needs_an_indicator_and_a_unit_but_the_levels_above_do_not():
    w = world()
    errors = errors_of(w.sekda, [*TREE, ("2.16.03.2.02.0011", "Sub kegiatan tanpa indikator", "", "")])
    assert errors == [
        RowError("nomenklatur", LAST_ROW + 1, "indikator", "Wajib diisi untuk sub kegiatan."),
        RowError("nomenklatur", LAST_ROW + 1, "satuan", "Wajib diisi untuk sub kegiatan."),
    ]


def test_values_at_their_limits_pass_and_one_more_character_is_a_row_error():
    w = world()
    at_limit = ("2.16.03.2.02.0011", "N" * 400, "I" * 400, "S" * 50)
    over = ("2.16.03.2.02.0012", "N" * 401, "I" * 401, "S" * 51)
    errors = errors_of(w.sekda, [*TREE, at_limit, over])
    assert errors == [
        RowError("nomenklatur", LAST_ROW + 2, "nomenklatur", "Terlalu panjang: paling banyak 400 karakter."),
        RowError("nomenklatur", LAST_ROW + 2, "indikator", "Terlalu panjang: paling banyak 400 karakter."),
        RowError("nomenklatur", LAST_ROW + 2, "satuan", "Terlalu panjang: paling banyak 50 karakter."),
    ]


def test_unknown_agency_or_bidang_in_the_mandate_sheet_are_row_errors():
    w = world()
    mandates = [
        ("3.01", "2.16"),  # good
        ("9.99", "2.16"),  # no such agency
        ("3.03", "3.01"),  # no such bidang in the file
        ("3.03", "1.02.01"),  # a program, not a bidang
        ("", ""),
    ]
    errors = errors_of(w.sekda, TREE, mandates)
    assert errors == [
        RowError("kewenangan", 3, "kode_opd", "OPD dengan kode '9.99' tidak ada."),
        RowError("kewenangan", 4, "kode_bidang", "Bidang urusan '3.01' tidak ada di lembar nomenklatur."),
        RowError("kewenangan", 5, "kode_bidang", "Bidang urusan '1.02.01' tidak ada di lembar nomenklatur."),
    ]


def test_an_agency_of_another_government_is_unknown():
    w = world()
    AgencyFactory(government=GovernmentFactory(), code="4.44")
    errors = errors_of(w.sekda, TREE, [("4.44", "2.16")])
    assert errors == [RowError("kewenangan", 2, "kode_opd", "OPD dengan kode '4.44' tidak ada.")]


def test_an_empty_nomenclature_sheet_is_an_error():
    w = world()
    errors = errors_of(w.sekda, [])
    assert errors == [RowError("nomenklatur", 1, "kode", "Lembar nomenklatur tidak berisi baris data.")]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"kode;nomenklatur\n1;Urusan\n", "Berkas bukan XLSX yang sah (isinya bukan buku kerja Excel)."),
        (b"%PDF-1.4\n%%EOF\n", "Berkas bukan XLSX yang sah (isinya bukan buku kerja Excel)."),
        (
            "headers",
            "Kolom wajib tidak ada: nomenklatur. Kolom yang dikenal: kode, nomenklatur, indikator, satuan.",
        ),
        ("mandate_headers", "Lembar 'kewenangan' perlu kolom kode_opd, kode_bidang."),
    ],
)
def test_a_file_that_is_not_a_nomenclature_workbook_is_refused_and_nothing_is_kept(data, message):
    w = world()
    if data == "headers":
        data = workbook(TREE, headers=("kode", "nama", "indikator", "satuan"))
    elif data == "mandate_headers":
        data = workbook(TREE, [("3.01", "2.16")], mandate_headers=("opd", "bidang"))
    with pytest.raises(ValidationFailed) as refused:
        upload(w.sekda, data)
    assert refused.value.fields == {"file": [message]}
    assert not NomenclatureImport.objects.exists()


@pytest.mark.parametrize("year", [2019, 2101])
def test_a_fiscal_year_out_of_range_is_refused(year):
    w = world()
    with pytest.raises(ValidationFailed) as refused:
        upload(w.sekda, workbook(TREE), year=year)
    assert refused.value.fields == {"fiscal_year": ["Isi tahun 2020–2100."]}
    assert not NomenclatureImport.objects.exists()


# --- errors block the commit ---------------------------------------------------------------------------


def test_errors_block_the_commit_and_nothing_is_written():
    w = world()
    imported(w.sekda, workbook(TREE, [("3.01", "2.16")]))
    before, mandates_before = snapshot(w.government.pk), mandate_pairs(w.government.pk)
    renamed = [(code, f"{name} (baru)", ind, unit) for code, name, ind, unit in TREE]
    batch, preview = upload(w.sekda, workbook([*renamed, ("2.16.03.2.02.001", "Salah", "I", "U")], [("3.03", "1.02")]))
    assert not preview.ok

    with pytest.raises(ValidationFailed) as refused:
        services.nomenclature_import_commit(user=w.sekda, upload=batch)

    assert (refused.value.code, refused.value.message) == (
        "import_errors",
        "Berkas masih berisi kesalahan; perbaiki lalu unggah ulang.",
    )
    assert snapshot(w.government.pk) == before
    assert mandate_pairs(w.government.pk) == mandates_before == [("3.01", "2.16")]
    batch.refresh_from_db()
    assert batch.status == "pending"
    assert AuditEvent.objects.filter(action="planning.nomenclature.import").count() == 1


# --- re-import -------------------------------------------------------------------------------------------


def _rows_without(*prefixes: str, rename: dict[str, str] | None = None) -> list[tuple[str, str, str, str]]:
    rows = []
    for code, name, indicator, unit in NOMENCLATURE:
        if any(code == p or code.startswith(f"{p}.") for p in prefixes):
            continue
        rows.append((code, (rename or {}).get(code, name), indicator, unit))
    return rows


def test_a_re_import_updates_in_place_deletes_unused_entries_and_keeps_used_ones_inactive():
    pw = planning_world()
    w, nomenclature = pw.w, pw.nomenclature
    filled_plan(pw)  # Diskominfo plans KOMINFO_SUB
    ids = dict(nomenclature.entries.values_list("code", "pk"))
    kept_mandates = mandate_pairs(w.government.pk)
    branch = sorted(code for code in ids if code == "7" or code.startswith("7."))
    new_name = "Penyelenggaraan Sistem Jaringan Intra Pemerintah Daerah (diperbarui)"
    rows = _rows_without("7", KOMINFO_SUB, "2.16.03.2.02.0001", rename={"2.16.03.2.02.0010": new_name})

    batch, preview = upload(w.sekda, workbook(rows))
    assert preview.ok
    assert preview.removed == sorted([*branch, KOMINFO_SUB, "2.16.03.2.02.0001"])
    assert (preview.count("create"), preview.count("update"), preview.count("unchanged")) == (0, 1, len(rows) - 1)
    services.nomenclature_import_commit(user=w.sekda, upload=batch)

    renamed = NomenclatureEntry.objects.get(nomenclature=nomenclature, code="2.16.03.2.02.0010")
    assert (renamed.pk, renamed.name, renamed.is_active) == (ids["2.16.03.2.02.0010"], new_name, True)
    used = NomenclatureEntry.objects.get(nomenclature=nomenclature, code=KOMINFO_SUB)
    assert (used.pk, used.is_active) == (ids[KOMINFO_SUB], False)
    codes = set(nomenclature.entries.values_list("code", flat=True))
    assert codes == {code for code, *_ in rows} | {KOMINFO_SUB}
    assert mandate_pairs(w.government.pk) == kept_mandates  # no mandate sheet: mandates unchanged
    event = AuditEvent.objects.get(action="planning.nomenclature.import")
    assert (event.after["created"], event.after["updated"]) == (0, 1)
    assert (event.after["removed"], event.after["kept_inactive"], event.after["new_year"]) == (
        len(branch) + 1,
        1,
        False,
    )

    # the entry comes back in the next file: active again, same row
    batch, preview = upload(w.sekda, workbook(_rows_without("7", rename={"2.16.03.2.02.0010": new_name})))
    assert [e.code for e in preview.entries if e.action == "create"] == ["2.16.03.2.02.0001"]
    assert [e.code for e in preview.entries if e.action == "update"] == [KOMINFO_SUB]
    services.nomenclature_import_commit(user=w.sekda, upload=batch)
    used.refresh_from_db()
    assert used.is_active is True


def test_the_parents_of_a_used_entry_are_kept_inactive_with_it():
    pw = planning_world()
    filled_plan(pw)
    ids = dict(pw.nomenclature.entries.values_list("code", "pk"))
    program = sorted(code for code in ids if code.startswith("2.16.03"))

    _, preview = upload(pw.w.sekda, workbook(_rows_without("2.16.03")))
    assert preview.removed == program
    imported(pw.w.sekda, workbook(_rows_without("2.16.03")))

    left = dict(pw.nomenclature.entries.filter(code__startswith="2.16.03").values_list("code", "is_active"))
    assert left == {"2.16.03": False, "2.16.03.2.02": False, KOMINFO_SUB: False}
    event = AuditEvent.objects.get(action="planning.nomenclature.import")
    assert (event.after["removed"], event.after["kept_inactive"]) == (len(program) - 3, 3)


def test_an_unchanged_file_changes_nothing():
    w = world()
    imported(w.sekda, workbook(TREE))
    before = snapshot(w.government.pk)
    _, preview = upload(w.sekda, workbook(TREE))
    assert (preview.count("create"), preview.count("update"), preview.count("unchanged"), preview.removed) == (
        0,
        0,
        22,
        [],
    )
    imported(w.sekda, workbook(TREE))
    assert snapshot(w.government.pk) == before


def test_each_year_is_its_own_nomenclature():
    w = world()
    imported(w.sekda, workbook(TREE), year=2026)
    imported(w.sekda, workbook(TREE[:5]), year=2027)
    counts = {n.fiscal_year: n.entries.count() for n in Nomenclature.objects.all()}
    assert counts == {2026: 22, 2027: 5}


# --- the mandate sheet -----------------------------------------------------------------------------------


def test_the_mandate_sheet_replaces_the_years_mandates():
    pw = planning_world()
    w = pw.w
    assert mandate_pairs(w.government.pk) == [("2.01", "5.01"), ("3.01", "2.16"), ("3.03", "1.02")]
    other = GovernmentFactory()  # another government's mandates are untouched
    mandate(make_nomenclature(other.pk), AgencyFactory(government=other, code="3.01"), "1.02")
    mandates = [("3.01", "2.16"), ("3.01", "1.01"), ("2.01", "5.01"), ("3.01", "2.16")]

    batch, preview = upload(w.sekda, workbook(_rows_without(), mandates))
    assert preview.mandates == {"2.01": ["5.01"], "3.01": ["1.01", "2.16"]}
    services.nomenclature_import_commit(user=w.sekda, upload=batch)

    assert mandate_pairs(w.government.pk) == [("2.01", "5.01"), ("3.01", "1.01"), ("3.01", "2.16")]
    assert mandate_pairs(other.pk) == [("3.01", "1.02")]
    assert AuditEvent.objects.get(action="planning.nomenclature.import").after["mandates"] == 3


def test_an_empty_mandate_sheet_clears_the_years_mandates():
    pw = planning_world()
    imported(pw.w.sekda, workbook(_rows_without(), []))
    assert mandate_pairs(pw.w.government.pk) == []


# --- who may import --------------------------------------------------------------------------------------


def _user(w, who: str):
    if who == "platform_admin":
        return user_with_role(Role.PLATFORM_ADMIN, government=w.government)
    if who == "kepala_bappeda":
        return user_with_role(Role.AGENCY_HEAD, agency=w.bappeda)
    if who == "operator_bappeda":
        return user_with_role(Role.AGENCY_OPERATOR, agency=w.bappeda)
    if who == "employee_bappeda":
        return user_with_role(Role.EMPLOYEE, agency=w.bappeda)
    return getattr(w, who)


@pytest.mark.parametrize("who", ["platform_admin", "sekda", "kepala_bappeda", "admin_bappeda"])
def test_managers_upload_and_commit(who):
    w = world()
    user = _user(w, who)
    batch, _ = upload(user, workbook(TREE))
    services.nomenclature_import_commit(user=user, upload=batch)
    assert Nomenclature.objects.get().entries.count() == 22


@pytest.mark.parametrize(
    "who",
    [
        "admin_kominfo",
        "kadis_kominfo",
        "operator_kominfo",
        "employee_kominfo",
        "operator_bappeda",
        "employee_bappeda",
        "auditor",
        "bupati",
    ],
)
def test_others_may_neither_upload_nor_commit(who):
    w = world()
    user = _user(w, who)
    with pytest.raises(AccessDenied) as refused:
        upload(user, workbook(TREE))
    assert refused.value.message == "Anda tidak berwenang mengelola nomenklatur."
    assert not NomenclatureImport.objects.exists()

    batch, _ = upload(w.sekda, workbook(TREE))
    with pytest.raises(AccessDenied):
        services.nomenclature_import_commit(user=user, upload=batch)
    batch.refresh_from_db()
    assert (batch.status, Nomenclature.objects.count(), NomenclatureEntry.objects.count()) == ("pending", 0, 0)


def test_a_manager_of_another_government_cannot_commit_an_upload():
    w = world()
    stranger = user_with_role(Role.SECRETARY, government=GovernmentFactory())
    batch, _ = upload(w.sekda, workbook(TREE))
    with pytest.raises(AccessDenied):
        services.nomenclature_import_commit(user=stranger, upload=batch)
    batch.refresh_from_db()
    assert (batch.status, Nomenclature.objects.count()) == ("pending", 0)


def test_the_planning_agency_setting_moves_who_manages():
    w = world()
    services.planning_agency_set(user=w.sekda, agency=w.dinkes)
    with pytest.raises(AccessDenied):
        upload(w.admin_bappeda, workbook(TREE))
    batch, _ = upload(w.admin_dinkes, workbook(TREE))
    assert batch.uploaded_by == w.admin_dinkes
