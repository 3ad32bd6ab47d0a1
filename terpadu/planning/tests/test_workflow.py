"""The plan's workflow through the services: open, fill, submit, return, revise, accept — with the
deadlines engine's status moving alongside, versions kept and diffable, and nothing written on refusal."""

from datetime import timedelta
from decimal import Decimal

import pytest

from terpadu.core.errors import AccessDenied, Conflict, ValidationFailed
from terpadu.core.models import AuditEvent
from terpadu.deadlines.interfaces import request_compliance_of
from terpadu.deadlines.tests.factories import DUE
from terpadu.planning import rules, selectors, services
from terpadu.planning.models import PlanVersion, WorkPlan

from .factories import DINKES_SUB, DURING, KOMINFO_SUB, KOMINFO_SUB_2, filled_plan, planning_world, sub_draft

pytestmark = pytest.mark.django_db


def _status(pw, agency, now=DURING):
    found = request_compliance_of(request_id=pw.round.obligation_id, now=now)
    return next(a.status for a in found.agencies if a.agency_id == agency.pk)


def test_the_whole_flow_moves_the_plan_and_the_deadline_status_together():
    pw = planning_world()
    w = pw.w
    assert _status(pw, w.kominfo) == "not_started"

    plan = filled_plan(pw)
    assert plan.status == "draft"
    assert _status(pw, w.kominfo) == "in_progress"

    plan = services.plan_submit(user=w.operator_kominfo, plan=plan, now=DURING)
    assert (plan.status, plan.revision) == ("submitted", 1)
    assert _status(pw, w.kominfo) == "submitted"

    plan = services.plan_return(user=w.sekda, plan=plan, note="Target terlalu rendah.", now=DURING)
    assert (plan.status, plan.return_note) == ("returned", "Target terlalu rendah.")
    assert _status(pw, w.kominfo) == "returned"

    services.sub_activity_save(user=w.operator_kominfo, plan=plan, draft=sub_draft(total=150_000_000), now=DURING)
    plan = services.plan_submit(
        user=w.operator_kominfo, plan=WorkPlan.objects.get(pk=plan.pk), now=DUE + timedelta(hours=2)
    )
    assert (plan.status, plan.revision) == ("submitted", 2)
    assert _status(pw, w.kominfo, now=DUE + timedelta(hours=3)) == "submitted_late"

    plan = services.plan_accept(user=w.sekda, plan=plan, now=DUE + timedelta(hours=3))
    assert plan.status == "accepted"
    assert _status(pw, w.kominfo, now=DUE + timedelta(hours=3)) == "accepted"

    versions = list(PlanVersion.objects.filter(plan=plan).order_by("number"))
    assert [(v.number, v.total) for v in versions] == [(1, Decimal("120000000.00")), (2, Decimal("150000000.00"))]
    changes = rules.plan_diff(versions[0].content, versions[1].content)
    assert [(c.kind, c.part, c.field, c.before, c.after) for c in changes if c.field == "Jumlah"] == [
        ("changed", "line", "Jumlah", "120000000.00", "150000000.00")
    ]


def test_an_accepted_plan_is_locked():
    pw = planning_world()
    plan = filled_plan(pw)
    plan = services.plan_submit(user=pw.w.operator_kominfo, plan=plan, now=DURING)
    plan = services.plan_accept(user=pw.w.sekda, plan=plan, now=DURING)
    with pytest.raises(Conflict) as refused:
        services.sub_activity_save(user=pw.w.operator_kominfo, plan=plan, draft=sub_draft(KOMINFO_SUB_2), now=DURING)
    assert refused.value.code == "plan_locked"
    assert list(plan.sub_activities.values_list("entry__code", flat=True)) == [KOMINFO_SUB]


def test_a_sub_activity_outside_the_mandate_is_refused_next_to_the_code():
    pw = planning_world()
    plan = services.plan_open(
        user=pw.w.operator_kominfo, planning_round=pw.round, agency_id=pw.w.kominfo.pk, now=DURING
    )
    with pytest.raises(ValidationFailed) as refused:
        services.sub_activity_save(user=pw.w.operator_kominfo, plan=plan, draft=sub_draft(DINKES_SUB), now=DURING)
    assert "bukan kewenangan" in refused.value.fields["code"][0]
    assert not plan.sub_activities.exists()


