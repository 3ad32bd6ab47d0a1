"""Exports of E-Planning: an agency's Renja and a round's consolidation, as XLSX (exact cells, totals that
add up, the period columns of a monthly and a quarterly round, the ceiling's difference) and as PDF on
the letterhead; who may download them."""

import io
from decimal import Decimal

import pytest
from django.test import Client
from openpyxl import load_workbook

from terpadu.directory.tests.factories import login_as
from terpadu.documents.tests.pdftext import pdf_text
from terpadu.planning import exports, rules, selectors, services

from .factories import (
    DINKES_SUB,
    DURING,
    KOMINFO_SUB,
    KOMINFO_SUB_2,
    filled_plan,
    months,
    planning_world,
    sub_draft,
)

pytestmark = pytest.mark.django_db

MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober")
MONTHS += ("November", "Desember")
QUARTERS = ("Triwulan I", "Triwulan II", "Triwulan III", "Triwulan IV")
RENJA_HEADERS = (
    "Kode program",
    "Program",
    "Kode kegiatan",
    "Kegiatan",
    "Kode sub kegiatan",
    "Sub kegiatan",
    "Indikator keluaran",
    "Satuan",
    "Target",
    "Lokasi",
    "Kelompok sasaran",
    "Kode rekening",
    "Uraian",
)
PROGRAM_2 = ("2.16.02", "Program Informasi dan Komunikasi Publik")
ACTIVITY_2 = ("2.16.02.2.01", "Pengelolaan Informasi dan Komunikasi Publik Pemerintah Daerah Kabupaten/Kota")
SUB_2 = ("2.16.02.2.01.0005", "Pengelolaan Media Komunikasi Publik")
PROGRAM_3 = ("2.16.03", "Program Aplikasi Informatika")
ACTIVITY_3 = ("2.16.03.2.02", "Pengelolaan e-government di Lingkup Pemerintah Daerah Kabupaten/Kota")
SUB_3 = ("2.16.03.2.02.0005", "Pengembangan Aplikasi dan Proses Bisnis Pemerintahan Berbasis Elektronik")
WHERE = ("Kabupaten Uji", "Perangkat daerah")
INDICATOR = ("Jumlah aplikasi yang dikembangkan", "Aplikasi", 3)


def _sheets(content):
    workbook = load_workbook(io.BytesIO(content))
    return {name: list(workbook[name].iter_rows(values_only=True)) for name in workbook.sheetnames}


def _kominfo_plan(pw):
    """Sub kegiatan 2.16.03…0005: one line of Rp 120 million (Rp 10 million a month); 2.16.02…0005: three
    lines of Rp 30 million (Rp 2.5 million a month): Rp 210 million in all."""
    return filled_plan(
        pw, pw.w.kominfo, sub_draft(KOMINFO_SUB, total=120_000_000), sub_draft(KOMINFO_SUB_2, total=90_000_000, lines=3)
    )


@pytest.fixture
def pw():
    return planning_world(ceilings={"kominfo": Decimal(200_000_000)})


# --- the Renja ---------------------------------------------------------------------------------------------


def test_renja_xlsx_has_one_row_per_line_under_its_program_kegiatan_and_sub_kegiatan(pw):
    plan = _kominfo_plan(pw)

    export = exports.plan_export(selectors.plan_get_for_user(user=pw.w.operator_kominfo, pk=plan.pk), "xlsx")

    assert export.filename == "Renja-2027-3.01.xlsx"
    sheets = _sheets(export.content)
    assert list(sheets) == ["Renja", "Ringkasan"]
    rows = sheets["Renja"]
    assert rows[0] == (*RENJA_HEADERS, *MONTHS, "Jumlah (Rp)")
    head_2 = (*PROGRAM_2, *ACTIVITY_2, *SUB_2, *INDICATOR, *WHERE, "5.1.02.02.01.0003")
    assert rows[1] == (*head_2, "Jasa tenaga ahli 1", *([2_500_000] * 12), 30_000_000)
    assert rows[3] == (*head_2, "Jasa tenaga ahli 3", *([2_500_000] * 12), 30_000_000)
    head_3 = (*PROGRAM_3, *ACTIVITY_3, *SUB_3, *INDICATOR, *WHERE, "5.1.02.02.01.0003")
    assert rows[4] == (*head_3, "Jasa tenaga ahli 1", *([10_000_000] * 12), 120_000_000)
    assert len(rows) == 1 + 4
    assert sum(row[-1] for row in rows[1:]) == 210_000_000
    assert all(sum(row[13:25]) == row[25] for row in rows[1:])


