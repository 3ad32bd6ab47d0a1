"""E-Planning: a round addressed to every agency, each with a Renja of 40 sub kegiatan × 30 budget lines
(60,000 lines; ``--quick``: 4 × 3), written by bench/planning.py with a mix of workflow states.

- *saving a plan*: ``services.plan_save`` of one draft plan whole (every sub kegiatan with its indicators
  and lines, each line's December amount raised), and ``services.sub_activity_save`` of one sub kegiatan,
  as its agency admin, each rolled back; raw baseline: the DELETE and re-INSERT of the same lines and
  indicators (COPY on PostgreSQL, executemany on SQLite), rolled back;
- *the round's compliance*: ``selectors.unscoped_compliance`` (what the page and the API stand on), the page
  ``GET /perencanaan/putaran/<id>/`` as the Sekda (measured once it shows the table; skipped with a note
  until then) and ``GET /api/v1/planning/rounds/<id>/compliance`` (likewise, once it exists); raw baseline:
  one aggregate query of each addressed agency's plan status, number of sub kegiatan, total and ceiling;
- *exports* as the Sekda: the consolidation ``GET /perencanaan/putaran/<id>/konsolidasi.xlsx`` (every sub
  kegiatan with its monthly totals, per program, per agency) and ``.pdf`` (per agency), raw baseline: the
  aggregate of all lines per sub kegiatan with its kegiatan and program; one agency's Renja
  ``GET /perencanaan/renja/<id>/ekspor.xlsx`` (every line) and ``.pdf``, raw baseline: the SELECT of all its
  lines with their sub kegiatan, kegiatan and program. The scenario says whether the consolidation stays
  within a request (``REQUEST_LIMIT``) or needs a background job.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.html import escape

from terpadu.deadlines.models import ObligationAgency
from terpadu.directory.models import Agency, User
from terpadu.planning import rules, selectors, services
from terpadu.planning.models import (
    AgencyCeiling,
    BudgetLine,
    NomenclatureEntry,
    PlanIndicator,
    PlanningRound,
    PlanSubActivity,
    WorkPlan,
)

from ..bulk import raw_insert
from ..client import bearer, bench_client, get_ok, login_verified
from ..database import analyze
from ..generate import GeneratedGovernment
from ..measure import BenchError, Figure, Options, Scenario, once, sample
from ..planning import FULL, QUICK, GeneratedRound, generate_round

NAME = "planning_round"
#: seconds a download may take within a request before it should become a background job
REQUEST_LIMIT = 5.0
DECEMBER_RAISE = Decimal(50_000)


@dataclass(frozen=True)
class Counts:
    """Timed samples per case (each save is rolled back; each export renders the whole file)."""

    saves: int
    sub_saves: int
    reads: int
    exports: int
    raw: int
    warmup: int


FULL_COUNTS = Counts(saves=10, sub_saves=30, reads=50, exports=5, raw=30, warmup=3)
QUICK_COUNTS = Counts(saves=3, sub_saves=5, reads=5, exports=2, raw=5, warmup=1)


def is_full(options: Options) -> bool:
    return options.import_rows >= Options().import_rows


def _table(model: Any) -> str:
    return str(model._meta.db_table)


def _rolled_back(call: Callable[[], Any]) -> float:
    """Seconds ``call`` took inside a transaction that is then rolled back (the data stay as generated)."""
    with transaction.atomic():
        seconds, _ = once(call)
        transaction.set_rollback(True)
    return seconds


# --- saving a plan -----------------------------------------------------------------------------------


def drafts_of(plan: WorkPlan) -> list[services.SubActivityDraft]:
    """The plan as the agency would send it again, each line's last period raised by Rp 50,000."""
    count = rules.PeriodKind(plan.round.period_kind).period_count
    tree = selectors.plan_tree(plan)
    drafts = []
    for program in tree.programs:
        for activity in program.activities:
            for row in activity.sub_activities:
                indicators = tuple(rules.IndicatorDraft(i.name, i.unit, i.target, str(i.uid)) for i in row.indicators)
                lines = tuple(
                    rules.LineDraft(
                        line.account_code,
                        line.description,
                        (*line.periods[: count - 1], line.periods[count - 1] + DECEMBER_RAISE),
                        str(line.uid),
                    )
                    for line in row.lines
                )
                sub = row.sub
                drafts.append(
                    services.SubActivityDraft(
                        sub.entry.code, sub.location, sub.target_group, sub.notes, indicators, lines
                    )
                )
    return drafts


