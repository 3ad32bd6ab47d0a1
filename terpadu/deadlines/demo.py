"""Demo data for Kabupaten Contoh: the Sekda's one-week request (open) and the LPPD data request
(overdue, escalated to the Bupati). Idempotent: skipped when the requests exist.

Everything goes through the services (and so through the audit trail). Agencies without a demo
account answer through a per-agency operator account that cannot log in (``demo.<code>``).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from terpadu.directory.demo import demo_operator
from terpadu.directory.models import Agency, Government, User

from . import services
from .models import Obligation
from .rules import ItemDraft

OPEN_TITLE = "Input Program Kerja dan Kebutuhan Anggaran 2027"
OVERDUE_TITLE = "Data LPPD Tahun 2025"

OPEN_ITEMS = [
    ItemDraft("Program kerja 2027", "long_text", True, "Program dan kegiatan prioritas OPD."),
    ItemDraft("Kebutuhan anggaran 2027 (Rp)", "number", True, "Jumlah seluruh kebutuhan anggaran."),
    ItemDraft("Jumlah kegiatan prioritas", "number", True),
    ItemDraft("Dokumen Renja", "file", False, "Rancangan Renja OPD.", allowed_types=("pdf", "xlsx")),
    ItemDraft("Catatan", "long_text", False),
]
LPPD_ITEMS = [
    ItemDraft("Capaian indikator kinerja kunci (IKK)", "long_text", True),
    ItemDraft("Jumlah layanan publik", "number", True),
    ItemDraft("Tanggal data", "date", True),
    ItemDraft("Keterangan", "long_text", False),
]


def _local(day: datetime, at: time, zone: ZoneInfo) -> datetime:
    return datetime.combine(day.astimezone(zone).date(), at, tzinfo=zone)


def _answer(obligation: Obligation, agency: Agency, values: list[str], *, at: datetime, submit: bool) -> None:
    items = list(obligation.items.order_by("order"))
    posted = {item.pk: value for item, value in zip(items, values, strict=False) if item.kind != "file"}
    service = services.response_submit if submit else services.response_save_draft
    service(user=demo_operator(agency), obligation=obligation, agency=agency, values=posted, now=at)


def _open_request(sekda: User, agencies: dict[str, Agency], now: datetime, zone: ZoneInfo) -> Obligation:
    opened = now - timedelta(days=1)
    obligation = services.obligation_create(
        user=sekda,
        title=OPEN_TITLE,
        instructions="Sesuai arahan Sekda, setiap OPD memasukkan program kerja, kebutuhan anggaran dan data "
        "dukung dalam waktu satu minggu. OPD yang tidak memenuhi dilaporkan kepada Bupati dan Wakil Bupati.",
        opens_at=opened,
        due_at=_local(now + timedelta(days=7), time(16, 0), zone),
        items=OPEN_ITEMS,
        agency_ids=[agency.pk for agency in agencies.values()],
    )
    services.obligation_publish(user=sekda, obligation=obligation, now=opened)
    plan = ["Program prioritas daerah 2027.", "2750000000", "6"]
    for short in ("Setda", "Bappeda", "BPKAD", "Dinkes"):
        _answer(obligation, agencies[short], plan, at=now - timedelta(hours=5), submit=True)
    _answer(
        obligation,
        agencies["Dinas PUPR"],
        ["Jalan dan jembatan.", "120", "2"],
        at=now - timedelta(hours=6),
        submit=True,
    )
    response = obligation.responses.get(agency=agencies["Dinas PUPR"])
    services.response_return(
        user=sekda, response=response, note="Kebutuhan anggaran tertulis Rp120; mohon isi dalam rupiah penuh.", now=now
    )
    _answer(
        obligation,
        agencies["Diskominfo"],
        ["Transformasi digital layanan publik; SPBE."],
        at=now - timedelta(hours=2),
        submit=False,
    )  # left for the demo accounts of Diskominfo to finish
    return obligation


def _overdue_request(sekda: User, agencies: dict[str, Agency], now: datetime, zone: ZoneInfo) -> Obligation:
    due = _local(now - timedelta(days=5), time(16, 0), zone)
    obligation = services.obligation_create(
        user=sekda,
        title=OVERDUE_TITLE,
        instructions="Lengkapi data LPPD Tahun 2025. Perangkat Daerah yang belum melengkapi data LPPD "
        "segera berkoordinasi dengan Bagian Pemerintahan.",
        opens_at=due - timedelta(days=14),
        due_at=due,
        items=LPPD_ITEMS,
        agency_ids=[agency.pk for agency in agencies.values()],
    )
    services.obligation_publish(user=sekda, obligation=obligation, now=due - timedelta(days=14))
    lppd = ["IKK tercapai 92%.", "14", "2025-12-31"]
    for short in ("Setda", "Bappeda", "BPKAD", "Diskominfo", "Dinkes", "Disdikbud", "Dukcapil"):
        _answer(obligation, agencies[short], lppd, at=due - timedelta(days=2), submit=True)
    _answer(obligation, agencies["Dinas PUPR"], lppd, at=due + timedelta(days=1, hours=3), submit=True)
    _answer(obligation, agencies["Dinsos"], ["IKK sebagian."], at=due - timedelta(days=1), submit=False)
    services.response_accept(user=sekda, response=obligation.responses.get(agency=agencies["Bappeda"]), now=due)
    services.escalation_create(obligation=obligation, now=now)
    return obligation


@transaction.atomic
def seed_demo_deadlines(government_id: int) -> str:
    if Obligation.objects.filter(government_id=government_id, title__in=[OPEN_TITLE, OVERDUE_TITLE]).exists():
        return "already present, kept as they are"
    sekda = User.objects.filter(government_id=government_id, username="sekda").first()
    if sekda is None:
        return "skipped: no account 'sekda'"
    zone = ZoneInfo(Government.objects.values_list("timezone", flat=True).get(pk=government_id))
    agencies = {a.short_name: a for a in Agency.objects.filter(government_id=government_id, is_active=True)}
    now = timezone.now()
    _overdue_request(sekda, agencies, now, zone)
    _open_request(sekda, agencies, now, zone)
    return f"created '{OPEN_TITLE}' (open) and '{OVERDUE_TITLE}' (overdue, escalated)"
