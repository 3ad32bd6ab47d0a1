"""The PDF letterhead and the XLSX writer."""

import io
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from openpyxl import load_workbook

from terpadu.directory.models import Government
from terpadu.directory.tests.factories import GovernmentFactory
from terpadu.documents.interfaces import Sheet, render_pdf, write_xlsx
from terpadu.documents.pdf import LOGO_URL, LogoOnlyFetcher, heading_of

from .conftest import png_bytes
from .pdftext import page_count, pdf_objects, pdf_text

pytestmark = pytest.mark.django_db


def _government(**kwargs):
    return GovernmentFactory(
        name="Kabupaten Sumbawa Barat",
        address="Jalan Bung Karno No. 1, Taliwang",
        phone="(0372) 81234",
        email="diskominfo@sumbawabaratkab.go.id",
        website="https://sumbawabaratkab.go.id",
        **kwargs,
    )


def test_pdf_has_the_letterhead_in_capitals_and_page_numbers():
    government = _government()
    pdf = render_pdf(
        template_name="documents/pdf/table.html",
        context={"headers": ["No", "OPD"], "rows": [[1, "Dinas Komunikasi dan Informatika"]], "numeric": [0]},
        government_id=government.pk,
        title="Rekap Permintaan Data",
    )
    text = " ".join(pdf_text(pdf).split())
    assert pdf.startswith(b"%PDF-")
    assert page_count(pdf) == 1
    assert "PEMERINTAH KABUPATEN SUMBAWA BARAT" in text
    assert "Jalan Bung Karno No. 1, Taliwang" in text
    assert "Halaman 1 dari 1" in text
    assert "Dinas Komunikasi dan Informatika" in text
    assert b"/Title (Rekap Permintaan Data)" in pdf_objects(pdf)


def test_page_numbers_count_every_page():
    government = _government()
    rows = [[n, f"Baris {n}"] for n in range(1, 121)]
    pdf = render_pdf(
        template_name="documents/pdf/table.html",
        context={"headers": ["No", "Uraian"], "rows": rows},
        government_id=government.pk,
        title="Daftar panjang",
    )
    pages = page_count(pdf)
    text = pdf_text(pdf)
    assert pages >= 2
    assert f"Halaman 1 dari {pages}" in text
    assert f"Halaman {pages} dari {pages}" in text


@pytest.mark.parametrize(
    ("name", "level", "heading"),
    [
        ("Kabupaten Sumbawa Barat", Government.Level.REGENCY, "PEMERINTAH KABUPATEN SUMBAWA BARAT"),
        ("Sumbawa Barat", Government.Level.REGENCY, "PEMERINTAH KABUPATEN SUMBAWA BARAT"),
        ("Kota Mataram", Government.Level.CITY, "PEMERINTAH KOTA MATARAM"),
        ("Pemerintah Kabupaten Contoh", Government.Level.REGENCY, "PEMERINTAH KABUPATEN CONTOH"),
        ("Pemerintah Kota Kupang", Government.Level.CITY, "PEMERINTAH KOTA KUPANG"),
        ("Nusa Tenggara Barat", Government.Level.PROVINCE, "PEMERINTAH PROVINSI NUSA TENGGARA BARAT"),
    ],
)
def test_heading_says_the_level_once(name, level, heading):
    assert heading_of(Government(name=name, level=level)) == heading


def test_the_logo_comes_from_storage_and_nothing_else_is_fetched():
    government = _government()
    government.logo.save("logo-uji.png", ContentFile(png_bytes((40, 40))), save=True)
    pdf = render_pdf(
        template_name="documents/pdf/table.html",
        context={"headers": ["No"], "rows": []},
        government_id=government.pk,
        title="Dengan logo",
    )
    assert b"/Subtype /Image" in pdf_objects(pdf)
    fetcher = LogoOnlyFetcher(government.logo.name)
    assert fetcher.fetch(LOGO_URL).content_type == "image/png"
    for url in ["http://127.0.0.1:9/x.png", "https://example.com/font.woff", "file:///etc/passwd", "data:,x"]:
        with pytest.raises(ValueError, match="only the government logo"):
            fetcher.fetch(url)


def test_without_a_logo_the_fetcher_serves_nothing():
    with pytest.raises(ValueError, match="only the government logo"):
        LogoOnlyFetcher("").fetch(LOGO_URL)


def test_xlsx_round_trip_keeps_headers_dates_and_numbers():
    content = write_xlsx(
        sheets=[
            Sheet(
                title="Rekap: Mei/2026",
                headers=["Nama", "Tanggal", "Nilai", "Waktu", "Rumus"],
                rows=iter(
                    [
                        [
                            "Dinas A",
                            date(2026, 5, 3),
                            Decimal("1234567.50"),
                            datetime(2026, 5, 3, 1, 30, tzinfo=UTC),
                            "=1+1",
                        ]
                    ]
                ),
                timezone="Asia/Makassar",
            ),
            Sheet(title="Rekap: Mei/2026", headers=["Kosong"], rows=[]),
        ]
    )
    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["Rekap  Mei 2026", "Rekap  Mei 2026 (2)"]
    sheet = workbook["Rekap  Mei 2026"]
    assert [c.value for c in sheet[1]] == ["Nama", "Tanggal", "Nilai", "Waktu", "Rumus"]
    assert all(c.font.b for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    name, day, amount, moment, text = sheet[2]
    assert (name.value, name.data_type) == ("Dinas A", "s")
    assert day.is_date and day.value == datetime(2026, 5, 3) and day.number_format == "DD/MM/YYYY"
    assert (amount.value, amount.data_type) == (1234567.5, "n")
    assert moment.value == datetime(2026, 5, 3, 9, 30)
    assert (text.value, text.data_type) == ("=1+1", "s")
    assert sheet.column_dimensions["A"].width == 9
    assert sheet.column_dimensions["C"].width == 12


def test_xlsx_streams_many_rows():
    rows = ([n, f"Baris {n}"] for n in range(1, 20_001))
    workbook = load_workbook(io.BytesIO(write_xlsx(sheets=[Sheet("Data", ["No", "Uraian"], rows)])), read_only=True)
    sheet = workbook["Data"]
    values = list(sheet.iter_rows(values_only=True))
    assert len(values) == 20_001
    assert values[-1] == (20_000, "Baris 20000")
