"""Who may call which E-Planning operation, parametrised over the anonymous public (401), another agency
(404: it cannot even see the plan — or 403 where it sees the round but may not manage it), the same
agency without a planning role (a plain employee: 403), the read-only auditor (reads, never writes) and
the one allowed — and, whenever refused, nothing changed."""

from decimal import Decimal

import pytest

from terpadu.planning import services
from terpadu.planning.models import AgencyCeiling, BudgetLine, PlanningRound, ReviewComment, WorkPlan

from .factories import KOMINFO_SUB, KOMINFO_SUB_2, sub_draft
from .test_api import API, call, live_world, opened, sub_body

pytestmark = pytest.mark.django_db


def state() -> list:
    """Everything a refused call must leave as it was."""
    return [
        list(WorkPlan.objects.order_by("pk").values_list("pk", "status", "version", "revision", "return_note")),
        list(BudgetLine.objects.order_by("pk").values_list("sub_activity__entry__code", "amount")),
        list(PlanningRound.objects.order_by("pk").values_list("pk", "obligation__status")),
        list(AgencyCeiling.objects.order_by("pk").values_list("agency_id", "amount")),
        list(ReviewComment.objects.order_by("pk").values_list("pk", "body", "resolved_at")),
    ]


def scene(stage: str) -> dict:
    """A round to Diskominfo and Dinkes; Diskominfo's plan at ``stage``; ids for the URLs."""
    pw = live_world(ceilings={"kominfo": Decimal(100)})
    ids = {"round": pw.round.pk, "w": pw.w, "code": KOMINFO_SUB}
    if stage == "draft_round":
        draft = services.round_create(
            user=pw.w.sekda,
            draft=services.RoundDraft(
                fiscal_year=2027,
                title="Konsep",
                instructions="",
                opens_at=pw.round.obligation.opens_at,
                due_at=pw.round.obligation.due_at,
                agency_ids=[pw.w.kominfo.pk],
            ),
        )
        ids["round"] = draft.pk
    if stage in ("draft", "submitted", "commented"):
        plan = opened(pw, sub_draft(), sub_draft(KOMINFO_SUB_2))
        ids["plan"] = plan.pk
        if stage != "draft":
            services.plan_submit(user=pw.w.operator_kominfo, plan=plan)
            services.plan_return(user=pw.w.sekda, plan=plan, note="Perbaiki.")
            services.plan_submit(user=pw.w.operator_kominfo, plan=WorkPlan.objects.get(pk=plan.pk))
        if stage == "commented":
            ids["comment"] = services.comment_add(user=pw.w.sekda, plan=plan, body="Rinci lagi.").pk
    return ids


ROUND_BODY = {
    "fiscal_year": 2027,
    "title": "Renja",
    "opens_at": "2099-01-01T08:00:00",
    "due_at": "2099-01-08T08:00:00",
    "agency_codes": ["3.01"],
}
PLAN = "/plans/{plan}"
#: name → (stage, method, path, body, {who: status})
OPERATIONS = {
    "open plan": (
        "none",
        "POST",
        "/rounds/{round}/agencies/3.01/plan",
        None,
        {"admin_dinkes": 404, "auditor": 403, "sekda": 403, "operator_kominfo": 201},
    ),
    "put sub-activity": (
        "draft",
        "PUT",
        PLAN + "/sub-activities/{code}",
        sub_body(),
        {"admin_dinkes": 404, "auditor": 403, "sekda": 403, "admin_kominfo": 200},
    ),
    "delete sub-activity": (
        "draft",
        "DELETE",
        PLAN + "/sub-activities/{code}",
        None,
        {"admin_dinkes": 404, "auditor": 403, "admin_bappeda": 403, "kadis_kominfo": 200},
    ),
    "put plan": (
        "draft",
        "PUT",
        PLAN,
        {"sub_activities": [{**sub_body(), "code": KOMINFO_SUB}]},
        {"admin_dinkes": 404, "auditor": 403, "sekda": 403, "operator_kominfo": 200},
    ),
    "submit": (
        "draft",
        "POST",
        PLAN + "/submit",
        None,
        {"admin_dinkes": 404, "auditor": 403, "sekda": 403, "operator_kominfo": 200},
    ),
    "return": (
        "submitted",
        "POST",
        PLAN + "/return",
        {"note": "Perbaiki lagi."},
        {"admin_dinkes": 404, "auditor": 403, "admin_kominfo": 403, "sekda": 200},
    ),
    "accept": (
        "submitted",
        "POST",
        PLAN + "/accept",
        None,
        {"admin_dinkes": 404, "auditor": 403, "admin_kominfo": 403, "bupati": 200},
    ),
    "comment": (
        "submitted",
        "POST",
        PLAN + "/comments",
        {"body": "Cek harga satuan."},
        {"admin_dinkes": 404, "auditor": 403, "admin_bappeda": 201},
    ),
    "resolve comment": (
        "commented",
        "POST",
        "/comments/{comment}/resolve",
        None,
        {"admin_dinkes": 404, "auditor": 403, "operator_kominfo": 403, "admin_bappeda": 200},
    ),
    "create round": (
        "none",
        "POST",
        "/rounds",
        ROUND_BODY,
        {"admin_dinkes": 403, "operator_kominfo": 403, "auditor": 403, "wabup": 201},
    ),
    "publish round": (
        "draft_round",
        "POST",
        "/rounds/{round}/publish",
        None,
        {"admin_kominfo": 404, "auditor": 403, "admin_bappeda": 200},
    ),
    "close round": (
        "none",
        "POST",
        "/rounds/{round}/close",
        None,
        {"admin_dinkes": 403, "auditor": 403, "sekda": 200},
    ),
    "set ceilings": (
        "none",
        "PUT",
        "/rounds/{round}/ceilings",
        {"ceilings": {"3.03": "5.00"}},
        {"admin_dinkes": 403, "auditor": 403, "sekda": 200},
    ),
}
CASES = [
    (name, who, status)
    for name, (_, _, _, _, allowed) in OPERATIONS.items()
    for who, status in [(None, 401), ("employee_kominfo", 403), *allowed.items()]
]


