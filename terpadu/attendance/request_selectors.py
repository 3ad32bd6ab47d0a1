"""Reads of excuses, corrections and shifts, always given the acting user.

Requests: what ``policies.employee_filter`` lets the user read (own, subordinates', the agency's for its
head/admin/operator, everything for government-wide roles), plus what waits for the user's decision.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Q, QuerySet

from terpadu.core.errors import NotFound
from terpadu.core.roles import Actor, Role, actor_of
from terpadu.core.scoping import scoped

from . import policies
from .models import CorrectionRequest, Excuse, Shift, ShiftAssignment

R = TypeVar("R", Excuse, CorrectionRequest)


def _decides(actor: Actor) -> Q:
    """Requests whose decision is the actor's (approver, or head of an agency for those without one)."""
    mine = Q(approver_id=actor.employee_id) if actor.employee_id is not None else Q(pk__in=[])
    heads = sorted(actor.agencies_with(Role.AGENCY_HEAD))
    return (mine | Q(approver__isnull=True, agency_id__in=heads)) & Q(government_id=actor.government_id)


def _visible_to(model: type[R], actor: Actor | None) -> QuerySet[R]:
    if actor is None or actor.government_id is None:
        return model.objects.none()
    return model.objects.filter(policies.employee_filter(actor) | _decides(actor))


def _visible(model: type[R], user: Any) -> QuerySet[R]:
    return _visible_to(model, actor_of(user))


def excuses_visible_to(actor: Actor | None) -> QuerySet[Excuse]:
    return _visible_to(Excuse, actor)


def _narrow(qs: QuerySet[R], user: Any, *, status: str, mine: bool, to_decide: bool) -> QuerySet[R]:
    actor = actor_of(user)
    if actor is None:
        return qs.none()
    if status:
        qs = qs.filter(status=status)
    me = actor.employee_id
    if mine:
        qs = qs.filter(employee_id=me) if me is not None else qs.none()
    if to_decide:
        qs = qs.filter(_decides(actor))
        if me is not None:
            qs = qs.exclude(employee_id=me)
    return qs.select_related("employee", "approver", "agency")


def excuses_for_user(*, user: Any, status: str = "", mine: bool = False, to_decide: bool = False) -> QuerySet[Excuse]:
    return _narrow(_visible(Excuse, user), user, status=status, mine=mine, to_decide=to_decide)


def corrections_for_user(
    *, user: Any, status: str = "", mine: bool = False, to_decide: bool = False
) -> QuerySet[CorrectionRequest]:
    return _narrow(_visible(CorrectionRequest, user), user, status=status, mine=mine, to_decide=to_decide)


def _get(model: type[R], user: Any, pk: Any) -> R:
    try:
        return _visible(model, user).select_related("employee", "approver").get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError):
        raise NotFound("Data tidak ditemukan.") from None


def excuse_get_for_user(*, user: Any, pk: Any) -> Excuse:
    return _get(Excuse, user, pk)


def correction_get_for_user(*, user: Any, pk: Any) -> CorrectionRequest:
    return _get(CorrectionRequest, user, pk)


def pending_to_decide_count(*, user: Any) -> int:
    return (
        excuses_for_user(user=user, status="pending", to_decide=True).count()
        + corrections_for_user(user=user, status="pending", to_decide=True).count()
    )


# ── shifts ─────────────────────────────────────────────────────────────────────────────────────────


def managed_agency_ids(*, user: Any) -> list[int]:
    """Agencies whose shifts the user manages (every agency of the government for the platform admin)."""
    from terpadu.directory.models import Agency

    actor = actor_of(user)
    if actor is None or actor.government_id is None:
        return []
    agencies = Agency.objects.filter(government_id=actor.government_id, is_active=True).order_by("code")
    return [pk for pk in agencies.values_list("pk", flat=True) if policies.can_manage_agency(actor, pk)]


def shifts_for_user(*, user: Any, agency_id: int) -> QuerySet[Shift]:
    return scoped(Shift.objects.filter(agency_id=agency_id), user).order_by("-is_active", "start", "code")


def assignments_for_user(*, user: Any, agency_id: int) -> QuerySet[ShiftAssignment]:
    rows = scoped(ShiftAssignment.objects.filter(agency_id=agency_id), user)
    return rows.select_related("shift", "org_unit", "employee").order_by("-start_date", "pk")
