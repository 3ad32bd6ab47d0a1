"""Closing (locking) a month's recap: the BKPSDM does it once the month is over and approved.

The month's days are computed first (:func:`days.days_compute`, idempotent), then the
:class:`MonthClosing` row is written with its audit row in one transaction. After that the days of the
month never change again; a correction is an :class:`Adjustment` (:func:`days.day_adjust`).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, NoReturn

from django.db import IntegrityError, transaction
from django.utils import timezone

from terpadu.core.audit import audit_record
from terpadu.core.errors import Conflict, ValidationFailed
from terpadu.core.formatting import MONTHS, tanggal
from terpadu.core.roles import actor_of
from terpadu.directory.models import Government

from . import policies
from .days import days_compute, local_today
from .models import MonthClosing
from .recap import month_range

NOTE_MAX = 300


def month_label(month: date) -> str:
    """``date(2026, 10, 1)`` → "Oktober 2026"."""
    return f"{MONTHS[month.month - 1]} {month.year}"


def closing_of(*, government_id: int, month: date) -> MonthClosing | None:
    return (
        MonthClosing.objects.select_related("closed_by")
        .filter(government_id=government_id, month=month.replace(day=1))
        .first()
    )


def _refuse_closed(closing: MonthClosing, zone: str) -> NoReturn:
    raise Conflict(
        f"Rekap {month_label(closing.month)} sudah ditutup pada {tanggal(closing.closed_at, zone)}"
        f" oleh {closing.closed_by.get_username()}.",
        fields={"month": "Bulan ini sudah ditutup."},
    )


def _validate(government_id: int, first: date, last: date, note: str) -> None:
    today = local_today(government_id)
    if last >= today:
        raise ValidationFailed(
            f"Bulan {month_label(first)} belum berakhir: rekapnya dapat ditutup mulai"
            f" {tanggal(last + timedelta(days=1))}.",
            fields={"month": "Bulan belum berakhir."},
        )
    if len(note) > NOTE_MAX:
        raise ValidationFailed(
            f"Catatan paling banyak {NOTE_MAX} karakter.", fields={"note": f"Paling banyak {NOTE_MAX} karakter."}
        )


def month_close(*, user: Any, month: date, note: str = "") -> MonthClosing:
    """Lock the month of ``month`` for the user's government (the BKPSDM or the platform admin only).

    Refuses a month not yet over (422), an already closed month (409). Computes the month's days first.
    """
    actor = actor_of(user)
    policies.ensure(policies.can_close_month(actor), "Hanya BKPSDM yang dapat menutup rekap bulanan.")
    assert actor is not None and actor.government_id is not None
    government_id, note = actor.government_id, note.strip()
    first, last = month_range(month)
    zone = Government.objects.values_list("timezone", flat=True).get(pk=government_id)
    existing = closing_of(government_id=government_id, month=first)
    if existing is not None:
        _refuse_closed(existing, zone)
    _validate(government_id, first, last, note)
    written = days_compute(government_id=government_id, start=first, end=last)
    try:
        with transaction.atomic():
            closing = MonthClosing.objects.create(
                government_id=government_id, month=first, closed_at=timezone.now(), closed_by=user, note=note
            )
            audit_record(
                actor=user,
                action="attendance.month.close",
                target=closing,
                government_id=government_id,
                after={"month": f"{first:%Y-%m}", "note": note, "days_computed": written},
            )
    except IntegrityError:  # closed by someone else meanwhile
        found = closing_of(government_id=government_id, month=first)
        assert found is not None
        _refuse_closed(found, zone)
    return closing
