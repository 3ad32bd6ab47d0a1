"""E-Planning exports: an agency's Renja and a round's consolidation (every addressed agency), each as an
XLSX workbook (written by the documents module in write-only mode; money stays numeric) and as a PDF on
the government's letterhead (landscape A4, amounts in rupiah).

They render within the request. The Renja reads one plan through :func:`selectors.plan_tree` (about ten
queries; 1,200 lines at the bench's size), the consolidation one aggregate row per planned sub kegiatan
(2,000 for 50 agencies × 40). ``bench/scenarios/planning_round.py`` measures both next to the raw SQL they
stand on: at 50 agencies each file takes 1.5–3.5 s on a loaded 2-CPU machine, within a request. A round
about twice that size would call for a background job. The PDFs stop at sub kegiatan (Renja) and at
agencies (consolidation), and the XLSX files hold every line: WeasyPrint lays out a table row in about
10 ms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from terpadu.core.formatting import waktu
from terpadu.documents.interfaces import Sheet, render_pdf, write_xlsx

from . import rules
from .models import PlanIndicator, PlanningRound, WorkPlan
from .selectors import PlanTree, RoundConsolidation, SubActivityRow, SubActivityTotal, plan_tree

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
RENJA_PDF = "planning/pdf/renja.html"
CONSOLIDATION_PDF = "planning/pdf/consolidation.html"
NOT_STARTED = "Belum mulai"
HANDED_IN = {rules.PlanStatus.SUBMITTED, rules.PlanStatus.ACCEPTED}
TOTAL = "Total pemerintah daerah"
AMOUNT = "Jumlah (Rp)"
_UNSAFE = re.compile(r"[^0-9A-Za-z.\-]+")


@dataclass(frozen=True)
class Export:
    content: bytes
    filename: str
    content_type: str


def _filename(stem: str, fmt: str) -> str:
    return f"{_UNSAFE.sub('-', stem).strip('-')}.{fmt}"


def status_label(status: str) -> str:
    return rules.PlanStatus(status).label if status else NOT_STARTED


def difference(total: Decimal, ceiling: Decimal | None) -> Decimal | None:
    """Ceiling minus total: negative when the total is over the ceiling."""
    return None if ceiling is None else ceiling - total


def ceiling_note(total: Decimal, ceiling: Decimal | None) -> str:
    if ceiling is None:
        return "Pagu belum ditetapkan"
    if total > ceiling:
        return "Melebihi pagu"
    return "Di bawah pagu" if total < ceiling else "Sesuai pagu"


def _target_text(target: Decimal) -> str:
    return f"{target.normalize():f}".replace(".", ",")


def _period_totals(rows: Iterable[SubActivityRow], count: int) -> list[Decimal]:
    sums = [Decimal(0)] * count
    for row in rows:
        for line in row.lines:
            for index, amount in enumerate(line.periods[:count]):
                sums[index] += amount
    return sums


def _all_rows(tree: PlanTree) -> list[SubActivityRow]:
    return [row for program in tree.programs for activity in program.activities for row in activity.sub_activities]


# --- the Renja of one agency ------------------------------------------------------------------------

RENJA_HEADERS = (
    "Kode program",
    "Program",
    "Kode kegiatan",
    "Kegiatan",
    "Kode sub kegiatan",
    "Sub kegiatan",
    "Indikator keluaran",
    "Satuan",
    "Target",
    "Lokasi",
    "Kelompok sasaran",
    "Kode rekening",
    "Uraian",
)
SUMMARY_HEADERS = ("Tingkat", "Kode", "Uraian")


def _indicator_cells(indicators: Sequence[PlanIndicator]) -> list[Any]:
    """Name, unit and target (a number); several indicators share the cells, separated by "; "."""
    if not indicators:
        return [None, None, None]
    if len(indicators) == 1:
        return [indicators[0].name, indicators[0].unit, indicators[0].target]
    return [
        "; ".join(i.name for i in indicators),
        "; ".join(i.unit for i in indicators),
        "; ".join(_target_text(i.target) for i in indicators),
    ]


def _renja_rows(tree: PlanTree, count: int) -> Iterator[list[Any]]:
    """One row per budget line under its program, kegiatan and sub kegiatan (a sub kegiatan without lines
    yet still has its row, with 0)."""
    for program in tree.programs:
        for activity in program.activities:
            for row in activity.sub_activities:
                entry, sub = row.sub.entry, row.sub
                head = [
                    program.entry.code,
                    program.entry.name,
                    activity.entry.code,
                    activity.entry.name,
                    entry.code,
                    entry.name,
                    *_indicator_cells(row.indicators),
                    sub.location,
                    sub.target_group,
                ]
                if not row.lines:
                    yield [*head, None, None, *([None] * count), Decimal(0)]
                for line in row.lines:
                    yield [*head, line.account_code, line.description, *line.periods[:count], line.amount]


def _summary_rows(plan: WorkPlan, tree: PlanTree, count: int) -> list[list[Any]]:
    """Totals per program, kegiatan and sub kegiatan (nested, in code order), then the agency's total,
    its ceiling and the difference."""
    rows: list[list[Any]] = []
    for program in tree.programs:
        program_rows = [row for activity in program.activities for row in activity.sub_activities]
        periods = _period_totals(program_rows, count)
        rows.append(["Program", program.entry.code, program.entry.name, *periods, program.total])
        for activity in program.activities:
            periods = _period_totals(activity.sub_activities, count)
            rows.append(["Kegiatan", activity.entry.code, activity.entry.name, *periods, activity.total])
            for row in activity.sub_activities:
                periods = _period_totals([row], count)
                rows.append(["Sub kegiatan", row.sub.entry.code, row.sub.entry.name, *periods, row.total])
    total, ceiling, blank = tree.totals.agency, tree.ceiling, [None] * count
    rows.append(["Total OPD", plan.agency.code, plan.agency.name, *_period_totals(_all_rows(tree), count), total])
    rows.append(["Pagu indikatif", None, ceiling_note(total, ceiling), *blank, ceiling])
    rows.append(["Selisih", None, "Pagu dikurangi total (negatif: melebihi pagu)", *blank, difference(total, ceiling)])
    return rows


def renja_xlsx(plan: WorkPlan, tree: PlanTree) -> bytes:
    labels = rules.period_labels(plan.round.period_kind)
    zone = plan.round.government.timezone
    return write_xlsx(
        sheets=[
            Sheet("Renja", [*RENJA_HEADERS, *labels, AMOUNT], _renja_rows(tree, len(labels)), timezone=zone),
            Sheet(
                "Ringkasan",
                [*SUMMARY_HEADERS, *labels, AMOUNT],
                _summary_rows(plan, tree, len(labels)),
                timezone=zone,
            ),
        ]
    )


def _indicator_text(indicators: Sequence[PlanIndicator]) -> tuple[str, str]:
    names = "; ".join(i.name for i in indicators)
    targets = "; ".join(f"{_target_text(i.target)} {i.unit}" for i in indicators)
    return names, targets


def _renja_table(tree: PlanTree) -> list[dict[str, Any]]:
    """The PDF's table, flattened: program, kegiatan and sub kegiatan (with its indicators, location and
    target group), each with its total. Budget lines stay in the XLSX: WeasyPrint lays out a table row
    in about 10 ms, so a plan of 1,200 lines would take half a minute to print."""
    table: list[dict[str, Any]] = []
    for program in tree.programs:
        table.append(
            {"kind": "program", "code": program.entry.code, "name": program.entry.name, "amount": program.total}
        )
        for activity in program.activities:
            table.append(
                {"kind": "activity", "code": activity.entry.code, "name": activity.entry.name, "amount": activity.total}
            )
            for row in activity.sub_activities:
                names, targets = _indicator_text(row.indicators)
                table.append(
                    {
                        "kind": "sub",
                        "code": row.sub.entry.code,
                        "name": row.sub.entry.name,
                        "indicators": names,
                        "targets": targets,
                        "location": row.sub.location,
                        "target_group": row.sub.target_group,
                        "lines": len(row.lines),
                        "amount": row.total,
                    }
                )
    return table


def _shares(labels: Sequence[str], amounts: Sequence[Decimal], total: Decimal) -> list[dict[str, Any]]:
    return [
        {"label": label, "amount": amount, "share": (amount * 100 / total).quantize(Decimal("0.1")) if total else None}
        for label, amount in zip(labels, amounts, strict=True)
    ]


def renja_pdf(plan: WorkPlan, tree: PlanTree) -> bytes:
    planning_round = plan.round
    zone = planning_round.government.timezone
    labels = rules.period_labels(planning_round.period_kind)
    total, ceiling = tree.totals.agency, tree.ceiling
    title = f"Renja {plan.agency.name} Tahun {planning_round.fiscal_year}"
    context = {
        "plan": plan,
        "agency": plan.agency,
        "year": planning_round.fiscal_year,
        "status": status_label(plan.status),
        "submitted": waktu(plan.submitted_at, zone) if plan.submitted_at else "—",
        "printed": waktu(timezone.now(), zone),
        "period_kind": rules.PeriodKind(planning_round.period_kind).label.lower(),
        "table": _renja_table(tree),
        "periods": _shares(labels, _period_totals(_all_rows(tree), len(labels)), total),
        "lines": sum(len(row.lines) for row in _all_rows(tree)),
        "total": total,
        "ceiling": ceiling,
        "difference": difference(total, ceiling),
        "ceiling_note": ceiling_note(total, ceiling),
    }
    return render_pdf(
        template_name=RENJA_PDF,
        context=context,
        government_id=planning_round.government_id,
        title=title,
        agency_id=plan.agency_id,
    )


def plan_export(plan: WorkPlan, fmt: str) -> Export:
    """The Renja of ``plan`` (already admitted by :func:`selectors.plan_get_for_user`) as ``xlsx`` or ``pdf``."""
    tree = plan_tree(plan)
    content = renja_xlsx(plan, tree) if fmt == "xlsx" else renja_pdf(plan, tree)
    stem = f"Renja-{plan.round.fiscal_year}-{plan.agency.code}"
    return Export(content, _filename(stem, fmt), CONTENT_TYPES[fmt])


# --- the consolidation of a round ---------------------------------------------------------------------

CONSOLIDATION_HEADERS = (
    "Kode OPD",
    "OPD",
    "Kode program",
    "Program",
    "Kode kegiatan",
    "Kegiatan",
    "Kode sub kegiatan",
    "Sub kegiatan",
    "Rincian (baris)",
)
PROGRAM_HEADERS = ("Kode OPD", "OPD", "Kode program", "Program", "Sub kegiatan")
AGENCY_HEADERS = (
    "No.",
    "Kode OPD",
    "OPD",
    "Status Renja",
    "Revisi",
    "Dikirim",
    "Sub kegiatan",
    "Total kebutuhan (Rp)",
    "Pagu indikatif (Rp)",
    "Selisih pagu − total (Rp)",
    "Keterangan",
)


@dataclass
class ProgramTotal:
    agency_id: int
    code: str
    name: str
    sub_activities: list[SubActivityTotal]
    periods: list[Decimal]
    total: Decimal = Decimal(0)


def program_totals(consolidation: RoundConsolidation, count: int) -> list[ProgramTotal]:
    """Per agency and program, in the consolidation's order."""
    found: dict[tuple[int, str], ProgramTotal] = {}
    for sub in consolidation.sub_activities:
        key = (sub.agency_id, sub.program_code)
        if key not in found:
            found[key] = ProgramTotal(sub.agency_id, sub.program_code, sub.program_name, [], [Decimal(0)] * count)
        program = found[key]
        program.sub_activities.append(sub)
        program.total += sub.total
        for index, amount in enumerate(sub.periods[:count]):
            program.periods[index] += amount
    return list(found.values())


