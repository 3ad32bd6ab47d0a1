"""Checked uploads: size, type from the content, extension, storage path, SHA-256, audit."""

import hashlib
import io
import re
import zipfile

import pytest
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from terpadu.core.errors import AccessDenied, ValidationFailed
from terpadu.core.models import AuditEvent
from terpadu.core.roles import Role
from terpadu.directory.tests.factories import GovernmentFactory, user_with_role
from terpadu.documents import rules
from terpadu.documents.interfaces import Sheet, save_generated, store_upload, stored_file_open, write_xlsx
from terpadu.documents.models import StoredFile

from .conftest import DOCX, PDF_BYTES, XLSX, png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def employee():
    return user_with_role(Role.EMPLOYEE)


def _store(user, name, content, purpose):
    return store_upload(
        file=SimpleUploadedFile(name, content), purpose=purpose, user=user, government_id=user.government_id
    )


def _refused(user, name, content, purpose):
    with pytest.raises(ValidationFailed) as refused:
        _store(user, name, content, purpose)
    assert StoredFile.objects.count() == 0
    assert not default_storage.exists("uploads")
    return refused.value


def test_a_good_pdf_is_stored_with_its_hash_size_and_path(employee):
    info = _store(employee, "Laporan Triwulan I.pdf", PDF_BYTES, "uji-pdf")
    row = StoredFile.objects.get()
    assert (info.id, info.original_name, info.size, info.content_type) == (
        row.pk,
        "Laporan Triwulan I.pdf",
        len(PDF_BYTES),
        "application/pdf",
    )
    assert info.sha256 == hashlib.sha256(PDF_BYTES).hexdigest() == row.sha256
    assert info.url == f"/dokumen/berkas/{row.pk}/"
    expected = rf"uploads/{employee.government_id}/uji-pdf/{row.uploaded_at:%Y/%m}/[0-9a-f]{{32}}\.pdf"
    assert re.fullmatch(expected, row.storage_name)
    assert (row.government_id, row.purpose, row.uploaded_by) == (employee.government_id, "uji-pdf", employee)
    with stored_file_open(file_id=row.pk) as stored:
        assert stored.read() == PDF_BYTES
    event = AuditEvent.objects.get(action="documents.file.store")
    assert event.after["sha256"] == row.sha256
    assert event.actor == employee


def test_a_file_on_disk_is_read_in_chunks_and_stored(employee, tmp_path):
    path = tmp_path / "foto.PNG"
    path.write_bytes(png_bytes((300, 300)))
    with path.open("rb") as handle:
        info = store_upload(
            file=File(handle), purpose="uji-gambar", user=employee, government_id=employee.government_id
        )
    row = StoredFile.objects.get()
    assert (info.original_name, info.content_type, info.size) == ("foto.PNG", "image/png", path.stat().st_size)
    assert info.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert row.storage_name.endswith(".png")


def test_a_png_named_pdf_is_refused_as_forged(employee):
    error = _refused(employee, "surat.pdf", png_bytes(), "uji-pdf")
    assert (error.code, error.message) == ("file_forged", "Isi berkas tidak sesuai ekstensinya (.pdf).")
    assert error.fields == {"file": ["Isi berkas tidak sesuai ekstensinya (.pdf)."]}


def test_a_text_file_named_xlsx_is_refused_as_forged(employee):
    error = _refused(employee, "data.xlsx", b"nama,nilai\nA,1\n", "uji-data")
    assert (error.code, error.message) == ("file_forged", "Isi berkas tidak sesuai ekstensinya (.xlsx).")


def test_a_type_not_allowed_for_the_purpose_is_refused_with_what_is_allowed(employee):
    error = _refused(employee, "foto.pdf", PDF_BYTES, "uji-gambar")
    assert (error.code, error.message) == (
        "file_type_not_allowed",
        "Jenis berkas tidak diizinkan: berkas ini PDF, yang diizinkan: gambar PNG/JPEG.",
    )


def test_an_oversized_file_is_refused(employee):
    error = _refused(employee, "besar.pdf", PDF_BYTES + b"0" * 2048, "uji-kecil")
    assert (error.code, error.message) == ("file_too_large", "Berkas terlalu besar (2,1 KB); paling besar 1 KB.")


def test_the_installation_limit_caps_every_policy(employee, settings):
    settings.TERPADU_UPLOAD_MAX_BYTES = 50
    error = _refused(employee, "laporan.pdf", PDF_BYTES, "uji-pdf")
    assert error.message == f"Berkas terlalu besar ({len(PDF_BYTES)} bita); paling besar 50 bita."


