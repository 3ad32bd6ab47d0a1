"""RULES.md §6 — every group, level, code, number format and retention boundary, exactly."""

from datetime import date

import pytest

from terpadu.correspondence import rules
from terpadu.correspondence.rules import (
    DocumentGroup,
    FinalDisposition,
    NumberPatternError,
    RetentionRule,
    RetentionStage,
    SecurityLevel,
    Urgency,
)

EXPECTED_GROUPS = {
    "arahan": {"peraturan", "keputusan", "instruksi", "surat_edaran", "sop", "surat_tugas", "surat_perintah"},
    "korespondensi": {"nota_dinas", "memo", "surat_dinas", "surat_undangan"},
    "khusus": {"perjanjian", "surat_kuasa", "berita_acara", "surat_keterangan", "surat_pengantar", "pengumuman"},
    "lainnya": {"laporan", "telaahan_staf", "notula", "rekomendasi"},
}


def test_the_four_document_groups():
    assert [g.value for g in DocumentGroup] == ["arahan", "korespondensi", "khusus", "lainnya"]


@pytest.mark.parametrize("group", EXPECTED_GROUPS)
def test_default_membership_of_each_group(group):
    members = {t.code for t in rules.DEFAULT_LETTER_TYPES if t.group == group}
    assert members == EXPECTED_GROUPS[group]


def test_default_type_codes_are_unique_and_named():
    codes = [t.code for t in rules.DEFAULT_LETTER_TYPES]
    assert len(codes) == len(set(codes)) == 21
    names = {t.code: t.name for t in rules.DEFAULT_LETTER_TYPES}
    assert names["surat_dinas"] == "Surat Dinas (Surat Biasa)"
    assert names["sop"] == "Standar Operasional Prosedur"


def test_regulations_are_signed_by_the_regional_head_and_numbered_by_their_own_register():
    by_code = {t.code: t for t in rules.DEFAULT_LETTER_TYPES}
    for code in ("peraturan", "keputusan", "instruksi"):
        assert by_code[code].signers == (rules.Signer.REGIONAL_HEAD,)
        assert by_code[code].numbering_scope == rules.NumberingScope.TYPE
    assert by_code["nota_dinas"].signers == ("agency_head", "secretary", "regional_head")
    assert by_code["nota_dinas"].numbering_scope == "agency"
    assert by_code["nota_dinas"].template_key == "correspondence/letters/nota_dinas"


def test_urgency_levels():
    assert [u.value for u in Urgency] == ["biasa", "segera", "sangat_segera"]
    assert list(rules.URGENCY_LABELS.values()) == ["Biasa", "Segera", "Sangat Segera"]


def test_security_levels_are_ordered():
    assert [s.value for s in rules.SECURITY_ORDER] == ["biasa", "terbatas", "rahasia", "sangat_rahasia"]
    assert list(rules.SECURITY_LABELS.values()) == ["Biasa", "Terbatas", "Rahasia", "Sangat Rahasia"]
    assert [s.rank for s in SecurityLevel] == [0, 1, 2, 3]
    assert rules.security_at_least("rahasia", "terbatas")
    assert rules.security_at_least("terbatas", "terbatas")
    assert not rules.security_at_least("terbatas", "rahasia")


@pytest.mark.parametrize(
    ("kwargs", "lines"),
    [
        ({"signer_title": "Bupati Contoh"}, ("BUPATI CONTOH",)),
        (
            {"signer_title": "Sekretaris Daerah", "on_behalf_of": "Bupati Contoh"},
            ("a.n. BUPATI CONTOH", "SEKRETARIS DAERAH"),
        ),
        (
            {"signer_title": "Kepala Bagian Umum", "on_behalf_of": "Bupati Contoh", "via_title": "Sekretaris Daerah"},
            ("a.n. BUPATI CONTOH", "SEKRETARIS DAERAH", "u.b.", "KEPALA BAGIAN UMUM"),
        ),
        ({"signer_title": "Kepala Dinas Kominfo", "acting": "Plt."}, ("Plt. KEPALA DINAS KOMINFO",)),
        ({"signer_title": "Kepala Dinas Kominfo", "acting": "Plh."}, ("Plh. KEPALA DINAS KOMINFO",)),
        (
            {"signer_title": "Sekretaris Daerah", "on_behalf_of": "Bupati Contoh", "acting": "Plh."},
            ("a.n. BUPATI CONTOH", "Plh. SEKRETARIS DAERAH"),
        ),
    ],
)
def test_signature_heading(kwargs, lines):
    assert rules.signature_heading(**kwargs) == lines


def test_signature_heading_refuses_ub_without_an_and_unknown_acting():
    with pytest.raises(ValueError, match=r"u\.b\. hanya dipakai bersama a\.n\."):
        rules.signature_heading(signer_title="Kabag", via_title="Sekda")
    with pytest.raises(ValueError, match=r"Jabatan penanda tangan wajib diisi\."):
        rules.signature_heading(signer_title=" ")
    with pytest.raises(ValueError):
        rules.signature_heading(signer_title="Kadis", acting="Pj.")


