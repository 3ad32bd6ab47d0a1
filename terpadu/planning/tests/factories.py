"""A small kabupaten with a 2027 nomenclature, mandates and a planning round made through the services.

The round opens on Monday 4 May 2026 08.00 WITA and is due Monday 11 May 2026 16.00 WITA (the deadlines
factories' clock); tests pass ``now`` to control it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from terpadu.deadlines.rules import ItemDraft
from terpadu.deadlines.tests.factories import DUE, OPENS, World, world
from terpadu.directory.models import Agency
from terpadu.planning import rules, services
from terpadu.planning.demo_data import NOMENCLATURE
from terpadu.planning.models import AgencyMandate, Nomenclature, NomenclatureEntry, PlanningRound, WorkPlan

YEAR = 2027
DURING = OPENS + timedelta(days=1)
KOMINFO_SUB = "2.16.03.2.02.0005"
KOMINFO_SUB_2 = "2.16.02.2.01.0005"
DINKES_SUB = "1.02.02.2.02.0001"


@dataclass
class PlanningWorld:
    w: World
    nomenclature: Nomenclature
    round: PlanningRound


def nomenclature(
    government_id: int, year: int = YEAR, rows: Sequence[tuple[str, str, str, str]] = NOMENCLATURE
) -> Nomenclature:
    """The demo extract written straight to the tables (the import itself is tested on its own)."""
    found = Nomenclature.objects.create(government_id=government_id, fiscal_year=year, source="Kepmendagri uji")
    entries: dict[str, NomenclatureEntry] = {}
    for code, name, indicator, unit in rows:
        parsed = rules.parse_code(code)
        entries[code] = NomenclatureEntry.objects.create(
            nomenclature=found,
            level=parsed.level,
            code=code,
            parent=entries.get(parsed.parent or ""),
            name=name,
            indicator=indicator,
            unit=unit,
        )
    return found


def mandate(n: Nomenclature, agency: Agency, *codes: str) -> None:
    for code in codes:
        AgencyMandate.objects.create(nomenclature=n, agency=agency, field=n.entries.get(code=code))


def planning_world(
    *,
    items: Sequence[ItemDraft] = (),
    requirements: Sequence[services.RequirementDraft] = (),
    ceilings: dict[str, Decimal] | None = None,
    period_kind: str = rules.PeriodKind.MONTH,
    publish: bool = True,
) -> PlanningWorld:
    w = world()
    w.government.level = "kabupaten"
    w.government.save()
    n = nomenclature(w.government.pk)
    mandate(n, w.kominfo, "2.16")
    mandate(n, w.dinkes, "1.02")
    mandate(n, w.bappeda, "5.01")
    agencies = {"kominfo": w.kominfo, "dinkes": w.dinkes}
    planning_round = services.round_create(
        user=w.sekda,
        draft=services.RoundDraft(
            fiscal_year=YEAR,
            title="Renja 2027: program kerja dan kebutuhan anggaran",
            instructions="Isi dalam satu minggu.",
            opens_at=OPENS,
            due_at=DUE,
            agency_ids=[w.kominfo.pk, w.dinkes.pk],
            period_kind=period_kind,
            ceilings={agencies[k].pk: v for k, v in (ceilings or {}).items()},
            items=list(items),
            requirements=list(requirements),
        ),
    )
    if publish:
        services.round_publish(user=w.sekda, planning_round=planning_round, now=OPENS)
    return PlanningWorld(w, n, planning_round)


def months(total: int, count: int = 12) -> tuple[Decimal, ...]:
    """``total`` rupiah spread evenly over ``count`` periods (the remainder in the last)."""
    share = Decimal(total // count)
    return (share,) * (count - 1) + (Decimal(total) - share * (count - 1),)


def sub_draft(code: str = KOMINFO_SUB, total: int = 120_000_000, *, lines: int = 1) -> services.SubActivityDraft:
    return services.SubActivityDraft(
        code=code,
        location="Kabupaten Uji",
        target_group="Perangkat daerah",
        indicators=(rules.IndicatorDraft("Jumlah aplikasi yang dikembangkan", "Aplikasi", Decimal(3)),),
        lines=tuple(
            rules.LineDraft("5.1.02.02.01.0003", f"Jasa tenaga ahli {n + 1}", months(total // lines))
            for n in range(lines)
        ),
    )


def filled_plan(pw: PlanningWorld, agency: Agency | None = None, *drafts: services.SubActivityDraft) -> WorkPlan:
    agency = agency or pw.w.kominfo
    user = pw.w.operator_kominfo if agency == pw.w.kominfo else pw.w.admin_dinkes
    plan = services.plan_open(user=user, planning_round=pw.round, agency_id=agency.pk, now=DURING)
    for draft in drafts or (sub_draft() if agency == pw.w.kominfo else sub_draft(DINKES_SUB),):
        services.sub_activity_save(user=user, plan=plan, draft=draft, now=DURING)
    plan.refresh_from_db()
    return plan
