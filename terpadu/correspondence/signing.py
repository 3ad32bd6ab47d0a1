"""Electronic signatures of letters: PAdES (ETSI.CAdES.detached) through pyHanko, from a pluggable key source
(docs/adr/0011-pades-signing-pyhanko.md).

Where the key lives is a :class:`KeySource`, chosen by ``settings.TERPADU_SIGNING_BACKEND`` (a dotted path to a
class or factory called without arguments). The default :class:`LocalKeySource` reads a private key, its
certificate and the CA chain from files (``TERPADU_SIGNING_KEY_FILE``, ``…_CERT_FILE``, ``…_CA_FILE``,
``…_KEY_PASSPHRASE``); when none is configured (development) it creates, once, a "Terpadu Development CA" and a
signing certificate under ``TERPADU_SIGNING_DEV_DIR``.

To plug in a certified provider (e.g. BSrE's remote signing, a PKCS#11 HSM, a CSC cloud signature service) write a
class with the two methods of :class:`KeySource` and point the setting at it: ``sign_pdf`` returns the signed
bytes (a provider that takes whole documents calls its API there; one that signs digests builds a pyHanko
``Signer`` and calls :func:`pades_sign`), ``trust_roots`` returns the root certificates signatures are validated
against (e.g. the BSrE/Kominfo root). Nothing here keeps mutable state: loaded key material is cached per process,
read-only.
"""

from __future__ import annotations

import functools
import io
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.utils.module_loading import import_string
from pyhanko.keys import load_certs_from_pemder_data, load_private_key_from_pemder_data
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

logger = logging.getLogger(__name__)

SIGNATURE_FIELD = "TandaTanganElektronik"
DEV_CA_NAME = "Terpadu Development CA"
DEV_SIGNER_PREFIX = "Terpadu Penandatangan"
DEV_VALIDITY = timedelta(days=3650)
#: modifications after signing that leave a signature standing (validation data added later, e.g. for LTV)
UNTOUCHED = frozenset({ModificationLevel.NONE, ModificationLevel.LTA_UPDATES})


@dataclass(frozen=True)
class SignRequest:
    """What the signature dictionary records besides the cryptography."""

    signer_name: str
    reason: str
    location: str


@dataclass(frozen=True)
class SignatureCheck:
    """The outcome of :func:`pdf_verify`; ``message`` says it in plain Indonesian."""

    signed: bool
    #: the signed bytes are unchanged and nothing but validation data was added after signing
    intact: bool
    #: the certificate chains up to one of the configured trust roots
    trusted: bool
    #: signed, intact, cryptographically valid and trusted
    valid: bool
    signer: str
    signed_at: datetime | None
    reason: str
    message: str


class KeySource(Protocol):
    """Where signatures come from (see the module docstring)."""

    def sign_pdf(self, pdf: bytes, request: SignRequest) -> bytes:
        """``pdf`` with one PAdES signature added as an incremental update."""
        ...

    def trust_roots(self) -> list[asn1_x509.Certificate]:
        """The certificates a signature must chain up to to be trusted."""
        ...


def pades_sign(pdf: bytes, signer: signers.Signer, request: SignRequest) -> bytes:
    """Add a PAdES B-B signature (SHA-256, invisible field) made by any pyHanko ``Signer``."""
    metadata = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        md_algorithm="sha256",
        subfilter=SigSeedSubFilter.PADES,
        name=request.signer_name or None,
        reason=request.reason or None,
        location=request.location or None,
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    output = signers.PdfSigner(metadata, signer=signer).sign_pdf(writer)
    return output.getvalue()


