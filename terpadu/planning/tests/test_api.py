"""The E-Planning API end to end: the whole flow of a plan, the exact shapes of the compliance table and
of a plan, field errors that name the line, optimistic locking, and the accepted-plans listing.

The factories' round opened in May 2026; the API reads the real clock, so these tests open their own
round around now (and pass ``now`` to the services when they prepare data)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import UTC, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.serializers.json import DjangoJSONEncoder
from django.test import Client
from django.utils import timezone

from terpadu.deadlines.rules import ItemDraft
from terpadu.deadlines.tests.factories import world
from terpadu.directory.tests.factories import bearer
from terpadu.planning import rules, services
from terpadu.planning.models import BudgetLine, PlanningRound, PlanVersion, SubActivityEvidence, WorkPlan

from .factories import (
    DINKES_SUB,
    KOMINFO_SUB,
    KOMINFO_SUB_2,
    PlanningWorld,
    mandate,
    nomenclature,
    sub_draft,
)

pytestmark = pytest.mark.django_db

API = "/api/v1/planning"
ACCOUNT = "5.1.02.02.01.0003"
KOMINFO_NAME = "Pengembangan Aplikasi dan Proses Bisnis Pemerintahan Berbasis Elektronik"


def call(user, method, url, payload=None):
    headers = bearer(user) if user is not None else {}
    data = "{}" if payload is None else json.dumps(payload)
    return Client().generic(method, url, data=data, content_type="application/json", headers=headers)


def live_world(
    *,
    ceilings: dict[str, Decimal] | None = None,
    items: Sequence[ItemDraft] = (),
    requirements: Sequence[services.RequirementDraft] = (),
    period_kind: str = rules.PeriodKind.MONTH,
    opens_ago: timedelta = timedelta(days=1),
    due_in: timedelta = timedelta(days=6),
) -> PlanningWorld:
    """The factories' kabupaten, nomenclature and mandates, with a round to Diskominfo and Dinkes that
    opened ``opens_ago`` and is due ``due_in`` from now (negative: already due)."""
    w = world()
    w.government.level = "kabupaten"
    w.government.save()
    n = nomenclature(w.government.pk)
    mandate(n, w.kominfo, "2.16")
    mandate(n, w.dinkes, "1.02")
    mandate(n, w.bappeda, "5.01")
    now = timezone.now().replace(microsecond=0)
    agencies = {"kominfo": w.kominfo, "dinkes": w.dinkes}
    planning_round = services.round_create(
        user=w.sekda,
        draft=services.RoundDraft(
            fiscal_year=2027,
            title="Renja 2027: program kerja dan kebutuhan anggaran",
            instructions="Isi dalam satu minggu.",
            opens_at=now - opens_ago,
            due_at=now + due_in,
            agency_ids=[w.kominfo.pk, w.dinkes.pk],
            period_kind=period_kind,
            ceilings={agencies[k].pk: v for k, v in (ceilings or {}).items()},
            items=list(items),
            requirements=list(requirements),
        ),
    )
    services.round_publish(user=w.sekda, planning_round=planning_round, now=now - opens_ago)
    return PlanningWorld(w, n, planning_round)


def opened(pw: PlanningWorld, *drafts: services.SubActivityDraft, at=None) -> WorkPlan:
    """Diskominfo's plan with ``drafts`` saved through the services."""
    at = at or timezone.now()
    user = pw.w.operator_kominfo
    plan = services.plan_open(user=user, planning_round=pw.round, agency_id=pw.w.kominfo.pk, now=at)
    for draft in drafts:
        services.sub_activity_save(user=user, plan=plan, draft=draft, now=at)
    return WorkPlan.objects.get(pk=plan.pk)


def line(periods: Sequence[str] = ("10000000.00",) * 12, *, uid: str = "", account: str = ACCOUNT) -> dict:
    return {"account_code": account, "description": "Jasa tenaga ahli", "periods": list(periods), "uid": uid}


def sub_body(*lines: dict, version: int | None = None) -> dict:
    body = {
        "location": "Kabupaten Uji",
        "target_group": "Perangkat daerah",
        "notes": "",
        "indicators": [{"name": "Jumlah aplikasi yang dikembangkan", "unit": "Aplikasi", "target": "3"}],
        "lines": list(lines) or [line()],
    }
    return body if version is None else {**body, "version": version}


def utc_text(moment) -> str:
    """A time as the API answers it: in UTC, to the millisecond (Django's JSON encoder)."""
    return DjangoJSONEncoder().default(moment.astimezone(UTC))


# --- the whole flow over the API ---------------------------------------------------------------------------


