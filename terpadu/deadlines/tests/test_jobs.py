"""The scheduled jobs: reminders in the government's local dates, and exactly one escalation report.

Each job runs twice in every test: the second run must send and create nothing."""

from datetime import UTC, datetime, timedelta

import pytest

from terpadu.core.jobs import registered_schedules
from terpadu.core.models import AuditEvent
from terpadu.deadlines import services, tasks
from terpadu.deadlines.models import EscalationReport, ReminderLog
from terpadu.documents.models import StoredFile
from terpadu.notifications.models import Notification
from terpadu.webhooks.models import Delivery, WebhookEndpoint

from .factories import DUE, MINUTE, OPENS, item_ids, make_request, submit, world

pytestmark = pytest.mark.django_db

# DUE is Monday 11 May 2026 16.00 WITA: H-3 is Friday 8 May 08.00 WITA (00.00 UTC), H-1 Sunday 10 May,
# H-0 Monday 11 May, all at 08.00 WITA.
H3 = datetime(2026, 5, 8, 0, 0, tzinfo=UTC)
H1 = datetime(2026, 5, 10, 0, 0, tzinfo=UTC)
H0 = datetime(2026, 5, 11, 0, 0, tzinfo=UTC)


def reminders():
    return sorted(
        Notification.objects.filter(kind="deadline.reminder").values_list("user__username", "title", "dedup_key")
    )


def run_reminders(now):
    return [tasks.send_due_reminders(now.isoformat()), tasks.send_due_reminders(now.isoformat())]


def test_both_jobs_are_scheduled_every_15_minutes():
    assert {(s.name, s.func, s.cron) for s in registered_schedules() if s.name.startswith("deadlines.")} == {
        ("deadlines.send_due_reminders", "terpadu.deadlines.tasks.send_due_reminders", "*/15 * * * *"),
        ("deadlines.escalate_overdue", "terpadu.deadlines.tasks.escalate_overdue", "*/15 * * * *"),
    }


def test_no_reminder_before_0800_wita_three_local_days_ahead():
    w = world()
    make_request(w)
    assert run_reminders(H3 - MINUTE) == [0, 0]
    assert reminders() == []


def test_h3_h1_h0_are_each_sent_once_to_head_and_admins_of_agencies_that_have_not_submitted():
    w = world()
    obligation = make_request(w)
    submit(w, obligation, w.dinkes, at=H3 - timedelta(hours=1))
    assert run_reminders(H3) == [1, 0]
    assert run_reminders(H3 + timedelta(hours=5)) == [0, 0]
    assert run_reminders(H1) == [1, 0]
    assert run_reminders(H0 + timedelta(minutes=15)) == [1, 0]
    key = f"deadline:{obligation.pk}:reminder:{{}}:{w.kominfo.pk}"
    title = "Pengingat {}: Input Program Kerja dan Kebutuhan Anggaran 2027"
    assert reminders() == sorted(
        (user, title.format(label), key.format(label))
        for user in ("admin.kominfo", "kadis.kominfo")
        for label in ("H-3", "H-1", "H-0")
    )
    logs = ReminderLog.objects.filter(obligation=obligation).order_by("sent_at")
    assert [(log.agency_id, log.label, log.sent_at, log.recipient_count) for log in logs] == [
        (w.kominfo.pk, "H-3", H3, 2),
        (w.kominfo.pk, "H-1", H1, 2),
        (w.kominfo.pk, "H-0", H0 + timedelta(minutes=15), 2),
    ]


def test_reminder_body_lists_what_is_still_missing():
    w = world()
    obligation = make_request(w, agencies=[w.kominfo])
    program, _, _ = item_ids(obligation)
    services.response_save_draft(
        user=w.operator_kominfo,
        obligation=obligation,
        agency=w.kominfo,
        values={program: "Draf"},
        now=H1 - timedelta(hours=1),
    )
    run_reminders(H1)
    note = Notification.objects.get(kind="deadline.reminder", user=w.kadis_kominfo)
    assert note.body == ("Batas waktu 11 Mei 2026 16.00 WITA. Butir wajib yang belum diisi: Kebutuhan anggaran (Rp).")


