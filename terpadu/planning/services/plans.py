"""Writes to an agency's work plan while it is a draft (or returned): its sub kegiatan with their
indicators, budget lines and supporting data, and the round's plan-level items.

Every write checks, before anything is stored: the code is a sub kegiatan of the round's nomenclature
at the government's level, inside the agency's mandate; indicators and lines are well formed. A refused
write changes nothing. Each raises the plan's version (two operators at once: the later one is told).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Sum

from terpadu.core.errors import Conflict, ValidationFailed
from terpadu.deadlines import interfaces as deadlines
from terpadu.documents.interfaces import store_upload

from .. import policies, rules, selectors
from ..models import (
    BudgetLine,
    EvidenceRequirement,
    NomenclatureEntry,
    PlanIndicator,
    PlanningRound,
    PlanSubActivity,
    SubActivityEvidence,
    WorkPlan,
)
from .common import MODULE, acting, audit_plan, check_version, clock, ensure_round_open, lock_plan

EVIDENCE_PURPOSE = "planning_evidence"


@dataclass(frozen=True)
class SubActivityDraft:
    """A sub kegiatan as the agency enters it (indicators and lines replace the ones stored)."""

    code: str
    location: str = ""
    target_group: str = ""
    notes: str = ""
    indicators: Sequence[rules.IndicatorDraft] = ()
    lines: Sequence[rules.LineDraft] = ()


@dataclass
class _Checked:
    entries: dict[str, NomenclatureEntry] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


# --- opening a plan ---------------------------------------------------------------------------------


def _ensure_editor(user: Any, agency_id: int) -> None:
    allowed = policies.can_edit_plan(acting(user), agency_id=agency_id)
    policies.ensure(allowed, "Anda tidak berwenang mengisi Renja OPD ini.")


@transaction.atomic
def plan_open(*, user: Any, planning_round: PlanningRound, agency_id: int, now: datetime | None = None) -> WorkPlan:
    """The agency's plan in the round, created on first use (the engine then shows it in progress)."""
    _ensure_editor(user, agency_id)
    info = ensure_round_open(planning_round, clock(now))
    if agency_id not in info.agency_ids:
        raise ValidationFailed(
            "Putaran ini tidak ditujukan kepada OPD tersebut.", fields={"agency": "Bukan OPD tujuan."}
        )
    found = WorkPlan.objects.filter(round=planning_round, agency_id=agency_id).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            plan = WorkPlan.objects.create(round=planning_round, agency_id=agency_id)
    except IntegrityError:  # two first saves at once: one plan
        return WorkPlan.objects.get(round=planning_round, agency_id=agency_id)
    deadlines.managed_response_save(
        user=user, module=MODULE, request_id=planning_round.obligation_id, agency_id=agency_id, values={}, now=now
    )
    audit_plan(user, plan, "planning.plan.create", after={"round_id": planning_round.pk, "status": plan.status})
    return plan


def _editable(user: Any, plan: WorkPlan, expected_version: int | None, now: datetime) -> WorkPlan:
    """The plan locked for a change by its agency: allowed, still a draft (or returned), round open."""
    _ensure_editor(user, plan.agency_id)
    locked = lock_plan(plan)
    try:
        rules.plan_next(locked.status, rules.PlanAction.EDIT)
    except rules.TransitionRefused as exc:
        raise Conflict(str(exc), code="plan_locked") from None
    ensure_round_open(locked.round, now)
    check_version(locked, expected_version)
    return locked


def _bump(plan: WorkPlan) -> None:
    plan.version += 1
    plan.save(update_fields=["version", "updated_at"])


# --- checking sub kegiatan ----------------------------------------------------------------------------


def _check_parts(draft: SubActivityDraft, period_kind: str, prefix: str, errors: dict[str, str]) -> None:
    for index, indicator in enumerate(draft.indicators):
        for name, problem in rules.indicator_problems(indicator).items():
            errors[f"{prefix}indicators.{index}.{name}"] = problem
    for index, line in enumerate(draft.lines):
        for name, problem in rules.line_problems(line, period_kind).items():
            errors[f"{prefix}lines.{index}.{name}"] = problem


