"""Thin job wrappers (django-q2). Each is idempotent: running it twice acts once.

The scheduled ones accept ``now`` (an ISO datetime) so that a test, or an operator re-running a
missed slot, controls the clock.
"""

from __future__ import annotations

from datetime import datetime

from . import services


def _when(now: str | None) -> datetime | None:
    return datetime.fromisoformat(now) if now else None


def send_due_reminders(now: str | None = None) -> int:
    """Every 15 minutes: the H-3 / H-1 / H-0 reminders that have fallen due."""
    return services.reminders_send_due(now=_when(now))


def escalate_overdue(now: str | None = None) -> int:
    """Every 15 minutes: the escalation report of each request past its due time."""
    return services.escalate_overdue(now=_when(now))


def render_escalation_pdf(report_id: int) -> int | None:
    return services.escalation_render_pdf(report_id=report_id)
