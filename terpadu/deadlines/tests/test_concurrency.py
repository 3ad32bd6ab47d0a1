"""Races on PostgreSQL: the scheduler fires the same job on two workers at once."""

import threading

import pytest
from django.db import connection

from terpadu.deadlines import services
from terpadu.deadlines.models import EscalationReport, ReminderLog
from terpadu.notifications.models import Notification

from .factories import DUE, MINUTE, make_request, world
from .test_jobs import H1

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks and concurrent transactions need PostgreSQL"
    ),
]


def _in_threads(target, count=2):  # type: ignore[no-untyped-def]
    results, errors, barrier = [], [], threading.Barrier(count)

    def run() -> None:
        try:
            barrier.wait()
            results.append(target())
        except Exception as exc:  # reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    return results


def test_two_escalation_runs_at_once_make_one_report_and_one_notification_each():
    w = world()
    make_request(w)
    assert sorted(_in_threads(lambda: services.escalate_overdue(now=DUE + MINUTE))) == [0, 1]
    assert EscalationReport.objects.count() == 1
    assert sorted(Notification.objects.filter(kind="deadline.escalation").values_list("user__username", flat=True)) == [
        "bupati",
        "sekda",
        "wabup",
    ]


def test_two_reminder_runs_at_once_remind_each_agency_once():
    w = world()
    obligation = make_request(w)
    assert sorted(_in_threads(lambda: services.reminders_send_due(now=H1))) == [0, 2]
    assert sorted(ReminderLog.objects.filter(obligation=obligation).values_list("agency__code", "label")) == [
        ("3.01", "H-1"),
        ("3.03", "H-1"),
    ]
    assert Notification.objects.filter(kind="deadline.reminder").count() == 3