def test_the_whole_flow_open_fill_submit_return_revise_accept():
    pw = live_world(ceilings={"kominfo": Decimal(200_000_000)})
    w, round_url = pw.w, f"{API}/rounds/{pw.round.pk}"

    created = call(w.operator_kominfo, "POST", f"{round_url}/agencies/3.01/plan")
    assert created.status_code == 201
    plan_id = created.json()["id"]
    assert {k: created.json()[k] for k in ("status", "version", "revision", "total", "deadline_status")} == {
        "status": "draft",
        "version": 1,
        "revision": 0,
        "total": "0.00",
        "deadline_status": "in_progress",
    }
    assert created.json()["problems"] == [{"sub_activity_code": "", "message": "Renja belum berisi sub kegiatan."}]
    again = call(w.operator_kominfo, "POST", f"{round_url}/agencies/3.01/plan")
    assert (again.status_code, again.json()["id"]) == (200, plan_id)

    plan_url = f"{API}/plans/{plan_id}"
    put = call(w.operator_kominfo, "PUT", f"{plan_url}/sub-activities/{KOMINFO_SUB}", sub_body(version=1))
    assert put.status_code == 200
    body = put.json()
    assert (body["version"], body["total"], body["completeness"], body["problems"]) == (2, "120000000.00", 100, [])
    line_uid = body["sub_activities"][0]["lines"][0]["uid"]

    submitted = call(w.operator_kominfo, "POST", f"{plan_url}/submit", {"version": 2})
    assert submitted.status_code == 200
    assert [submitted.json()[k] for k in ("status", "revision", "version", "deadline_status")] == [
        "submitted",
        1,
        3,
        "submitted",
    ]

    returned = call(w.sekda, "POST", f"{plan_url}/return", {"note": "Target terlalu rendah.", "version": 3})
    assert returned.status_code == 200
    assert [returned.json()[k] for k in ("status", "return_note", "version", "deadline_status")] == [
        "returned",
        "Target terlalu rendah.",
        4,
        "returned",
    ]

    revised = call(
        w.operator_kominfo,
        "PUT",
        f"{plan_url}/sub-activities/{KOMINFO_SUB}",
        sub_body(line(("12500000.00",) * 12, uid=line_uid), version=4),
    )
    assert (revised.status_code, revised.json()["total"], revised.json()["status"]) == (200, "150000000.00", "returned")
    assert revised.json()["sub_activities"][0]["lines"][0]["uid"] == line_uid

    resubmitted = call(w.operator_kominfo, "POST", f"{plan_url}/submit", {})
    assert (resubmitted.json()["status"], resubmitted.json()["revision"]) == ("submitted", 2)

    accepted = call(w.sekda, "POST", f"{plan_url}/accept", {"version": 6})
    assert accepted.status_code == 200
    assert [accepted.json()[k] for k in ("status", "version", "deadline_status")] == ["accepted", 7, "accepted"]
    plan = WorkPlan.objects.get(pk=plan_id)
    assert (plan.status, plan.revision, plan.reviewed_by) == ("accepted", 2, w.sekda)

    versions = call(w.auditor, "GET", f"{plan_url}/versions").json()
    assert [(v["number"], v["total"], v["submitted_by"]) for v in versions] == [
        (2, "150000000.00", w.operator_kominfo.display_name),
        (1, "120000000.00", w.operator_kominfo.display_name),
    ]
    diff = call(w.sekda, "GET", f"{plan_url}/diff?from=1&to=2").json()
    assert diff == {
        "from_version": "1",
        "to_version": "2",
        "changes": [
            {
                "kind": "changed",
                "part": "line",
                "sub_activity_code": KOMINFO_SUB,
                "label": "Jasa tenaga ahli",
                "field": "Jumlah",
                "before": "120000000.00",
                "after": "150000000.00",
            },
            {
                "kind": "changed",
                "part": "line",
                "sub_activity_code": KOMINFO_SUB,
                "label": "Jasa tenaga ahli",
                "field": "Rincian",
                "before": " | ".join(["10000000.00"] * 12),
                "after": " | ".join(["12500000.00"] * 12),
            },
        ],
    }
    assert call(w.sekda, "GET", f"{plan_url}/diff?from=2&to=draft").json()["changes"] == []


def test_an_accepted_plan_is_locked_and_a_second_accept_is_409():
    pw = live_world()
    plan = opened(pw, sub_draft())
    services.plan_submit(user=pw.w.operator_kominfo, plan=plan)
    services.plan_accept(user=pw.w.sekda, plan=plan)
    url = f"{API}/plans/{plan.pk}"
    locked = call(pw.w.operator_kominfo, "PUT", f"{url}/sub-activities/{KOMINFO_SUB_2}", sub_body())
    assert (locked.status_code, locked.json()["code"]) == (409, "plan_locked")
    again = call(pw.w.sekda, "POST", f"{url}/accept", {})
    assert again.status_code == 409
    assert again.json() == {
        "code": "invalid_transition",
        "message": "Hanya Renja yang sedang menunggu pemeriksaan yang dapat diterima.",
        "fields": {},
    }
    resubmit = call(pw.w.operator_kominfo, "POST", f"{url}/submit", {})
    assert (resubmit.status_code, resubmit.json()["code"]) == (409, "invalid_transition")
    assert list(WorkPlan.objects.get(pk=plan.pk).sub_activities.values_list("entry__code", flat=True)) == [KOMINFO_SUB]


def test_returning_a_draft_is_409_and_publishing_twice_is_409():
    pw = live_world()
    plan = opened(pw, sub_draft())
    refused = call(pw.w.sekda, "POST", f"{API}/plans/{plan.pk}/return", {"note": "Perbaiki."})
    assert (refused.status_code, refused.json()["code"]) == (409, "invalid_transition")
    assert WorkPlan.objects.get(pk=plan.pk).status == "draft"
    twice = call(pw.w.sekda, "POST", f"{API}/rounds/{pw.round.pk}/publish")
    assert (twice.status_code, twice.json()["code"]) == (409, "illegal_transition")