@pytest.mark.parametrize(("name", "who", "status"), CASES, ids=[f"{n}-{w}" for n, w, _ in CASES])
def test_who_may_write(name, who, status):
    stage, method, path, body, _ = OPERATIONS[name]
    ids = scene(stage)
    before = state()
    response = call(getattr(ids["w"], who) if who else None, method, API + path.format(**ids), body)
    assert response.status_code == status, response.content
    if status >= 400:
        assert response.json()["code"] == {401: "not_authenticated", 403: "forbidden", 404: "not_found"}[status]
        assert state() == before
    else:
        assert state() != before


READS = [
    PLAN,
    PLAN + "/lines",
    PLAN + "/versions",
    PLAN + "/diff?from=1&to=draft",
    PLAN + "/comments",
]
READERS = [
    (None, 401),
    ("employee_kominfo", 403),
    ("admin_dinkes", 404),
    ("auditor", 200),
    ("operator_kominfo", 200),
    ("admin_bappeda", 200),
    ("wabup", 200),
]


@pytest.mark.parametrize(("who", "status"), READERS)
def test_who_may_read_a_plan(who, status):
    ids = scene("submitted")
    user = getattr(ids["w"], who) if who else None
    assert {path: call(user, "GET", API + path.format(**ids)).status_code for path in READS} == dict.fromkeys(
        READS, status
    )


def test_missing_and_not_yours_are_the_same_404():
    ids = scene("commented")
    w = ids["w"]
    pairs = [("GET", PLAN, "/plans/999999"), ("POST", "/comments/{comment}/resolve", "/comments/999999/resolve")]
    for method, theirs, missing in pairs:
        not_yours = call(w.admin_dinkes, method, API + theirs.format(**ids))
        absent = call(w.admin_dinkes, method, API + missing)
        assert (not_yours.status_code, not_yours.json()) == (absent.status_code, absent.json())
        assert not_yours.status_code == 404


def test_an_agency_sees_only_its_own_plans_and_rounds_addressed_to_it():
    ids = scene("submitted")
    w = ids["w"]
    dinkes_round = services.round_create(
        user=w.sekda,
        draft=services.RoundDraft(
            fiscal_year=2027,
            title="Hanya Dinkes",
            instructions="",
            opens_at=PlanningRound.objects.get(pk=ids["round"]).obligation.opens_at,
            due_at=PlanningRound.objects.get(pk=ids["round"]).obligation.due_at,
            agency_ids=[w.dinkes.pk],
        ),
    )
    services.round_publish(user=w.sekda, planning_round=dinkes_round)
    assert [r["title"] for r in call(w.admin_kominfo, "GET", f"{API}/rounds").json()["items"]] == [
        "Renja 2027: program kerja dan kebutuhan anggaran"
    ]
    assert call(w.auditor, "GET", f"{API}/rounds").json()["count"] == 2
    hidden = call(w.admin_kominfo, "GET", f"{API}/rounds/{dinkes_round.pk}")
    assert hidden.status_code == 404
    assert call(w.admin_dinkes, "GET", f"{API}/rounds/{ids['round']}/plans").json() == {"count": 0, "items": []}
    assert call(w.admin_dinkes, "GET", f"{API}/plans").json()["count"] == 0
