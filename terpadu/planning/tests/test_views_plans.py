"""The round and plan pages: what each role sees, the whole flow through plain form posts, errors next to
the fields, and refusals that change nothing."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from terpadu.deadlines.tests.factories import DUE, OPENS
from terpadu.directory.tests.factories import login_as
from terpadu.planning import services
from terpadu.planning.models import BudgetLine, PlanningRound, WorkPlan

from .factories import DINKES_SUB, KOMINFO_SUB, filled_plan, planning_world, sub_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def freeze_during(monkeypatch):
    """Page requests happen while the round is open (the services read the clock)."""
    moment = OPENS + (DUE - OPENS) / 2
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return moment


def client_for(user) -> Client:
    client = Client()
    login_as(client, user)
    return client


def _page(client, name, *args, status=200):
    response = client.get(reverse(name, args=args))
    assert response.status_code == status, response.content.decode()[:2000]
    return response.content.decode()


def test_the_round_page_shows_each_agency_with_status_total_ceiling_and_completeness(freeze_during):
    pw = planning_world(ceilings={"kominfo": Decimal(100_000_000), "dinkes": Decimal(500_000_000)})
    filled_plan(pw)  # 120,000,000 over a ceiling of 100,000,000
    html = _page(client_for(pw.w.sekda), "planning:round", pw.round.pk)
    assert "3.01 — Dinas Komunikasi dan Informatika" in html
    assert "Rp 120.000.000" in html and "melebihi pagu" in html
    assert "Belum mulai" in html and "Draf" in html
    assert "100%" in html  # Kominfo's plan is complete, Dinkes has none


def test_an_agency_admin_sees_only_its_own_row_and_cannot_open_another_plan(freeze_during):
    pw = planning_world()
    kominfo_plan = filled_plan(pw)
    client = client_for(pw.w.admin_dinkes)
    html = _page(client, "planning:round", pw.round.pk)
    assert "Dinas Kesehatan" in html and "Dinas Komunikasi dan Informatika" not in html
    _page(client, "planning:plan", kominfo_plan.pk, status=404)
    _page(client, "planning:sub_activity", kominfo_plan.pk, KOMINFO_SUB, status=404)


def test_an_employee_of_another_agency_is_refused_the_module(freeze_during):
    pw = planning_world()
    _page(client_for(pw.w.employee_kominfo), "planning:rounds", status=403)


def test_the_flow_through_the_pages(freeze_during):
    pw = planning_world()
    w = pw.w
    agency_client = client_for(w.operator_kominfo)
    html = _page(agency_client, "planning:agency_plan", pw.round.pk, w.kominfo.pk)
    assert "Mulai isi Renja" in html
    response = agency_client.post(reverse("planning:plan_start", args=[pw.round.pk, w.kominfo.pk]))
    plan = WorkPlan.objects.get(round=pw.round, agency=w.kominfo)
    assert response.status_code == 302 and response["Location"] == reverse("planning:plan", args=[plan.pk])

    html = _page(agency_client, "planning:sub_activity_add", plan.pk)
    assert KOMINFO_SUB in html and DINKES_SUB not in html  # only the mandate is offered
    agency_client.post(reverse("planning:sub_activity_add", args=[plan.pk]), {"code": KOMINFO_SUB})
    url = reverse("planning:sub_activity", args=[plan.pk, KOMINFO_SUB])
    posted = {
        "location": "Kabupaten Uji",
        "target_group": "Perangkat daerah",
        "indikator-TOTAL_FORMS": "1",
        "indikator-INITIAL_FORMS": "0",
        "indikator-0-name": "Jumlah aplikasi",
        "indikator-0-unit": "Aplikasi",
        "indikator-0-target": "3",
        "rincian-TOTAL_FORMS": "2",
        "rincian-INITIAL_FORMS": "0",
        "rincian-0-account_code": "5.1.02.02.01.0003",
        "rincian-0-description": "Jasa tenaga ahli",
        "rincian-0-period_1": "10.000.000",
        "rincian-0-period_7": "5000000",
        "rincian-1-account_code": "5.1.02",
        "rincian-1-description": "Kode salah",
        "rincian-1-period_2": "1000",
    }
    refused = agency_client.post(url, posted)
    assert refused.status_code == 422
    assert "Kode rekening belanja berformat 5.X.XX.XX.XX.XXXX" in refused.content.decode()
    assert not BudgetLine.objects.filter(sub_activity__plan=plan).exists()

    posted["rincian-1-account_code"] = "5.1.02.01.01.0024"
    assert agency_client.post(url, posted).status_code == 302
    assert sorted(BudgetLine.objects.filter(sub_activity__plan=plan).values_list("amount", flat=True)) == [
        Decimal("1000.00"),
        Decimal("15000000.00"),
    ]
    html = _page(agency_client, "planning:plan", plan.pk)
    assert "Rp 15.001.000" in html
    assert agency_client.post(reverse("planning:plan_submit", args=[plan.pk])).status_code == 302
    plan.refresh_from_db()
    assert plan.status == "submitted"

    reviewer = client_for(w.sekda)
    html = _page(reviewer, "planning:plan", plan.pk)
    assert "Kembalikan dengan catatan" in html
    refused = reviewer.post(reverse("planning:plan_review", args=[plan.pk]), {"action": "return", "note": ""})
    assert refused.status_code == 422 and "Tuliskan catatan" in refused.content.decode()
    reviewer.post(reverse("planning:plan_review", args=[plan.pk]), {"action": "return", "note": "Naikkan target."})
    plan.refresh_from_db()
    assert (plan.status, plan.return_note) == ("returned", "Naikkan target.")

    posted.update({"indikator-0-target": "5", "version": str(plan.version)})
    assert agency_client.post(url, posted).status_code == 302
    agency_client.post(reverse("planning:plan_submit", args=[plan.pk]))
    reviewer.post(reverse("planning:plan_review", args=[plan.pk]), {"action": "accept"})
    plan.refresh_from_db()
    assert (plan.status, plan.revision) == ("accepted", 2)

    html = _page(reviewer, "planning:plan_versions", plan.pk)
    assert "Target" in html and "diubah" in html


def test_a_stale_form_is_refused_and_changes_nothing(freeze_during):
    pw = planning_world()
    plan = filled_plan(pw)
    services.sub_activity_save(user=pw.w.admin_kominfo, plan=plan, draft=sub_draft(total=60_000_000))
    client = client_for(pw.w.operator_kominfo)
    posted = {
        "location": "Lain",
        "target_group": "Lain",
        "version": str(plan.version),  # read before the admin's save
        "indikator-TOTAL_FORMS": "0",
        "indikator-INITIAL_FORMS": "0",
        "rincian-TOTAL_FORMS": "0",
        "rincian-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("planning:sub_activity", args=[plan.pk, KOMINFO_SUB]), posted)
    assert response.status_code == 409
    assert "baru saja diubah oleh pengguna lain" in response.content.decode()
    assert plan.sub_activities.get().location == "Kabupaten Uji"


def test_only_the_round_managers_may_open_edit_and_publish(freeze_during):
    pw = planning_world(publish=False)
    _page(client_for(pw.w.admin_kominfo), "planning:round_create", status=403)
    _page(client_for(pw.w.admin_bappeda), "planning:round_create")
    response = client_for(pw.w.admin_dinkes).post(reverse("planning:round_publish", args=[pw.round.pk]))
    assert response.status_code == 404  # a draft round is not shown to addressed agencies
    client_for(pw.w.sekda).post(reverse("planning:round_publish", args=[pw.round.pk]))
    assert PlanningRound.objects.get(pk=pw.round.pk).obligation.status == "open"


def test_line_comments_show_on_the_sub_activity_page_for_the_agency_and_the_reviewer(freeze_during):
    pw = planning_world()
    plan = filled_plan(pw, pw.w.kominfo, sub_draft(lines=2))
    plan = services.plan_submit(user=pw.w.operator_kominfo, plan=plan)
    line = plan.sub_activities.get().lines.order_by("order").first()
    reviewer = client_for(pw.w.sekda)
    html = _page(reviewer, "planning:sub_activity", plan.pk, KOMINFO_SUB)
    assert "Jasa tenaga ahli 1" in html and "Simpan sub kegiatan" not in html  # read-only for the reviewer
    assert "Jumlah aplikasi yang dikembangkan: 3 Aplikasi" in html
    response = reviewer.post(
        reverse("planning:comment_add", args=[plan.pk]),
        {"sub_activity_code": KOMINFO_SUB, "line_uid": str(line.uid), "body": "Rinci harga satuannya."},
    )
    assert response.status_code == 302
    html = _page(client_for(pw.w.operator_kominfo), "planning:sub_activity", plan.pk, KOMINFO_SUB)
    assert "Rinci harga satuannya." in html and "pada rincian 5.1.02.02.01.0003 Jasa tenaga ahli 1" in html
    html = _page(client_for(pw.w.operator_kominfo), "planning:plan", plan.pk)
    assert "1 terbuka" in html


def test_a_reviewer_resolves_a_comment_from_the_page_and_another_agency_cannot(freeze_during):
    pw = planning_world()
    plan = services.plan_submit(user=pw.w.operator_kominfo, plan=filled_plan(pw))
    comment = services.comment_add(user=pw.w.sekda, plan=plan, body="Lengkapi RAB.", sub_activity_code=KOMINFO_SUB)
    url = reverse("planning:comment_resolve", args=[comment.pk])
    assert client_for(pw.w.admin_dinkes).post(url).status_code == 404
    comment.refresh_from_db()
    assert comment.resolved_at is None
    response = client_for(pw.w.sekda).post(url)
    assert response["Location"] == reverse("planning:sub_activity", args=[plan.pk, KOMINFO_SUB]) + "#komentar"
    comment.refresh_from_db()
    assert comment.resolved_by == pw.w.sekda
