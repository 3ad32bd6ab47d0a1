"""Reads of requests and responses, always given the acting user (or, for jobs, a request already loaded).

An agency sees the requests addressed to it (once published) and those its own agency asked; the
government-wide roles see every request of their government. In the compliance table an agency sees
only its own row; the requester and the government-wide roles see every addressed agency.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet

from terpadu.core.errors import NotFound
from terpadu.core.roles import Actor, actor_of
from terpadu.core.scoping import get_for_user, scoped
from terpadu.directory.models import Agency

from . import policies, rules
from .models import AgencyResponse, EscalationReport, Obligation, ObligationAgency, ObligationItem, ResponseValue
from .rules import Status


def obligations_for_user(*, user: Any) -> QuerySet[Obligation]:
    actor = actor_of(user)
    qs = scoped(Obligation.objects.all(), user)
    if actor is None or policies.reads_whole_government(actor):
        return qs
    agencies = sorted(actor.agency_ids)
    addressed = ObligationAgency.objects.filter(agency_id__in=agencies).values("obligation_id")
    published = ~Q(status=rules.ObligationStatus.DRAFT)
    return qs.filter(Q(requester_agency_id__in=agencies) | (Q(pk__in=addressed) & published))


def obligation_get_for_user(*, user: Any, pk: Any) -> Obligation:
    """One request the user may read; the same 404 for "missing" and "not yours"."""
    qs = obligations_for_user(user=user).select_related("government", "requester", "requester_agency")
    return get_for_user(qs, user, pk)


def obligation_list_for_user(*, user: Any, status: str = "", q: str = "") -> QuerySet[Obligation]:
    qs = obligations_for_user(user=user).select_related("requester_agency", "government")
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(title__icontains=q)
    return qs.order_by("-due_at", "-pk")


def unscoped_addressable_agencies(*, government_id: int | None) -> QuerySet[Agency]:
    """Every active agency of the government, for the "addressed agencies" choice of a requester (an
    agency requester such as Bappeda addresses agencies it cannot otherwise read: codes and names only)."""
    qs = Agency.objects.filter(government_id=government_id or 0, is_active=True)
    return qs.only("id", "code", "name").order_by("code")


def items_of(obligation: Obligation) -> list[ObligationItem]:
    return list(obligation.items.order_by("order", "pk"))


def addressed_agencies(obligation: Obligation) -> list[Agency]:
    return [row.agency for row in obligation.addressees.select_related("agency").order_by("agency__code")]


def can_see_all_rows(actor: Actor | None, obligation: Obligation) -> bool:
    """The requester side (and the government-wide readers) see every agency's response."""
    return policies.reads_whole_government(actor) or policies.can_manage(
        actor, government_id=obligation.government_id, requester_agency_id=obligation.requester_agency_id
    )


# --- the compliance table -------------------------------------------------------------------------


@dataclass(frozen=True)
class ComplianceRow:
    agency_id: int
    agency_code: str
    agency_name: str
    status: Status
    submitted_at: datetime | None
    late_by_minutes: int
    missing_items: list[str] = field(default_factory=list)
    response_id: int | None = None
    return_note: str = ""

    @property
    def late_by(self) -> str:
        return rules.format_minutes(self.late_by_minutes)


def _filled_item_ids(response_ids: Iterable[int]) -> dict[int, set[int]]:
    filled: dict[int, set[int]] = {}
    values = ResponseValue.objects.filter(response_id__in=list(response_ids)).filter(
        Q(stored_file__isnull=False) | ~Q(text="")
    )
    for response_id, item_id in values.values_list("response_id", "item_id"):
        filled.setdefault(response_id, set()).add(item_id)
    return filled


def _row(
    agency: Agency,
    response: AgencyResponse | None,
    specs: list[rules.ItemSpec],
    filled: set[int],
    *,
    due_at: datetime,
    now: datetime,
) -> ComplianceRow:
    state = response.state if response else None
    submitted_at = response.submitted_at if response else None
    return ComplianceRow(
        agency_id=agency.pk,
        agency_code=agency.code,
        agency_name=str(agency),
        status=rules.derived_status(state=state, submitted_at=submitted_at, due_at=due_at, now=now),
        submitted_at=submitted_at,
        late_by_minutes=rules.lateness_minutes(state=state, submitted_at=submitted_at, due_at=due_at, now=now),
        missing_items=[item.label for item in rules.missing_items(specs, filled)],
        response_id=response.pk if response else None,
        return_note=response.return_note if response and state == rules.ResponseState.RETURNED else "",
    )


