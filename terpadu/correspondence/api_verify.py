"""Public API of letter verification: GET /api/v1/verify/{sha256} (no token), for other systems that received a
signed PDF and want to know whether it is a letter this installation issued."""

from __future__ import annotations

from datetime import date, datetime

from django.http import HttpRequest
from ninja import Router, Schema

from terpadu.core.access import PUBLIC, api_access
from terpadu.core.apischema import ErrorOut
from terpadu.core.errors import NotFound, ValidationFailed

from .verification import letter_by_sha256, normalise_sha256

router = Router(tags=["verifikasi"])


class VerifyOut(Schema):
    valid: bool
    number: str
    letter_date: date | None
    signer: str
    sha256: str
    signed_at: datetime | None
    reason: str


@router.get("/{sha256}", auth=None, response={200: VerifyOut, 404: ErrorOut, 422: ErrorOut})
@api_access(PUBLIC)
def verify_sha256(request: HttpRequest, sha256: str) -> VerifyOut:
    """The signed letter whose PDF has this SHA-256 (64 hex digits): valid or not, and why."""
    value = normalise_sha256(sha256)
    if value is None:
        message = "Kode SHA-256 harus 64 karakter heksadesimal (0–9, a–f)."
        raise ValidationFailed(message, fields={"sha256": message})
    record = letter_by_sha256(value)
    if record is None:
        raise NotFound("Tidak ada naskah bertanda tangan elektronik dengan kode SHA-256 ini.")
    return VerifyOut(
        valid=record.valid,
        number=record.number,
        letter_date=record.letter_date,
        signer=record.signer_name,
        sha256=record.sha256,
        signed_at=record.signed_at,
        reason=record.reason,
    )