def test_a_stale_version_is_409_and_changes_nothing():
    pw = live_world()
    plan = opened(pw, sub_draft())
    url = f"{API}/plans/{plan.pk}/sub-activities/{KOMINFO_SUB}"
    first = call(pw.w.admin_kominfo, "PUT", url, sub_body(line(("5000000.00",) * 12), version=plan.version))
    assert first.status_code == 200
    stale = call(pw.w.operator_kominfo, "PUT", url, sub_body(line(("1.00",) * 12), version=plan.version))
    assert stale.status_code == 409
    assert stale.json() == {
        "code": "stale_version",
        "message": "Renja ini baru saja diubah oleh pengguna lain. Muat ulang halaman, lalu ulangi perubahan Anda.",
        "fields": {},
    }
    assert list(BudgetLine.objects.values_list("amount", flat=True)) == [Decimal("60000000.00")]
    deleted = call(pw.w.operator_kominfo, "DELETE", f"{url}?version={plan.version}")
    assert deleted.status_code == 409
    submit = call(pw.w.operator_kominfo, "POST", f"{API}/plans/{plan.pk}/submit", {"version": plan.version})
    assert (submit.status_code, WorkPlan.objects.get(pk=plan.pk).status) == (409, "draft")


def test_delete_a_sub_activity_and_an_unknown_one_is_404():
    pw = live_world()
    plan = opened(pw, sub_draft(), sub_draft(KOMINFO_SUB_2))
    url = f"{API}/plans/{plan.pk}/sub-activities"
    done = call(pw.w.operator_kominfo, "DELETE", f"{url}/{KOMINFO_SUB_2}")
    assert done.status_code == 200
    assert [s["code"] for s in done.json()["sub_activities"]] == [KOMINFO_SUB]
    missing = call(pw.w.operator_kominfo, "DELETE", f"{url}/{KOMINFO_SUB_2}")
    assert (missing.status_code, missing.json()["code"]) == (404, "not_found")


def test_put_the_whole_plan_replaces_its_sub_activities():
    pw = live_world()
    plan = opened(pw, sub_draft())
    payload = {
        "version": plan.version,
        "sub_activities": [
            {**sub_body(line(("3000000.00",) * 4 + ("0.00",) * 8)), "code": KOMINFO_SUB_2},
        ],
    }
    response = call(pw.w.operator_kominfo, "PUT", f"{API}/plans/{plan.pk}", payload)
    assert response.status_code == 200
    body = response.json()
    assert [(s["code"], s["total"]) for s in body["sub_activities"]] == [(KOMINFO_SUB_2, "12000000.00")]
    assert body["sub_activities"][0]["lines"][0]["periods"] == ["3000000.00"] * 4 + ["0.00"] * 8


# --- exact shapes -----------------------------------------------------------------------------------------


def test_compliance_rows_exact():
    """Diskominfo handed in 30 minutes late; Dinkes did nothing and is two hours overdue."""
    now = timezone.now().replace(microsecond=0)
    pw = live_world(
        ceilings={"kominfo": Decimal(100_000_000)},
        items=[ItemDraft("Surat pengantar", "text", True)],
        opens_ago=timedelta(days=7),
        due_in=timedelta(hours=-2, seconds=30),
    )
    due = pw.round.obligation.due_at
    w = pw.w
    at = due + timedelta(minutes=30)
    plan = opened(pw, sub_draft(), at=at)
    (item,) = pw.round.obligation.items.all()
    services.plan_items_save(user=w.operator_kominfo, plan=plan, values={item.pk: "Terlampir"}, now=at)
    services.plan_submit(user=w.operator_kominfo, plan=WorkPlan.objects.get(pk=plan.pk), now=at)
    assert timezone.now() - now < timedelta(seconds=29)

    response = call(w.bupati, "GET", f"{API}/rounds/{pw.round.pk}/compliance")
    assert response.status_code == 200
    assert response.json() == [
        {
            "agency_code": "3.01",
            "agency_name": "Dinas Komunikasi dan Informatika",
            "status": "submitted_late",
            "submitted_at": utc_text(at),
            "late_by_minutes": 30,
            "plan_id": plan.pk,
            "plan_status": "submitted",
            "revision": 1,
            "sub_activities": 1,
            "total": "120000000.00",
            "ceiling": "100000000.00",
            "over_ceiling": True,
            "completeness": 100,
            "missing_items": [],
        },
        {
            "agency_code": "3.03",
            "agency_name": "Dinas Kesehatan",
            "status": "overdue",
            "submitted_at": None,
            "late_by_minutes": 120,
            "plan_id": None,
            "plan_status": None,
            "revision": 0,
            "sub_activities": 0,
            "total": "0.00",
            "ceiling": None,
            "over_ceiling": False,
            "completeness": 0,
            "missing_items": ["Surat pengantar"],
        },
    ]
    own = call(w.admin_dinkes, "GET", f"{API}/rounds/{pw.round.pk}/compliance").json()
    assert [row["agency_code"] for row in own] == ["3.03"]


