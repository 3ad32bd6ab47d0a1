"""Letter PDFs: layout by type, what a final PDF prints (number, date, signature block, QR) and what a draft does."""

import pytest

from terpadu.core.errors import ValidationFailed
from terpadu.correspondence.letter_pdf import (
    KORESPONDENSI,
    MEMO,
    TITLED,
    document_title,
    layout_for,
    letter_pdf_render,
    paragraphs,
    qr_svg,
    region_of,
)
from terpadu.correspondence.rules import DEFAULT_LETTER_TYPES
from terpadu.documents.tests.pdftext import pdf_text

from .pdf_fixtures import dev_signing_fixture, make_letter, sign_letter, signing_dir_fixture  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db
NUMBER = "000.1.5/15/DISKOMINFO/2026"


def text_of(pdf: bytes) -> str:
    return " ".join(pdf_text(pdf).split())


EXPECTED_LAYOUTS = {
    "nota_dinas": MEMO,
    "memo": MEMO,
    "surat_dinas": KORESPONDENSI,
    "surat_undangan": KORESPONDENSI,
}


@pytest.mark.parametrize("kind", DEFAULT_LETTER_TYPES, ids=lambda kind: kind.code)
def test_every_default_type_has_a_layout(kind):
    assert layout_for(kind.code, kind.group.value) == EXPECTED_LAYOUTS.get(kind.code, TITLED)


def test_an_unknown_korespondensi_type_uses_the_letter_layout_and_anything_else_is_titled():
    assert layout_for("surat_baru", "korespondensi") == KORESPONDENSI
    assert layout_for("", "") == TITLED


def test_paragraphs_split_on_blank_lines_and_keep_line_breaks():
    assert paragraphs("Satu\nbaris dua\n\n\n  \nTiga\r\n\r\nEmpat\n") == ["Satu\nbaris dua", "Tiga", "Empat"]
    assert paragraphs("") == []


def test_titles_of_the_regional_heads_own_documents_name_the_office():
    kwargs = {"head_title": "Bupati", "government_name": "Kabupaten Sumbawa Barat"}
    assert document_title(type_name="Keputusan", code="keputusan", authority="regional_head", **kwargs) == (
        "KEPUTUSAN BUPATI SUMBAWA BARAT"
    )
    assert document_title(type_name="Surat Tugas", code="surat_tugas", authority="regional_head", **kwargs) == (
        "SURAT TUGAS"
    )
    assert document_title(type_name="Keputusan", code="keputusan", authority="agency_head", **kwargs) == "KEPUTUSAN"
    assert region_of("Pemerintah Kota Mataram") == "Mataram"


def test_final_letter_prints_number_date_signature_block_and_verification(dev_signing):
    letter = make_letter()
    signed = sign_letter(letter, number=NUMBER)
    text = text_of(signed)
    for expected in (
        "PEMERINTAH KABUPATEN SUMBAWA BARAT",
        "DINAS KOMUNIKASI DAN INFORMATIKA",
        "Taliwang, 23 November 2026",
        f"Nomor : {NUMBER}",
        "Sifat : Segera",
        "Lampiran : 1 (satu) berkas",
        "Hal : Undangan Rapat Koordinasi SPBE",
        "Yth.",
        "Kepala Dinas Kesehatan",
        "Kepala Bappeda",
        "Kami mengundang Saudara hadir pada rapat koordinasi.",
        "KEPALA DINAS KOMUNIKASI DAN INFORMATIKA,",
        "Ditandatangani secara elektronik",
        "Dr. Ahmad Fauzi, M.Si.",
        "Pembina Utama Muda (IV/c)",
        f"NIP. {letter.signer.nip}",
        "Tembusan:",
        "Sekretaris Daerah",
        f"https://terpadu.sumbawabaratkab.go.id/verifikasi/{letter.verification_token}/",
    ):
        assert expected in text, expected
    assert "KONSEP" not in text and "RAHASIA" not in text


def test_draft_prints_konsep_and_placeholders_without_qr(dev_signing):
    letter = make_letter()
    text = text_of(letter_pdf_render(letter, final=False))
    assert "KONSEP" in text
    assert "Nomor : ……………………" in text
    assert "Taliwang, …………………" in text
    assert "Dr. Ahmad Fauzi, M.Si." in text  # the intended signer
    assert "Ditandatangani secara elektronik" not in text
    assert "verifikasi" not in text


@pytest.mark.parametrize(("level", "mark"), [("rahasia", "RAHASIA"), ("sangat_rahasia", "SANGAT RAHASIA")])
def test_secret_letters_are_marked_at_the_top_and_bottom(dev_signing, level, mark):
    letter = make_letter(security_level=level)
    text = text_of(sign_letter(letter, number=NUMBER))
    assert text.count(mark) >= 2
    assert text_of(letter_pdf_render(letter, final=False)).count(mark) >= 2


def test_terbatas_is_marked_and_biasa_is_not(dev_signing):
    assert "TERBATAS" in text_of(letter_pdf_render(make_letter(security_level="terbatas"), final=False))
    assert "BIASA" not in text_of(letter_pdf_render(make_letter(security_level="biasa"), final=False))


def test_nota_dinas_has_the_header_table(dev_signing):
    letter = make_letter(code="nota_dinas")
    text = text_of(sign_letter(letter, number=NUMBER))
    for expected in (
        "NOTA DINAS",
        "Yth. : Kepala Dinas Kesehatan; Kepala Bappeda",
        "Dari : Kepala Dinas Komunikasi dan Informatika",
        "Tembusan : Sekretaris Daerah",
        "Tanggal : 23 November 2026",
        f"Nomor : {NUMBER}",
        "Hal : Undangan Rapat Koordinasi SPBE",
        "Ditandatangani secara elektronik",
    ):
        assert expected in text, expected


def test_surat_tugas_is_a_titled_document_without_tentang(dev_signing):
    letter = make_letter(code="surat_tugas", subject="Tugas pendampingan SPBE")
    text = text_of(sign_letter(letter, number=NUMBER))
    assert "SURAT TUGAS" in text and f"NOMOR {NUMBER}" in text
    assert "TENTANG" not in text
    assert "Taliwang, 23 November 2026" in text
    assert "Yth." not in text


def test_a_keputusan_of_the_regional_head_is_enacted_on_the_governments_kop(dev_signing):
    letter = make_letter(code="keputusan", subject="Tim SPBE", signing_authority="regional_head")
    text = text_of(sign_letter(letter, number=NUMBER))
    assert "KEPUTUSAN BUPATI SUMBAWA BARAT" in text
    assert "TENTANG TIM SPBE" in text
    assert "Ditetapkan di : Taliwang" in text and "pada tanggal : 23 November 2026" in text
    assert "DINAS KOMUNIKASI DAN INFORMATIKA" not in text.split("KEPUTUSAN")[0]  # no OPD line on the kop


def test_khusus_types_use_the_titled_layout(dev_signing):
    text = text_of(letter_pdf_render(make_letter(code="berita_acara", subject="Serah terima"), final=False))
    assert "BERITA ACARA" in text and "TENTANG SERAH TERIMA" in text


def test_a_final_pdf_needs_a_number_a_date_and_a_signature_block(dev_signing):
    with pytest.raises(ValidationFailed):
        letter_pdf_render(make_letter(), final=True)


def test_the_qr_code_is_inline_svg():
    svg = qr_svg("https://terpadu.example.go.id/verifikasi/1/")
    assert svg.startswith('<svg class="qr" role="img" ') and "<title>Kode QR verifikasi</title>" in svg
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")  # nothing to fetch
