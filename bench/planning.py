"""E-Planning for the bench province: a nomenclature of fiscal year 2027, the agencies' mandates, a round
addressed to every agency with indicative ceilings, and each agency's work plan (Renja).

    generated = generate_round(gov, sizes=FULL, seed=2026)

- **Nomenclature.** Each agency gets a bidang urusan of its own (urusan 1–9, bidang 01–10, real bidang
  names), with 3 programs (``01`` the supporting program) × 3 kegiatan × 5 sub kegiatan, all at the
  province's level (digit 1): 45 sub kegiatan per bidang, 2,250 for 50 agencies. Each agency is mandated
  for its bidang. Written with ``bulk_create`` (ids reserved, so parents resolve in one insert).
- **Round.** Opened by the Sekda through the services (the deadlines engine's request, audit, ceilings,
  one text supporting datum required of every sub kegiatan), opened 14 days ago, due 2 days ago, published
  to every agency. Each agency's ceiling is its planned total × 0.92–1.12 (rounded to a million), so some
  plans are over it.
- **Plans.** Each agency admin opens the plan through ``services.plan_open``; the content is then written
  in bulk (COPY on PostgreSQL, ``bulk_create`` on SQLite): ``sizes.sub_activities`` of the 45 sub kegiatan
  with location and target group, ``sizes.indicators`` output indicators and ``sizes.lines`` budget lines
  each (account codes of the chart, amounts spread over the months from a random start month), and the
  supporting datum. Full size: 50 × 40 × 30 = 60,000 lines.
- **Workflow.** A fixed, shuffled mix then goes through the workflow services (each submission checks the
  plan and stores it whole as a version): of 50, 18 accepted, 12 submitted on time, 5 submitted late,
  5 returned for revision and 10 still drafts (at least one draft at any size).

Deterministic for a seed and size: one ``random.Random(seed)`` draws everything (uids included).
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from time import perf_counter
from typing import Any

from django.db import transaction
from django.utils import timezone

from terpadu.directory.models import User
from terpadu.planning import rules, services
from terpadu.planning.models import (
    AgencyMandate,
    BudgetLine,
    EvidenceRequirement,
    Nomenclature,
    NomenclatureEntry,
    PlanIndicator,
    PlanningRound,
    PlanSubActivity,
    SubActivityEvidence,
    WorkPlan,
)

from .bulk import insert_rows, reserve_ids
from .generate import GeneratedGovernment
from .plan import between, pick

Row = dict[str, Any]
FISCAL_YEAR = 2027
PROGRAMS, ACTIVITIES, SUB_ACTIVITIES = 3, 3, 5
BIDANG_PER_URUSAN = 10
LEVEL_DIGIT = "1"  # the bench government is a province (RULES.md §7)
EVIDENCE_LABEL = "Kerangka acuan kerja (ringkasan)"
#: what the agencies did with their plans, for 50 agencies (repeated for other sizes), shuffled by the seed
MIX = ["accepted"] * 18 + ["submitted"] * 12 + ["late"] * 5 + ["returned"] * 5 + ["draft"] * 10


@dataclass(frozen=True)
class Sizes:
    """Per plan: sub kegiatan (at most 45), and per sub kegiatan: output indicators and budget lines."""

    sub_activities: int = 40
    lines: int = 30
    indicators: int = 2


FULL = Sizes()
QUICK = Sizes(sub_activities=4, lines=3, indicators=1)

URUSAN = (
    "Urusan Pemerintahan Wajib yang Berkaitan dengan Pelayanan Dasar",
    "Urusan Pemerintahan Wajib yang Tidak Berkaitan dengan Pelayanan Dasar",
    "Urusan Pemerintahan Pilihan",
    "Unsur Pendukung Urusan Pemerintahan",
    "Unsur Penunjang Urusan Pemerintahan",
    "Unsur Pengawasan Urusan Pemerintahan",
    "Unsur Kewilayahan",
    "Unsur Pemerintahan Umum",
    "Unsur Pendukung Lainnya",
)
BIDANG = (
    "Pendidikan",
    "Kesehatan",
    "Pekerjaan Umum dan Penataan Ruang",
    "Perumahan Rakyat dan Kawasan Permukiman",
    "Ketenteraman dan Ketertiban Umum serta Perlindungan Masyarakat",
    "Sosial",
    "Tenaga Kerja",
    "Pemberdayaan Perempuan dan Perlindungan Anak",
    "Pangan",
    "Pertanahan",
    "Lingkungan Hidup",
    "Administrasi Kependudukan dan Pencatatan Sipil",
    "Pemberdayaan Masyarakat dan Desa",
    "Pengendalian Penduduk dan Keluarga Berencana",
    "Perhubungan",
    "Komunikasi dan Informatika",
    "Koperasi, Usaha Kecil, dan Menengah",
    "Penanaman Modal",
    "Kepemudaan dan Olahraga",
    "Statistik",
    "Persandian",
    "Kebudayaan",
    "Perpustakaan",
    "Kearsipan",
    "Kelautan dan Perikanan",
    "Pariwisata",
    "Pertanian",
    "Kehutanan",
    "Energi dan Sumber Daya Mineral",
    "Perdagangan",
    "Perindustrian",
    "Transmigrasi",
)
PROGRAM_NAMES = (
    "Program Penunjang Urusan Pemerintahan Daerah Provinsi",
    "Program Pengelolaan {bidang}",
    "Program Pengembangan dan Pengawasan {bidang}",
)
ACTIVITY_NAMES = (
    "Perencanaan, Penganggaran, dan Evaluasi Kinerja",
    "Penyelenggaraan Layanan",
    "Pembinaan dan Pengendalian",
)
#: (sub kegiatan, its indicator, unit)
SUB_ACTIVITY_NAMES = (
    ("Penyusunan Dokumen Perencanaan", "Jumlah Dokumen Perencanaan yang Disusun", "Dokumen"),
    ("Koordinasi dan Sinkronisasi Pelaksanaan", "Jumlah Laporan Koordinasi", "Laporan"),
    ("Pengadaan Sarana dan Prasarana", "Jumlah Sarana dan Prasarana yang Disediakan", "Unit"),
    ("Pemeliharaan Sarana dan Prasarana", "Jumlah Sarana dan Prasarana yang Dipelihara", "Unit"),
    ("Pembinaan dan Peningkatan Kapasitas", "Jumlah Orang yang Mengikuti Pembinaan", "Orang"),
)
ACCOUNTS = (
    ("5.1.02.01.01.0024", "Belanja Alat/Bahan untuk Kegiatan Kantor - Alat Tulis Kantor"),
    ("5.1.02.01.01.0025", "Belanja Alat/Bahan untuk Kegiatan Kantor - Kertas dan Cover"),
    ("5.1.02.01.01.0026", "Belanja Alat/Bahan untuk Kegiatan Kantor - Bahan Cetak"),
    ("5.1.02.01.01.0052", "Belanja Makanan dan Minuman Rapat"),
    ("5.1.02.02.01.0003", "Honorarium Narasumber atau Pembahas, Moderator, Pembawa Acara, dan Panitia"),
    ("5.1.02.02.01.0026", "Belanja Jasa Tenaga Administrasi"),
    ("5.1.02.02.01.0063", "Belanja Jasa Konsultansi Perencanaan"),
    ("5.1.02.03.02.0035", "Belanja Pemeliharaan Kendaraan Dinas Bermotor Perorangan"),
    ("5.1.02.04.01.0001", "Belanja Perjalanan Dinas Biasa"),
    ("5.1.02.04.01.0003", "Belanja Perjalanan Dinas Dalam Kota"),
    ("5.2.02.10.01.0002", "Belanja Modal Personal Computer"),
)
LOCATIONS = ("Provinsi Nusa Contoh", "Kota Contoh", "Kabupaten Contoh Barat", "Kabupaten Contoh Timur")
TARGET_GROUPS = ("Aparatur perangkat daerah", "Masyarakat umum", "Pelaku usaha", "Satuan pendidikan")
RETURN_NOTE = "Target indikator keluaran belum sesuai Renstra; mohon disesuaikan."


@dataclass(frozen=True)
class GeneratedRound:
    """What the planning scenario needs to find its way in the generated round (database ids)."""

    round_id: int
    nomenclature_id: int
    #: agency id -> its plan's id
    plan_ids: Mapping[int, int]
    #: agency id -> what it did: accepted, submitted, late, returned or draft
    outcomes: Mapping[int, str]
    counts: Mapping[str, int]
    seconds: float

    def agencies_with(self, outcome: str) -> list[int]:
        return [agency for agency, done in self.outcomes.items() if done == outcome]


# --- the nomenclature ---------------------------------------------------------------------------------


def field_code(index: int) -> str:
    urusan, bidang = divmod(index, BIDANG_PER_URUSAN)
    return f"{urusan + 1}.{bidang + 1:02d}"


def nomenclature_rows(agencies: int) -> list[tuple[str, str, str, str]]:
    """(code, name, indicator, unit) of every entry, parents first: one bidang per agency."""
    if agencies > len(URUSAN) * BIDANG_PER_URUSAN:
        raise ValueError(f"the bench nomenclature has room for {len(URUSAN) * BIDANG_PER_URUSAN} agencies")
    urusan = (agencies - 1) // BIDANG_PER_URUSAN + 1
    rows = [(str(u), URUSAN[u - 1], "", "") for u in range(1, urusan + 1)]
    for index in range(agencies):
        bidang = BIDANG[index % len(BIDANG)] + ("" if index < len(BIDANG) else f" {index // len(BIDANG) + 1}")
        code = field_code(index)
        rows.append((code, bidang, "", ""))
        for p in range(1, PROGRAMS + 1):
            program = f"{code}.{p:02d}"
            rows.append((program, PROGRAM_NAMES[p - 1].format(bidang=bidang), "", ""))
            for k in range(1, ACTIVITIES + 1):
                activity = f"{program}.{LEVEL_DIGIT}.{k:02d}"
                rows.append((activity, f"{ACTIVITY_NAMES[k - 1]} {bidang}", "", ""))
                for s in range(1, SUB_ACTIVITIES + 1):
                    name, indicator, unit = SUB_ACTIVITY_NAMES[s - 1]
                    rows.append((f"{activity}.{s:04d}", f"{name} {bidang}", indicator, unit))
    return rows


def _write_nomenclature(government_id: int, agency_ids: Sequence[int]) -> tuple[Nomenclature, dict[str, int]]:
    nomenclature = Nomenclature.objects.create(
        government_id=government_id, fiscal_year=FISCAL_YEAR, source="Kepmendagri 900.1.15.5-1317/2023 (bench)"
    )
    rows = nomenclature_rows(len(agency_ids))
    ids = dict(zip((code for code, *_ in rows), reserve_ids(NomenclatureEntry, len(rows)), strict=True))
    entries = []
    for code, name, indicator, unit in rows:
        parsed = rules.parse_code(code)
        entries.append(
            NomenclatureEntry(
                id=ids[code],
                nomenclature=nomenclature,
                level=parsed.level,
                code=code,
                parent_id=ids[parsed.parent] if parsed.parent else None,
                name=name,
                indicator=indicator,
                unit=unit,
            )
        )
    NomenclatureEntry.objects.bulk_create(entries, batch_size=1000)
    AgencyMandate.objects.bulk_create(
        AgencyMandate(nomenclature=nomenclature, agency_id=agency_id, field_id=ids[field_code(index)])
        for index, agency_id in enumerate(agency_ids)
    )
    return nomenclature, ids


# --- the plans' content, planned in memory -------------------------------------------------------------


@dataclass
class PlannedPlan:
    sub_codes: list[str]
    subs: list[Row] = field(default_factory=list)
    indicators: list[Row] = field(default_factory=list)
    lines: list[Row] = field(default_factory=list)
    total: Decimal = Decimal(0)


def _uid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _periods(rng: random.Random) -> list[Decimal]:
    """An amount (Rp 1–50 million, in steps of 250,000) spread evenly from a random month to December."""
    total = between(rng, 4, 200) * 250_000
    start = between(rng, 1, 4)
    months = 13 - start
    share = total // months
    spread = [0] * (start - 1) + [share] * (months - 1) + [total - share * (months - 1)]
    return [Decimal(amount) for amount in spread]


def _plan_content(rng: random.Random, bidang: str, sizes: Sizes) -> PlannedPlan:
    codes = [
        f"{bidang}.{p:02d}.{LEVEL_DIGIT}.{k:02d}.{s:04d}"
        for p in range(1, PROGRAMS + 1)
        for k in range(1, ACTIVITIES + 1)
        for s in range(1, SUB_ACTIVITIES + 1)
    ]
    planned = PlannedPlan(sorted(rng.sample(codes, min(sizes.sub_activities, len(codes)))))
    for number, code in enumerate(planned.sub_codes):
        planned.subs.append(
            {"uid": _uid(rng), "location": pick(rng, LOCATIONS), "target_group": pick(rng, TARGET_GROUPS)}
        )
        _, indicator, unit = SUB_ACTIVITY_NAMES[int(code[-1]) - 1]
        choices = [
            (indicator, unit, Decimal(between(rng, 1, 60))),
            ("Persentase capaian layanan", "Persen", Decimal(100)),
        ]
        for order, (name, what, target) in enumerate(choices[: sizes.indicators], start=1):
            planned.indicators.append(
                {"sub": number, "uid": _uid(rng), "order": order, "name": name, "unit": what, "target": target}
            )
        for order in range(1, sizes.lines + 1):
            account, description = pick(rng, ACCOUNTS)
            periods = _periods(rng)
            amount = sum(periods, Decimal(0))
            planned.total += amount
            line = {"sub": number, "uid": _uid(rng), "order": order, "account_code": account}
            line |= {"description": f"{description}, paket {order}", "amount": amount}
            line |= {f"period_{n}": value for n, value in enumerate(periods, start=1)}
            planned.lines.append(line)
    return planned


def _ceiling(rng: random.Random, total: Decimal) -> Decimal:
    factor = Decimal(between(rng, 92, 112)) / 100
    return (total * factor / 1_000_000).quantize(Decimal(1)) * 1_000_000


# --- writing --------------------------------------------------------------------------------------------


def _write_plans(
    plans: Mapping[int, WorkPlan], content: Mapping[int, PlannedPlan], entry_ids: Mapping[str, int], requirement: int
) -> dict[str, int]:
    """Every plan's sub kegiatan, indicators, lines and supporting datum, in bulk."""
    now = timezone.now()
    subs, indicators, lines, evidence = [], [], [], []
    sub_ids = reserve_ids(PlanSubActivity, sum(len(c.sub_codes) for c in content.values()))
    used = 0
    for agency_id, planned in content.items():
        mine = sub_ids[used : used + len(planned.sub_codes)]
        used += len(planned.sub_codes)
        for sub_id, code, row in zip(mine, planned.sub_codes, planned.subs, strict=True):
            subs.append({**row, "id": sub_id, "plan_id": plans[agency_id].pk, "entry_id": entry_ids[code]})
            subs[-1] |= {"notes": "", "updated_at": now, "total": Decimal(0)}
            evidence.append({"sub_activity_id": sub_id, "requirement_id": requirement, "updated_at": now})
            evidence[-1] |= {"text": f"KAK {code}: latar belakang, maksud, tujuan, keluaran dan jadwal."}
        indicators += [{**_without(row, "sub"), "sub_activity_id": mine[row["sub"]]} for row in planned.indicators]
        lines += [{**_without(row, "sub"), "sub_activity_id": mine[row["sub"]]} for row in planned.lines]
        for row in planned.lines:  # each sub kegiatan keeps the total of its lines, as the services do
            subs[len(subs) - len(mine) + row["sub"]]["total"] += row["amount"]
    for model, rows in ((PlanSubActivity, subs), (PlanIndicator, indicators), (BudgetLine, lines)):
        _insert(model, rows)
    _insert(SubActivityEvidence, evidence)
    return {"sub_activities": len(subs), "indicators": len(indicators), "budget_lines": len(lines)}


