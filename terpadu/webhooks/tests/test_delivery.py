"""Publishing events and delivering them: signed, retried with backoff, logged, sent once."""

import hashlib
import hmac
import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone

from terpadu.core.roles import Role
from terpadu.directory.tests.factories import GovernmentFactory, user_with_role
from terpadu.webhooks import rules, services, tasks
from terpadu.webhooks.interfaces import publish_event
from terpadu.webhooks.models import Delivery, DeliveryAttempt

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return user_with_role(Role.PLATFORM_ADMIN)


def _endpoint(admin, url, event_types=("test.letter.signed",)):
    return services.endpoint_create(
        user=admin, government=admin.government, name="Dasbor", url=url, event_types=list(event_types)
    )


def _publish(capture, government_id, key="surat:7", event_type="test.letter.signed", payload=None):
    with capture(execute=True):
        return publish_event(
            government_id=government_id,
            event_type=event_type,
            payload=payload if payload is not None else {"letter_id": 7, "number": "800/12/2026"},
            idempotency_key=key,
        )


def _make_due(delivery):
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))


def test_delivery_is_signed_with_the_endpoint_secret(admin, receiver, django_capture_on_commit_callbacks):
    _, secret = _endpoint(admin, receiver.url)
    assert _publish(django_capture_on_commit_callbacks, admin.government_id) == 1
    [request] = receiver.received
    expected = "sha256=" + hmac.new(secret.encode(), request.body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(request.headers["X-Terpadu-Signature"], expected)
    delivery = Delivery.objects.get()
    assert request.path == "/hook"
    assert request.headers["X-Terpadu-Event"] == "test.letter.signed"
    assert request.headers["X-Terpadu-Delivery"] == str(delivery.uuid)
    assert request.headers["Content-Type"] == "application/json"
    body = json.loads(request.body)
    assert body == {
        "id": str(rules.event_id(admin.government_id, "surat:7")),
        "type": "test.letter.signed",
        "created_at": delivery.created_at.isoformat(),
        "government_id": admin.government_id,
        "data": {"letter_id": 7, "number": "800/12/2026"},
    }
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("succeeded", 1, 200)
    attempt = DeliveryAttempt.objects.get()
    assert (attempt.number, attempt.status_code, attempt.succeeded, attempt.response_excerpt) == (
        1,
        200,
        True,
        "diterima",
    )


def test_a_500_schedules_the_next_backoff_and_logs_the_attempt(admin, receiver, django_capture_on_commit_callbacks):
    _endpoint(admin, receiver.url)
    receiver.answers = [500, 503]
    _publish(django_capture_on_commit_callbacks, admin.government_id)
    delivery = Delivery.objects.get()
    first = DeliveryAttempt.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("pending", 1, 500)
    assert delivery.next_attempt_at == first.started_at + timedelta(minutes=1)
    assert (first.status_code, first.succeeded, first.response_excerpt, first.error) == (
        500,
        False,
        "galat server penerima",
        "",
    )
    assert tasks.deliver_due_webhooks() == 0  # not yet due

    _make_due(delivery)
    assert tasks.deliver_due_webhooks() == 1
    delivery.refresh_from_db()
    second = DeliveryAttempt.objects.get(number=2)
    assert (delivery.status, delivery.attempts, second.status_code) == ("pending", 2, 503)
    assert delivery.next_attempt_at == second.started_at + timedelta(minutes=5)

    _make_due(delivery)
    assert tasks.deliver_due_webhooks() == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == ("succeeded", 3, None)
    assert len(receiver.received) == 3
    assert len({r.body for r in receiver.received}) == 1  # every attempt carries the same signed body


def test_after_six_failures_the_delivery_gives_up(admin, receiver, django_capture_on_commit_callbacks):
    _endpoint(admin, receiver.url)
    receiver.answers = [500] * 10
    _publish(django_capture_on_commit_callbacks, admin.government_id)
    delivery = Delivery.objects.get()
    waits = []
    for _ in range(5):
        delivery.refresh_from_db()
        waits.append(delivery.next_attempt_at - DeliveryAttempt.objects.filter(delivery=delivery).last().started_at)
        _make_due(delivery)
        tasks.deliver_due_webhooks()
    delivery.refresh_from_db()
    assert waits == [
        timedelta(minutes=1),
        timedelta(minutes=5),
        timedelta(minutes=30),
        timedelta(hours=2),
        timedelta(hours=12),
    ]
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == ("failed", 6, None)
    assert DeliveryAttempt.objects.count() == len(receiver.received) == 6


def test_an_unreachable_receiver_is_logged_as_an_error(admin, django_capture_on_commit_callbacks):
    _endpoint(admin, "http://127.0.0.1:9/tidak-ada")
    _publish(django_capture_on_commit_callbacks, admin.government_id)
    attempt = DeliveryAttempt.objects.get()
    assert (attempt.status_code, attempt.succeeded) == (None, False)
    assert attempt.error.startswith("URLError: ")
    assert Delivery.objects.get().status == "pending"


def test_running_the_delivery_jobs_twice_sends_once(admin, receiver, django_capture_on_commit_callbacks):
    _endpoint(admin, receiver.url)
    _publish(django_capture_on_commit_callbacks, admin.government_id)
    delivery = Delivery.objects.get()
    assert tasks.deliver_webhook(delivery.pk) is False
    assert tasks.deliver_due_webhooks() == 0
    assert tasks.deliver_due_webhooks() == 0
    assert len(receiver.received) == 1
    assert DeliveryAttempt.objects.count() == 1


def test_a_claim_is_won_by_one_worker_only(admin, receiver):
    endpoint, _ = _endpoint(admin, receiver.url)
    now = timezone.now()
    delivery = Delivery.objects.create(
        endpoint=endpoint,
        event_id=rules.event_id(admin.government_id, "k"),
        event_type="test.letter.signed",
        idempotency_key="k",
        payload={},
        created_at=now,
        next_attempt_at=now,
    )
    assert services._claim(delivery.pk, now) is not None
    assert services._claim(delivery.pk, now) is None
    # a worker that died mid-send leaves the row claimed until its lease runs out
    assert services._claim(delivery.pk, now + services.LEASE + timedelta(seconds=1)) is not None


def test_publishing_the_same_key_twice_creates_one_delivery(admin, receiver, django_capture_on_commit_callbacks):
    _endpoint(admin, receiver.url)
    assert _publish(django_capture_on_commit_callbacks, admin.government_id) == 1
    assert _publish(django_capture_on_commit_callbacks, admin.government_id) == 0
    assert Delivery.objects.count() == 1
    assert len(receiver.received) == 1


def test_only_subscribed_active_endpoints_of_the_government_receive(
    admin, receiver, django_capture_on_commit_callbacks
):
    _endpoint(admin, receiver.url, event_types=["test.request.overdue"])
    other_admin = user_with_role(Role.PLATFORM_ADMIN)
    _endpoint(other_admin, receiver.url)
    assert _publish(django_capture_on_commit_callbacks, admin.government_id) == 0
    assert receiver.received == []


def test_a_disabled_endpoint_receives_nothing(admin, receiver, django_capture_on_commit_callbacks):
    endpoint, _ = _endpoint(admin, receiver.url)
    receiver.answers = [500]
    _publish(django_capture_on_commit_callbacks, admin.government_id, key="a")
    services.endpoint_set_active(user=admin, endpoint=endpoint, active=False)
    delivery = Delivery.objects.get()
    assert delivery.status == "cancelled"
    _make_due(delivery)
    Delivery.objects.filter(pk=delivery.pk).update(status="pending")
    assert tasks.deliver_due_webhooks() == 0
    assert _publish(django_capture_on_commit_callbacks, admin.government_id, key="b") == 0
    assert len(receiver.received) == 1  # only the attempt made before it was disabled


def test_nothing_is_delivered_when_the_publishing_transaction_rolls_back(
    admin, receiver, django_capture_on_commit_callbacks
):
    _endpoint(admin, receiver.url)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        publish_event(
            government_id=admin.government_id, event_type="test.letter.signed", payload={}, idempotency_key="x"
        )
        raise RuntimeError("the domain change failed")
    assert callbacks == []
    assert Delivery.objects.count() == 0
    assert receiver.received == []


def test_unknown_event_types_are_a_programming_error(admin):
    with pytest.raises(ValueError, match="unregistered event type"):
        publish_event(government_id=admin.government_id, event_type="tidak.dikenal", payload={}, idempotency_key="k")


def test_payloads_with_dates_and_decimals_are_sent_as_strings(admin, receiver, django_capture_on_commit_callbacks):
    _endpoint(admin, receiver.url)
    _publish(
        django_capture_on_commit_callbacks,
        admin.government_id,
        payload={"due": date(2026, 5, 3), "amount": Decimal("1.50")},
    )
    assert json.loads(receiver.received[0].body)["data"] == {"due": "2026-05-03", "amount": "1.50"}


def test_redelivery_starts_a_new_round(admin, receiver, django_capture_on_commit_callbacks):
    _endpoint(admin, receiver.url)
    _publish(django_capture_on_commit_callbacks, admin.government_id)
    delivery = Delivery.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.delivery_redeliver(user=admin, delivery=delivery)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("succeeded", 1)
    assert list(DeliveryAttempt.objects.values_list("number", flat=True)) == [1, 2]
    assert len(receiver.received) == 2
    assert receiver.received[0].body == receiver.received[1].body


def test_governments_do_not_share_endpoints():
    government = GovernmentFactory()
    assert (
        publish_event(government_id=government.pk, event_type="test.letter.signed", payload={}, idempotency_key="k")
        == 0
    )
