"""The plan's workflow: the agency submits; the round's reviewers return it with a note or accept it.

Each step moves the plan (rules.PLAN_TRANSITIONS) and its answer in the deadlines engine together, in one
transaction: the engine records the time (late or not), notifies and sends the webhook event. Every
submission stores the whole plan as a new version, so that any two can be compared. An accepted plan is
locked and becomes the input of budgeting.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction

from terpadu.core.audit import snapshot
from terpadu.core.errors import Conflict, ValidationFailed
from terpadu.deadlines import interfaces as deadlines

from .. import policies, rules, selectors
from ..models import PlanVersion, WorkPlan
from .common import MODULE, acting, audit_plan, check_version, clock, ensure_round_open, lock_plan
from .rounds import ensure_manager

AUDITED = ["status", "version", "revision", "submitted_at", "returned_at", "accepted_at", "return_note"]


def _move(plan: WorkPlan, action: rules.PlanAction) -> rules.PlanStatus:
    try:
        return rules.plan_next(plan.status, action)
    except rules.TransitionRefused as exc:
        raise Conflict(str(exc), code="invalid_transition") from None


def _refuse_problems(plan: WorkPlan) -> None:
    problems = rules.submission_problems(selectors.unscoped_plan_checks(plan))
    if problems:
        raise ValidationFailed(
            "Renja belum dapat dikirim: " + " ".join(p.message for p in problems),
            code="plan_incomplete",
            fields={f"sub_activities.{p.code}" if p.code else "sub_activities": p.message for p in problems},
        )


def _audit(user: Any, plan: WorkPlan, action: str, before: dict[str, Any]) -> None:
    audit_plan(user, plan, action, before=before, after=snapshot(plan, AUDITED))


@transaction.atomic
def plan_submit(
    *, user: Any, plan: WorkPlan, expected_version: int | None = None, now: datetime | None = None
) -> WorkPlan:
    """Hand the plan in. Refused, with nothing changed, while a check fails (each named) or a required
    item of the round is empty."""
    now = clock(now)
    policies.ensure(
        policies.can_edit_plan(acting(user), agency_id=plan.agency_id), "Anda tidak berwenang mengirim Renja ini."
    )
    locked = lock_plan(plan)
    target = _move(locked, rules.PlanAction.SUBMIT)
    ensure_round_open(locked.round, now)
    check_version(locked, expected_version)
    _refuse_problems(locked)
    deadlines.managed_response_submit(
        user=user, module=MODULE, request_id=locked.round.obligation_id, agency_id=locked.agency_id, now=now
    )
    before = snapshot(locked, AUDITED)
    content = selectors.plan_snapshot(locked)
    locked.status, locked.submitted_at, locked.submitted_by = target, now, user
    locked.revision += 1
    locked.version += 1
    locked.save()
    PlanVersion.objects.create(
        plan=locked,
        number=locked.revision,
        submitted_at=now,
        submitted_by=user,
        total=content["total"],
        content=content,
    )
    _audit(user, locked, "planning.plan.submit", before)
    return locked


def _reviewable(user: Any, plan: WorkPlan, action: rules.PlanAction, expected_version: int | None) -> WorkPlan:
    ensure_manager(user, plan.round)
    locked = lock_plan(plan)
    _move(locked, action)
    check_version(locked, expected_version)
    return locked


@transaction.atomic
def plan_return(
    *, user: Any, plan: WorkPlan, note: str, expected_version: int | None = None, now: datetime | None = None
) -> WorkPlan:
    """Send a submitted plan back to the agency with a note saying what to fix (line comments stay)."""
    if not note.strip():
        raise ValidationFailed("Tuliskan catatan: apa yang harus diperbaiki OPD.", fields={"note": "Wajib diisi."})
    locked = _reviewable(user, plan, rules.PlanAction.RETURN, expected_version)
    if deadlines.request_info(request_id=locked.round.obligation_id).status == "closed":
        raise Conflict(
            "Putaran sudah ditutup: OPD tidak dapat lagi memperbaiki Renja. Terima Renja ini, atau minta Renja "
            "perbaikan dalam putaran baru.",
            code="round_closed",
        )
    before = snapshot(locked, AUDITED)
    deadlines.managed_response_return(
        user=user,
        module=MODULE,
        request_id=locked.round.obligation_id,
        agency_id=locked.agency_id,
        note=note.strip(),
        now=now,
    )
    locked.status = rules.PlanStatus.RETURNED
    locked.returned_at, locked.return_note, locked.reviewed_by = clock(now), note.strip(), user
    locked.version += 1
    locked.save()
    _audit(user, locked, "planning.plan.return", before)
    return locked


@transaction.atomic
def plan_accept(
    *, user: Any, plan: WorkPlan, expected_version: int | None = None, now: datetime | None = None
) -> WorkPlan:
    """Accept a submitted plan: it is locked and becomes the agency's input to budgeting."""
    locked = _reviewable(user, plan, rules.PlanAction.ACCEPT, expected_version)
    before = snapshot(locked, AUDITED)
    deadlines.managed_response_accept(
        user=user, module=MODULE, request_id=locked.round.obligation_id, agency_id=locked.agency_id, now=now
    )
    locked.status = rules.PlanStatus.ACCEPTED
    locked.accepted_at, locked.reviewed_by = clock(now), user
    locked.version += 1
    locked.save()
    _audit(user, locked, "planning.plan.accept", before)
    return locked
