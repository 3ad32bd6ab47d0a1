"""The deadlines engine's compliance table of one request addressed to every agency, as the Sekda: the
request page GET /tenggat/<id>/ (session, two-factor verified) and GET /api/v1/deadlines/requests/<id>/compliance
(bearer token).

The request and the agencies' responses are made through the deadlines services (with their audit rows,
notifications and webhook events), with a realistic mix: accepted, submitted on time, submitted late,
returned for revision, drafts with missing items, and agencies that never started (overdue).

Raw baseline: one SQL query giving, per addressed agency, its response state, submission time and number
of missing required items.
"""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta

from django.db import connection
from django.utils import timezone

from terpadu.deadlines import services
from terpadu.deadlines.models import AgencyResponse, Obligation, ObligationAgency, ObligationItem, ResponseValue
from terpadu.deadlines.rules import ItemDraft
from terpadu.directory.models import Agency, User

from ..client import bearer, bench_client, get_ok, login_verified
from ..database import analyze
from ..generate import GeneratedGovernment
from ..measure import BenchError, Figure, Options, Scenario, sample

NAME = "deadlines_compliance"
ITEMS = [
    ItemDraft("Program kerja 2027", "long_text", True, "Program dan kegiatan prioritas OPD."),
    ItemDraft("Kebutuhan anggaran 2027 (Rp)", "number", True),
    ItemDraft("Jumlah kegiatan prioritas", "number", True),
    ItemDraft("Tanggal data", "date", True),
    ItemDraft("Catatan", "long_text", False),
]
VALUES = ["Program prioritas daerah 2027.", "2750000000", "6", "2026-12-31", "Data lengkap."]
#: what each of 50 agencies did (repeated for other sizes), shuffled by the seed
MIX = ["accepted"] * 20 + ["on_time"] * 8 + ["late"] * 5 + ["returned"] * 4 + ["draft"] * 6 + ["not_started"] * 7


def _answer(obligation: Obligation, agency: Agency, user: User, *, values: list[str], at: datetime) -> AgencyResponse:
    items = list(obligation.items.order_by("order"))
    posted = {item.pk: value for item, value in zip(items, values, strict=False)}
    if len(values) < len(ITEMS):
        return services.response_save_draft(user=user, obligation=obligation, agency=agency, values=posted, now=at)
    return services.response_submit(user=user, obligation=obligation, agency=agency, values=posted, now=at)


def _respond(obligation: Obligation, agency: Agency, outcome: str, respondent: User, sekda: User) -> None:
    due = obligation.due_at
    if outcome in ("accepted", "returned", "on_time"):
        response = _answer(obligation, agency, respondent, values=VALUES, at=due - timedelta(days=2))
        if outcome == "accepted":
            services.response_accept(user=sekda, response=response, now=due - timedelta(days=1))
        elif outcome == "returned":
            note = "Kebutuhan anggaran belum dirinci per program; mohon dilengkapi."
            services.response_return(user=sekda, response=response, note=note, now=due - timedelta(days=1))
    elif outcome == "late":
        _answer(obligation, agency, respondent, values=VALUES, at=due + timedelta(hours=5))
    elif outcome == "draft":
        _answer(obligation, agency, respondent, values=VALUES[:2], at=due - timedelta(days=1))


def request_with_responses(gov: GeneratedGovernment) -> Obligation:
    """A published request to every agency, opened ten days ago and due three days ago, with the mix answered."""
    sekda = User.objects.get(pk=gov.secretary_id)
    now = timezone.now()
    obligation = services.obligation_create(
        user=sekda,
        title="Input Program Kerja dan Kebutuhan Anggaran 2027",
        instructions="Setiap OPD memasukkan program kerja dan kebutuhan anggaran dalam waktu satu minggu.",
        opens_at=now - timedelta(days=10),
        due_at=now - timedelta(days=3),
        items=ITEMS,
        agency_ids=list(gov.agency_ids),
    )
    services.obligation_publish(user=sekda, obligation=obligation, now=obligation.opens_at)
    outcomes = MIX * (len(gov.agency_ids) // len(MIX) + 1)
    random.Random(gov.seed).shuffle(outcomes)
    agencies = Agency.objects.in_bulk(gov.agency_ids)
    respondents = User.objects.in_bulk(gov.agency_admin_ids.values())
    for agency_id, outcome in zip(gov.agency_ids, outcomes, strict=False):
        respondent = respondents[gov.agency_admin_ids[agency_id]]
        _respond(obligation, agencies[agency_id], outcome, respondent, sekda)
    return obligation


def raw_compliance(obligation_id: int) -> list[tuple[object, ...]]:
    """Per addressed agency (by code): state, submitted_at and the number of required items left empty."""
    link, agency, response = (m._meta.db_table for m in (ObligationAgency, Agency, AgencyResponse))
    item, value = ObligationItem._meta.db_table, ResponseValue._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT a.id, a.code, a.name, r.state, r.submitted_at,"
            f" (SELECT COUNT(*) FROM {item} i WHERE i.obligation_id = l.obligation_id AND i.required"
            f"  AND NOT EXISTS (SELECT 1 FROM {value} v WHERE v.response_id = r.id AND v.item_id = i.id"
            f"   AND (v.text <> '' OR v.stored_file_id IS NOT NULL))) AS missing"
            f" FROM {link} l JOIN {agency} a ON a.id = l.agency_id"
            f" LEFT JOIN {response} r ON r.obligation_id = l.obligation_id AND r.agency_id = l.agency_id"
            f" WHERE l.obligation_id = %s ORDER BY a.code",
            [obligation_id],
        )
        return cursor.fetchall()


def run(gov: GeneratedGovernment, options: Options) -> list[Figure]:
    obligation = request_with_responses(gov)
    analyze()  # planner statistics of the new rows, as autovacuum would have them
    sekda = User.objects.get(pk=gov.secretary_id)
    page, api = bench_client(), bench_client()
    login_verified(page, sekda)
    headers = bearer(sekda)
    rows = raw_compliance(obligation.pk)
    api_path = f"/api/v1/deadlines/requests/{obligation.pk}/compliance"
    if len(json.loads(get_ok(api, api_path, headers=headers))) != len(rows):
        raise BenchError("the compliance API and the raw SQL disagree on the number of agencies")
    n, warmup = options.requests, options.warmup
    raw = sample(lambda i: raw_compliance(obligation.pk), n=options.raw_samples, warmup=warmup)
    label = f"{len(rows)} agencies"
    return [
        Figure(
            NAME,
            f"page, {label}",
            sample(lambda i: get_ok(page, f"/tenggat/{obligation.pk}/"), n=n, warmup=warmup),
            raw=raw,
        ),
        Figure(
            NAME, f"api, {label}", sample(lambda i: get_ok(api, api_path, headers=headers), n=n, warmup=warmup), raw=raw
        ),
    ]


SCENARIO = Scenario(NAME, "compliance table of a request to every agency: page and API (Sekda)", run)