def _sum_periods(subs: Iterable[SubActivityTotal], count: int) -> list[Decimal]:
    sums = [Decimal(0)] * count
    for sub in subs:
        for index, amount in enumerate(sub.periods[:count]):
            sums[index] += amount
    return sums


def _consolidation_rows(consolidation: RoundConsolidation, count: int) -> Iterator[list[Any]]:
    agencies = {agency.agency_id: agency for agency in consolidation.agencies}
    for sub in consolidation.sub_activities:
        agency = agencies[sub.agency_id]
        yield [
            agency.agency_code,
            agency.agency_name,
            sub.program_code,
            sub.program_name,
            sub.activity_code,
            sub.activity_name,
            sub.code,
            sub.name,
            sub.lines,
            *sub.periods[:count],
            sub.total,
        ]
    subs = consolidation.sub_activities
    lines = sum(sub.lines for sub in subs)
    yield [None, TOTAL, *([None] * 6), lines, *_sum_periods(subs, count), consolidation.total]


def _program_rows(consolidation: RoundConsolidation, count: int) -> list[list[Any]]:
    agencies = {agency.agency_id: agency for agency in consolidation.agencies}
    rows: list[list[Any]] = []
    for program in program_totals(consolidation, count):
        agency = agencies[program.agency_id]
        rows.append(
            [
                agency.agency_code,
                agency.agency_name,
                program.code,
                program.name,
                len(program.sub_activities),
                *program.periods,
                program.total,
            ]
        )
    subs = consolidation.sub_activities
    rows.append([None, TOTAL, None, None, len(subs), *_sum_periods(subs, count), consolidation.total])
    return rows