def _check_code(draft: SubActivityDraft, plan: WorkPlan, mandated: set[str], prefix: str, found: _Checked) -> None:
    try:
        code = rules.parse_code(draft.code)
    except rules.CodeError as exc:
        found.errors[f"{prefix}code"] = str(exc)
        return
    problem = None
    if code.level != rules.Level.SUB_KEGIATAN:
        problem = f"Kode {code.code} adalah {code.level.label.lower()}; pilih sub kegiatan."
    elif code.code not in found.entries:
        problem = f"Sub kegiatan {code.code} tidak ada dalam nomenklatur tahun {plan.round.fiscal_year}."
    else:
        problem = rules.level_digit_problem(code, plan.round.government.level) or rules.mandate_problem(
            code, mandated, str(plan.agency)
        )
    if problem:
        found.errors[f"{prefix}code"] = problem


def _check(plan: WorkPlan, drafts: Sequence[SubActivityDraft], *, prefixed: bool) -> _Checked:
    codes = [d.code.strip() for d in drafts]
    found = _Checked()
    entries = NomenclatureEntry.objects.filter(
        nomenclature_id=plan.round.nomenclature_id, code__in=codes, level=rules.Level.SUB_KEGIATAN, is_active=True
    )
    found.entries = {entry.code: entry for entry in entries}
    mandated = selectors.unscoped_mandated_fields(plan)
    seen: set[str] = set()
    for index, draft in enumerate(drafts):
        prefix = f"sub_activities.{index}." if prefixed else ""
        if draft.code.strip() in seen:
            found.errors[f"{prefix}code"] = f"Sub kegiatan {draft.code.strip()} tercantum dua kali."
        seen.add(draft.code.strip())
        _check_code(draft, plan, mandated, prefix, found)
        _check_parts(draft, plan.round.period_kind, prefix, found.errors)
        for name, value, limit in (("location", draft.location, 300), ("target_group", draft.target_group, 300)):
            if len(value.strip()) > limit:
                found.errors[f"{prefix}{name}"] = f"Paling banyak {limit} karakter."
    if found.errors:
        raise ValidationFailed(
            f"Periksa kembali isian yang ditandai ({len(found.errors)} masalah).", fields=found.errors
        )
    return found


# --- writing sub kegiatan -------------------------------------------------------------------------------


def _kept_uids(rows: Sequence[Any], drafts: Sequence[Any]) -> list[str]:
    """The uid each draft row keeps: its own (a client may name its lines; the first of a repeated uid
    wins), else that of the stored row at the same position when no draft row names it (so that a client
    resending the list without uids still shows "changed", not "removed and added", in diffs), else a new
    one. Uids stay unique within the sub kegiatan."""
    stored = [str(row.uid) for row in rows]
    named = {(d.uid or "").lower() for d in drafts} - {""}
    used: set[str] = set()
    kept = []
    for index, draft in enumerate(drafts):
        own = (draft.uid or "").lower()
        fallback = stored[index] if index < len(stored) else ""
        if own and own not in used:
            choice = own
        elif not own and fallback and fallback not in named and fallback not in used:
            choice = fallback
        else:
            choice = ""
        used.add(choice)
        kept.append(choice)
    return kept


def _line(sub: PlanSubActivity, order: int, line: rules.LineDraft, uid: str) -> BudgetLine:
    periods = list(line.periods[: rules.MAX_PERIODS]) + [0] * (rules.MAX_PERIODS - len(line.periods))
    row = BudgetLine(
        sub_activity=sub,
        order=order,
        account_code=line.account_code.strip(),
        description=line.description.strip(),
        amount=line.amount,
        **dict(zip(BudgetLine.PERIOD_FIELDS, periods, strict=True)),
    )
    if uid:
        row.uid = uid
    return row


