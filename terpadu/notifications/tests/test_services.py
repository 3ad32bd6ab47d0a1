"""notify(), the delivery jobs (e-mail and the WhatsApp gateway on loopback), retries and preferences."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from terpadu.core.errors import ValidationFailed
from terpadu.core.models import AuditEvent
from terpadu.notifications import services, tasks
from terpadu.notifications.interfaces import notify, unread_count
from terpadu.notifications.models import Delivery, Notification, NotificationPreference

from .conftest import person

pytestmark = pytest.mark.django_db


def _notify(user, *, key="tenggat:7:h-1", kind="deadline.reminder", **changes):
    fields = {
        "user_ids": [user.pk],
        "kind": kind,
        "title": 'Tenggat "Laporan LPPD" besok',
        "body": "Batas: 3 Mei 2026.\nSegera unggah.",
        "url": "/tenggat/7/",
        "dedup_key": key,
    }
    return notify(**{**fields, **changes})


def test_notify_twice_with_the_same_key_creates_one_notification_one_email_one_whatsapp(
    gateway, django_capture_on_commit_callbacks
):
    user = person()
    with django_capture_on_commit_callbacks(execute=True):
        first = _notify(user)
    with django_capture_on_commit_callbacks(execute=True):
        second = _notify(user)
    deliveries = list(Delivery.objects.order_by("channel"))
    for delivery in deliveries:  # the delivery job runs a second time
        assert tasks.deliver(delivery.pk) == "skipped"
    assert tasks.retry_due_deliveries() == 0
    assert (first, second) == (1, 0)
    assert Notification.objects.filter(user=user).count() == 1
    assert [(d.channel, d.address, d.status, d.attempts) for d in deliveries] == [
        ("email", "siti@contoh.go.id", "sent", 1),
        ("whatsapp", "6281234567890", "sent", 1),
    ]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["siti@contoh.go.id"]
    assert mail.outbox[0].subject == 'Tenggat "Laporan LPPD" besok'
    assert mail.outbox[0].body.startswith(
        'Tenggat "Laporan LPPD" besok\nBatas: 3 Mei 2026.\nSegera unggah.\nhttp://127.0.0.1:8000/tenggat/7/\n\n--\n'
    )
    assert len(gateway.requests) == 1


def test_whatsapp_body_follows_the_template_with_phone_and_json_escaped_message(
    gateway, django_capture_on_commit_callbacks
):
    user = person(email="", phone="+62 812 3456 7890")
    with django_capture_on_commit_callbacks(execute=True):
        _notify(user, title='Rapat "Evaluasi" \\ ruang {phone}', body="Baris 1\nBaris 2\t✓")
    request = gateway.requests[0]
    assert request["path"] == "/kirim"
    assert request["headers"]["Content-Type"] == "application/json; charset=utf-8"
    assert request["headers"]["Authorization"] == "Bearer tok-123"
    assert request["body"] == (
        '{"target": "6281234567890", "text": "Rapat \\"Evaluasi\\" \\\\ ruang {phone}\\nBaris 1\\nBaris 2\\t✓'
        '\\nhttp://127.0.0.1:8000/tenggat/7/", "key": "tok-123"}'
    )
    assert gateway.bodies() == [
        {
            "target": "6281234567890",
            "text": 'Rapat "Evaluasi" \\ ruang {phone}\nBaris 1\nBaris 2\t✓\nhttp://127.0.0.1:8000/tenggat/7/',
            "key": "tok-123",
        }
    ]
    assert len(mail.outbox) == 0


def _time_passes() -> None:
    Delivery.objects.filter(status="failed").update(next_attempt_at=timezone.now() - timedelta(seconds=1))


def test_gateway_500_marks_the_delivery_failed_and_retries_up_to_the_limit(gateway, django_capture_on_commit_callbacks):
    gateway.status = 500
    user = person(email="")
    with django_capture_on_commit_callbacks(execute=True):
        _notify(user)
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("failed", 1)
    assert delivery.last_error == 'Gateway menjawab HTTP 500: {"status": false, "reason": "quota"}'
    assert delivery.next_attempt_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.retry_due_deliveries() == 0  # not due yet: nothing sent
    assert len(gateway.requests) == 1
    for expected_attempts in (2, 3):
        _time_passes()
        with django_capture_on_commit_callbacks(execute=True):
            assert tasks.retry_due_deliveries() == 1
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts) == ("failed", expected_attempts)
    assert delivery.next_attempt_at is None
    _time_passes()
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.retry_due_deliveries() == 0
    assert tasks.deliver(delivery.pk) == "skipped"
    assert len(gateway.requests) == 3


def test_a_failed_delivery_succeeds_on_retry(gateway, django_capture_on_commit_callbacks):
    gateway.status = 503
    user = person(email="")
    with django_capture_on_commit_callbacks(execute=True):
        _notify(user)
    gateway.status = 200
    _time_passes()
    with django_capture_on_commit_callbacks(execute=True):
        tasks.retry_due_deliveries()
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("sent", 2, "")
    assert delivery.sent_at is not None
    assert len(gateway.requests) == 2


def test_muted_kind_sends_no_email_but_keeps_the_inbox_and_other_kinds(no_gateway, django_capture_on_commit_callbacks):
    user = person()
    services.notification_preferences_set(user=user, choices={("deadline.reminder", "email"): False})
    with django_capture_on_commit_callbacks(execute=True):
        assert _notify(user, key="a") == 1
        assert _notify(user, key="b", kind="deadline.escalation") == 1
    assert Notification.objects.filter(user=user).count() == 2
    assert list(Delivery.objects.values_list("notification__kind", "channel")) == [("deadline.escalation", "email")]
    assert [m.subject for m in mail.outbox] == ['Tenggat "Laporan LPPD" besok']


def test_no_whatsapp_without_gateway_url_or_phone(no_gateway, django_capture_on_commit_callbacks):
    user = person(phone="")
    with django_capture_on_commit_callbacks(execute=True):
        _notify(user)
    assert list(Delivery.objects.values_list("channel", flat=True)) == ["email"]


def test_pending_delivery_whose_job_never_ran_is_sent_by_the_periodic_job(no_gateway):
    user = person()
    _notify(user)  # the transaction never commits here: the on-commit job does not run
    assert Delivery.objects.get().status == "pending"
    assert services.delivery_retry_due() == 0  # within the grace period
    later = timezone.now() + timedelta(minutes=3)
    assert services.delivery_retry_due(now=later) == 1  # queued (after a commit that never comes here)
    assert len(mail.outbox) == 0
    assert services.delivery_send(delivery_id=Delivery.objects.get().pk) == "sent"
    assert len(mail.outbox) == 1


def test_stale_sending_delivery_is_released_as_a_failed_attempt(no_gateway):
    user = person()
    _notify(user)
    Delivery.objects.update(status="sending", claimed_at=timezone.now() - timedelta(hours=1))
    services.delivery_retry_due()
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("failed", 1)
    assert delivery.last_error == "Pengiriman terputus: pekerja berhenti sebelum selesai."


def test_several_users_inactive_and_unknown_skipped(no_gateway, django_capture_on_commit_callbacks):
    first, second, gone = person(), person(email="b@contoh.go.id"), person(email="c@contoh.go.id")
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    with django_capture_on_commit_callbacks(execute=True):
        created = notify(user_ids=[first.pk, second.pk, gone.pk, 999999], kind="k", title="T", body="", dedup_key="x")
    assert created == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["b@contoh.go.id", "siti@contoh.go.id"]
    assert set(Notification.objects.values_list("government_id", flat=True)) == {
        first.government_id,
        second.government_id,
    }


def test_unread_counts_and_marking_read():
    user, other = person(), person()
    for key in ("a", "b", "c"):
        _notify(user, key=key)
    _notify(other, key="a")
    first = Notification.objects.filter(user=user).order_by("pk").first()
    services.notification_mark_read(user=user, notification_id=first.pk)
    services.notification_mark_read(user=user, notification_id=first.pk)  # twice: no change
    assert (unread_count(user_id=user.pk), unread_count(user_id=other.pk)) == (2, 1)
    assert services.notification_mark_all_read(user=user) == 2
    assert (unread_count(user_id=user.pk), unread_count(user_id=other.pk)) == (0, 1)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": ""}, "kind"),
        ({"dedup_key": ""}, "dedup_key"),
        ({"title": "  "}, "title"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"url": "//evil.example/"}, "url"),
    ],
)
def test_notify_refuses_invalid_input(changes, field):
    user = person()
    with pytest.raises(ValidationFailed) as caught:
        _notify(user, **changes)
    assert list(caught.value.fields) == [field]
    assert Notification.objects.count() == 0


def test_preferences_change_is_audited_once():
    user = person()
    choices = {("deadline.reminder", "email"): False, ("deadline.reminder", "whatsapp"): True}
    assert services.notification_preferences_set(user=user, choices=choices) == 1
    assert services.notification_preferences_set(user=user, choices=choices) == 0
    event = AuditEvent.objects.get(action="notifications.preferences.update")
    assert (event.before, event.after, event.object_id) == (
        {"deadline.reminder/email": True},
        {"deadline.reminder/email": False},
        str(user.pk),
    )
    assert NotificationPreference.objects.filter(user=user).count() == 2


def test_preferences_refuse_an_unknown_channel():
    user = person()
    with pytest.raises(ValidationFailed):
        services.notification_preferences_set(user=user, choices={("k", "merpati"): False})
    assert NotificationPreference.objects.count() == 0
