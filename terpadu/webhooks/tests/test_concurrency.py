"""Races on PostgreSQL: two workers sending the due deliveries at once, two publishes of one key."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from terpadu.core.roles import Role
from terpadu.directory.tests.factories import user_with_role
from terpadu.webhooks import services, tasks
from terpadu.webhooks.interfaces import publish_event
from terpadu.webhooks.models import Delivery, DeliveryAttempt

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks and concurrent transactions need PostgreSQL"
    ),
]


def _in_threads(target, count=2):
    results, barrier = [], threading.Barrier(count)

    def run() -> None:
        try:
            barrier.wait()
            results.append(target())
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def _endpoint(admin, url):
    return services.endpoint_create(
        user=admin, government=admin.government, name="Dasbor", url=url, event_types=["test.letter.signed"]
    )[0]


def test_two_workers_running_the_due_job_send_each_attempt_once(receiver):
    admin = user_with_role(Role.PLATFORM_ADMIN)
    _endpoint(admin, receiver.url)
    receiver.answers = [500]
    publish_event(government_id=admin.government_id, event_type="test.letter.signed", payload={}, idempotency_key="k")
    Delivery.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    receiver.delay = 0.5  # the first worker is still sending when the second one looks

    assert sorted(_in_threads(tasks.deliver_due_webhooks)) == [0, 1]
    assert len(receiver.received) == 2  # the first attempt at publish, then exactly one retry
    assert DeliveryAttempt.objects.count() == 2
    assert Delivery.objects.get().status == "succeeded"


def test_two_concurrent_publishes_of_one_key_create_one_delivery(receiver):
    admin = user_with_role(Role.PLATFORM_ADMIN)
    _endpoint(admin, receiver.url)

    def publish() -> int:
        with transaction.atomic():
            created = publish_event(
                government_id=admin.government_id, event_type="test.letter.signed", payload={}, idempotency_key="race"
            )
            time.sleep(0.2)
            return created

    assert sorted(_in_threads(publish)) == [0, 1]
    assert Delivery.objects.count() == 1
    assert len(receiver.received) == 1