def test_plan_detail_exact():
    pw = live_world(ceilings={"kominfo": Decimal(200_000_000)})
    plan = opened(pw, sub_draft(total=120_000_000), sub_draft(KOMINFO_SUB_2, total=90_000_000))
    subs = {s.entry.code: s for s in plan.sub_activities.select_related("entry")}
    uid = {code: str(s.uid) for code, s in subs.items()}
    line_uid = {code: str(s.lines.get().uid) for code, s in subs.items()}
    indicator_uid = {code: str(s.indicators.get().uid) for code, s in subs.items()}

    response = call(pw.w.auditor, "GET", f"{API}/plans/{plan.pk}")
    assert response.status_code == 200

    def sub(code, name, program, activity, amount, period):
        return {
            "uid": uid[code],
            "code": code,
            "name": name,
            "program_code": program,
            "activity_code": activity,
            "location": "Kabupaten Uji",
            "target_group": "Perangkat daerah",
            "notes": "",
            "total": amount,
            "problems": [],
            "open_comments": 0,
            "indicators": [
                {
                    "uid": indicator_uid[code],
                    "name": "Jumlah aplikasi yang dikembangkan",
                    "unit": "Aplikasi",
                    "target": "3",
                }
            ],
            "lines": [
                {
                    "uid": line_uid[code],
                    "account_code": ACCOUNT,
                    "description": "Jasa tenaga ahli 1",
                    "amount": amount,
                    "periods": [period] * 12,
                }
            ],
            "evidence": [],
        }

    assert response.json() == {
        "id": plan.pk,
        "round_id": pw.round.pk,
        "fiscal_year": 2027,
        "agency_code": "3.01",
        "agency_name": "Dinas Komunikasi dan Informatika",
        "status": "draft",
        "version": 3,
        "revision": 0,
        "sub_activity_count": 2,
        "total": "210000000.00",
        "ceiling": "200000000.00",
        "submitted_at": None,
        "accepted_at": None,
        "period_kind": "month",
        "returned_at": None,
        "return_note": "",
        "deadline_status": "in_progress",
        "late_by_minutes": 0,
        "ceiling_warning": (
            "Total kebutuhan anggaran Rp 210.000.000 melebihi pagu indikatif Rp 200.000.000 (selisih Rp 10.000.000)."
        ),
        "over_ceiling": True,
        "completeness": 100,
        "missing_items": [],
        "problems": [],
        "programs": [
            {
                "code": "2.16.02",
                "name": "Program Informasi dan Komunikasi Publik",
                "total": "90000000.00",
                "activities": [
                    {
                        "code": "2.16.02.2.01",
                        "name": "Pengelolaan Informasi dan Komunikasi Publik Pemerintah Daerah Kabupaten/Kota",
                        "total": "90000000.00",
                        "sub_activity_codes": [KOMINFO_SUB_2],
                    }
                ],
            },
            {
                "code": "2.16.03",
                "name": "Program Aplikasi Informatika",
                "total": "120000000.00",
                "activities": [
                    {
                        "code": "2.16.03.2.02",
                        "name": "Pengelolaan e-government di Lingkup Pemerintah Daerah Kabupaten/Kota",
                        "total": "120000000.00",
                        "sub_activity_codes": [KOMINFO_SUB],
                    }
                ],
            },
        ],
        "sub_activities": [
            sub(
                KOMINFO_SUB_2,
                "Pengelolaan Media Komunikasi Publik",
                "2.16.02",
                "2.16.02.2.01",
                "90000000.00",
                "7500000.00",
            ),
            sub(KOMINFO_SUB, KOMINFO_NAME, "2.16.03", "2.16.03.2.02", "120000000.00", "10000000.00"),
        ],
    }


def test_an_incomplete_plan_lists_its_problems_and_submitting_it_is_422_naming_them():
    pw = live_world(requirements=[services.RequirementDraft("KAK", kind="text")])
    plan = opened(pw, services.SubActivityDraft(code=KOMINFO_SUB))
    body = call(pw.w.operator_kominfo, "GET", f"{API}/plans/{plan.pk}").json()
    message = (
        f"Sub kegiatan {KOMINFO_SUB} {KOMINFO_NAME}: belum ada indikator keluaran dengan target; kebutuhan anggaran "
        "belum diisi; lokasi belum diisi; kelompok sasaran belum diisi; data dukung “KAK” belum ada."
    )
    assert body["problems"] == [{"sub_activity_code": KOMINFO_SUB, "message": message}]
    assert body["completeness"] == 16  # 1 of 6 checks: inside the mandate
    refused = call(pw.w.operator_kominfo, "POST", f"{API}/plans/{plan.pk}/submit", {})
    assert refused.status_code == 422
    assert refused.json() == {
        "code": "plan_incomplete",
        "message": f"Renja belum dapat dikirim: {message}",
        "fields": {f"sub_activities.{KOMINFO_SUB}": [message]},
    }
    assert WorkPlan.objects.get(pk=plan.pk).status == "draft"


