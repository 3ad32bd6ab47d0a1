"""The rounds the user may open, the agencies a round addresses and the ceilings set for them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, OuterRef, QuerySet, Subquery

from terpadu.core.errors import NotFound
from terpadu.core.roles import Actor, actor_of
from terpadu.directory.models import Agency

from .. import policies
from ..models import AgencyCeiling, PlanningRound


def rounds_for_user(*, user: Any) -> QuerySet[PlanningRound]:
    """The rounds the user may open: all of the government for the leaders and the planning agency;
    the published ones addressed to their agencies for an agency's staff."""
    actor = actor_of(user)
    if actor is None or actor.government_id is None:
        return PlanningRound.objects.none()
    qs = PlanningRound.objects.filter(government_id=actor.government_id).select_related("nomenclature", "obligation")
    if policies.reads_every_plan(actor):
        return qs
    agencies = sorted(actor.agencies_with(*policies.RESPONDENT_ROLES))
    return qs.filter(obligation__addressees__agency_id__in=agencies).exclude(obligation__status="draft").distinct()


def round_get_for_user(*, user: Any, pk: Any) -> PlanningRound:
    try:
        return rounds_for_user(user=user).get(pk=pk)
    except (PlanningRound.DoesNotExist, ValueError, TypeError):
        raise NotFound("Putaran perencanaan tidak ditemukan.") from None


def round_list_for_user(*, user: Any, fiscal_year: int | None = None) -> QuerySet[PlanningRound]:
    """:func:`rounds_for_user` with ``agency_count``: how many agencies each round addresses."""
    addressed = PlanningRound.objects.filter(pk=OuterRef("pk")).annotate(n=Count("obligation__addressees")).values("n")
    qs = rounds_for_user(user=user).annotate(agency_count=Subquery(addressed))
    return qs.filter(nomenclature__fiscal_year=fiscal_year) if fiscal_year is not None else qs


def visible_agency_ids(actor: Actor | None, planning_round: PlanningRound) -> frozenset[int] | None:
    """The agencies whose plans the actor may read in the round (``None``: all of them)."""
    if policies.reads_every_plan(actor):
        return None
    return actor.agencies_with(*policies.RESPONDENT_ROLES) if actor is not None else frozenset()


def ceilings_for_user(*, user: Any, planning_round: PlanningRound) -> list[AgencyCeiling]:
    """The round's ceilings the user may see: all of them, or those of the user's own agencies."""
    visible = visible_agency_ids(actor_of(user), planning_round)
    qs = planning_round.ceilings.select_related("agency").order_by("agency__code")
    return list(qs if visible is None else qs.filter(agency_id__in=sorted(visible)))


def addressed_agency(*, planning_round: PlanningRound, code: str) -> Agency:
    """The agency with ``code`` among those the round addresses (404 otherwise; access is checked later)."""
    found = Agency.objects.filter(obligations_received__obligation_id=planning_round.obligation_id, code=code).first()
    if found is None:
        raise NotFound("Renja tidak ditemukan.")
    return found


def round_agencies(planning_round: PlanningRound) -> list[Agency]:
    """The agencies the round addresses, by code."""
    return list(
        Agency.objects.filter(obligations_received__obligation_id=planning_round.obligation_id).order_by("code")
    )


def agency_ids_by_code(*, user: Any, codes: Iterable[str]) -> dict[str, int]:
    """Active agencies of the user's government, by code (unknown codes are simply absent)."""
    actor = actor_of(user)
    if actor is None or actor.government_id is None:
        return {}
    agencies = Agency.objects.filter(government_id=actor.government_id, is_active=True, code__in=sorted(set(codes)))
    return dict(agencies.values_list("code", "pk"))