def test_submitting_an_incomplete_plan_names_what_is_missing_and_changes_nothing():
    pw = planning_world()
    w = pw.w
    plan = filled_plan(pw, w.kominfo, services.SubActivityDraft(code=KOMINFO_SUB))
    audits = AuditEvent.objects.count()
    with pytest.raises(ValidationFailed) as refused:
        services.plan_submit(user=w.operator_kominfo, plan=plan, now=DURING)
    assert refused.value.code == "plan_incomplete"
    message = refused.value.fields[f"sub_activities.{KOMINFO_SUB}"][0]
    assert "indikator keluaran" in message and "kebutuhan anggaran belum diisi" in message and "lokasi" in message
    plan.refresh_from_db()
    assert (plan.status, plan.revision, AuditEvent.objects.count()) == ("draft", 0, audits)
    assert _status(pw, w.kominfo) == "in_progress"


def test_another_agency_cannot_touch_the_plan():
    pw = planning_world()
    plan = filled_plan(pw)
    with pytest.raises(AccessDenied):
        services.sub_activity_save(user=pw.w.admin_dinkes, plan=plan, draft=sub_draft(KOMINFO_SUB_2), now=DURING)
    with pytest.raises(AccessDenied):
        services.plan_accept(user=pw.w.admin_dinkes, plan=plan, now=DURING)
    assert plan.sub_activities.count() == 1


def test_totals_and_the_ceiling_warning():
    pw = planning_world(ceilings={"kominfo": Decimal(200_000_000)})
    plan = filled_plan(
        pw, pw.w.kominfo, sub_draft(total=120_000_000), sub_draft(KOMINFO_SUB_2, total=90_000_000, lines=3)
    )
    tree = selectors.plan_tree(plan)
    assert tree.totals.agency == Decimal(210_000_000)
    assert tree.totals.programs == {"2.16.02": Decimal(90_000_000), "2.16.03": Decimal(120_000_000)}
    assert tree.ceiling_warning == (
        "Total kebutuhan anggaran Rp 210.000.000 melebihi pagu indikatif Rp 200.000.000 (selisih Rp 10.000.000)."
    )
    assert [p.total for p in tree.programs] == [Decimal(90_000_000), Decimal(120_000_000)]
    assert tree.completeness == 100


def test_line_uids_are_kept_named_or_by_position_and_never_duplicated():
    pw = planning_world()
    plan = filled_plan(pw, pw.w.kominfo, sub_draft(lines=3))
    stored = list(plan.sub_activities.get().lines.order_by("order").values_list("uid", flat=True))
    first, second, _ = (str(uid) for uid in stored)
    lines = sub_draft(lines=3).lines
    resent = (
        rules.LineDraft(lines[0].account_code, "Satu", lines[0].periods, uid=second),  # moved up
        rules.LineDraft(lines[1].account_code, "Dua", lines[1].periods, uid=second),  # the same uid twice
        rules.LineDraft(lines[2].account_code, "Tiga", lines[2].periods, uid="00000000-0000-0000-0000-000000000001"),
        rules.LineDraft(lines[2].account_code, "Empat", lines[2].periods),
    )
    draft = services.SubActivityDraft(
        KOMINFO_SUB, "Kabupaten Uji", "OPD", indicators=sub_draft().indicators, lines=resent
    )
    services.sub_activity_save(user=pw.w.operator_kominfo, plan=plan, draft=draft, now=DURING)
    after = list(plan.sub_activities.get().lines.order_by("order").values_list("description", "uid"))
    uids = [str(uid) for _, uid in after]
    assert uids[0] == second and len(set(uids)) == 4  # the repeated uid got a new one
    assert uids[2] == "00000000-0000-0000-0000-000000000001"  # a client may name its lines
    assert first not in uids


def test_each_sub_activity_keeps_the_total_of_its_lines():
    from django.db.models import Sum

    pw = planning_world()
    plan = filled_plan(
        pw, pw.w.kominfo, sub_draft(total=90_000_000, lines=3), sub_draft(KOMINFO_SUB_2, total=12_000_000)
    )
    services.sub_activity_save(
        user=pw.w.operator_kominfo, plan=plan, draft=sub_draft(total=30_000_000, lines=2), now=DURING
    )
    for sub in plan.sub_activities.all():
        assert sub.total == sub.lines.aggregate(total=Sum("amount"))["total"]
    assert sorted(plan.sub_activities.values_list("total", flat=True)) == [Decimal(12_000_000), Decimal(30_000_000)]


def test_a_closed_round_still_accepts_but_never_returns_a_plan():
    pw = planning_world()
    plan = services.plan_submit(user=pw.w.operator_kominfo, plan=filled_plan(pw), now=DURING)
    services.round_close(user=pw.w.sekda, planning_round=pw.round, now=DURING)
    with pytest.raises(Conflict) as refused:
        services.plan_return(user=pw.w.sekda, plan=plan, note="Perbaiki.", now=DURING)
    assert refused.value.code == "round_closed"
    plan.refresh_from_db()
    assert plan.status == "submitted"
    assert services.plan_accept(user=pw.w.sekda, plan=plan, now=DURING).status == "accepted"