def test_evidence_and_items_are_supplied_through_the_api():
    pw = live_world(
        items=[ItemDraft("Surat pengantar", "text", True)],
        requirements=[
            services.RequirementDraft("Ringkasan KAK", kind="text"),
            services.RequirementDraft("RAB", kind="file", required=False),
        ],
    )
    w = pw.w
    plan = opened(pw, sub_draft())
    url = f"{API}/plans/{plan.pk}"
    summary, rab = pw.round.requirements.order_by("order")
    (item,) = pw.round.obligation.items.all()
    before = call(w.operator_kominfo, "GET", url).json()
    assert (before["completeness"], before["missing_items"]) == (71, ["Surat pengantar"])
    evidence_url = f"{url}/sub-activities/{KOMINFO_SUB}/evidence"
    text = call(w.operator_kominfo, "PUT", f"{evidence_url}/{summary.pk}", {"text": "Ada", "version": plan.version})
    assert (text.status_code, text.json()["problems"]) == (200, [])
    pdf = SimpleUploadedFile("rab.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    upload = Client().post(f"{evidence_url}/{rab.pk}/file", {"file": pdf}, headers=bearer(w.operator_kominfo))
    assert upload.status_code == 200
    stored = SubActivityEvidence.objects.get(requirement=rab).stored_file
    assert upload.json()["sub_activities"][0]["evidence"] == [
        {
            "requirement_id": summary.pk,
            "label": "Ringkasan KAK",
            "kind": "text",
            "required": True,
            "filled": True,
            "text": "Ada",
            "file_name": None,
            "file_url": None,
        },
        {
            "requirement_id": rab.pk,
            "label": "RAB",
            "kind": "file",
            "required": False,
            "filled": True,
            "text": "",
            "file_name": "rab.pdf",
            "file_url": f"/dokumen/berkas/{stored.pk}/",
        },
    ]
    not_a_file = call(w.operator_kominfo, "PUT", f"{evidence_url}/{rab.pk}", {"text": "x"})
    assert (not_a_file.status_code, not_a_file.json()["fields"]) == (422, {"file": ["Pilih berkas."]})
    items = call(w.operator_kominfo, "PUT", f"{url}/items", {"values": {str(item.pk): "Terlampir"}})
    assert (items.status_code, items.json()["completeness"], items.json()["missing_items"]) == (200, 100, [])
    empty_body = Client().generic("POST", f"{url}/submit", data="", headers=bearer(w.operator_kominfo))
    assert (empty_body.status_code, empty_body.json()["status"]) == (200, "submitted")


# --- 422: field errors name the place in the body -------------------------------------------------------


def test_a_bad_account_code_names_the_line():
    pw = live_world()
    plan = opened(pw)
    lines = [line(), line(), line(), line(account="4.1.01.01.01.0001")]
    response = call(
        pw.w.operator_kominfo, "PUT", f"{API}/plans/{plan.pk}/sub-activities/{KOMINFO_SUB}", sub_body(*lines)
    )
    assert response.status_code == 422
    assert response.json() == {
        "code": "validation_error",
        "message": "Periksa kembali isian yang ditandai (1 masalah).",
        "fields": {
            "lines.3.account_code": ["Kode rekening belanja berformat 5.X.XX.XX.XX.XXXX, misalnya 5.1.02.01.01.0024."]
        },
    }
    assert not plan.sub_activities.exists()
    assert WorkPlan.objects.get(pk=plan.pk).version == plan.version


def test_whole_plan_errors_are_prefixed_with_the_sub_activity_index():
    pw = live_world()
    plan = opened(pw)
    payload = {
        "sub_activities": [
            {**sub_body(), "code": KOMINFO_SUB},
            {**sub_body(line(), line(account="5.1")), "code": DINKES_SUB},
        ]
    }
    response = call(pw.w.operator_kominfo, "PUT", f"{API}/plans/{plan.pk}", payload)
    assert response.status_code == 422
    fields = response.json()["fields"]
    assert sorted(fields) == ["sub_activities.1.code", "sub_activities.1.lines.1.account_code"]
    assert "bukan kewenangan Diskominfo" in fields["sub_activities.1.code"][0]
    assert not plan.sub_activities.exists()


def test_a_sub_activity_outside_the_mandate_is_422_on_the_code():
    pw = live_world()
    plan = opened(pw)
    response = call(pw.w.operator_kominfo, "PUT", f"{API}/plans/{plan.pk}/sub-activities/{DINKES_SUB}", sub_body())
    assert response.status_code == 422
    assert response.json()["fields"] == {
        "code": [
            f"Sub kegiatan {DINKES_SUB} termasuk bidang urusan 1.02, yang bukan kewenangan Diskominfo. "
            "Kewenangan: 2.16."
        ]
    }
    assert not plan.sub_activities.exists()


def test_periods_beyond_a_quarterly_round_are_422():
    pw = live_world(period_kind=rules.PeriodKind.QUARTER)
    plan = opened(pw)
    url = f"{API}/plans/{plan.pk}/sub-activities/{KOMINFO_SUB}"
    response = call(pw.w.operator_kominfo, "PUT", url, sub_body(line(("1000000.00",) * 4), line(("1000000.00",) * 5)))
    assert response.status_code == 422
    assert response.json()["fields"] == {"lines.1.periods": ["Putaran ini merinci kebutuhan per triwulan (4 kolom)."]}
    ok = call(pw.w.operator_kominfo, "PUT", url, sub_body(line(("1000000.00",) * 4 + ("0.00",) * 8)))
    assert (ok.status_code, ok.json()["total"]) == (200, "4000000.00")


@pytest.mark.parametrize(
    ("periods", "field", "message"),
    [
        ([1000000], "lines.0.periods.0", 'Kirim jumlah rupiah sebagai teks, misalnya "1250000.00" (bukan angka JSON).'),
        (["1000000.5"], None, None),
        (["1.000.000"], "lines.0.periods.0", None),
        (["100.001"], "lines.0.periods.0", None),
        (["-5.00"], "lines.0.periods.0", "Jumlah tidak boleh negatif."),
        (["1.00"] * 13, "lines.0.periods", "Paling banyak 12 periode (bulan Januari–Desember atau triwulan I–IV)."),
    ],
)
def test_money_is_a_decimal_string(periods, field, message):
    pw = live_world()
    plan = opened(pw)
    url = f"{API}/plans/{plan.pk}/sub-activities/{KOMINFO_SUB}"
    response = call(pw.w.operator_kominfo, "PUT", url, sub_body(line(periods)))
    if field is None:
        assert (response.status_code, response.json()["total"]) == (200, "1000000.50")
        return
    assert (response.status_code, response.json()["code"]) == (422, "validation_error")
    assert list(response.json()["fields"]) == [field]
    if message:
        assert response.json()["fields"][field] == [message]
    assert not plan.sub_activities.exists()


def test_a_bad_uid_is_422_and_a_kept_uid_survives():
    pw = live_world()
    plan = opened(pw, sub_draft())
    url = f"{API}/plans/{plan.pk}/sub-activities/{KOMINFO_SUB}"
    bad = call(pw.w.operator_kominfo, "PUT", url, sub_body(line(uid="bukan-uid")))
    assert (bad.status_code, list(bad.json()["fields"])) == (422, ["lines.0.uid"])
    kept = str(BudgetLine.objects.get().uid)
    fresh = str(uuid.uuid4())
    body = call(pw.w.operator_kominfo, "PUT", url, sub_body(line(uid=fresh), line(uid=kept))).json()
    assert [x["uid"] for x in body["sub_activities"][0]["lines"]] == [fresh, kept]


# --- rounds ---------------------------------------------------------------------------------------------------


def test_create_a_round_publish_set_ceilings_and_close():
    pw = live_world()
    w = pw.w
    payload = {
        "fiscal_year": 2027,
        "title": "Renja Perubahan 2027",
        "instructions": "Sesuaikan dengan pagu.",
        "opens_at": "2026-12-01T08:00:00",
        "due_at": "2099-12-15T16:00:00+08:00",
        "agency_codes": ["3.01", "3.03"],
        "period_kind": "quarter",
        "ceilings": {"3.01": "2500000000.00"},
        "items": [{"label": "Surat pengantar", "kind": "file", "allowed_types": ["pdf"]}],
        "requirements": [{"label": "KAK", "kind": "text"}],
    }
    created = call(w.admin_bappeda, "POST", f"{API}/rounds", payload)
    assert created.status_code == 201
    body = created.json()
    new = PlanningRound.objects.exclude(pk=pw.round.pk).get()
    (item,) = new.obligation.items.all()
    (requirement,) = new.requirements.all()
    assert body == {
        "id": new.pk,
        "fiscal_year": 2027,
        "title": "Renja Perubahan 2027",
        "status": "draft",
        "opens_at": "2026-12-01T00:00:00Z",
        "due_at": "2099-12-15T08:00:00Z",
        "period_kind": "quarter",
        "agency_count": 2,
        "instructions": "Sesuaikan dengan pagu.",
        "reminder_days": [3, 1, 0],
        "agency_codes": ["3.01", "3.03"],
        "items": [
            {
                "id": item.pk,
                "label": "Surat pengantar",
                "kind": "file",
                "required": True,
                "help_text": "",
                "choices": [],
                "allowed_types": ["pdf"],
            }
        ],
        "requirements": [{"id": requirement.pk, "label": "KAK", "kind": "text", "required": True, "help_text": ""}],
        "ceilings": [
            {"agency_code": "3.01", "agency_name": "Dinas Komunikasi dan Informatika", "amount": "2500000000.00"}
        ],
    }
    assert new.obligation.requester_agency == w.bappeda
    hidden = call(w.admin_kominfo, "GET", f"{API}/rounds/{new.pk}")
    assert hidden.status_code == 404  # a draft reaches no agency

    assert call(w.admin_bappeda, "POST", f"{API}/rounds/{new.pk}/publish").json()["status"] == "open"
    seen = call(w.admin_kominfo, "GET", f"{API}/rounds/{new.pk}").json()
    assert seen["ceilings"] == [
        {"agency_code": "3.01", "agency_name": "Dinas Komunikasi dan Informatika", "amount": "2500000000.00"}
    ]
    assert call(w.admin_dinkes, "GET", f"{API}/rounds/{new.pk}").json()["ceilings"] == []

    ceilings = call(w.sekda, "PUT", f"{API}/rounds/{new.pk}/ceilings", {"ceilings": {"3.03": "750000000.50"}})
    assert ceilings.status_code == 200
    assert [(c["agency_code"], c["amount"]) for c in ceilings.json()["ceilings"]] == [("3.03", "750000000.50")]
    closed = call(w.sekda, "POST", f"{API}/rounds/{new.pk}/close")
    assert (closed.status_code, closed.json()["status"]) == (200, "closed")
    late = call(w.operator_kominfo, "POST", f"{API}/rounds/{new.pk}/agencies/3.01/plan")
    assert (late.status_code, late.json()["code"]) == (409, "round_closed")


def test_round_list_and_detail():
    pw = live_world(ceilings={"kominfo": Decimal(1_000_000), "dinkes": Decimal(2_000_000)})
    body = call(pw.w.operator_kominfo, "GET", f"{API}/rounds").json()
    obligation = pw.round.obligation
    assert body == {
        "count": 1,
        "items": [
            {
                "id": pw.round.pk,
                "fiscal_year": 2027,
                "title": "Renja 2027: program kerja dan kebutuhan anggaran",
                "status": "open",
                "opens_at": utc_text(obligation.opens_at),
                "due_at": utc_text(obligation.due_at),
                "period_kind": "month",
                "agency_count": 2,
            }
        ],
    }
    detail = call(pw.w.operator_kominfo, "GET", f"{API}/rounds/{pw.round.pk}").json()
    assert (detail["agency_codes"], detail["ceilings"]) == (
        ["3.01", "3.03"],
        [{"agency_code": "3.01", "agency_name": "Dinas Komunikasi dan Informatika", "amount": "1000000.00"}],
    )
    assert [c["agency_code"] for c in call(pw.w.sekda, "GET", f"{API}/rounds/{pw.round.pk}").json()["ceilings"]] == [
        "3.01",
        "3.03",
    ]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"agency_codes": ["3.01", "9.99"]}, "agency_codes", "Kode OPD tidak dikenal: 9.99."),
        ({"ceilings": {"2.01": "5.00"}}, "ceilings.2.01", "Pagu indikatif hanya untuk OPD tujuan."),
        ({"ceilings": {"9.99": "5.00"}}, "ceilings.9.99", "Kode OPD tidak dikenal: 9.99."),
        ({"ceilings": {"3.01": 5}}, "ceilings.3.01", None),
        (
            {"fiscal_year": 2031},
            "fiscal_year",
            "Nomenklatur tahun 2031 belum diimpor. Impor dulu nomenklatur tahun itu.",
        ),
        ({"period_kind": "week"}, "period_kind", "Pilih rincian per bulan atau per triwulan."),
    ],
)
def test_a_bad_round_is_422_on_its_field_and_nothing_is_created(change, field, message):
    pw = live_world()
    payload = {
        "fiscal_year": 2027,
        "title": "Renja",
        "opens_at": "2099-01-01T08:00:00",
        "due_at": "2099-01-08T08:00:00",
        "agency_codes": ["3.01"],
        **change,
    }
    response = call(pw.w.sekda, "POST", f"{API}/rounds", payload)
    assert (response.status_code, list(response.json()["fields"])) == (422, [field])
    if message:
        assert response.json()["fields"][field] == [message]
    assert PlanningRound.objects.count() == 1