def _indicator(sub: PlanSubActivity, order: int, indicator: rules.IndicatorDraft, uid: str) -> PlanIndicator:
    row = PlanIndicator(
        sub_activity=sub,
        order=order,
        name=indicator.name.strip(),
        unit=indicator.unit.strip(),
        target=indicator.target,
    )
    if uid:
        row.uid = uid
    return row


def _rows_of(model: Any, ids: list[int]) -> dict[int, list[Any]]:
    found: dict[int, list[Any]] = {pk: [] for pk in ids}
    for row in model.objects.filter(sub_activity_id__in=ids).order_by("order", "pk").only("uid", "sub_activity_id"):
        found[row.sub_activity_id].append(row)
    return found


def _write(plan: WorkPlan, drafts: Sequence[SubActivityDraft], entries: dict[str, NomenclatureEntry]) -> list[int]:
    existing = {sub.entry_id: sub for sub in plan.sub_activities.filter(entry__in=list(entries.values()))}
    subs = []
    for draft in drafts:
        entry = entries[draft.code.strip()]
        sub = existing.get(entry.pk) or PlanSubActivity(plan=plan, entry=entry)
        sub.location, sub.target_group, sub.notes = draft.location.strip(), draft.target_group.strip(), draft.notes
        sub.total = sum((line.amount for line in draft.lines), Decimal(0))
        subs.append(sub)
    for sub in subs:
        sub.save()
    ids = [sub.pk for sub in subs]
    old_indicators, old_lines = _rows_of(PlanIndicator, ids), _rows_of(BudgetLine, ids)
    PlanIndicator.objects.filter(sub_activity_id__in=ids).delete()
    BudgetLine.objects.filter(sub_activity_id__in=ids).delete()
    indicators, lines = [], []
    for sub, draft in zip(subs, drafts, strict=True):
        uids = _kept_uids(old_indicators[sub.pk], draft.indicators)
        indicators += [
            _indicator(sub, n, i, uid) for n, (i, uid) in enumerate(zip(draft.indicators, uids, strict=True), 1)
        ]
        uids = _kept_uids(old_lines[sub.pk], draft.lines)
        lines += [_line(sub, n, line, uid) for n, (line, uid) in enumerate(zip(draft.lines, uids, strict=True), 1)]
    PlanIndicator.objects.bulk_create(indicators)
    BudgetLine.objects.bulk_create(lines)
    return ids


def _summary(plan: WorkPlan) -> dict[str, Any]:
    """What the audit row keeps of a plan: its sub kegiatan, how many lines, the total (each sub kegiatan
    keeps the total of its lines: no line is read)."""
    subs = plan.sub_activities.order_by()
    total = subs.aggregate(total=Sum("total"))["total"]
    return {
        "sub_activities": sorted(subs.values_list("entry__code", flat=True)),
        "lines": BudgetLine.objects.filter(sub_activity__plan=plan).count(),
        "total": str(total if total is not None else 0),
    }


def _audit(user: Any, plan: WorkPlan, action: str, before: dict[str, Any], **extra: Any) -> None:
    audit_plan(user, plan, action, before=before, after={**_summary(plan), "version": plan.version, **extra})


