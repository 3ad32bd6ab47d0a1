"""E-Surat tables: the foundation (classification, letter types, numbering) and the letters."""

from .foundation import (
    ClassificationCode,
    ClassificationImport,
    DocumentGroup,
    FinalDisposition,
    LetterType,
    NumberingScope,
    NumberingSettings,
    NumberSequence,
    SecurityLevel,
)
from .letters import Dossier, InboxItem, Letter, LetterAttachment, LetterRecipient, LetterReview, Urgency

__all__ = [
    "ClassificationCode",
    "ClassificationImport",
    "DocumentGroup",
    "Dossier",
    "FinalDisposition",
    "InboxItem",
    "Letter",
    "LetterAttachment",
    "LetterRecipient",
    "LetterReview",
    "LetterType",
    "NumberSequence",
    "NumberingScope",
    "NumberingSettings",
    "SecurityLevel",
    "Urgency",
]