def unscoped_compliance_rows(
    *, obligation: Obligation, now: datetime, agency_ids: frozenset[int] | None = None
) -> list[ComplianceRow]:
    """One row per addressed agency (or those of ``agency_ids``), in agency-code order: 4 queries.

    Unscoped: callers decide who sees which rows (:func:`compliance_for_user`, the escalation job)."""
    return unscoped_compliance_tables(obligations=[obligation], now=now, agency_ids=agency_ids)[obligation.pk]


def _specs(obligation_ids: list[int]) -> dict[int, list[rules.ItemSpec]]:
    specs: dict[int, list[rules.ItemSpec]] = {pk: [] for pk in obligation_ids}
    items = ObligationItem.objects.filter(obligation_id__in=obligation_ids).order_by("order", "pk")
    for item in items.only("id", "label", "required", "obligation_id"):
        specs[item.obligation_id].append(rules.ItemSpec(item.pk, item.label, item.required))
    return specs


def unscoped_compliance_tables(
    *, obligations: list[Obligation], now: datetime, agency_ids: frozenset[int] | None = None
) -> dict[int, list[ComplianceRow]]:
    """The compliance rows of several requests at once (a page of the list, a widget): 4 queries."""
    ids = [obligation.pk for obligation in obligations]
    links = ObligationAgency.objects.filter(obligation_id__in=ids).select_related("agency").order_by("agency__code")
    responses = AgencyResponse.objects.filter(obligation_id__in=ids)
    if agency_ids is not None:
        links, responses = (
            links.filter(agency_id__in=sorted(agency_ids)),
            responses.filter(agency_id__in=sorted(agency_ids)),
        )
    by_pair = {(r.obligation_id, r.agency_id): r for r in responses}
    filled = _filled_item_ids(r.pk for r in by_pair.values())
    specs, due = _specs(ids), {obligation.pk: obligation.due_at for obligation in obligations}
    tables: dict[int, list[ComplianceRow]] = {pk: [] for pk in ids}
    for link in links:
        response = by_pair.get((link.obligation_id, link.agency_id))
        item_ids = filled.get(response.pk, set()) if response else set()
        row = _row(link.agency, response, specs[link.obligation_id], item_ids, due_at=due[link.obligation_id], now=now)
        tables[link.obligation_id].append(row)
    return tables


def compliance_for_user(*, user: Any, obligation: Obligation, now: datetime) -> list[ComplianceRow]:
    """The compliance table of a request the user has read through :func:`obligation_get_for_user`."""
    actor = actor_of(user)
    if can_see_all_rows(actor, obligation):
        return unscoped_compliance_rows(obligation=obligation, now=now)
    own = actor.agency_ids if actor is not None else frozenset()
    return unscoped_compliance_rows(obligation=obligation, now=now, agency_ids=own)


# --- one agency's response ------------------------------------------------------------------------


def agency_for_user(*, user: Any, obligation: Obligation, agency_pk: Any) -> Agency:
    """An addressed agency whose response the user may read (404 otherwise)."""
    actor = actor_of(user)
    addressees = obligation.addressees.select_related("agency")
    if not can_see_all_rows(actor, obligation):
        addressees = scoped(addressees, user)
    try:
        return addressees.get(agency_id=int(agency_pk)).agency
    except (ObligationAgency.DoesNotExist, ValueError, TypeError):
        raise NotFound("Data tidak ditemukan.") from None


def agency_by_code_for_user(*, user: Any, obligation: Obligation, code: str) -> Agency:
    agency_id = obligation.addressees.filter(agency__code=code).values_list("agency_id", flat=True).first()
    return agency_for_user(user=user, obligation=obligation, agency_pk=agency_id)


def response_of(*, obligation: Obligation, agency: Agency) -> AgencyResponse | None:
    """The response of an agency already admitted by :func:`agency_for_user` (None: not started)."""
    return (
        AgencyResponse.objects.filter(obligation=obligation, agency=agency)
        .select_related("submitted_by", "reviewed_by")
        .first()
    )