def test_renja_summary_adds_up_and_shows_the_ceiling_difference(pw):
    plan = _kominfo_plan(pw)

    rows = _sheets(exports.plan_export(plan, "xlsx").content)["Ringkasan"]

    assert rows[0] == ("Tingkat", "Kode", "Uraian", *MONTHS, "Jumlah (Rp)")
    assert [row[:3] + row[-1:] for row in rows[1:7]] == [
        ("Program", *PROGRAM_2, 90_000_000),
        ("Kegiatan", *ACTIVITY_2, 90_000_000),
        ("Sub kegiatan", *SUB_2, 90_000_000),
        ("Program", *PROGRAM_3, 120_000_000),
        ("Kegiatan", *ACTIVITY_3, 120_000_000),
        ("Sub kegiatan", *SUB_3, 120_000_000),
    ]
    assert rows[1][3:15] == (7_500_000,) * 12
    assert rows[7] == ("Total OPD", "3.01", "Dinas Komunikasi dan Informatika", *(17_500_000,) * 12, 210_000_000)
    assert rows[8] == ("Pagu indikatif", None, "Melebihi pagu", *(None,) * 12, 200_000_000)
    assert rows[9] == (
        "Selisih",
        None,
        "Pagu dikurangi total (negatif: melebihi pagu)",
        *(None,) * 12,
        -10_000_000,
    )
    assert sum(row[-1] for row in rows[1:7] if row[0] == "Sub kegiatan") == rows[7][-1]
    assert sum(row[-1] for row in rows[1:7] if row[0] == "Program") == rows[7][-1]


def test_renja_of_a_quarterly_round_has_four_period_columns_and_every_indicator():
    pw = planning_world(period_kind=rules.PeriodKind.QUARTER)
    draft = services.SubActivityDraft(
        code=KOMINFO_SUB,
        location="Kabupaten Uji",
        target_group="Perangkat daerah",
        indicators=(
            rules.IndicatorDraft("Jumlah aplikasi yang dikembangkan", "Aplikasi", Decimal(3)),
            rules.IndicatorDraft("Persentase layanan terintegrasi", "Persen", Decimal("87.5")),
        ),
        lines=(rules.LineDraft("5.1.02.02.01.0003", "Jasa tenaga ahli", months(100_000_001, 4)),),
    )
    plan = filled_plan(pw, pw.w.kominfo, draft)

    sheets = _sheets(exports.plan_export(plan, "xlsx").content)

    assert sheets["Renja"][0] == (*RENJA_HEADERS, *QUARTERS, "Jumlah (Rp)")
    assert sheets["Renja"][1][6:9] == (
        "Jumlah aplikasi yang dikembangkan; Persentase layanan terintegrasi",
        "Aplikasi; Persen",
        "3; 87,5",
    )
    assert sheets["Renja"][1][13:] == (25_000_000, 25_000_000, 25_000_000, 25_000_001, 100_000_001)
    assert sheets["Ringkasan"][0] == ("Tingkat", "Kode", "Uraian", *QUARTERS, "Jumlah (Rp)")
    assert sheets["Ringkasan"][4][:3] == ("Total OPD", "3.01", "Dinas Komunikasi dan Informatika")
    assert sheets["Ringkasan"][4][3:] == (25_000_000, 25_000_000, 25_000_000, 25_000_001, 100_000_001)
    assert sheets["Ringkasan"][5] == ("Pagu indikatif", None, "Pagu belum ditetapkan", None, None, None, None, None)


def test_renja_pdf_is_on_the_agency_letterhead_with_its_totals(pw):
    plan = services.plan_submit(user=pw.w.operator_kominfo, plan=_kominfo_plan(pw), now=DURING)

    export = exports.plan_export(plan, "pdf")

    assert export.filename == "Renja-2027-3.01.pdf" and export.content_type == "application/pdf"
    assert export.content.startswith(b"%PDF")
    text = " ".join(pdf_text(export.content).split())
    assert "PEMERINTAH KABUPATEN UJI" in text and "DINAS KOMUNIKASI DAN INFORMATIKA" in text
    assert "RENCANA KERJA PERANGKAT DAERAH (RENJA) TAHUN 2027" in text
    assert "3.01 Dinas Komunikasi dan Informatika" in text
    assert "Dikirim, menunggu pemeriksaan (revisi 1)" in text
    assert "2.16.03.2.02.0005" in text and "Rp 120.000.000" in text and "Rp 90.000.000" in text
    assert "Rp 210.000.000" in text and "Rp 200.000.000" in text and "Rp -10.000.000" in text
    assert "Rp 17.500.000" in text  # each month


# --- the consolidation -------------------------------------------------------------------------------------


