"""SRIKANDI export: a signed letter packed for upload to SRIKANDI (the national e-office and archive system) —
a ZIP holding the signed PDF exactly as stored and ``metadata.json`` describing it.

Access is the caller's business (the download page checks who may read the letter); these functions only
read the letter, its addressees and its stored PDF.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from typing import Any

from terpadu.core.errors import Conflict, ValidationFailed
from terpadu.documents.interfaces import stored_file_open

from .models import Letter
from .verification import verification_url

FORMAT = "terpadu-srikandi/1"
METADATA_NAME = "metadata.json"
#: fixed member timestamps: the same letter always packs to the same bytes
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def srikandi_metadata(letter: Letter) -> dict[str, Any]:
    """What SRIKANDI records of the letter, JSON-ready (dates in ISO 8601)."""
    block = letter.signature_block or {}
    recipients = letter.recipients.order_by("kind", "order", "pk")
    return {
        "format": FORMAT,
        "number": letter.number or "",
        "letter_date": letter.letter_date.isoformat() if letter.letter_date else None,
        "letter_type": letter.letter_type.code if letter.letter_type else "",
        "classification_code": letter.classification.code if letter.classification else "",
        "classification_name": letter.classification.name if letter.classification else "",
        "subject": letter.subject,
        "government": letter.government.name,
        "agency": letter.agency.name,
        "signer": {
            "name": str(block.get("name", "")),
            "nip": str(block.get("nip", "")),
            "title": " ".join(str(line) for line in block.get("heading", [])),
        },
        "signed_at": letter.signed_at.isoformat() if letter.signed_at else None,
        "recipients": [{"name": r.name, "kind": r.kind} for r in recipients],
        "security_level": letter.security_level,
        "urgency": letter.urgency,
        "sha256": letter.sha256,
        "verification_url": verification_url(letter.verification_token),
    }


def pdf_name(letter: Letter) -> str:
    """ "000.8.3.3-15-OR-2026.pdf": the number with anything but letters, digits, dots and dashes made a dash."""
    stem = re.sub(r"[^0-9A-Za-z.]+", "-", letter.number or f"naskah-{letter.pk}").strip("-.")
    return f"{stem or letter.pk}.pdf"


def srikandi_package(letter: Letter) -> bytes:
    """The ZIP (signed PDF + metadata.json). Refuses a letter without its signed PDF, or whose stored bytes no
    longer match the recorded SHA-256."""
    if letter.pdf_id is None or not letter.sha256:
        raise ValidationFailed("Naskah ini belum memiliki PDF bertanda tangan elektronik.", code="letter_not_signed")
    with stored_file_open(file_id=letter.pdf_id) as stored:
        pdf = stored.read()
    if hashlib.sha256(pdf).hexdigest() != letter.sha256:
        raise Conflict("Berkas PDF yang tersimpan tidak sama dengan yang tercatat saat penandatanganan.")
    metadata = json.dumps(srikandi_metadata(letter), ensure_ascii=False, indent=2).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo(pdf_name(letter), ZIP_TIME), pdf, compress_type=zipfile.ZIP_STORED)
        archive.writestr(zipfile.ZipInfo(METADATA_NAME, ZIP_TIME), metadata, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