@transaction.atomic
def sub_activity_save(
    *,
    user: Any,
    plan: WorkPlan,
    draft: SubActivityDraft,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> PlanSubActivity:
    """Add a sub kegiatan to the plan or rewrite it (its indicators and lines are replaced)."""
    locked = _editable(user, plan, expected_version, clock(now))
    checked = _check(locked, [draft], prefixed=False)
    before = _summary(locked)
    (sub_id,) = _write(locked, [draft], checked.entries)
    _bump(locked)
    _audit(user, locked, "planning.sub_activity.save", before, code=draft.code.strip())
    return PlanSubActivity.objects.get(pk=sub_id)


@transaction.atomic
def plan_save(
    *,
    user: Any,
    plan: WorkPlan,
    drafts: Sequence[SubActivityDraft],
    expected_version: int | None = None,
    now: datetime | None = None,
) -> WorkPlan:
    """Replace the whole plan with ``drafts`` (another system sending its Renja): sub kegiatan not in
    ``drafts`` are removed with their lines and supporting data."""
    locked = _editable(user, plan, expected_version, clock(now))
    checked = _check(locked, drafts, prefixed=True)
    before = _summary(locked)
    kept = _write(locked, drafts, checked.entries)
    locked.sub_activities.exclude(pk__in=kept).delete()
    _bump(locked)
    _audit(user, locked, "planning.plan.save", before)
    return locked


@transaction.atomic
def sub_activity_remove(
    *, user: Any, plan: WorkPlan, code: str, expected_version: int | None = None, now: datetime | None = None
) -> None:
    locked = _editable(user, plan, expected_version, clock(now))
    before = _summary(locked)
    deleted, _ = locked.sub_activities.filter(entry__code=code.strip()).delete()
    if not deleted:
        raise ValidationFailed(f"Sub kegiatan {code} tidak ada dalam Renja ini.", fields={"code": "Tidak ditemukan."})
    _bump(locked)
    _audit(user, locked, "planning.sub_activity.remove", before, code=code.strip())


# --- supporting data -------------------------------------------------------------------------------------


def _stored_evidence(user: Any, plan: WorkPlan, upload: UploadedFile) -> int:
    try:
        return store_upload(file=upload, purpose=EVIDENCE_PURPOSE, user=user, government_id=plan.round.government_id).id
    except ValidationFailed as exc:
        raise ValidationFailed(exc.message, code=exc.code, fields={"file": exc.message}) from None


@transaction.atomic
def evidence_save(
    *,
    user: Any,
    plan: WorkPlan,
    code: str,
    requirement_id: int,
    text: str = "",
    upload: UploadedFile | None = None,
    clear: bool = False,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> SubActivityEvidence:
    """Supply (or replace, or clear) one supporting datum of one sub kegiatan."""
    locked = _editable(user, plan, expected_version, clock(now))
    sub = locked.sub_activities.filter(entry__code=code.strip()).first()
    requirement = EvidenceRequirement.objects.filter(round_id=locked.round_id, pk=requirement_id).first()
    if sub is None or requirement is None:
        raise ValidationFailed("Sub kegiatan atau data dukung tidak dikenal.", fields={"requirement": "Tidak dikenal."})
    evidence = SubActivityEvidence.objects.filter(sub_activity=sub, requirement=requirement).first()
    evidence = evidence or SubActivityEvidence(sub_activity=sub, requirement=requirement)
    before = {"text": evidence.text, "file": evidence.stored_file_id}
    if requirement.kind == EvidenceRequirement.Kind.FILE:
        if upload is not None:
            evidence.stored_file_id = _stored_evidence(user, locked, upload)
        elif clear:
            evidence.stored_file_id = None
        else:
            raise ValidationFailed("Pilih berkas yang akan diunggah.", fields={"file": "Pilih berkas."})
    else:
        if len(text.strip()) > 2000:
            raise ValidationFailed("Isian paling banyak 2.000 karakter.", fields={"text": "Terlalu panjang."})
        evidence.text = text.strip()
    evidence.save()
    _bump(locked)
    audit_plan(
        user,
        locked,
        "planning.evidence.save",
        before=before,
        after={
            "code": code.strip(),
            "requirement": requirement.label,
            "text": evidence.text,
            "file": evidence.stored_file_id,
        },
    )
    return evidence


@transaction.atomic
def plan_items_save(
    *,
    user: Any,
    plan: WorkPlan,
    values: Mapping[int, str],
    files: Mapping[int, UploadedFile] | None = None,
    clear_files: set[int] | None = None,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> None:
    """The round's plan-level items (cover letter, Renstra…), kept by the deadlines engine."""
    locked = _editable(user, plan, expected_version, clock(now))
    deadlines.managed_response_save(
        user=user,
        module=MODULE,
        request_id=locked.round.obligation_id,
        agency_id=locked.agency_id,
        values=values,
        files=files,
        clear_files=clear_files,
        now=now,
    )
    _bump(locked)
