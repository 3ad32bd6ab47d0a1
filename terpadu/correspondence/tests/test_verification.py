"""Public verification: the page behind the QR code, the upload/SHA-256 form and GET /api/v1/verify/{sha256}.
Everything here is reachable without logging in and shows nothing the paper does not."""

import hashlib
import io
import uuid

import pytest
from django.test import Client
from weasyprint import HTML

from terpadu.core.roles import Role
from terpadu.correspondence.models import Letter
from terpadu.correspondence.signing import pdf_sign
from terpadu.correspondence.verification import (
    file_verify,
    letter_by_sha256,
    letter_by_token,
    normalise_sha256,
    verification_url,
)
from terpadu.directory.tests.factories import user_with_role

from .pdf_fixtures import SIGNED_AT, dev_signing_fixture, make_letter, sign_letter, signing_dir_fixture  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db
NUMBER = "000.1.5/15/DISKOMINFO/2026"
SECRET_SUBJECT = "Hasil audit investigasi pengadaan"


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.TWO_FACTOR_REQUIRED = False


@pytest.fixture
def signed(dev_signing):
    letter = make_letter()
    return letter, sign_letter(letter, number=NUMBER)


@pytest.fixture
def secret(dev_signing):
    letter = make_letter(security_level="rahasia", subject=SECRET_SUBJECT)
    return letter, sign_letter(letter, number="000.1.5/16/DISKOMINFO/2026")


def upload(data: bytes, name: str = "naskah.pdf"):
    handle = io.BytesIO(data)
    handle.name = name
    return handle


def tampered(data: bytes) -> bytes:
    position = data.index(b"stream\n") + 20
    return data[:position] + bytes([data[position] ^ 0x01]) + data[position + 1 :]


# --- lookups ----------------------------------------------------------------------------------------


def test_lookup_by_token_and_by_hash_give_the_same_public_facts(signed):
    letter, pdf = signed
    by_token, by_hash = letter_by_token(letter.verification_token), letter_by_sha256(hashlib.sha256(pdf).hexdigest())
    assert by_token == by_hash
    assert by_token.valid and by_token.status == "valid"
    assert (by_token.number, by_token.letter_date.isoformat(), by_token.signer_name) == (
        NUMBER,
        "2026-11-23",
        "Dr. Ahmad Fauzi, M.Si.",
    )
    assert by_token.signer_title == "KEPALA DINAS KOMUNIKASI DAN INFORMATIKA"
    assert by_token.subject == "Undangan Rapat Koordinasi SPBE"
    assert by_token.signed_at == SIGNED_AT
    assert by_token.verification_url == (
        f"https://terpadu.sumbawabaratkab.go.id/verifikasi/{letter.verification_token}/"
    )


def test_the_subject_of_a_secret_letter_is_never_given(secret):
    letter, _ = secret
    assert letter_by_token(letter.verification_token).subject == ""


def test_drafts_unknown_tokens_and_malformed_hashes_are_not_found(dev_signing):
    draft = make_letter()
    assert letter_by_token(draft.verification_token) is None
    assert letter_by_token(uuid.uuid4()) is None
    assert letter_by_token("bukan-uuid") is None
    assert letter_by_sha256("") is None
    assert letter_by_sha256("abc") is None


def test_a_cancelled_letter_is_invalid_with_the_reason(signed):
    letter, _ = signed
    Letter.objects.filter(pk=letter.pk).update(status=Letter.Status.CANCELLED)
    record = letter_by_token(letter.verification_token)
    assert (record.valid, record.status, record.reason) == (
        False,
        "invalid",
        "Naskah ini telah dibatalkan dan tidak berlaku.",
    )


def test_a_corrected_letter_names_its_correction(signed):
    letter, _ = signed
    correction = make_letter(government=letter.government)
    sign_letter(correction, number="000.1.5/20/DISKOMINFO/2026")
    Letter.objects.filter(pk=correction.pk).update(corrects=letter)
    reason = letter_by_token(letter.verification_token).reason
    assert reason.endswith("Naskah ini telah diralat dengan naskah nomor 000.1.5/20/DISKOMINFO/2026.")


def test_normalise_sha256():
    digest = "AB" * 32
    assert normalise_sha256(f"  {digest[:30]} {digest[30:]}\n") == "ab" * 32
    assert normalise_sha256("zz" * 32) is None


def test_verification_url_uses_the_public_address(settings):
    settings.TERPADU_PUBLIC_URL = "https://verifikasi.example.go.id"
    token = uuid.UUID("6f1e2a9c-1111-2222-3333-444455556666")
    assert (
        verification_url(token) == "https://verifikasi.example.go.id/verifikasi/6f1e2a9c-1111-2222-3333-444455556666/"
    )


# --- files ------------------------------------------------------------------------------------------


def test_the_exact_file_is_valid(signed):
    _, pdf = signed
    result = file_verify(pdf)
    assert (result.valid, result.sha256, result.letter.number) == (True, hashlib.sha256(pdf).hexdigest(), NUMBER)
    assert result.signature.valid
    assert (
        result.message == "Dokumen asli: sama persis dengan naskah yang diterbitkan dan tanda tangan elektroniknya sah."
    )