# --- reads: nomenclature, lines, listings -------------------------------------------------------------------


def test_nomenclature_filters():
    pw = live_world()
    url = f"{API}/nomenclature?fiscal_year=2027&parent=2.16.03.2.02"
    body = call(pw.w.operator_kominfo, "GET", url).json()
    assert body["count"] == 3
    assert body["items"][1] == {
        "fiscal_year": 2027,
        "code": KOMINFO_SUB,
        "level": "sub_kegiatan",
        "name": KOMINFO_NAME,
        "indicator": "Jumlah Aplikasi yang Dikembangkan",
        "unit": "Aplikasi",
        "parent_code": "2.16.03.2.02",
        "is_active": True,
    }
    programs = call(pw.w.operator_kominfo, "GET", f"{API}/nomenclature?level=program&q=2.16").json()
    assert [e["code"] for e in programs["items"]] == ["2.16.01", "2.16.02", "2.16.03"]
    bad = call(pw.w.operator_kominfo, "GET", f"{API}/nomenclature?level=bab")
    assert (bad.status_code, list(bad.json()["fields"])) == (422, ["level"])
    assert call(pw.w.operator_kominfo, "GET", f"{API}/nomenclature?fiscal_year=2030").json()["count"] == 0


def test_lines_flat_and_paginated():
    pw = live_world()
    plan = opened(pw, sub_draft(total=120_000_000, lines=2), sub_draft(KOMINFO_SUB_2, total=24_000_000))
    first = call(pw.w.admin_kominfo, "GET", f"{API}/plans/{plan.pk}/lines?page_size=2").json()
    assert first["count"] == 3
    assert [(x["sub_activity_code"], x["description"], x["amount"]) for x in first["items"]] == [
        (KOMINFO_SUB_2, "Jasa tenaga ahli 1", "24000000.00"),
        (KOMINFO_SUB, "Jasa tenaga ahli 1", "60000000.00"),
    ]
    second = call(pw.w.admin_kominfo, "GET", f"{API}/plans/{plan.pk}/lines?page_size=2&page=2").json()
    (last,) = second["items"]
    stored = BudgetLine.objects.get(description="Jasa tenaga ahli 2")
    assert last == {
        "uid": str(stored.uid),
        "sub_activity_code": KOMINFO_SUB,
        "account_code": ACCOUNT,
        "description": "Jasa tenaga ahli 2",
        "amount": "60000000.00",
        "periods": ["5000000.00"] * 12,
    }


