"""The demo's planning for Kabupaten Contoh: the 2027 nomenclature (an extract), the agencies' mandates,
Bappeda as the planning agency, and the Sekda's round "Renja 2027" one week long and just past its
due date — some plans accepted, some submitted (one late), Diskominfo's returned with line comments for
its demo accounts to revise, some overdue — with its escalation report to the Bupati and Wakil Bupati.

Everything goes through the services (and so through the audit trail and the deadlines engine).
Idempotent: skipped when the round exists. Agencies without a demo account answer through the per-agency
operator accounts the deadlines demo uses (``demo.<code>``, which cannot log in).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from terpadu.deadlines.interfaces import ItemDraft, request_escalate
from terpadu.directory.demo import demo_operator
from terpadu.directory.models import Agency, Government, User

from . import rules, services
from .demo_data import ACCOUNTS, MANDATES, NOMENCLATURE
from .models import AgencyMandate, Nomenclature, NomenclatureEntry, PlanningRound, PlanningSetting, WorkPlan

YEAR = 2027
TITLE = "Renja 2027: program kerja, kebutuhan anggaran dan data dukung"
#: agency → (sub kegiatan codes planned, what becomes of the plan)
STORIES: dict[str, tuple[tuple[str, ...], str]] = {
    "Bappeda": (("5.01.01.2.01.0001", "5.01.02.2.01.0015", "5.01.02.2.01.0016"), "accepted"),
    "BPKAD": (("5.02.01.2.01.0001",), "accepted"),
    "Disdikbud": (("1.01.01.2.01.0001", "1.01.02.2.01.0009", "1.01.02.2.01.0026"), "accepted"),
    "Dinkes": (("1.02.01.2.02.0001", "1.02.02.2.01.0014", "1.02.02.2.02.0001"), "submitted"),
    "Dinas PUPR": (("1.03.01.2.01.0001", "1.03.10.2.01.0030"), "late"),
    "Diskominfo": (("2.16.01.2.01.0001", "2.16.02.2.01.0005", "2.16.03.2.02.0005"), "returned"),
    "Dukcapil": (("2.12.02.2.01.0001",), "draft"),
    "Dinsos": ((), "not_started"),
    "Kec. Kota": ((), "not_started"),
}
CEILINGS = {"Disdikbud": 2_400_000_000, "Dinkes": 1_500_000_000, "Dinas PUPR": 3_000_000_000}
DEFAULT_CEILING = 600_000_000
#: a minimal PDF (the documents module checks the content type from the bytes)
KAK_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _local(day: datetime, at: time, zone: ZoneInfo) -> datetime:
    return datetime.combine(day.astimezone(zone).date(), at, tzinfo=zone)


def _nomenclature(government: Government, agencies: dict[str, Agency]) -> Nomenclature:
    found, _ = Nomenclature.objects.get_or_create(
        government=government, fiscal_year=YEAR, defaults={"source": "Kepmendagri 900.1.15.5-1317/2023 (cuplikan)"}
    )
    entries: dict[str, NomenclatureEntry] = {e.code: e for e in found.entries.all()}
    for code, name, indicator, unit in NOMENCLATURE:
        if code not in entries:
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
    for short, fields in MANDATES.items():
        for field in fields:
            if short in agencies:
                AgencyMandate.objects.get_or_create(nomenclature=found, agency=agencies[short], field=entries[field])
    return found


def _line(index: int, amount: int) -> rules.LineDraft:
    account, description = ACCOUNTS[index % len(ACCOUNTS)]
    share = Decimal(amount // 12)
    periods = (share,) * 11 + (Decimal(amount) - share * 11,)
    return rules.LineDraft(account, description, periods)


def _draft(entry: NomenclatureEntry, seed: int) -> services.SubActivityDraft:
    return services.SubActivityDraft(
        code=entry.code,
        location="Seluruh wilayah Kabupaten Contoh",
        target_group="Masyarakat dan perangkat daerah Kabupaten Contoh",
        indicators=(rules.IndicatorDraft(entry.indicator, entry.unit, Decimal(4 + seed % 9)),),
        lines=tuple(_line(seed + n, 15_000_000 * (1 + (seed + n) % 5)) for n in range(3)),
    )


def _fill(plan: WorkPlan, user: User, codes: tuple[str, ...], at: datetime) -> None:
    entries = {
        e.code: e for e in NomenclatureEntry.objects.filter(nomenclature=plan.round.nomenclature, code__in=codes)
    }
    requirement = plan.round.requirements.get(label="KAK/TOR")
    for seed, code in enumerate(codes):
        services.sub_activity_save(user=user, plan=plan, draft=_draft(entries[code], seed + plan.agency_id), now=at)
        upload = SimpleUploadedFile(f"KAK-{code}.pdf", KAK_PDF, content_type="application/pdf")
        services.evidence_save(user=user, plan=plan, code=code, requirement_id=requirement.pk, upload=upload, now=at)


def _story(
    planning_round: PlanningRound, agency: Agency, story: tuple[tuple[str, ...], str], times: dict[str, datetime]
) -> None:
    codes, outcome = story
    if outcome == "not_started":
        return
    user = demo_operator(agency)
    plan = services.plan_open(user=user, planning_round=planning_round, agency_id=agency.pk, now=times["filled"])
    _fill(plan, user, codes, times["filled"])
    if outcome == "draft":
        return
    submitted = times["late"] if outcome == "late" else times["submitted"]
    plan = services.plan_submit(user=user, plan=WorkPlan.objects.get(pk=plan.pk), now=submitted)
    if outcome == "accepted":
        services.plan_accept(user=times_reviewer(planning_round), plan=plan, now=times["reviewed"])
    elif outcome == "returned":
        _return_with_comments(planning_round, plan, codes, times["reviewed"])


def times_reviewer(planning_round: PlanningRound) -> User:
    return User.objects.get(government_id=planning_round.government_id, username="sekda")


def _return_with_comments(planning_round: PlanningRound, plan: WorkPlan, codes: tuple[str, ...], at: datetime) -> None:
    sekda = times_reviewer(planning_round)
    line = plan.sub_activities.get(entry__code=codes[-1]).lines.order_by("order").first()
    assert line is not None
    services.comment_add(
        user=sekda,
        plan=plan,
        body="Belanja jasa ini belum didukung RAB; rinci volume dan harga satuannya.",
        sub_activity_code=codes[-1],
        line_uid=str(line.uid),
    )
    services.plan_return(
        user=sekda,
        plan=plan,
        note="Target aplikasi yang dikembangkan terlalu rendah untuk prioritas SPBE, dan satu rincian belanja "
        "jasa belum didukung RAB. Perbaiki lalu kirim ulang.",
        now=at,
    )


@transaction.atomic
def seed_demo_planning(government_id: int) -> str:
    government = Government.objects.get(pk=government_id)
    if PlanningRound.objects.filter(government=government, nomenclature__fiscal_year=YEAR).exists():
        return "already present, kept as they are"
    sekda = User.objects.filter(government=government, username="sekda").first()
    agencies = {a.short_name: a for a in Agency.objects.filter(government=government, is_active=True)}
    if sekda is None or "Bappeda" not in agencies:
        return "skipped: no account 'sekda' or no Bappeda"
    PlanningSetting.objects.get_or_create(government=government, defaults={"planning_agency": agencies["Bappeda"]})
    _nomenclature(government, agencies)
    zone = ZoneInfo(government.timezone)
    now = timezone.now()
    due = _local(now - timedelta(days=1), time(16, 0), zone)
    opens = due - timedelta(days=7)
    addressed = [agencies[short] for short in STORIES if short in agencies]
    planning_round = services.round_create(
        user=sekda,
        draft=services.RoundDraft(
            fiscal_year=YEAR,
            title=TITLE,
            instructions="Sesuai arahan Sekda, setiap OPD memasukkan program kerja, target, kebutuhan anggaran dan "
            "data dukung Renja 2027 dalam waktu satu minggu. OPD yang tidak memenuhi dilaporkan kepada Bupati "
            "dan Wakil Bupati.",
            opens_at=opens,
            due_at=due,
            agency_ids=[a.pk for a in addressed],
            ceilings={a.pk: Decimal(CEILINGS.get(a.short_name, DEFAULT_CEILING)) for a in addressed},
            items=[ItemDraft("Surat pengantar Kepala OPD", "file", False, "Surat pengantar Renja (PDF).")],
            requirements=[services.RequirementDraft("KAK/TOR", "file", True, "Kerangka acuan kerja sub kegiatan.")],
        ),
    )
    services.round_publish(user=sekda, planning_round=planning_round, now=opens)
    times = {
        "filled": opens + timedelta(days=2),
        "submitted": due - timedelta(days=1),
        "late": due + timedelta(hours=3),
        "reviewed": due + timedelta(hours=5),
    }
    for short, story in STORIES.items():
        if short in agencies:
            _story(planning_round, agencies[short], story, times)
    request_escalate(request_id=planning_round.obligation_id, now=now)
    return f"created round '{TITLE}' with {len(addressed)} agencies (accepted, submitted, late, returned, overdue)"