def test_no_reminders_after_the_due_time_or_for_a_closed_request():
    w = world()
    obligation = make_request(w)
    assert run_reminders(DUE + MINUTE) == [0, 0]
    services.obligation_close(user=w.sekda, obligation=obligation, now=OPENS + timedelta(days=1))
    assert run_reminders(H1) == [0, 0]
    assert reminders() == []


def escalations_for(user):
    return list(Notification.objects.filter(kind="deadline.escalation", user=user).values_list("title", "dedup_key"))


def test_escalation_runs_twice_and_makes_exactly_one_report_and_one_notification_each():
    w = world()
    WebhookEndpoint.objects.create(
        government=w.government,
        name="Dasbor",
        url="https://dasbor.example/hook",
        secret="rahasia",
        event_types=["deadline.request.published", "deadline.request.overdue"],
    )
    obligation = make_request(w)
    submit(w, obligation, w.dinkes, at=DUE - timedelta(hours=1))
    assert tasks.escalate_overdue((DUE + MINUTE).isoformat()) == 1
    assert tasks.escalate_overdue((DUE + timedelta(minutes=16)).isoformat()) == 0
    report = EscalationReport.objects.get()
    assert (report.obligation_id, report.generated_at, report.addressed_count, report.non_compliant_count) == (
        obligation.pk,
        DUE + MINUTE,
        2,
        1,
    )
    assert report.rows == [
        {
            "agency_id": w.kominfo.pk,
            "agency_code": "3.01",
            "agency_name": "Diskominfo",
            "status": "overdue",
            "submitted_at": None,
            "late_by_minutes": 1,
            "missing_items": ["Program kerja", "Kebutuhan anggaran (Rp)"],
        }
    ]
    expected = [
        ("Laporan eskalasi: Input Program Kerja dan Kebutuhan Anggaran 2027", f"deadline:{obligation.pk}:escalation")
    ]
    assert escalations_for(w.bupati) == escalations_for(w.wabup) == escalations_for(w.sekda) == expected
    assert Notification.objects.filter(kind="deadline.escalation").count() == 3
    assert AuditEvent.objects.filter(action="deadline.escalation.create").count() == 1
    events = Delivery.objects.order_by("pk")
    assert [(d.event_type, d.idempotency_key) for d in events] == [
        ("deadline.request.published", f"deadline:{obligation.pk}:published"),
        ("deadline.request.overdue", f"deadline:{obligation.pk}:overdue"),
    ]
    assert [(a["agency_code"], a["status"]) for a in events[1].payload["agencies"]] == [("3.01", "overdue")]


def test_the_escalation_pdf_is_rendered_once_on_the_letterhead(django_capture_on_commit_callbacks):
    w = world()
    obligation = make_request(w)
    with django_capture_on_commit_callbacks(execute=True):
        services.escalate_overdue(now=DUE + MINUTE)
    report = EscalationReport.objects.get(obligation=obligation)
    assert report.pdf is not None
    assert (report.pdf.purpose, report.pdf.content_type) == ("deadline_escalation", "application/pdf")
    assert services.escalation_render_pdf(report_id=report.pk) is None
    assert StoredFile.objects.filter(purpose="deadline_escalation").count() == 1


def test_a_request_everyone_met_gets_a_report_but_nobody_is_alarmed():
    w = world()
    obligation = make_request(w)
    submit(w, obligation, at=DUE - MINUTE)
    submit(w, obligation, w.dinkes, at=DUE)
    assert services.escalate_overdue(now=DUE + MINUTE) == 1
    report = EscalationReport.objects.get(obligation=obligation)
    assert (report.non_compliant_count, report.rows, report.notified_count) == (0, [], 0)
    assert not Notification.objects.filter(kind="deadline.escalation").exists()


def test_no_escalation_before_the_due_time_nor_for_a_draft_or_a_request_closed_early():
    w = world()
    make_request(w, title="Belum lewat")
    make_request(w, title="Konsep", publish=False)
    closed = make_request(w, title="Ditutup lebih awal")
    services.obligation_close(user=w.sekda, obligation=closed, now=DUE - timedelta(days=1))
    assert services.escalate_overdue(now=DUE) == 0
    assert services.escalate_overdue(now=DUE + MINUTE) == 1
    assert list(EscalationReport.objects.values_list("obligation__title", flat=True)) == ["Belum lewat"]