def test_the_ten_top_level_codes_and_names():
    assert rules.TOP_LEVEL_CLASSIFICATIONS == {
        "000": "Umum",
        "100": "Pemerintahan",
        "200": "Politik",
        "300": "Keamanan dan Ketertiban",
        "400": "Kesejahteraan Rakyat",
        "500": "Perekonomian",
        "600": "Pekerjaan Umum dan Ketenagaan",
        "700": "Pengawasan",
        "800": "Kepegawaian",
        "900": "Keuangan",
    }


@pytest.mark.parametrize(
    ("code", "parts", "parent", "sort_key"),
    [
        ("000", ("000",), None, "000"),
        ("000.1.5", ("000", "1", "5"), "000.1", "000.001.005"),
        ("000.8.3.3", ("000", "8", "3", "3"), "000.8.3", "000.008.003.003"),
        ("800.1.11.1", ("800", "1", "11", "1"), "800.1.11", "800.001.011.001"),
        (" 900.1 ", ("900", "1"), "900", "900.001"),
        ("100.1.2.3.4.5", ("100", "1", "2", "3", "4", "5"), "100.1.2.3.4", "100.001.002.003.004.005"),
    ],
)
def test_valid_codes_of_variable_depth(code, parts, parent, sort_key):
    parsed = rules.parse_classification_code(code)
    assert (parsed.parts, parsed.parent, parsed.sort_key, parsed.depth) == (parts, parent, sort_key, len(parts))
    assert parsed.top_level == parts[0]


def test_tree_order_puts_2_before_10():
    assert rules.parse_classification_code("000.2").sort_key < rules.parse_classification_code("000.10").sort_key


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "Kode klasifikasi wajib diisi."),
        ("050.1", "Kode '050.1' tidak diawali kode pokok yang sah (000, 100, …, 900)."),
        ("1000", "Kode '1000' tidak diawali kode pokok yang sah (000, 100, …, 900)."),
        ("ABC", "Kode 'ABC' tidak diawali kode pokok yang sah (000, 100, …, 900)."),
        ("000.", "Kode '000.' tidak sah: setiap bagian setelah titik berupa angka 1–999 tanpa nol di depan."),
        ("000..1", "Kode '000..1' tidak sah: setiap bagian setelah titik berupa angka 1–999 tanpa nol di depan."),
        ("000.01", "Kode '000.01' tidak sah: setiap bagian setelah titik berupa angka 1–999 tanpa nol di depan."),
        ("000.a", "Kode '000.a' tidak sah: setiap bagian setelah titik berupa angka 1–999 tanpa nol di depan."),
        ("000.1000", "Kode '000.1000' tidak sah: setiap bagian setelah titik berupa angka 1–999 tanpa nol di depan."),
        ("000.1.2.3.4.5.6", "Kode '000.1.2.3.4.5.6' terlalu dalam: paling banyak 6 bagian."),
    ],
)
def test_invalid_codes_are_refused_in_indonesian(code, message):
    with pytest.raises(rules.ClassificationCodeError) as caught:
        rules.parse_classification_code(code)
    assert str(caught.value) == message


def test_default_number_pattern():
    assert rules.DEFAULT_NUMBER_PATTERN == "{classification_code}/{sequence}/{unit_code}/{year}"
    number = rules.render_number(
        rules.DEFAULT_NUMBER_PATTERN, classification_code="000.8.3.3", sequence=15, unit_code="OR", year=2026
    )
    assert number == "000.8.3.3/15/OR/2026"


def test_pattern_with_roman_month():
    pattern = "{classification_code}/{sequence}/{unit_code}/{month_roman}/{year}"
    number = rules.render_number(
        pattern, classification_code="000.8.3.3", sequence=15, unit_code="OR", year=2026, month=11
    )
    assert number == "000.8.3.3/15/OR/XI/2026"


def test_zero_padding_agency_code_and_month():
    pattern = "B-{sequence:03d}/{agency_code}/{month:02d}/{year}"
    assert (
        rules.render_number(pattern, sequence=7, agency_code="KOMINFO", month=3, year=2026) == "B-007/KOMINFO/03/2026"
    )
    assert rules.render_number("{sequence:03d}/{year}", sequence=1234, year=2026) == "1234/2026"