def _stored_rows(model: Any, sub_ids: Sequence[int]) -> list[dict[str, Any]]:
    """The rows as stored, ready for a raw insert (a uid as the database keeps it: hex text on SQLite)."""
    uid = model._meta.get_field("uid")
    names = [field.attname for field in model._meta.concrete_fields if not field.primary_key]
    rows = list(model.objects.filter(sub_activity_id__in=sub_ids).order_by("pk").values(*names))
    return [{**row, "uid": uid.get_db_prep_value(row["uid"], connection)} for row in rows]


def raw_rewrite(sub_ids: Sequence[int], lines: list[dict[str, Any]], indicators: list[dict[str, Any]]) -> None:
    """What a save stands on: delete the sub kegiatan's lines and indicators and insert them again."""
    marks = ", ".join(["%s"] * len(sub_ids))
    with connection.cursor() as cursor:
        for model in (BudgetLine, PlanIndicator):
            cursor.execute(f'DELETE FROM "{_table(model)}" WHERE sub_activity_id IN ({marks})', list(sub_ids))
    raw_insert(BudgetLine, lines)
    raw_insert(PlanIndicator, indicators)


def _save_figures(gov: GeneratedGovernment, generated: GeneratedRound, counts: Counts) -> list[Figure]:
    agency_id = generated.agencies_with("draft")[0]
    admin = User.objects.get(pk=gov.agency_admin_ids[agency_id])
    plan = WorkPlan.objects.select_related("round", "round__government", "agency").get(pk=generated.plan_ids[agency_id])
    drafts = drafts_of(plan)
    sub_ids = list(plan.sub_activities.order_by("entry__code").values_list("pk", flat=True))
    lines, indicators = _stored_rows(BudgetLine, sub_ids), _stored_rows(PlanIndicator, sub_ids)
    first = [sub_ids[0]]
    first_lines = [row for row in lines if row["sub_activity_id"] == sub_ids[0]]
    first_indicators = [row for row in indicators if row["sub_activity_id"] == sub_ids[0]]

    def save_plan(_: int) -> float:
        return _rolled_back(lambda: services.plan_save(user=admin, plan=plan, drafts=drafts, now=timezone.now()))

    def save_sub(_: int) -> float:
        return _rolled_back(
            lambda: services.sub_activity_save(user=admin, plan=plan, draft=drafts[0], now=timezone.now())
        )

    for i in range(counts.warmup):
        save_plan(i)
    shape = f"{len(drafts)} × {len(drafts[0].lines)} lines"
    return [
        Figure(
            NAME,
            f"plan_save, {shape}",
            [save_plan(i) for i in range(counts.saves)],
            raw=[_rolled_back(lambda: raw_rewrite(sub_ids, lines, indicators)) for _ in range(counts.saves)],
        ),
        Figure(
            NAME,
            f"sub_activity_save, {len(drafts[0].lines)} lines",
            [save_sub(i) for i in range(counts.sub_saves)],
            raw=[
                _rolled_back(lambda: raw_rewrite(first, first_lines, first_indicators)) for _ in range(counts.sub_saves)
            ],
        ),
    ]


# --- the round's compliance ---------------------------------------------------------------------------


def raw_compliance(planning_round: PlanningRound) -> list[tuple[Any, ...]]:
    """Per addressed agency: its plan's status and revision, ceiling, number of sub kegiatan and total (the
    sums as correlated sub-queries on the foreign-key indexes: several times faster here than one GROUP BY
    over the join of every line)."""
    link, agency, plan = _table(ObligationAgency), _table(Agency), _table(WorkPlan)
    ceiling, sub, line = _table(AgencyCeiling), _table(PlanSubActivity), _table(BudgetLine)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT a.id, a.code, p.status, p.revision, c.amount,"
            f" (SELECT COUNT(*) FROM {sub} s WHERE s.plan_id = p.id),"
            f" (SELECT COALESCE(SUM(l.amount), 0) FROM {line} l JOIN {sub} s ON s.id = l.sub_activity_id"
            f"  WHERE s.plan_id = p.id)"
            f" FROM {link} oa JOIN {agency} a ON a.id = oa.agency_id"
            f" LEFT JOIN {plan} p ON p.round_id = %s AND p.agency_id = oa.agency_id"
            f" LEFT JOIN {ceiling} c ON c.round_id = %s AND c.agency_id = oa.agency_id"
            f" WHERE oa.obligation_id = %s ORDER BY a.code",
            [planning_round.pk, planning_round.pk, planning_round.obligation_id],
        )
        return cursor.fetchall()


