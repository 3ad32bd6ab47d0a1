"""The demo round: accepted, submitted (one late), one returned and some overdue plans, and the escalation
report the Bupati reads — seeded once."""

import pytest
from django.test import Client

from terpadu.deadlines.interfaces import request_compliance_of
from terpadu.deadlines.models import EscalationReport
from terpadu.directory.demo import seed_demo_government
from terpadu.directory.models import User
from terpadu.directory.tests.factories import login_as
from terpadu.planning.demo import seed_demo_planning
from terpadu.planning.models import PlanningRound, ReviewComment, WorkPlan

pytestmark = pytest.mark.django_db


def test_the_demo_round_is_seeded_once_at_every_stage_with_the_escalation_for_the_bupati():
    government, _ = seed_demo_government()
    assert seed_demo_planning(government.pk).startswith("created round")
    assert seed_demo_planning(government.pk) == "already present, kept as they are"
    planning_round = PlanningRound.objects.get()
    plans = {p.agency.short_name: p.status for p in WorkPlan.objects.select_related("agency")}
    assert plans == {
        "Bappeda": "accepted",
        "BPKAD": "accepted",
        "Disdikbud": "accepted",
        "Dinkes": "submitted",
        "Dinas PUPR": "submitted",
        "Diskominfo": "returned",
        "Dukcapil": "draft",
    }
    report = EscalationReport.objects.get(obligation_id=planning_round.obligation_id)
    compliance = request_compliance_of(request_id=planning_round.obligation_id, now=report.generated_at)
    statuses = {a.agency_code: a.status for a in compliance.agencies}
    assert sorted(statuses.values()) == sorted(
        ["accepted"] * 3 + ["submitted", "submitted_late", "returned", "overdue", "overdue", "overdue"]
    )
    assert {row["agency_code"] for row in report.rows} >= {"3.05", "3.07", "4.01"}  # Dukcapil, Dinsos, Kecamatan
    assert ReviewComment.objects.filter(plan__agency__short_name="Diskominfo", line_uid__isnull=False).count() == 1

    client = Client()
    login_as(client, User.objects.get(username="bupati"))
    page = client.get(f"/perencanaan/putaran/{planning_round.pk}/")
    assert page.status_code == 200
    assert "Laporan eskalasi ke Bupati" in page.content.decode()
    escalation = client.get(f"/tenggat/{planning_round.obligation_id}/eskalasi/")
    assert escalation.status_code == 200 and "Dinsos" in escalation.content.decode()
