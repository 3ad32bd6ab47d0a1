"""Writes to planning rounds: open (as a draft), edit, publish to the agencies, close; indicative ceilings.

A round is a request of the deadlines engine answered through E-Planning: the engine keeps the dates,
the addressed agencies, the reminders and the escalation; the round adds the fiscal year and its
nomenclature, each agency's ceiling and the supporting data required of every sub kegiatan.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction

from terpadu.core.audit import audit_record
from terpadu.core.errors import ValidationFailed
from terpadu.deadlines import interfaces as deadlines

from .. import policies, rules
from ..models import AgencyCeiling, EvidenceRequirement, Nomenclature, PlanningRound
from .common import MODULE, acting, clock

LABEL_MAX = 200


@dataclass(frozen=True)
class RequirementDraft:
    """Supporting data the round requires of every sub kegiatan."""

    label: str
    kind: str = EvidenceRequirement.Kind.FILE
    required: bool = True
    help_text: str = ""


@dataclass(frozen=True)
class RoundDraft:
    fiscal_year: int
    title: str
    instructions: str
    opens_at: datetime
    due_at: datetime
    agency_ids: Sequence[int]
    period_kind: str = rules.PeriodKind.MONTH
    ceilings: Mapping[int, Decimal] | None = None
    #: plan-level items the agency answers once (cover letter, Renstra…): the deadlines engine's items
    items: Sequence[deadlines.ItemDraft] = ()
    requirements: Sequence[RequirementDraft] = ()
    reminder_days: Sequence[int] = (3, 1, 0)


def _nomenclature(government_id: int, fiscal_year: int) -> Nomenclature:
    found = Nomenclature.objects.filter(government_id=government_id, fiscal_year=fiscal_year).first()
    if found is None or not found.entries.filter(level=rules.Level.SUB_KEGIATAN, is_active=True).exists():
        message = f"Nomenklatur tahun {fiscal_year} belum diimpor. Impor dulu nomenklatur tahun itu."
        raise ValidationFailed(message, fields={"fiscal_year": message})
    return found


def _check_requirements(requirements: Sequence[RequirementDraft]) -> None:
    for index, requirement in enumerate(requirements):
        problem = None
        if not requirement.label.strip():
            problem = "Nama data dukung wajib diisi."
        elif len(requirement.label.strip()) > LABEL_MAX:
            problem = f"Nama data dukung paling banyak {LABEL_MAX} karakter."
        elif requirement.kind not in EvidenceRequirement.Kind.values:
            problem = "Jenis data dukung tidak dikenal."
        if problem:
            raise ValidationFailed(problem, fields={f"requirements.{index}.label": problem, "requirements": problem})


def _check_ceilings(ceilings: Mapping[int, Decimal], agency_ids: Sequence[int]) -> None:
    for agency_id, amount in ceilings.items():
        if agency_id not in set(agency_ids):
            message = "Pagu indikatif hanya untuk OPD tujuan."
            raise ValidationFailed(message, fields={f"ceiling_{agency_id}": message})
        if amount < 0 or amount > rules.MONEY_MAX or amount != amount.quantize(rules.MONEY_PLACES):
            message = "Pagu indikatif harus berupa rupiah tidak negatif."
            raise ValidationFailed(message, fields={f"ceiling_{agency_id}": message})


def _check(draft: RoundDraft) -> None:
    if draft.period_kind not in {kind.value for kind in rules.PeriodKind}:
        message = "Pilih rincian per bulan atau per triwulan."
        raise ValidationFailed(message, fields={"period_kind": message})
    _check_ceilings(draft.ceilings or {}, draft.agency_ids)
    _check_requirements(draft.requirements)


def _write_parts(planning_round: PlanningRound, draft: RoundDraft) -> None:
    planning_round.ceilings.all().delete()
    AgencyCeiling.objects.bulk_create(
        AgencyCeiling(round=planning_round, agency_id=agency_id, amount=amount)
        for agency_id, amount in sorted((draft.ceilings or {}).items())
    )
    planning_round.requirements.all().delete()
    EvidenceRequirement.objects.bulk_create(
        EvidenceRequirement(
            round=planning_round,
            order=index,
            label=r.label.strip(),
            kind=r.kind,
            required=r.required,
            help_text=r.help_text.strip(),
        )
        for index, r in enumerate(draft.requirements, start=1)
    )


def _contents(planning_round: PlanningRound) -> dict[str, Any]:
    return {
        "fiscal_year": planning_round.nomenclature.fiscal_year,
        "period_kind": planning_round.period_kind,
        "ceilings": {str(c.agency_id): str(c.amount) for c in planning_round.ceilings.all()},
        "requirements": [[r.label, r.kind, r.required] for r in planning_round.requirements.all()],
    }


def _request_fields(draft: RoundDraft) -> dict[str, Any]:
    return {
        "title": draft.title,
        "instructions": draft.instructions,
        "opens_at": draft.opens_at,
        "due_at": draft.due_at,
        "items": list(draft.items),
        "agency_ids": list(draft.agency_ids),
        "reminder_days": list(draft.reminder_days),
    }


@transaction.atomic
def round_create(*, user: Any, draft: RoundDraft) -> PlanningRound:
    """A draft round (and its draft request); nothing reaches the agencies until it is published."""
    actor = acting(user)
    policies.ensure(policies.can_open_round(actor), "Anda tidak berwenang membuka putaran perencanaan.")
    assert actor is not None and actor.government_id is not None
    nomenclature = _nomenclature(actor.government_id, draft.fiscal_year)
    _check(draft)
    request_id = deadlines.managed_request_create(
        user=user,
        module=MODULE,
        requester_agency_id=policies.planning_agency_id(actor.government_id),
        **_request_fields(draft),
    )
    planning_round = PlanningRound.objects.create(
        government_id=actor.government_id,
        nomenclature=nomenclature,
        obligation_id=request_id,
        period_kind=draft.period_kind,
        created_by=user,
    )
    _write_parts(planning_round, draft)
    audit_record(
        actor=user,
        action="planning.round.create",
        target=planning_round,
        government_id=actor.government_id,
        after=_contents(planning_round),
    )
    return planning_round


def ensure_manager(user: Any, planning_round: PlanningRound) -> None:
    allowed = deadlines.can_manage_request(user=user, request_id=planning_round.obligation_id)
    policies.ensure(allowed, "Anda tidak berwenang mengelola putaran perencanaan ini.")


@transaction.atomic
def round_update(*, user: Any, planning_round: PlanningRound, draft: RoundDraft) -> PlanningRound:
    """Rewrite a draft round: its request, ceilings and requirements (the fiscal year stays)."""
    ensure_manager(user, planning_round)
    locked = PlanningRound.objects.select_for_update().select_related("nomenclature").get(pk=planning_round.pk)
    if draft.fiscal_year != locked.nomenclature.fiscal_year:
        message = "Tahun anggaran putaran tidak dapat diubah; buka putaran baru."
        raise ValidationFailed(message, fields={"fiscal_year": message})
    _check(draft)
    before = _contents(locked)
    deadlines.managed_request_update(
        user=user, module=MODULE, request_id=locked.obligation_id, **_request_fields(draft)
    )
    locked.period_kind = draft.period_kind
    locked.save(update_fields=["period_kind"])
    _write_parts(locked, draft)
    audit_record(
        actor=user,
        action="planning.round.update",
        target=locked,
        government_id=locked.government_id,
        before=before,
        after=_contents(locked),
    )
    return locked


@transaction.atomic
def round_set_ceilings(*, user: Any, planning_round: PlanningRound, ceilings: Mapping[int, Decimal]) -> None:
    """Change the indicative ceilings, also after publishing (Bappeda revises them while plans come in)."""
    ensure_manager(user, planning_round)
    info = deadlines.request_info(request_id=planning_round.obligation_id)
    locked = PlanningRound.objects.select_for_update().get(pk=planning_round.pk)
    _check_ceilings(ceilings, info.agency_ids)
    before = {str(c.agency_id): str(c.amount) for c in locked.ceilings.all()}
    locked.ceilings.all().delete()
    AgencyCeiling.objects.bulk_create(
        AgencyCeiling(round=locked, agency_id=agency_id, amount=amount)
        for agency_id, amount in sorted(ceilings.items())
    )
    audit_record(
        actor=user,
        action="planning.round.ceilings",
        target=locked,
        government_id=locked.government_id,
        before={"ceilings": before},
        after={"ceilings": {str(k): str(v) for k, v in sorted(ceilings.items())}},
    )


@transaction.atomic
def round_publish(*, user: Any, planning_round: PlanningRound, now: datetime | None = None) -> None:
    """Open the round to its agencies: the engine notifies them and starts the reminders."""
    ensure_manager(user, planning_round)
    deadlines.managed_request_publish(user=user, module=MODULE, request_id=planning_round.obligation_id, now=clock(now))


@transaction.atomic
def round_close(*, user: Any, planning_round: PlanningRound, now: datetime | None = None) -> None:
    """No more changes by the agencies; plans already submitted may still be reviewed."""
    ensure_manager(user, planning_round)
    deadlines.managed_request_close(user=user, module=MODULE, request_id=planning_round.obligation_id, now=clock(now))