def test_a_stream_longer_than_it_says_is_cut_off_at_the_limit(employee):
    class Lying(io.BytesIO):
        size = 10

    upload = File(Lying(PDF_BYTES + b"0" * 2048), name="laporan.pdf")
    upload.size = 10
    with pytest.raises(ValidationFailed) as refused:
        store_upload(file=upload, purpose="uji-kecil", user=employee, government_id=employee.government_id)
    assert refused.value.message == "Berkas terlalu besar; paling besar 1 KB."


def test_empty_and_unknown_files_are_refused(employee):
    assert _refused(employee, "kosong.pdf", b"", "uji-pdf").message == "Berkas kosong."
    unknown = _refused(employee, "acak.bin", b"\x00\x01\x02\x03" * 64, "uji-gambar")
    assert (unknown.code, unknown.message) == (
        "file_type_unknown",
        "Jenis berkas tidak dikenali; yang diizinkan: gambar PNG/JPEG.",
    )


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("rekap.xlsx", lambda: write_xlsx(sheets=[Sheet("Data", ["A"], [[1]])]), XLSX),
        ("nota.docx", _docx, DOCX),
        ("daftar.csv", lambda: "nama;nilai\nÁnda;1\n".encode(), "text/csv"),
        ("catatan.txt", lambda: b"baris satu\n", "text/plain"),
        ("tanpa-ekstensi", lambda: b"baris satu\n", "text/plain"),
    ],
)
def test_office_files_and_text_are_recognised_by_content(employee, name, content, content_type):
    info = _store(employee, name, content(), "uji-data")
    assert info.content_type == content_type


def test_a_zip_that_is_not_an_office_file_is_not_xlsx(employee):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<x/>")
    error = _refused(employee, "palsu.xlsx", buffer.getvalue(), "uji-data")
    assert error.message == "Isi berkas tidak sesuai ekstensinya (.xlsx)."


def test_text_with_nul_bytes_or_invalid_utf8_is_not_text(employee):
    assert _refused(employee, "a.txt", b"abc\x00def", "uji-data").code == "file_type_unknown"
    assert _refused(employee, "b.csv", b"caf\xe9", "uji-data").code == "file_type_unknown"


def test_uploading_for_another_government_is_refused(employee):
    other = GovernmentFactory()
    with pytest.raises(AccessDenied):
        store_upload(
            file=SimpleUploadedFile("a.pdf", PDF_BYTES), purpose="uji-pdf", user=employee, government_id=other.pk
        )


def test_an_unregistered_purpose_is_a_programming_error(employee):
    with pytest.raises(ValueError, match="no upload policy"):
        _store(employee, "a.pdf", PDF_BYTES, "tidak-terdaftar")


def test_generated_documents_are_recorded_the_same_way():
    government = GovernmentFactory()
    info = save_generated(
        content=PDF_BYTES,
        name="rekap.pdf",
        content_type="application/pdf",
        purpose="uji-pdf",
        government_id=government.pk,
    )
    row = StoredFile.objects.get(pk=info.id)
    assert (row.uploaded_by, row.size, row.sha256) == (None, len(PDF_BYTES), hashlib.sha256(PDF_BYTES).hexdigest())
    assert row.storage_name.endswith(".pdf")
    assert AuditEvent.objects.get(action="documents.file.store").actor_label == "sistem"


@pytest.mark.parametrize(
    ("allowed", "text"),
    [
        ({"image/png", "image/jpeg"}, "gambar PNG/JPEG"),
        ({"application/pdf", "image/png"}, "PDF, gambar PNG"),
        ({"text/csv", XLSX}, "lembar kerja Excel (XLSX), CSV"),
        ({"application/pdf", "image/gif"}, "PDF, image/gif"),
    ],
)
def test_allowed_types_are_described_in_plain_words(allowed, text):
    assert rules.describe_allowed(frozenset(allowed)) == text


@pytest.mark.parametrize(
    ("size", "text"), [(12, "12 bita"), (1024, "1 KB"), (1536, "1,5 KB"), (10 * 1024 * 1024, "10 MB")]
)
def test_sizes_are_written_the_indonesian_way(size, text):
    assert rules.format_size(size) == text


@pytest.mark.parametrize(
    ("name", "clean"),
    [
        ("C:\\Users\\a\\surat.pdf", "surat.pdf"),
        ("../../etc/passwd", "passwd"),
        ("a\x00b.pdf", "ab.pdf"),
        ("", "berkas"),
    ],
)
def test_names_lose_directories_and_control_characters(name, clean):
    assert rules.clean_name(name) == clean