def _without(row: Row, key: str) -> Row:
    return {name: value for name, value in row.items() if name != key}


def _insert(model: Any, rows: list[Row]) -> None:
    """Rows with ids (reserved here when they have none yet): COPY on PostgreSQL, bulk_create on SQLite."""
    if rows and "id" not in rows[0]:
        for row, pk in zip(rows, reserve_ids(model, len(rows)), strict=True):
            row["id"] = pk
    insert_rows(model, rows)


def _round(sekda: User, gov: GeneratedGovernment, ceilings: Mapping[int, Decimal]) -> PlanningRound:
    now = timezone.now()
    planning_round = services.round_create(
        user=sekda,
        draft=services.RoundDraft(
            fiscal_year=FISCAL_YEAR,
            title=f"Penyusunan Renja Perangkat Daerah Tahun {FISCAL_YEAR}",
            instructions="Setiap OPD menyusun Renja sesuai pagu indikatif dan kewenangannya.",
            opens_at=now - timedelta(days=14),
            due_at=now - timedelta(days=2),
            agency_ids=list(gov.agency_ids),
            ceilings=dict(ceilings),
            requirements=[services.RequirementDraft(EVIDENCE_LABEL, kind=EvidenceRequirement.Kind.TEXT)],
        ),
    )
    services.round_publish(user=sekda, planning_round=planning_round, now=now - timedelta(days=14))
    return planning_round


