"""Review comments on a plan, a sub kegiatan or one budget line; resolving them.

Reviewers (the round's managers and the planning agency's staff) comment while reviewing; the agency
answers in the same thread. A reviewer's comment notifies the agency's head and admin once.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.urls import reverse

from terpadu.core.audit import audit_record
from terpadu.core.errors import Conflict, ValidationFailed
from terpadu.core.roles import Role
from terpadu.deadlines import interfaces as deadlines
from terpadu.directory.models import User
from terpadu.notifications.interfaces import notify

from .. import policies
from ..models import BudgetLine, ReviewComment, WorkPlan
from .common import acting, clock

BODY_MAX = 2000


def _target(plan: WorkPlan, code: str, line_uid: str | None) -> tuple[str, str]:
    """The commented sub kegiatan code and line label, checked against the plan."""
    if not code:
        return "", ""
    if not plan.sub_activities.filter(entry__code=code).exists():
        raise ValidationFailed(
            "Sub kegiatan tidak ada dalam Renja ini.", fields={"sub_activity_code": "Tidak dikenal."}
        )
    if not line_uid:
        return code, ""
    line = BudgetLine.objects.filter(sub_activity__plan=plan, sub_activity__entry__code=code, uid=line_uid).first()
    if line is None:
        raise ValidationFailed(
            "Rincian anggaran tidak ada dalam sub kegiatan ini.", fields={"line_uid": "Tidak dikenal."}
        )
    return code, f"{line.account_code} {line.description}"[:300]


def _notify_agency(plan: WorkPlan, comment: ReviewComment) -> None:
    users = User.objects.filter(
        is_active=True,
        role_assignments__agency_id=plan.agency_id,
        role_assignments__role__in=[Role.AGENCY_HEAD.value, Role.AGENCY_ADMIN.value],
    ).values_list("pk", flat=True)
    where = f" pada sub kegiatan {comment.sub_activity_code}" if comment.sub_activity_code else ""
    notify(
        user_ids=sorted(set(users) - {comment.author_id}),
        kind="planning.comment",
        title=f"Komentar pemeriksa Renja {plan.round.fiscal_year}{where}",
        body=comment.body[:300],
        url=reverse("planning:plan", args=[plan.pk]),
        dedup_key=f"planning:comment:{comment.pk}",
        government_id=plan.round.government_id,
    )


@transaction.atomic
def comment_add(
    *, user: Any, plan: WorkPlan, body: str, sub_activity_code: str = "", line_uid: str | None = None
) -> ReviewComment:
    actor = acting(user)
    manages = deadlines.can_manage_request(user=user, request_id=plan.round.obligation_id)
    policies.ensure(
        policies.can_comment(actor, can_manage=manages, agency_id=plan.agency_id),
        "Anda tidak berwenang memberi komentar pada Renja ini.",
    )
    if not body.strip():
        raise ValidationFailed("Komentar wajib diisi.", fields={"body": "Wajib diisi."})
    if len(body.strip()) > BODY_MAX:
        raise ValidationFailed(f"Komentar paling banyak {BODY_MAX} karakter.", fields={"body": "Terlalu panjang."})
    code, label = _target(plan, sub_activity_code.strip(), line_uid)
    comment = ReviewComment.objects.create(
        plan=plan,
        sub_activity_code=code,
        line_uid=line_uid or None,
        line_label=label,
        author=user,
        body=body.strip(),
        revision=plan.revision,
    )
    audit_record(
        actor=user,
        action="planning.comment.add",
        target=comment,
        government_id=plan.round.government_id,
        agency_id=plan.agency_id,
        after={"plan_id": plan.pk, "code": code, "line": label, "body": comment.body},
    )
    if not policies.can_edit_plan(actor, agency_id=plan.agency_id):
        _notify_agency(plan, comment)
    return comment


@transaction.atomic
def comment_resolve(*, user: Any, comment: ReviewComment, now: datetime | None = None) -> ReviewComment:
    """Mark a comment dealt with: by its author or by the round's reviewers."""
    plan = comment.plan
    manages = deadlines.can_manage_request(user=user, request_id=plan.round.obligation_id)
    actor = acting(user)
    allowed = policies.can_comment(actor, can_manage=manages, agency_id=plan.agency_id) and (
        comment.author_id == user.pk or manages or policies.in_planning_agency(actor)
    )
    policies.ensure(allowed, "Hanya penulis atau pemeriksa yang dapat menandai komentar selesai.")
    locked = ReviewComment.objects.select_for_update().get(pk=comment.pk)
    if locked.resolved_at is not None:
        raise Conflict("Komentar ini sudah ditandai selesai.", code="already_resolved")
    locked.resolved_at, locked.resolved_by = clock(now), user
    locked.save(update_fields=["resolved_at", "resolved_by"])
    audit_record(
        actor=user,
        action="planning.comment.resolve",
        target=locked,
        government_id=plan.round.government_id,
        agency_id=plan.agency_id,
        after={"resolved_at": locked.resolved_at.isoformat()},
    )
    return locked