def test_accepted_plans_for_another_system():
    """SPBE interoperability: a system reads the accepted plans of a fiscal year, then their lines."""
    pw = live_world(ceilings={"kominfo": Decimal(150_000_000)})
    w = pw.w
    accepted = opened(pw, sub_draft())
    services.plan_submit(user=w.operator_kominfo, plan=accepted)
    services.plan_accept(user=w.sekda, plan=accepted)
    dinkes = services.plan_open(user=w.admin_dinkes, planning_round=pw.round, agency_id=w.dinkes.pk)
    services.sub_activity_save(user=w.admin_dinkes, plan=dinkes, draft=sub_draft(DINKES_SUB))
    accepted = WorkPlan.objects.get(pk=accepted.pk)

    body = call(w.bupati, "GET", f"{API}/plans?fiscal_year=2027&status=accepted").json()
    assert body == {
        "count": 1,
        "items": [
            {
                "id": accepted.pk,
                "round_id": pw.round.pk,
                "fiscal_year": 2027,
                "agency_code": "3.01",
                "agency_name": "Dinas Komunikasi dan Informatika",
                "status": "accepted",
                "version": accepted.version,
                "revision": 1,
                "sub_activity_count": 1,
                "total": "120000000.00",
                "ceiling": "150000000.00",
                "submitted_at": utc_text(accepted.submitted_at),
                "accepted_at": utc_text(accepted.accepted_at),
            }
        ],
    }
    assert call(w.bupati, "GET", f"{API}/plans?fiscal_year=2026&status=accepted").json()["count"] == 0
    every = call(w.sekda, "GET", f"{API}/rounds/{pw.round.pk}/plans").json()
    assert [(p["agency_code"], p["status"], p["total"]) for p in every["items"]] == [
        ("3.01", "accepted", "120000000.00"),
        ("3.03", "draft", "120000000.00"),
    ]
    own = call(w.admin_dinkes, "GET", f"{API}/plans").json()
    assert [p["agency_code"] for p in own["items"]] == ["3.03"]
    bad = call(w.bupati, "GET", f"{API}/plans?status=selesai")
    assert (bad.status_code, list(bad.json()["fields"])) == (422, ["status"])


