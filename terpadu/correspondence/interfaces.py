"""The only functions other modules (and later E-Surat slices' callers) use for the E-Surat
foundation. They return frozen dataclasses, never model rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .models import ClassificationCode, Letter, LetterType
from .rules import FinalDisposition, RetentionRule
from .services import letter_number_render, number_allocate, numbering_pattern_for

__all__ = [
    "ClassificationInfo",
    "LetterRef",
    "LetterTypeInfo",
    "classification_get",
    "classification_list",
    "letter_number_render",
    "letter_reference",
    "letter_type_list",
    "number_allocate",
    "numbering_pattern_for",
]


@dataclass(frozen=True)
class ClassificationInfo:
    code: str
    name: str
    parent_code: str | None
    depth: int
    retention: RetentionRule | None
    security_level: str
    is_active: bool


@dataclass(frozen=True)
class LetterTypeInfo:
    code: str
    name: str
    group: str
    template_key: str
    signers: tuple[str, ...]
    numbering_scope: str


def _retention(row: ClassificationCode) -> RetentionRule | None:
    if row.active_years is None or row.inactive_years is None or not row.final_disposition:
        return None
    return RetentionRule(row.active_years, row.inactive_years, FinalDisposition(row.final_disposition))


def _info(row: ClassificationCode) -> ClassificationInfo:
    parent = row.code.rsplit(".", 1)[0] if "." in row.code else None
    return ClassificationInfo(row.code, row.name, parent, row.depth, _retention(row), row.security_level, row.is_active)


def classification_get(*, government_id: int, code: str) -> ClassificationInfo | None:
    row = ClassificationCode.objects.filter(government_id=government_id, code=code.strip()).first()
    return _info(row) if row else None


def classification_list(*, government_id: int, active_only: bool = True) -> list[ClassificationInfo]:
    """Every code of the government in tree order."""
    rows = ClassificationCode.objects.filter(government_id=government_id).order_by("sort_key")
    return [_info(row) for row in (rows.filter(is_active=True) if active_only else rows)]


def letter_type_list(*, government_id: int) -> list[LetterTypeInfo]:
    rows = LetterType.objects.filter(government_id=government_id, is_active=True).order_by("group", "name")
    return [LetterTypeInfo(r.code, r.name, r.group, r.template_key, tuple(r.signers), r.numbering_scope) for r in rows]


@dataclass(frozen=True)
class LetterRef:
    """A signed letter another module refers to (e.g. the surat tugas of an official trip)."""

    id: int
    number: str
    subject: str
    letter_type: str | None
    signed_on: date | None


def letter_reference(*, government_id: int, number: str) -> LetterRef | None:
    """The signed (or sent) letter of the government with that number, or ``None``."""
    row = (
        Letter.objects.filter(
            government_id=government_id,
            number=number.strip(),
            signed_at__isnull=False,
            status__in=(Letter.Status.SIGNED, Letter.Status.SENT),
        )
        .select_related("letter_type")
        .first()
    )
    if row is None or row.number is None:
        return None
    code = row.letter_type.code if row.letter_type else None
    return LetterRef(row.pk, row.number, row.subject, code, row.letter_date)