def _agency_rows(consolidation: RoundConsolidation) -> list[list[Any]]:
    rows: list[list[Any]] = [
        [
            number,
            agency.agency_code,
            agency.agency_name,
            status_label(agency.plan_status),
            agency.revision,
            agency.submitted_at,
            agency.sub_activities,
            agency.total,
            agency.ceiling,
            difference(agency.total, agency.ceiling),
            ceiling_note(agency.total, agency.ceiling),
        ]
        for number, agency in enumerate(consolidation.agencies, start=1)
    ]
    total, ceiling = consolidation.total, consolidation.ceiling_total
    subs = sum(agency.sub_activities for agency in consolidation.agencies)
    rows.append(
        [None, None, TOTAL, None, None, None, subs, total, ceiling, ceiling - total, ceiling_note(total, ceiling)]
    )
    return rows


def consolidation_xlsx(consolidation: RoundConsolidation) -> bytes:
    planning_round = consolidation.round
    labels = rules.period_labels(planning_round.period_kind)
    count, zone = len(labels), planning_round.government.timezone
    return write_xlsx(
        sheets=[
            Sheet(
                "Konsolidasi",
                [*CONSOLIDATION_HEADERS, *labels, AMOUNT],
                _consolidation_rows(consolidation, count),
                timezone=zone,
            ),
            Sheet(
                "Per program", [*PROGRAM_HEADERS, *labels, AMOUNT], _program_rows(consolidation, count), timezone=zone
            ),
            Sheet("Per OPD", AGENCY_HEADERS, _agency_rows(consolidation), timezone=zone),
        ]
    )


