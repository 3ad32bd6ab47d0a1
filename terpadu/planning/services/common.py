"""What the planning services share: the module's name in the deadlines engine, the clock, locks."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from terpadu.core.audit import audit_record
from terpadu.core.errors import Conflict
from terpadu.core.roles import Actor, actor_of
from terpadu.deadlines.interfaces import RequestInfo, request_info

from ..models import PlanningRound, WorkPlan

#: the name under which E-Planning answers its rounds' requests (terpadu.deadlines.registry)
MODULE = "planning"


def clock(now: datetime | None) -> datetime:
    return now if now is not None else timezone.now()


def acting(user: Any) -> Actor | None:
    return actor_of(user)


def lock_plan(plan: WorkPlan) -> WorkPlan:
    """The plan re-read under a row lock, with its round (two operators saving at once wait in turn)."""
    return WorkPlan.objects.select_for_update().select_related("round", "round__government", "agency").get(pk=plan.pk)


def check_version(plan: WorkPlan, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != plan.version:
        raise Conflict(
            "Renja ini baru saja diubah oleh pengguna lain. Muat ulang halaman, lalu ulangi perubahan Anda.",
            code="stale_version",
        )


def ensure_round_open(planning_round: PlanningRound, now: datetime) -> RequestInfo:
    """Agencies write their plans while the round's request is open (also after its due date: late)."""
    info = request_info(request_id=planning_round.obligation_id)
    if info.status == "closed":
        raise Conflict("Putaran perencanaan ini sudah ditutup; Renja tidak dapat diubah lagi.", code="round_closed")
    if info.status != "open" or now < info.opens_at:
        raise Conflict("Putaran perencanaan ini belum dibuka.", code="round_not_open")
    return info


def audit_plan(
    user: Any, plan: WorkPlan, action: str, *, before: dict[str, Any] | None = None, after: dict[str, Any]
) -> None:
    """The audit row of a change to a plan, filed under its government and agency."""
    audit_record(
        actor=user,
        action=action,
        target=plan,
        government_id=plan.round.government_id,
        agency_id=plan.agency_id,
        before=before,
        after=after,
    )