class LocalKeySource:
    """A key held by this installation: from the configured files, or the development CA."""

    def __init__(self, *, key_pem: bytes, cert_pem: bytes, chain_pem: bytes = b"", passphrase: str = "") -> None:
        chain = list(load_certs_from_pemder_data(chain_pem)) if chain_pem else []
        certificate = next(iter(load_certs_from_pemder_data(cert_pem)))
        self._signer = signers.SimpleSigner(
            signing_cert=certificate,
            signing_key=load_private_key_from_pemder_data(key_pem, passphrase=passphrase.encode() or None),
            cert_registry=SimpleCertificateStore.from_certs(chain),
        )
        self._roots = chain or [certificate]

    @classmethod
    def from_settings(cls) -> LocalKeySource:
        key_file, cert_file = settings.TERPADU_SIGNING_KEY_FILE, settings.TERPADU_SIGNING_CERT_FILE
        if key_file or cert_file:
            if not (key_file and cert_file):
                raise ValueError("TERPADU_SIGNING_KEY_FILE and TERPADU_SIGNING_CERT_FILE must be set together")
            ca_file = settings.TERPADU_SIGNING_CA_FILE
            return cls(
                key_pem=Path(key_file).read_bytes(),
                cert_pem=Path(cert_file).read_bytes(),
                chain_pem=Path(ca_file).read_bytes() if ca_file else b"",
                passphrase=settings.TERPADU_SIGNING_KEY_PASSPHRASE,
            )
        bundle = dev_bundle(Path(settings.TERPADU_SIGNING_DEV_DIR), settings.TERPADU_SIGNING_DEV_NAME)
        return cls(key_pem=bundle.key_pem, cert_pem=bundle.cert_pem, chain_pem=bundle.ca_pem)

    def sign_pdf(self, pdf: bytes, request: SignRequest) -> bytes:
        return pades_sign(pdf, self._signer, request)

    def trust_roots(self) -> list[asn1_x509.Certificate]:
        return list(self._roots)


# --- the development CA ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DevBundle:
    key_pem: bytes
    cert_pem: bytes
    ca_pem: bytes


DEV_FILES = ("signer.key", "signer.crt", "ca.crt", "ca.key")


def dev_bundle(directory: Path, name: str) -> DevBundle:
    """The development CA and signing certificate under ``directory/dev``, created on first use.

    The files are written to a fresh temporary directory that is then renamed into place: the rename is atomic,
    so a process sees either no bundle or a whole one, and of two processes racing the loser discards its own.
    """
    final = directory / "dev"
    if not final.is_dir():
        directory.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".dev-", dir=directory))
        try:
            _write_dev_files(staging, name)
            os.rename(staging, final)
            logger.warning("Created the development signing CA in %s: not a certified signature", final)
        except OSError:
            if not final.is_dir():
                raise
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return DevBundle(*(Path(final, file).read_bytes() for file in DEV_FILES[:3]))


def _write_dev_files(target: Path, name: str) -> None:
    ca_key, signer_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_cert = _certificate(DEV_CA_NAME, ca_key, ca_key, None)
    signer_cert = _certificate(f"{DEV_SIGNER_PREFIX} {name}".strip(), signer_key, ca_key, ca_cert)
    contents = {
        "signer.key": _key_pem(signer_key),
        "signer.crt": signer_cert.public_bytes(serialization.Encoding.PEM),
        "ca.crt": ca_cert.public_bytes(serialization.Encoding.PEM),
        "ca.key": _key_pem(ca_key),
    }
    for file, data in contents.items():
        descriptor = os.open(target / file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)


def _key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _certificate(
    common_name: str, key: ec.EllipticCurvePrivateKey, issuer_key: ec.EllipticCurvePrivateKey, issuer: Any
) -> x509.Certificate:
    subject = x509.Name(
        [x509.NameAttribute(NameOID.COMMON_NAME, common_name), x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Terpadu")]
    )
    is_ca = issuer is None
    now = datetime.now(UTC)
    usage = x509.KeyUsage(
        digital_signature=not is_ca,
        content_commitment=not is_ca,  # non-repudiation, which PAdES validators expect of a signer
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=is_ca,
        crl_sign=is_ca,
        encipher_only=False,
        decipher_only=False,
    )
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject if is_ca else issuer.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + DEV_VALIDITY)
        .add_extension(x509.BasicConstraints(ca=is_ca, path_length=0 if is_ca else None), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False)
    )
    return builder.sign(issuer_key, hashes.SHA256())