def consolidation_pdf(consolidation: RoundConsolidation) -> bytes:
    """One row per agency with the government's total. Programs and sub kegiatan stay in the XLSX
    (WeasyPrint lays out a table row in about 10 ms: 2,000 sub kegiatan would take half a minute)."""
    planning_round = consolidation.round
    zone = planning_round.government.timezone
    total, ceiling = consolidation.total, consolidation.ceiling_total
    agencies = [
        {
            "row": agency,
            "status": status_label(agency.plan_status),
            "difference": difference(agency.total, agency.ceiling),
            "note": ceiling_note(agency.total, agency.ceiling),
        }
        for agency in consolidation.agencies
    ]
    context = {
        "round": planning_round,
        "title_text": planning_round.obligation.title,
        "year": planning_round.fiscal_year,
        "due": waktu(planning_round.obligation.due_at, zone),
        "printed": waktu(timezone.now(), zone),
        "period_kind": rules.PeriodKind(planning_round.period_kind).label.lower(),
        "agencies": agencies,
        "handed_in": sum(1 for a in consolidation.agencies if a.plan_status in HANDED_IN),
        "total": total,
        "ceiling": ceiling,
        "difference": ceiling - total,
        "ceiling_note": ceiling_note(total, ceiling),
        "sub_activities": len(consolidation.sub_activities),
    }
    return render_pdf(
        template_name=CONSOLIDATION_PDF,
        context=context,
        government_id=planning_round.government_id,
        title=f"Konsolidasi Renja Tahun {planning_round.fiscal_year}",
    )


def round_export(consolidation: RoundConsolidation, fmt: str) -> Export:
    """The consolidation (from :func:`selectors.round_consolidation_for_user`) as ``xlsx`` or ``pdf``."""
    planning_round: PlanningRound = consolidation.round
    content = consolidation_xlsx(consolidation) if fmt == "xlsx" else consolidation_pdf(consolidation)
    stem = f"Konsolidasi-Renja-{planning_round.fiscal_year}"
    return Export(content, _filename(stem, fmt), CONTENT_TYPES[fmt])