# --- comments ----------------------------------------------------------------------------------------------------


def test_comments_on_a_line_answered_and_resolved():
    pw = live_world()
    w = pw.w
    plan = opened(pw, sub_draft())
    services.plan_submit(user=w.operator_kominfo, plan=plan)
    line_uid = str(BudgetLine.objects.get().uid)
    url = f"{API}/plans/{plan.pk}/comments"
    made = call(
        w.sekda, "POST", url, {"body": "Rinci honorarium.", "sub_activity_code": KOMINFO_SUB, "line_uid": line_uid}
    )
    assert made.status_code == 201
    comment = made.json()
    assert {k: v for k, v in comment.items() if k not in ("id", "created_at")} == {
        "sub_activity_code": KOMINFO_SUB,
        "line_uid": line_uid,
        "line_label": f"{ACCOUNT} Jasa tenaga ahli 1",
        "author": w.sekda.display_name,
        "body": "Rinci honorarium.",
        "revision": 1,
        "resolved_at": None,
        "resolved_by": None,
    }
    answer = call(w.operator_kominfo, "POST", url, {"body": "Baik, akan dirinci."})
    assert (answer.status_code, answer.json()["sub_activity_code"]) == (201, "")
    assert call(w.auditor, "GET", f"{API}/plans/{plan.pk}").json()["sub_activities"][0]["open_comments"] == 1
    listed = call(w.auditor, "GET", url).json()
    assert [c["body"] for c in listed] == ["Rinci honorarium.", "Baik, akan dirinci."]
    assert [c["body"] for c in call(w.auditor, "GET", f"{url}?sub_activity_code={KOMINFO_SUB}").json()] == [
        "Rinci honorarium."
    ]
    unknown_line = call(
        w.sekda, "POST", url, {"body": "X", "sub_activity_code": KOMINFO_SUB, "line_uid": str(uuid.uuid4())}
    )
    assert (unknown_line.status_code, list(unknown_line.json()["fields"])) == (422, ["line_uid"])

    resolved = call(w.sekda, "POST", f"{API}/comments/{comment['id']}/resolve")
    assert (resolved.status_code, resolved.json()["resolved_by"]) == (200, w.sekda.display_name)
    again = call(w.sekda, "POST", f"{API}/comments/{comment['id']}/resolve")
    assert (again.status_code, again.json()["code"]) == (409, "already_resolved")


def test_diff_of_an_unknown_version_is_404_and_a_bad_one_422():
    pw = live_world()
    plan = opened(pw, sub_draft())
    missing = call(pw.w.sekda, "GET", f"{API}/plans/{plan.pk}/diff?from=3&to=draft")
    assert (missing.status_code, missing.json()["code"]) == (404, "not_found")
    bad = call(pw.w.sekda, "GET", f"{API}/plans/{plan.pk}/diff?from=satu")
    assert (bad.status_code, bad.json()["fields"]) == (422, {"from": ["Isi dengan nomor versi atau draft."]})
    assert PlanVersion.objects.count() == 0


def test_queries_do_not_grow_with_the_plan():
    """No N+1: the plan, its lines, the round's plans and compliance cost the same for 1 or 3 sub kegiatan."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    pw = live_world(requirements=[services.RequirementDraft("KAK", kind="text")])
    plan = opened(pw, sub_draft())
    services.comment_add(user=pw.w.sekda, plan=plan, body="Satu.", sub_activity_code=KOMINFO_SUB)
    headers = bearer(pw.w.sekda)
    urls = [
        f"{API}/plans/{plan.pk}",
        f"{API}/plans/{plan.pk}/lines",
        f"{API}/plans/{plan.pk}/comments",
        f"{API}/rounds/{pw.round.pk}/plans",
        f"{API}/rounds/{pw.round.pk}/compliance",
        f"{API}/rounds",
    ]

    def counts():
        found = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert Client().get(url, headers=headers).status_code == 200
            found.append(len(queries))
        return found

    counts()  # warm: the token's first use is recorded once
    small = counts()
    user = pw.w.operator_kominfo
    services.sub_activity_save(user=user, plan=plan, draft=sub_draft(KOMINFO_SUB_2, lines=3))
    services.sub_activity_save(user=user, plan=plan, draft=sub_draft("2.16.03.2.02.0001", lines=3))
    services.comment_add(user=pw.w.operator_kominfo, plan=plan, body="Dua.", sub_activity_code=KOMINFO_SUB_2)
    dinkes = services.plan_open(user=pw.w.admin_dinkes, planning_round=pw.round, agency_id=pw.w.dinkes.pk)
    services.sub_activity_save(user=pw.w.admin_dinkes, plan=dinkes, draft=sub_draft(DINKES_SUB, lines=2))
    assert counts() == small