@pytest.mark.parametrize(
    ("month", "roman"),
    list(zip(range(1, 13), ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"], strict=True)),
)
def test_to_roman(month, roman):
    assert rules.to_roman(month) == roman


@pytest.mark.parametrize("month", [0, 13, -1])
def test_to_roman_refuses_non_months(month):
    with pytest.raises(ValueError, match=r"Bulan harus 1–12\."):
        rules.to_roman(month)


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("", "Pola nomor wajib diisi."),
        ("{classification_code}/{unit_code}/{year}", "Pola nomor harus memuat {sequence}."),
        ("{classification_code}/{sequence}/{unit_code}", "Pola nomor harus memuat {year}."),
        (
            "{sequence}/{tahun}",
            "Bagian {tahun} tidak dikenal. Yang boleh: {classification_code}, {sequence}, "
            "{unit_code}, {agency_code}, {year}, {month_roman}, {month}.",
        ),
        (
            "{sequence}/{year.__class__}/{year}",
            "Bagian {year.__class__} tidak dikenal. Yang boleh: "
            "{classification_code}, {sequence}, {unit_code}, {agency_code}, {year}, {month_roman}, {month}.",
        ),
        (
            "{sequence!r}/{year}",
            "Bagian {sequence!r} tidak dikenal. Yang boleh: {classification_code}, {sequence}, "
            "{unit_code}, {agency_code}, {year}, {month_roman}, {month}.",
        ),
        ("{sequence}/{year:04d}", "Bagian {year:04d} tidak boleh diberi nol di depan."),
        ("{sequence}/{year}}", "Pola nomor hanya boleh berisi huruf, angka, spasi, . / - _ ( ) dan bagian {…}."),
        ("{sequence}/<b>{year}", "Pola nomor hanya boleh berisi huruf, angka, spasi, . / - _ ( ) dan bagian {…}."),
        ("{sequence}/{year}" + "x" * 190, "Pola nomor terlalu panjang: paling banyak 200 karakter."),
    ],
)
def test_invalid_patterns_are_refused(pattern, message):
    with pytest.raises(NumberPatternError) as caught:
        rules.validate_pattern(pattern)
    assert str(caught.value) == message


def test_render_refuses_missing_parts_and_bad_sequences():
    with pytest.raises(NumberPatternError, match=r"Bagian \{unit_code\} nomor belum diisi."):
        rules.render_number(rules.DEFAULT_NUMBER_PATTERN, classification_code="000", sequence=1, year=2026)
    with pytest.raises(NumberPatternError, match=r"Nomor urut harus bilangan bulat mulai 1\."):
        rules.render_number("{sequence}/{year}", sequence=0, year=2026)


def test_register_keys():
    assert rules.register_key(7, "outgoing") == "7:outgoing"
    assert rules.register_key(7, "incoming_agenda") == "7:incoming_agenda"
    assert rules.register_key(7, "type:keputusan") == "7:type:keputusan"
    with pytest.raises(ValueError):
        rules.register_key(7, "keluar")


def test_final_dispositions():
    assert [f.value for f in FinalDisposition] == ["musnah", "permanen", "dinilai_kembali"]
    assert list(rules.FINAL_DISPOSITION_LABELS.values()) == ["Musnah", "Permanen", "Dinilai kembali"]


RULE = RetentionRule(active_years=2, inactive_years=3, final_disposition=FinalDisposition.MUSNAH)


@pytest.mark.parametrize(
    ("today", "stage"),
    [
        (date(2024, 3, 10), RetentionStage.ACTIVE),
        (date(2026, 3, 9), RetentionStage.ACTIVE),
        (date(2026, 3, 10), RetentionStage.INACTIVE),
        (date(2029, 3, 9), RetentionStage.INACTIVE),
        (date(2029, 3, 10), RetentionStage.DUE),
        (date(2040, 1, 1), RetentionStage.DUE),
    ],
)
def test_retention_stages_at_their_boundaries(today, stage):
    status = rules.retention_due(date(2024, 3, 10), RULE, today)
    assert status.stage == stage
    assert (status.inactive_from, status.due_on) == (date(2026, 3, 10), date(2029, 3, 10))
    assert status.final_disposition == "musnah"


def test_retention_from_29_february_and_zero_years():
    status = rules.retention_due(date(2024, 2, 29), RetentionRule(1, 0, FinalDisposition.PERMANEN), date(2025, 2, 28))
    assert (status.stage, status.inactive_from, status.due_on) == (
        RetentionStage.DUE,
        date(2025, 2, 28),
        date(2025, 2, 28),
    )
    assert (
        rules.retention_due(date(2024, 2, 29), RetentionRule(0, 0, "permanen"), date(2024, 2, 29)).stage
        == "jatuh_tempo"
    )


def test_retention_years_are_never_negative():
    with pytest.raises(ValueError, match=r"Masa retensi tidak boleh negatif\."):
        RetentionRule(-1, 2, FinalDisposition.MUSNAH)


def test_model_choices_mirror_the_rules():
    from terpadu.correspondence import models

    assert dict(models.DocumentGroup.choices) == {str(k): v for k, v in rules.DOCUMENT_GROUP_LABELS.items()}
    assert dict(models.FinalDisposition.choices) == {str(k): v for k, v in rules.FINAL_DISPOSITION_LABELS.items()}
    assert dict(models.SecurityLevel.choices) == {str(k): v for k, v in rules.SECURITY_LABELS.items()}