def _ready(client: Any, path: str, marker: str, headers: dict[str, str] | None = None) -> bool:
    """Whether ``path`` answers 200 with ``marker`` in it (the page or API being written by others)."""
    response = client.get(path, secure=True, headers=headers or {})
    if response.status_code == 200 and marker in response.content.decode(errors="replace"):
        return True
    print(f"{NAME}: skipped {path}: it does not show the compliance table yet (HTTP {response.status_code})")
    return False


def _compliance_figures(
    gov: GeneratedGovernment, planning_round: PlanningRound, counts: Counts, raw: list[float]
) -> list[Figure]:
    rows = raw_compliance(planning_round)
    found = selectors.unscoped_compliance(planning_round, now=timezone.now())
    if [(r.agency_id, r.total) for r in found] != [(row[0], Decimal(row[6] or 0)) for row in rows]:
        raise BenchError("the compliance selector and the raw SQL disagree on the agencies' totals")
    label = f"{len(rows)} OPD"
    n, warmup = counts.reads, counts.warmup
    figures = [
        Figure(
            NAME,
            f"compliance selector, {label}",
            sample(lambda i: selectors.unscoped_compliance(planning_round, now=timezone.now()), n=n, warmup=warmup),
            raw=raw,
        )
    ]
    sekda = User.objects.get(pk=gov.secretary_id)
    page, api = bench_client(), bench_client()
    login_verified(page, sekda)
    marker = escape(str(Agency.objects.values_list("name", flat=True).get(pk=rows[0][0])))
    path = f"/perencanaan/putaran/{planning_round.pk}/"
    if _ready(page, path, marker):
        figures.append(Figure(NAME, f"compliance page, {label}", sample(lambda i: get_ok(page, path), n=n), raw=raw))
    headers = bearer(sekda)
    api_path = f"/api/v1/planning/rounds/{planning_round.pk}/compliance"
    if _ready(api, api_path, json.dumps(rows[0][1]), headers):
        figures.append(
            Figure(
                NAME,
                f"compliance api, {label}",
                sample(lambda i: get_ok(api, api_path, headers=headers), n=n),
                raw=raw,
            )
        )
    return figures


# --- exports -------------------------------------------------------------------------------------------


def raw_consolidation(planning_round: PlanningRound) -> list[tuple[Any, ...]]:
    """Per planned sub kegiatan of the round: agency, program, kegiatan, sub kegiatan, lines, the period
    totals and the total — the aggregate the consolidation stands on (lines added up per sub kegiatan
    first, then joined with the names)."""
    plan, agency, sub, entry, line = (
        _table(m) for m in (WorkPlan, Agency, PlanSubActivity, NomenclatureEntry, BudgetLine)
    )
    sums = ", ".join(f"SUM(l.period_{n}) AS p{n}" for n in range(1, rules.MAX_PERIODS + 1))
    periods = ", ".join(f"t.p{n}" for n in range(1, rules.MAX_PERIODS + 1))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT a.code, a.name, pe.code, pe.name, ke.code, ke.name, e.code, e.name, COALESCE(t.n, 0),"
            f" {periods}, COALESCE(t.total, 0)"
            f" FROM {sub} s JOIN {plan} p ON p.id = s.plan_id JOIN {agency} a ON a.id = p.agency_id"
            f" JOIN {entry} e ON e.id = s.entry_id JOIN {entry} ke ON ke.id = e.parent_id"
            f" JOIN {entry} pe ON pe.id = ke.parent_id"
            f" LEFT JOIN (SELECT l.sub_activity_id, COUNT(*) AS n, {sums}, SUM(l.amount) AS total"
            f"  FROM {line} l JOIN {sub} ls ON ls.id = l.sub_activity_id JOIN {plan} lp ON lp.id = ls.plan_id"
            f"  WHERE lp.round_id = %s GROUP BY l.sub_activity_id) t ON t.sub_activity_id = s.id"
            f" WHERE p.round_id = %s ORDER BY a.code, e.code",
            [planning_round.pk, planning_round.pk],
        )
        return cursor.fetchall()


