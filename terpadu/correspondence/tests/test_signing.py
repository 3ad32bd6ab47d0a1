"""PAdES signing and validation: the development CA, the file-configured key, a plugged-in key source."""

import os

import pytest
from cryptography.hazmat.primitives import serialization
from weasyprint import HTML

from terpadu.correspondence import signing
from terpadu.correspondence.signing import LocalKeySource, SignRequest, dev_bundle, pdf_sign, pdf_verify

from .pdf_fixtures import dev_signing_fixture, signing_dir_fixture  # noqa: F401  (fixtures)

REQUEST = {
    "signer_name": "Dr. Ahmad Fauzi, M.Si.",
    "reason": "Penandatanganan naskah dinas 1/2/3",
    "location": "Taliwang",
}


@pytest.fixture(scope="module")
def plain_pdf():
    return HTML(string="<p>Naskah uji penandatanganan</p>").write_pdf()


def _tampered(data: bytes) -> bytes:
    """One byte changed inside the first content stream (the file still parses)."""
    position = data.index(b"stream\n") + 20
    return data[:position] + bytes([data[position] ^ 0x01]) + data[position + 1 :]


def test_signed_pdf_verifies_as_valid_and_trusted(dev_signing, plain_pdf):
    signed = pdf_sign(plain_pdf, **REQUEST)
    check = pdf_verify(signed)
    assert signed.startswith(plain_pdf)  # an incremental update: the original bytes stay
    assert (check.signed, check.intact, check.trusted, check.valid) == (True, True, True, True)
    assert check.signer == "Dr. Ahmad Fauzi, M.Si."
    assert check.reason == "Penandatanganan naskah dinas 1/2/3"
    assert check.signed_at is not None and check.signed_at.tzinfo is not None
    assert (
        check.message
        == "Tanda tangan elektronik Dr. Ahmad Fauzi, M.Si. sah dan dokumen tidak berubah sejak ditandatangani."
    )
    assert b"/ETSI.CAdES.detached" in signed


def test_dev_ca_is_created_once_and_reused(dev_signing, plain_pdf):
    pdf_sign(plain_pdf, **REQUEST)
    files = sorted(os.listdir(dev_signing / "dev"))
    before = {name: (dev_signing / "dev" / name).read_bytes() for name in files}
    pdf_sign(plain_pdf, **REQUEST)
    signing._load_source.cache_clear()  # even a fresh process reads the same files
    pdf_sign(plain_pdf, **REQUEST)
    assert files == ["ca.crt", "ca.key", "signer.crt", "signer.key"]
    assert {name: (dev_signing / "dev" / name).read_bytes() for name in files} == before
    assert sorted(os.listdir(dev_signing)) == ["dev"]  # no staging directory left behind
    assert oct((dev_signing / "dev" / "signer.key").stat().st_mode & 0o777) == "0o600"
    assert b"Terpadu Development CA" in _subject_of(before["ca.crt"])
    assert b"Terpadu Penandatangan Kabupaten Sumbawa Barat" in _subject_of(before["signer.crt"])


def _subject_of(pem: bytes) -> bytes:
    from cryptography import x509

    return x509.load_pem_x509_certificate(pem).subject.rfc4514_string().encode()


def test_a_process_that_loses_the_creation_race_uses_the_winners_files(tmp_path, monkeypatch):
    real_rename = os.rename

    def rename_after_the_other_process(source, target):
        monkeypatch.setattr(signing.os, "rename", real_rename)
        winner = dev_bundle(tmp_path, "Pemenang")  # the other process finishes first
        rename_after_the_other_process.winner = winner
        return real_rename(source, target)

    monkeypatch.setattr(signing.os, "rename", rename_after_the_other_process)
    mine = dev_bundle(tmp_path, "Kalah")
    assert mine == rename_after_the_other_process.winner
    assert sorted(os.listdir(tmp_path)) == ["dev"]


