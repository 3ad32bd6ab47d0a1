"""What the scheduled jobs do: reminders before the deadline, and the escalation report after it.

Both may run twice, or twice at once, and still act once: a reminder is a ReminderLog row unique per
(request, agency, H-n) and a notification with a dedup key; the escalation report is unique per request
and created under a row lock of the request.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import F, Q

from terpadu.core.audit import audit_record
from terpadu.core.formatting import waktu
from terpadu.core.jobs import enqueue

from .. import policies, rules
from ..models import EscalationReport, Obligation, ReminderLog
from ..selectors import ComplianceRow, unscoped_compliance_rows
from .common import clock, escalation_url, event, lock_obligation, obligation_url, send, users_with_roles

PDF_TASK = "terpadu.deadlines.tasks.render_escalation_pdf"


# --- reminders ------------------------------------------------------------------------------------


def reminders_send_due(*, now: datetime | None = None) -> int:
    """Send the reminders that have fallen due; returns how many agencies were reminded."""
    now = clock(now)
    open_now = Obligation.objects.filter(status=rules.ObligationStatus.OPEN, opens_at__lte=now, due_at__gte=now)
    return sum(_remind(obligation, now) for obligation in open_now.select_related("government"))


def _remind(obligation: Obligation, now: datetime) -> int:
    schedule = rules.reminder_schedule(
        due_at=obligation.due_at, tz=obligation.government.timezone, days=obligation.reminder_days
    )
    opened = max(obligation.opens_at, obligation.published_at or obligation.opens_at)
    reminder = rules.reminder_due(schedule=schedule, now=now, opened_at=opened, due_at=obligation.due_at)
    if reminder is None:
        return 0
    rows = unscoped_compliance_rows(obligation=obligation, now=now)
    pending = [row for row in rows if row.status not in (rules.Status.SUBMITTED, rules.Status.ACCEPTED)]
    return sum(_remind_agency(obligation, row, reminder, now) for row in pending)


@transaction.atomic
def _remind_agency(obligation: Obligation, row: ComplianceRow, reminder: rules.Reminder, now: datetime) -> int:
    log, created = ReminderLog.objects.get_or_create(
        obligation=obligation, agency_id=row.agency_id, label=reminder.label, defaults={"sent_at": now}
    )
    if not created:
        return 0
    users = users_with_roles(
        roles=policies.REMINDER_ROLES, government_id=obligation.government_id, agency_id=row.agency_id
    )
    left = f" Butir wajib yang belum diisi: {'; '.join(row.missing_items)}." if row.missing_items else ""
    log.recipient_count = send(
        user_ids=users,
        kind="deadline.reminder",
        title=f"Pengingat {reminder.label}: {obligation.title}",
        body=f"Batas waktu {waktu(obligation.due_at, obligation.government.timezone)}.{left}",
        url=obligation_url(obligation),
        key=f"deadline:{obligation.pk}:reminder:{reminder.label}:{row.agency_id}",
        government_id=obligation.government_id,
    )
    log.save(update_fields=["recipient_count"])
    return 1


# --- escalation -----------------------------------------------------------------------------------


def escalate_overdue(*, now: datetime | None = None) -> int:
    """Create the escalation report of every request whose due time has passed; returns how many."""
    now = clock(now)
    due = Obligation.objects.filter(
        status__in=[rules.ObligationStatus.OPEN, rules.ObligationStatus.CLOSED], due_at__lt=now, escalation__isnull=True
    ).exclude(Q(closed_at__isnull=False) & Q(closed_at__lte=F("due_at")))
    return sum(escalation_create(obligation=obligation, now=now) is not None for obligation in due)


def _report_row(row: ComplianceRow) -> dict[str, Any]:
    return {
        "agency_id": row.agency_id,
        "agency_code": row.agency_code,
        "agency_name": row.agency_name,
        "status": row.status.value,
        "submitted_at": row.submitted_at.isoformat() if row.submitted_at else None,
        "late_by_minutes": row.late_by_minutes,
        "missing_items": row.missing_items,
    }


@transaction.atomic
def escalation_create(*, obligation: Obligation, now: datetime | None = None) -> EscalationReport | None:
    """The one escalation report of a request past its due time (None when it already exists)."""
    now = clock(now)
    locked = lock_obligation(obligation)
    if locked.due_at >= now or EscalationReport.objects.filter(obligation=locked).exists():
        return None
    rows = unscoped_compliance_rows(obligation=locked, now=now)
    failing = [row for row in rows if rules.is_non_compliant(row.status, now=now, due_at=locked.due_at)]
    report = EscalationReport.objects.create(
        obligation=locked,
        government_id=locked.government_id,
        generated_at=now,
        rows=[_report_row(row) for row in failing],
        addressed_count=len(rows),
        non_compliant_count=len(failing),
    )
    audit_record(
        actor=None,
        action="deadline.escalation.create",
        target=report,
        government_id=locked.government_id,
        agency_id=locked.requester_agency_id,
        after={"non_compliant": [r.agency_code for r in failing]},
    )
    if failing:
        report.notified_count = _escalate(locked, report, failing)
        report.save(update_fields=["notified_count"])
    enqueue(PDF_TASK, report.pk)
    return report


def _escalate(obligation: Obligation, report: EscalationReport, failing: list[ComplianceRow]) -> int:
    leaders = users_with_roles(roles=policies.ESCALATION_RECIPIENT_ROLES, government_id=obligation.government_id)
    names = ", ".join(row.agency_name for row in failing)
    sent = send(
        user_ids=[*leaders, obligation.requester_id],
        kind="deadline.escalation",
        title=f"Laporan eskalasi: {obligation.title}",
        body=f"{len(failing)} dari {report.addressed_count} OPD tidak memenuhi tenggat: {names}.",
        url=escalation_url(obligation),
        key=f"deadline:{obligation.pk}:escalation",
        government_id=obligation.government_id,
    )
    event(
        obligation=obligation,
        event_type="deadline.request.overdue",
        key=f"deadline:{obligation.pk}:overdue",
        payload={"due_at": obligation.due_at.isoformat(), "agencies": [_report_row(r) for r in failing]},
    )
    return sent