def raw_plan_lines(plan_id: int) -> list[tuple[Any, ...]]:
    """Every line of one plan with its sub kegiatan (location, target group), kegiatan and program."""
    sub, entry, line = _table(PlanSubActivity), _table(NomenclatureEntry), _table(BudgetLine)
    periods = ", ".join(f"l.period_{n}" for n in range(1, rules.MAX_PERIODS + 1))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT pe.code, pe.name, ke.code, ke.name, e.code, e.name, s.location, s.target_group,"
            f" l.account_code, l.description, {periods}, l.amount"
            f" FROM {line} l JOIN {sub} s ON s.id = l.sub_activity_id JOIN {entry} e ON e.id = s.entry_id"
            f" JOIN {entry} ke ON ke.id = e.parent_id JOIN {entry} pe ON pe.id = ke.parent_id"
            f' WHERE s.plan_id = %s ORDER BY e.code, l."order", l.id',
            [plan_id],
        )
        return cursor.fetchall()


def _getter(client: Any, path: str) -> Callable[[int], bytes]:
    return lambda i: get_ok(client, path)


def _export_figures(
    gov: GeneratedGovernment, generated: GeneratedRound, planning_round: PlanningRound, counts: Counts
) -> list[Figure]:
    rows = raw_consolidation(planning_round)
    if sum(Decimal(row[-1]) for row in rows) != selectors.unscoped_round_consolidation(planning_round).total:
        raise BenchError("the consolidation and the raw SQL disagree on the government's total")
    agency_id = (generated.agencies_with("accepted") or list(generated.plan_ids))[0]
    plan_id = generated.plan_ids[agency_id]
    page = bench_client()
    login_verified(page, User.objects.get(pk=gov.secretary_id))
    n, warmup = counts.exports, counts.warmup
    raw_round = sample(lambda i: raw_consolidation(planning_round), n=counts.raw, warmup=warmup)
    raw_plan = sample(lambda i: raw_plan_lines(plan_id), n=counts.raw, warmup=warmup)
    lines = len(raw_plan_lines(plan_id))
    cases = [
        (
            f"konsolidasi.xlsx, {len(rows):,} sub",
            f"/perencanaan/putaran/{planning_round.pk}/konsolidasi.xlsx",
            raw_round,
        ),
        (
            f"konsolidasi.pdf, {len(generated.plan_ids)} OPD",
            f"/perencanaan/putaran/{planning_round.pk}/konsolidasi.pdf",
            raw_round,
        ),
        (f"renja.xlsx, {lines:,} lines", f"/perencanaan/renja/{plan_id}/ekspor.xlsx", raw_plan),
        (f"renja.pdf, {lines:,} lines", f"/perencanaan/renja/{plan_id}/ekspor.pdf", raw_plan),
    ]
    figures, sizes = [], []
    for case, path, raw in cases:
        sizes.append(f"{path.rsplit('/', 1)[-1]} {len(get_ok(page, path)) / 1000:,.0f} kB")
        figures.append(Figure(NAME, case, sample(_getter(page, path), n=n, warmup=warmup), raw=raw))
    print(f"{NAME}: files {', '.join(sizes)}", flush=True)
    slowest = max(figure.p95_ms for figure in figures[:2]) / 1000
    verdict = "within a request, no background job needed" if slowest <= REQUEST_LIMIT else "TOO SLOW: make it a job"
    print(f"{NAME}: consolidation export p95 {slowest:.1f} s (limit {REQUEST_LIMIT:.0f} s) — {verdict}", flush=True)
    return figures


def run(gov: GeneratedGovernment, options: Options) -> list[Figure]:
    full = is_full(options)
    generated = generate_round(gov, sizes=FULL if full else QUICK, seed=gov.seed)
    analyze()  # planner statistics of the new rows, as autovacuum would have them
    counted = ", ".join(f"{count:,} {name}" for name, count in generated.counts.items())
    print(f"{NAME}: generated in {generated.seconds:.1f} s: {counted}", flush=True)
    counts = FULL_COUNTS if full else QUICK_COUNTS
    planning_round = PlanningRound.objects.select_related("government", "nomenclature", "obligation").get(
        pk=generated.round_id
    )
    raw = sample(lambda i: raw_compliance(planning_round), n=counts.raw, warmup=counts.warmup)
    return [
        *_save_figures(gov, generated, counts),
        *_compliance_figures(gov, planning_round, counts, raw),
        *_export_figures(gov, generated, planning_round, counts),
    ]


SCENARIO = Scenario(NAME, "E-Planning: saving a Renja, the round's compliance and its exports (Sekda)", run)