def test_a_changed_byte_makes_the_signature_invalid(dev_signing, plain_pdf):
    check = pdf_verify(_tampered(pdf_sign(plain_pdf, **REQUEST)))
    assert (check.signed, check.intact, check.valid) == (True, False, False)
    assert (
        check.message == "Dokumen telah diubah setelah ditandatangani: tanda tangan elektroniknya tidak berlaku lagi."
    )


def test_a_pdf_signed_with_another_key_is_intact_but_not_trusted(dev_signing, plain_pdf, tmp_path):
    other = dev_bundle(tmp_path / "lain", "Pihak Lain")
    source = LocalKeySource(key_pem=other.key_pem, cert_pem=other.cert_pem, chain_pem=other.ca_pem)
    check = pdf_verify(source.sign_pdf(plain_pdf, SignRequest(**REQUEST)))
    assert (check.signed, check.intact, check.trusted, check.valid) == (True, True, False, False)
    assert "tidak diterbitkan oleh otoritas yang dipercaya" in check.message


def test_unsigned_and_unreadable_files(dev_signing, plain_pdf):
    unsigned, garbage = pdf_verify(plain_pdf), pdf_verify(b"bukan pdf")
    assert (unsigned.signed, unsigned.valid, unsigned.message) == (
        False,
        False,
        "Dokumen ini tidak memuat tanda tangan elektronik.",
    )
    assert (garbage.signed, garbage.valid, garbage.message) == (False, False, "Berkas ini bukan PDF yang dapat dibaca.")


def test_key_certificate_and_chain_from_files_with_a_passphrase(settings, plain_pdf, tmp_path):
    bundle = dev_bundle(tmp_path / "terbit", "Produksi")
    key = serialization.load_pem_private_key(bundle.key_pem, password=None)
    encrypted = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"kata-sandi-kunci"),
    )
    paths = {"key": tmp_path / "ttd.key", "cert": tmp_path / "ttd.crt", "ca": tmp_path / "ca.crt"}
    for name, data in (("key", encrypted), ("cert", bundle.cert_pem), ("ca", bundle.ca_pem)):
        paths[name].write_bytes(data)
    settings.TERPADU_SIGNING_KEY_FILE, settings.TERPADU_SIGNING_CERT_FILE = str(paths["key"]), str(paths["cert"])
    settings.TERPADU_SIGNING_CA_FILE, settings.TERPADU_SIGNING_KEY_PASSPHRASE = str(paths["ca"]), "kata-sandi-kunci"
    settings.TERPADU_SIGNING_DEV_DIR = tmp_path / "tidak-dipakai"
    check = pdf_verify(pdf_sign(plain_pdf, **REQUEST))
    assert (check.valid, check.trusted) == (True, True)
    assert not (tmp_path / "tidak-dipakai").exists()  # no development CA when files are configured


def test_a_key_file_without_its_certificate_is_a_configuration_error(settings, tmp_path):
    settings.TERPADU_SIGNING_KEY_FILE, settings.TERPADU_SIGNING_CERT_FILE = str(tmp_path / "ttd.key"), ""
    with pytest.raises(ValueError, match="must be set together"):
        pdf_sign(b"%PDF-1.7", **REQUEST)


class RecordingSource:
    """A stand-in for a certified provider (e.g. a remote signing API)."""

    requests: list = []

    def sign_pdf(self, pdf, request):
        self.requests.append(request)
        return pdf + b"%signed-remotely"

    def trust_roots(self):
        return []


def test_the_backend_setting_plugs_in_another_key_source(settings):
    settings.TERPADU_SIGNING_BACKEND = "terpadu.correspondence.tests.test_signing.RecordingSource"
    assert pdf_sign(b"%PDF-1.7", **REQUEST) == b"%PDF-1.7%signed-remotely"
    assert RecordingSource.requests == [SignRequest(**REQUEST)]
