"""Thin job wrappers (django-q2) for E-Surat. Each is idempotent: running it twice acts once."""

from __future__ import annotations

from datetime import date

from . import disposition_services, letter_services


def letter_finalise(letter_id: int) -> None:
    """Render, PAdES-sign and store the PDF of a signed letter (skipped when it has one)."""
    letter_services.letter_finalise(letter_id=letter_id)


def remind_overdue_dispositions(today: str | None = None) -> int:
    """Daily: remind recipients and senders of dispositions past their due date (once per item per day)."""
    return disposition_services.disposition_remind_overdue(today=date.fromisoformat(today) if today else None)