def test_an_altered_file_is_invalid(signed):
    _, pdf = signed
    result = file_verify(tampered(pdf))
    assert (result.valid, result.letter, result.signature.intact) == (False, None, False)
    assert result.message.startswith("Dokumen tidak dikenal: tidak tercatat sebagai naskah yang diterbitkan.")


def test_a_trusted_signature_on_an_unrecorded_file_is_not_enough(dev_signing):
    pdf = pdf_sign(HTML(string="<p>Bukan naskah</p>").write_pdf(), signer_name="X", reason="Uji", location="Taliwang")
    result = file_verify(pdf)
    assert (result.valid, result.signature.valid, result.letter) == (False, True, None)
    assert "tidak tercatat" in result.message


# --- pages (anonymous) ------------------------------------------------------------------------------


def test_anonymous_opens_the_page_behind_the_qr_code(signed):
    letter, _ = signed
    response = Client().get(f"/verifikasi/{letter.verification_token}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Naskah ini <strong>sah</strong>" in page
    assert NUMBER in page and "23 November 2026" in page and "Dr. Ahmad Fauzi, M.Si." in page
    assert "Undangan Rapat Koordinasi SPBE" in page
    assert letter.sha256 in page
    assert "private" in response["Cache-Control"]


def test_a_logged_in_user_sees_the_same_page(signed):
    letter, _ = signed
    client = Client()
    client.force_login(user_with_role(Role.EMPLOYEE, government=letter.government))
    assert client.get(f"/verifikasi/{letter.verification_token}/").status_code == 200


def test_unknown_token_is_404(dev_signing):
    response = Client().get(f"/verifikasi/{uuid.uuid4()}/")
    assert response.status_code == 404
    assert "Tidak ada naskah bertanda tangan elektronik dengan kode verifikasi ini." in response.content.decode()


def test_the_form_page_opens_for_anonymous(dev_signing):
    response = Client().get("/verifikasi/")
    assert response.status_code == 200 and 'enctype="multipart/form-data"' in response.content.decode()


def test_uploading_the_exact_file_says_it_is_genuine(signed):
    _, pdf = signed
    page = Client().post("/verifikasi/", {"file": upload(pdf)}).content.decode()
    assert "Asli dan sah." in page and NUMBER in page and hashlib.sha256(pdf).hexdigest() in page


def test_uploading_an_altered_file_says_it_is_not(signed):
    _, pdf = signed
    page = Client().post("/verifikasi/", {"file": upload(tampered(pdf))}).content.decode()
    assert "Tidak sah." in page and NUMBER not in page
    assert "Dokumen telah diubah setelah ditandatangani" in page


def test_pasting_the_hash_finds_the_letter(signed):
    _, pdf = signed
    page = Client().post("/verifikasi/", {"sha256": hashlib.sha256(pdf).hexdigest().upper()}).content.decode()
    assert "Kode ini milik naskah yang <strong>sah</strong>" in page and NUMBER in page


def test_pasting_an_unknown_or_malformed_hash(dev_signing):
    unknown = Client().post("/verifikasi/", {"sha256": "0" * 64}).content.decode()
    malformed = Client().post("/verifikasi/", {"sha256": "12345"}).content.decode()
    empty = Client().post("/verifikasi/", {}).content.decode()
    assert "Tidak ditemukan." in unknown
    assert "Kode SHA-256 harus 64 karakter heksadesimal" in malformed
    assert "Unggah berkas PDF atau tempelkan kode SHA-256-nya." in empty


def test_a_secret_letters_subject_is_never_shown_publicly(secret, client):
    letter, pdf = secret
    pages = [
        Client().get(f"/verifikasi/{letter.verification_token}/").content.decode(),
        Client().post("/verifikasi/", {"file": upload(pdf)}).content.decode(),
        Client().post("/verifikasi/", {"sha256": letter.sha256}).content.decode(),
        Client().get(f"/api/v1/verify/{letter.sha256}").content.decode(),
    ]
    for page in pages:
        assert SECRET_SUBJECT not in page and SECRET_SUBJECT.upper() not in page
    assert "000.1.5/16/DISKOMINFO/2026" in pages[0]


# --- API ----------------------------------------------------------------------------------------------


def test_api_answers_anonymous_with_the_letter(signed):
    _, pdf = signed
    response = Client().get(f"/api/v1/verify/{hashlib.sha256(pdf).hexdigest()}")
    assert response.status_code == 200
    assert response.json() == {
        "valid": True,
        "number": NUMBER,
        "letter_date": "2026-11-23",
        "signer": "Dr. Ahmad Fauzi, M.Si.",
        "sha256": hashlib.sha256(pdf).hexdigest(),
        "signed_at": "2026-11-23T02:15:00Z",
        "reason": "Naskah ini tercatat telah ditandatangani secara elektronik oleh pejabat yang berwenang.",
    }


def test_api_unknown_hash_is_a_structured_404(dev_signing):
    response = Client().get(f"/api/v1/verify/{'0' * 64}")
    assert response.status_code == 404
    assert response.json() == {
        "code": "not_found",
        "message": "Tidak ada naskah bertanda tangan elektronik dengan kode SHA-256 ini.",
        "fields": {},
    }


def test_api_malformed_hash_is_422(dev_signing):
    response = Client().get("/api/v1/verify/bukan-hash")
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error" and "sha256" in response.json()["fields"]