def outcomes_for(agency_ids: Sequence[int], seed: int) -> dict[int, str]:
    """What each agency did, shuffled by the seed; at least one plan stays a draft (the scenario edits it)."""
    count = len(agency_ids)
    outcomes = [MIX[index * len(MIX) // count] for index in range(count)]  # the mix in proportion
    random.Random(seed).shuffle(outcomes)
    if "draft" not in outcomes:
        outcomes[0] = "draft"
    return dict(zip(agency_ids, outcomes, strict=True))


def _workflow(planning_round: PlanningRound, plan: WorkPlan, outcome: str, admin: User, sekda: User) -> None:
    due = planning_round.obligation.due_at
    if outcome == "draft":
        return
    submitted_at = due + timedelta(hours=6) if outcome == "late" else due - timedelta(days=3)
    plan = services.plan_submit(user=admin, plan=plan, now=submitted_at)
    if outcome == "accepted":
        services.plan_accept(user=sekda, plan=plan, now=due - timedelta(days=1))
    elif outcome == "returned":
        services.plan_return(user=sekda, plan=plan, note=RETURN_NOTE, now=due - timedelta(days=1))


def generate_round(gov: GeneratedGovernment, *, sizes: Sizes = FULL, seed: int = 2026) -> GeneratedRound:
    """Write the nomenclature, the round, the plans and their workflow (one transaction)."""
    started = perf_counter()
    rng = random.Random(seed)
    agency_ids = list(gov.agency_ids)
    content = {a: _plan_content(rng, field_code(i), sizes) for i, a in enumerate(agency_ids)}
    ceilings = {a: _ceiling(rng, planned.total) for a, planned in content.items()}
    outcomes = outcomes_for(agency_ids, seed)
    sekda = User.objects.get(pk=gov.secretary_id)
    admins = User.objects.in_bulk(gov.agency_admin_ids.values())
    with transaction.atomic():
        nomenclature, entry_ids = _write_nomenclature(gov.government_id, agency_ids)
        planning_round = _round(sekda, gov, ceilings)
        opened = planning_round.obligation.opens_at + timedelta(days=1)
        plans = {
            a: services.plan_open(
                user=admins[gov.agency_admin_ids[a]], planning_round=planning_round, agency_id=a, now=opened
            )
            for a in agency_ids
        }
        requirement = planning_round.requirements.get().pk
        counts = {
            "entries": len(entry_ids),
            "plans": len(plans),
            **_write_plans(plans, content, entry_ids, requirement),
        }
        for agency_id, outcome in outcomes.items():
            _workflow(planning_round, plans[agency_id], outcome, admins[gov.agency_admin_ids[agency_id]], sekda)
    return GeneratedRound(
        round_id=planning_round.pk,
        nomenclature_id=nomenclature.pk,
        plan_ids={a: plan.pk for a, plan in plans.items()},
        outcomes=outcomes,
        counts=counts,
        seconds=perf_counter() - started,
    )
