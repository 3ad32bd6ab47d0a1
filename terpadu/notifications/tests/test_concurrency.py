"""Races on PostgreSQL: two notify() calls with the same key, two workers running the same delivery job."""

import threading
import time

import pytest
from django.core import mail
from django.db import connection, transaction

from terpadu.notifications import tasks
from terpadu.notifications.interfaces import notify
from terpadu.notifications.models import Delivery, Notification

from .conftest import person

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks and concurrent transactions need PostgreSQL"
    ),
]


def _in_threads(target, count=2):  # type: ignore[no-untyped-def]
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


def test_two_concurrent_notify_calls_with_one_key_create_one_notification_and_one_email(no_gateway):
    user = person()

    def call() -> int:
        with transaction.atomic():
            created = notify(user_ids=[user.pk], kind="k", title="Sekali saja", body="", dedup_key="race")
            time.sleep(0.2)  # hold the transaction open while the other call runs
            return created

    assert sorted(_in_threads(call)) == [0, 1]
    assert Notification.objects.filter(user=user).count() == 1
    assert Delivery.objects.count() == 1
    assert len(mail.outbox) == 1


def test_two_workers_running_one_delivery_job_send_once(gateway):
    user = person(email="")
    notify(user_ids=[user.pk], kind="k", title="T", body="", dedup_key="x")  # sent at once (autocommit)
    delivery = Delivery.objects.get()
    Delivery.objects.filter(pk=delivery.pk).update(status="pending", attempts=0)
    gateway.requests.clear()
    gateway.delay = 0.5  # the first worker is still sending when the second one tries

    assert sorted(_in_threads(lambda: tasks.deliver(delivery.pk))) == ["sent", "skipped"]
    assert len(gateway.requests) == 1