def values_of(response: AgencyResponse | None) -> dict[int, ResponseValue]:
    if response is None:
        return {}
    return {v.item_id: v for v in response.values.select_related("stored_file")}


def respondent_agencies(*, user: Any, obligation: Obligation) -> list[Agency]:
    """The addressed agencies the user may answer for."""
    actor = actor_of(user)
    own = actor.agencies_with(*policies.RESPONDENT_ROLES) if actor else frozenset()
    rows = obligation.addressees.filter(agency_id__in=sorted(own)).select_related("agency")
    return [row.agency for row in rows.order_by("agency__code")]


# --- escalation and history -----------------------------------------------------------------------


def escalation_for_user(*, user: Any, obligation: Obligation) -> EscalationReport | None:
    actor = actor_of(user)
    policies.ensure(
        policies.can_read_escalation(
            actor,
            government_id=obligation.government_id,
            requester_id=obligation.requester_id,
            requester_agency_id=obligation.requester_agency_id,
        ),
        "Laporan eskalasi hanya untuk kepala daerah, wakil, Sekda, Inspektorat dan peminta.",
    )
    return EscalationReport.objects.filter(obligation=obligation).select_related("pdf").first()


@dataclass(frozen=True)
class HistoryEntry:
    obligation: Obligation
    status: Status
    outcome: rules.Outcome
    submitted_at: datetime | None
    late_by_minutes: int

    @property
    def late_by(self) -> str:
        return rules.format_minutes(self.late_by_minutes)


@dataclass
class AgencyRecord:
    agency: Agency
    counts: dict[rules.Outcome, int] = field(default_factory=lambda: dict.fromkeys(rules.Outcome, 0))

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def count(self, outcome: str) -> int:
        return self.counts[rules.Outcome(outcome)]


def _entry(link: ObligationAgency, response: AgencyResponse | None, now: datetime) -> HistoryEntry:
    obligation = link.obligation
    state = response.state if response else None
    at = response.submitted_at if response else None
    due = obligation.due_at
    return HistoryEntry(
        obligation=obligation,
        status=rules.derived_status(state=state, submitted_at=at, due_at=due, now=now),
        outcome=rules.outcome(state=state, submitted_at=at, due_at=due, now=now),
        submitted_at=at,
        late_by_minutes=rules.lateness_minutes(state=state, submitted_at=at, due_at=due, now=now),
    )


def _links(user: Any, agency_ids: Iterable[int]) -> QuerySet[ObligationAgency]:
    return (
        scoped(ObligationAgency.objects.filter(agency_id__in=sorted(agency_ids)), user)
        .exclude(obligation__status=rules.ObligationStatus.DRAFT)
        .select_related("obligation", "agency")
        .order_by("-obligation__due_at", "obligation_id")
    )


def _entries(user: Any, agency_ids: Iterable[int], now: datetime) -> list[tuple[ObligationAgency, HistoryEntry]]:
    links = list(_links(user, agency_ids))
    pairs = [(link.obligation_id, link.agency_id) for link in links]
    responses = {
        (r.obligation_id, r.agency_id): r
        for r in AgencyResponse.objects.filter(agency_id__in=sorted({a for _, a in pairs}))
        if (r.obligation_id, r.agency_id) in set(pairs)
    }
    return [(link, _entry(link, responses.get((link.obligation_id, link.agency_id)), now)) for link in links]


def agency_history_for_user(*, user: Any, agency: Agency, now: datetime) -> list[HistoryEntry]:
    """One agency's requests, newest due first, with how it complied (the agency must be readable)."""
    get_for_user(Agency, user, agency.pk)
    return [entry for _, entry in _entries(user, [agency.pk], now)]


def compliance_summary_for_user(*, user: Any, now: datetime) -> list[AgencyRecord]:
    """Per agency the user may read: how many requests it met on time, late, not at all, still pending."""
    agencies = list(scoped(Agency.objects.filter(is_active=True), user).order_by("code"))
    records = {agency.pk: AgencyRecord(agency) for agency in agencies}
    for link, entry in _entries(user, records, now):
        records[link.agency_id].counts[entry.outcome] += 1
    return list(records.values())