# --- the configured source, cached per process -------------------------------------------------------------


def key_source() -> KeySource:
    """The configured key source (loaded once per process and configuration, then only read)."""
    return _load_source(
        settings.TERPADU_SIGNING_BACKEND,
        settings.TERPADU_SIGNING_KEY_FILE,
        settings.TERPADU_SIGNING_CERT_FILE,
        settings.TERPADU_SIGNING_CA_FILE,
        str(settings.TERPADU_SIGNING_DEV_DIR),
    )


@functools.lru_cache(maxsize=4)
def _load_source(backend: str, *configuration: str) -> KeySource:
    factory = import_string(backend)
    return factory.from_settings() if hasattr(factory, "from_settings") else factory()


# --- the two operations ----------------------------------------------------------------------------------


def pdf_sign(pdf: bytes, *, signer_name: str, reason: str, location: str) -> bytes:
    """``pdf`` signed (PAdES B-B) by the configured key source, naming the signer, reason and place."""
    return key_source().sign_pdf(pdf, SignRequest(signer_name=signer_name, reason=reason, location=location))


UNREADABLE = SignatureCheck(False, False, False, False, "", None, "", "Berkas ini bukan PDF yang dapat dibaca.")
UNSIGNED = SignatureCheck(False, False, False, False, "", None, "", "Dokumen ini tidak memuat tanda tangan elektronik.")


def pdf_verify(pdf: bytes) -> SignatureCheck:
    """Check every signature in ``pdf`` against the configured trust roots; the first that fails is reported
    (or the first signature when all pass). Never fetches anything over the network."""
    try:
        signatures = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures
    except Exception:  # any unreadable upload is simply "not a PDF"
        return UNREADABLE
    if not signatures:
        return UNSIGNED
    roots = key_source().trust_roots()
    checks = [_check(signature, roots) for signature in signatures]
    return next((check for check in checks if not check.valid), checks[0])


def _check(signature: Any, roots: list[asn1_x509.Certificate]) -> SignatureCheck:
    fields = signature.sig_object
    reason = str(fields.get("/Reason", ""))
    try:
        status = validate_pdf_signature(signature, ValidationContext(trust_roots=roots, allow_fetching=False))
    except Exception:  # a broken signature container is an invalid signature
        logger.info("Signature could not be validated", exc_info=True)
        message = "Tanda tangan elektronik dalam dokumen ini rusak dan tidak dapat diperiksa."
        return SignatureCheck(True, False, False, False, str(fields.get("/Name", "")), None, reason, message)
    signer = str(fields.get("/Name", "")) or status.signing_cert.subject.native.get("common_name", "")
    intact = bool(status.intact and status.valid and status.modification_level in UNTOUCHED)
    trusted = bool(status.trusted)
    valid = intact and trusted and bool(status.bottom_line)
    return SignatureCheck(
        True,
        intact,
        trusted,
        valid,
        signer,
        status.signer_reported_dt,
        reason,
        _message(intact, trusted, valid, signer),
    )


def _message(intact: bool, trusted: bool, valid: bool, signer: str) -> str:
    if not intact:
        return "Dokumen telah diubah setelah ditandatangani: tanda tangan elektroniknya tidak berlaku lagi."
    if not trusted:
        return (
            "Dokumen utuh, tetapi sertifikat penanda tangannya tidak diterbitkan oleh otoritas yang dipercaya "
            "sistem ini."
        )
    if not valid:
        return "Tanda tangan elektronik tidak memenuhi syarat keabsahan."
    return f"Tanda tangan elektronik {signer} sah dan dokumen tidak berubah sejak ditandatangani."


__all__ = [
    "KeySource",
    "LocalKeySource",
    "SignRequest",
    "SignatureCheck",
    "key_source",
    "pades_sign",
    "pdf_sign",
    "pdf_verify",
]