def _both_plans(pw):
    kominfo = services.plan_submit(user=pw.w.operator_kominfo, plan=_kominfo_plan(pw), now=DURING)
    dinkes = filled_plan(pw, pw.w.dinkes, sub_draft(DINKES_SUB, total=60_000_000))
    return kominfo, dinkes


def test_consolidation_xlsx_per_agency_program_and_sub_kegiatan_with_the_government_total(pw):
    _both_plans(pw)

    export = exports.round_export(selectors.round_consolidation_for_user(user=pw.w.sekda, pk=pw.round.pk), "xlsx")

    assert export.filename == "Konsolidasi-Renja-2027.xlsx"
    sheets = _sheets(export.content)
    assert list(sheets) == ["Konsolidasi", "Per program", "Per OPD"]
    rows = sheets["Konsolidasi"]
    assert rows[0][:9] == (
        "Kode OPD",
        "OPD",
        "Kode program",
        "Program",
        "Kode kegiatan",
        "Kegiatan",
        "Kode sub kegiatan",
        "Sub kegiatan",
        "Rincian (baris)",
    )
    assert rows[0][9:] == (*MONTHS, "Jumlah (Rp)")
    kominfo = ("3.01", "Dinas Komunikasi dan Informatika")
    assert rows[1] == (*kominfo, *PROGRAM_2, *ACTIVITY_2, *SUB_2, 3, *(7_500_000,) * 12, 90_000_000)
    assert rows[2] == (*kominfo, *PROGRAM_3, *ACTIVITY_3, *SUB_3, 1, *(10_000_000,) * 12, 120_000_000)
    assert rows[3][:9:2] == ("3.03", "1.02.02", "1.02.02.2.02", "1.02.02.2.02.0001", 1)
    assert rows[3][-1] == 60_000_000
    assert rows[4] == (None, "Total pemerintah daerah", *(None,) * 6, 5, *(22_500_000,) * 12, 270_000_000)
    assert sum(row[-1] for row in rows[1:4]) == rows[4][-1]

    programs = sheets["Per program"]
    assert [row[:5] + row[-1:] for row in programs[1:]] == [
        (*kominfo, *PROGRAM_2, 1, 90_000_000),
        (*kominfo, *PROGRAM_3, 1, 120_000_000),
        ("3.03", "Dinas Kesehatan", "1.02.02", rows[3][3], 1, 60_000_000),
        (None, "Total pemerintah daerah", None, None, 3, 270_000_000),
    ]

    agencies = sheets["Per OPD"]
    assert agencies[0] == exports.AGENCY_HEADERS
    assert agencies[1][:5] == (1, "3.01", "Dinas Komunikasi dan Informatika", "Dikirim, menunggu pemeriksaan", 1)
    assert agencies[1][6:] == (2, 210_000_000, 200_000_000, -10_000_000, "Melebihi pagu")
    assert agencies[2] == (
        2,
        "3.03",
        "Dinas Kesehatan",
        "Draf",
        0,
        None,
        1,
        60_000_000,
        None,
        None,
        "Pagu belum ditetapkan",
    )
    assert agencies[3] == (
        None,
        None,
        "Total pemerintah daerah",
        None,
        None,
        None,
        3,
        270_000_000,
        200_000_000,
        -70_000_000,
        "Melebihi pagu",
    )


def test_consolidation_lists_agencies_that_have_not_started_and_reads_in_five_queries(pw, django_assert_num_queries):
    with django_assert_num_queries(5):
        consolidation = selectors.unscoped_round_consolidation(pw.round)

    rows = _sheets(exports.round_export(consolidation, "xlsx").content)["Per OPD"]
    assert [row[1:5] + row[6:] for row in rows[1:]] == [
        ("3.01", "Dinas Komunikasi dan Informatika", "Belum mulai", 0, 0, 0, 200_000_000, 200_000_000, "Di bawah pagu"),
        ("3.03", "Dinas Kesehatan", "Belum mulai", 0, 0, 0, None, None, "Pagu belum ditetapkan"),
        (None, "Total pemerintah daerah", None, None, 0, 0, 200_000_000, 200_000_000, "Di bawah pagu"),
    ]
    assert (
        _sheets(exports.round_export(consolidation, "xlsx").content)["Konsolidasi"][1][1] == "Total pemerintah daerah"
    )


