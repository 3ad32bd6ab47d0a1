"""Public verification of signed letters: by the token in the QR code, by the SHA-256 of the PDF, or by the PDF
itself (its hash looked up and its PAdES signature checked).

Public on purpose, so it tells only what the signed paper shows whoever holds it: number, date, signer, the hash;
the subject only for letters of security level *biasa*. Letters never signed are not found (a draft's token
reveals nothing), and "missing" looks the same whatever the reason.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse

from .models import Letter, SecurityLevel
from .signing import SignatureCheck, pdf_verify

SHA256 = re.compile(r"[0-9a-f]{64}")
VALID, INVALID = "valid", "invalid"


@dataclass(frozen=True)
class LetterVerification:
    """What the public learns about one signed letter."""

    status: str  # VALID or INVALID
    reason: str
    number: str
    letter_date: date | None
    signer_name: str
    #: the signature block's heading, e.g. "a.n. BUPATI CONTOH SEKRETARIS DAERAH"
    signer_title: str
    sha256: str
    signed_at: datetime | None
    government: str
    agency: str
    letter_type: str
    #: empty unless the letter's security level is biasa
    subject: str
    timezone: str
    verification_url: str

    @property
    def valid(self) -> bool:
        return self.status == VALID


@dataclass(frozen=True)
class FileVerification:
    """An uploaded file: its hash, the letter recorded with that hash (if any) and its signature check."""

    sha256: str
    letter: LetterVerification | None
    signature: SignatureCheck
    valid: bool
    message: str


def verification_url(token: uuid.UUID | str) -> str:
    """The absolute public address of a letter's verification page (what the QR code encodes)."""
    return settings.TERPADU_PUBLIC_URL + reverse("verify:letter", args=[str(token)])


def normalise_sha256(text: str) -> str | None:
    """A SHA-256 as 64 lowercase hex digits, or ``None`` if ``text`` is not one (spaces and case forgiven)."""
    value = re.sub(r"\s+", "", text or "").lower()
    return value if SHA256.fullmatch(value) else None


def _signed_letters() -> QuerySet[Letter]:
    return Letter.objects.filter(direction=Letter.Direction.OUTGOING, signed_at__isnull=False).select_related(
        "government", "agency", "letter_type"
    )


def letter_by_token(token: uuid.UUID | str) -> LetterVerification | None:
    try:
        value = uuid.UUID(str(token))
    except ValueError:
        return None
    letter = _signed_letters().filter(verification_token=value).first()
    return _verification(letter) if letter else None


def letter_by_sha256(sha256: str) -> LetterVerification | None:
    value = normalise_sha256(sha256)
    if value is None:
        return None
    letter = _signed_letters().filter(sha256=value).first()
    return _verification(letter) if letter else None


def file_verify(content: bytes) -> FileVerification:
    """Hash ``content``, look the hash up and check the file's signature against the trust roots."""
    digest = hashlib.sha256(content).hexdigest()
    letter = letter_by_sha256(digest)
    signature = pdf_verify(content)
    valid = bool(letter and letter.valid and signature.valid)
    return FileVerification(digest, letter, signature, valid, _file_message(letter, signature, valid))


def _file_message(letter: LetterVerification | None, signature: SignatureCheck, valid: bool) -> str:
    if valid:
        return "Dokumen asli: sama persis dengan naskah yang diterbitkan dan tanda tangan elektroniknya sah."
    if letter is None:
        if signature.valid:
            return (
                "Tanda tangan elektroniknya sah, tetapi dokumen ini tidak tercatat sebagai naskah yang diterbitkan "
                "melalui sistem ini."
            )
        return f"Dokumen tidak dikenal: tidak tercatat sebagai naskah yang diterbitkan. {signature.message}"
    if not letter.valid:
        return letter.reason
    return f"Dokumen tercatat, tetapi tanda tangan elektroniknya tidak dapat dipastikan. {signature.message}"


def _verification(letter: Letter) -> LetterVerification:
    block = letter.signature_block or {}
    status, reason = _status(letter)
    return LetterVerification(
        status=status,
        reason=reason,
        number=letter.number or "",
        letter_date=letter.letter_date,
        signer_name=str(block.get("name", "")),
        signer_title=" ".join(str(line) for line in block.get("heading", [])),
        sha256=letter.sha256,
        signed_at=letter.signed_at,
        government=letter.government.name,
        agency=letter.agency.name,
        letter_type=letter.letter_type.name if letter.letter_type else "",
        subject=letter.subject if letter.security_level == SecurityLevel.BIASA else "",
        timezone=letter.government.timezone,
        verification_url=verification_url(letter.verification_token),
    )


def _status(letter: Letter) -> tuple[str, str]:
    if letter.status == Letter.Status.CANCELLED:
        return INVALID, "Naskah ini telah dibatalkan dan tidak berlaku."
    reason = "Naskah ini tercatat telah ditandatangani secara elektronik oleh pejabat yang berwenang."
    if not letter.sha256:
        reason += " Berkas PDF-nya sedang disiapkan."
    correction = (
        letter.corrections.filter(signed_at__isnull=False)
        .exclude(status=Letter.Status.CANCELLED)
        .order_by("pk")
        .first()
    )
    if correction is not None:
        reason += f" Naskah ini telah diralat dengan naskah nomor {correction.number}."
    return VALID, reason
