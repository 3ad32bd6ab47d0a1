"""The demo government has one open and one overdue request, and the Bupati sees the escalation report."""

import pytest
from django.test import Client

from terpadu.deadlines.demo import OPEN_TITLE, OVERDUE_TITLE, seed_demo_deadlines
from terpadu.deadlines.models import EscalationReport, Obligation
from terpadu.deadlines.rules import Status
from terpadu.deadlines.selectors import unscoped_compliance_rows
from terpadu.directory.demo import seed_demo_government
from terpadu.directory.models import User
from terpadu.directory.tests.factories import login_as
from terpadu.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_demo_requests_are_seeded_once_with_an_escalation_visible_to_the_bupati():
    government, _ = seed_demo_government()
    assert seed_demo_deadlines(government.pk).startswith("created")
    assert seed_demo_deadlines(government.pk) == "already present, kept as they are"
    open_request = Obligation.objects.get(title=OPEN_TITLE)
    overdue = Obligation.objects.get(title=OVERDUE_TITLE)
    assert (open_request.status, overdue.status, open_request.addressees.count()) == ("open", "open", 15)
    now = EscalationReport.objects.get().generated_at
    open_statuses = [row.status for row in unscoped_compliance_rows(obligation=open_request, now=now)]
    assert (open_statuses.count(Status.SUBMITTED), open_statuses.count(Status.RETURNED)) == (4, 1)
    assert (open_statuses.count(Status.IN_PROGRESS), open_statuses.count(Status.NOT_STARTED)) == (1, 9)
    report = EscalationReport.objects.get(obligation=overdue)
    assert (report.addressed_count, report.non_compliant_count) == (15, 8)
    bupati = User.objects.get(username="bupati")
    assert Notification.objects.filter(user=bupati, kind="deadline.escalation").count() == 1
    client = Client()
    login_as(client, bupati)
    page = client.get(f"/tenggat/{overdue.pk}/eskalasi/")
    assert page.status_code == 200
    assert "Dinas PUPR" in page.content.decode()