def test_consolidation_of_a_quarterly_round_has_four_period_columns():
    pw = planning_world(period_kind=rules.PeriodKind.QUARTER)
    draft = services.SubActivityDraft(
        code=KOMINFO_SUB,
        location="Kabupaten Uji",
        target_group="Perangkat daerah",
        indicators=(rules.IndicatorDraft("Jumlah aplikasi", "Aplikasi", Decimal(3)),),
        lines=(rules.LineDraft("5.1.02.02.01.0003", "Jasa tenaga ahli", months(40_000_000, 4)),),
    )
    filled_plan(pw, pw.w.kominfo, draft)

    sheets = _sheets(exports.round_export(selectors.unscoped_round_consolidation(pw.round), "xlsx").content)

    assert sheets["Konsolidasi"][0][9:] == (*QUARTERS, "Jumlah (Rp)")
    assert sheets["Konsolidasi"][1][9:] == (10_000_000,) * 4 + (40_000_000,)
    assert sheets["Per program"][0][5:] == (*QUARTERS, "Jumlah (Rp)")


def test_consolidation_pdf_names_every_agency_and_the_totals(pw):
    _both_plans(pw)

    export = exports.round_export(selectors.unscoped_round_consolidation(pw.round), "pdf")

    assert export.filename == "Konsolidasi-Renja-2027.pdf" and export.content.startswith(b"%PDF")
    text = " ".join(pdf_text(export.content).split())
    assert "PEMERINTAH KABUPATEN UJI" in text and "KONSOLIDASI RENJA PERANGKAT DAERAH TAHUN 2027" in text
    assert "Dinas Komunikasi dan Informatika" in text and "Dinas Kesehatan" in text
    assert "Rp 210.000.000" in text and "Rp 60.000.000" in text and "Rp 270.000.000" in text
    assert "Rp -10.000.000" in text and "Pagu belum ditetapkan" in text
    assert "2 OPD diminta; 1 Renja dikirim atau diterima; 3 sub kegiatan" in text


# --- pages and who may download ---------------------------------------------------------------------------

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("operator_kominfo", 200),  # the agency itself
        ("sekda", 200),
        ("admin_bappeda", 200),  # the planning agency reads every plan
        ("auditor", 200),
        ("admin_dinkes", 404),  # another agency: the same 404 as a missing plan
        ("employee_kominfo", 403),  # same agency, no planning role
    ],
)
def test_renja_download_is_for_those_who_read_the_plan(client, pw, who, status):
    plan = _kominfo_plan(pw)
    login_as(client, getattr(pw.w, who))

    response = client.get(f"/perencanaan/renja/{plan.pk}/ekspor.xlsx")

    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == XLSX
        assert response["Content-Disposition"] == 'attachment; filename="Renja-2027-3.01.xlsx"'
        assert _sheets(response.content)["Renja"][1][4] == "2.16.02.2.01.0005"


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("sekda", 200),
        ("bupati", 200),
        ("admin_bappeda", 200),
        ("auditor", 200),
        ("admin_kominfo", 403),  # an addressed agency sees the round, not every plan in it
        ("admin_dinkes", 403),
        ("employee_kominfo", 403),
    ],
)
def test_consolidation_download_is_only_for_those_who_read_every_plan(client, pw, who, status):
    _kominfo_plan(pw)
    login_as(client, getattr(pw.w, who))

    response = client.get(f"/perencanaan/putaran/{pw.round.pk}/konsolidasi.pdf")

    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == 'attachment; filename="Konsolidasi-Renja-2027.pdf"'
        assert response.content.startswith(b"%PDF")


def test_unknown_format_missing_objects_and_anonymous(client, pw):
    plan = _kominfo_plan(pw)
    for path in (f"/perencanaan/renja/{plan.pk}/ekspor.xlsx", f"/perencanaan/putaran/{pw.round.pk}/konsolidasi.xlsx"):
        anonymous = Client().get(path)
        assert anonymous.status_code == 302 and anonymous["Location"].startswith("/akun/masuk/")
    login_as(client, pw.w.sekda)
    assert client.get(f"/perencanaan/renja/{plan.pk}/ekspor.docx").status_code == 404
    assert client.get(f"/perencanaan/putaran/{pw.round.pk}/konsolidasi.csv").status_code == 404
    assert client.get(f"/perencanaan/renja/{plan.pk + 999}/ekspor.pdf").status_code == 404
    assert client.get(f"/perencanaan/putaran/{pw.round.pk + 999}/konsolidasi.xlsx").status_code == 404
    assert client.get(f"/perencanaan/putaran/{pw.round.pk}/konsolidasi.xlsx").status_code == 200


def test_a_round_not_addressed_to_the_agency_is_missing_for_its_staff(client):
    pw = planning_world(publish=False)
    login_as(client, pw.w.admin_kominfo)

    assert client.get(f"/perencanaan/putaran/{pw.round.pk}/konsolidasi.xlsx").status_code == 404
