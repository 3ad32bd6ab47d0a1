"""Background jobs: enqueue after commit only, the schedule registry synced into django-q2, and
django-q2's scheduler advancing a due schedule so that a second pass does not run it again."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_q.models import Schedule
from django_q.scheduler import scheduler

from terpadu.core import jobs
from terpadu.core.jobs import enqueue, register_schedule, sync_schedules

CALLS: list[tuple[tuple[object, ...], dict[str, object]]] = []
RECORD = "terpadu.core.tests.test_jobs.record"


def record(*args: object, **kwargs: object) -> str:
    """The job the tests enqueue: it only remembers how it was called."""
    CALLS.append((args, kwargs))
    return "ok"


@pytest.fixture(autouse=True)
def _fresh_calls():
    CALLS.clear()
    yield
    CALLS.clear()


@pytest.mark.django_db(transaction=True)
def test_enqueue_runs_the_job_after_commit():
    with transaction.atomic():
        enqueue(RECORD, 7, label="a")
        assert CALLS == []
    assert CALLS == [((7,), {"label": "a"})]


@pytest.mark.django_db(transaction=True)
def test_enqueue_runs_nothing_when_the_transaction_rolls_back():
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue(RECORD, 7)
        raise RuntimeError("batal")
    assert CALLS == []


@pytest.mark.django_db(transaction=True)
def test_keywords_that_django_q_knows_still_reach_the_job():
    enqueue(RECORD, timeout=5, group="g", hook="h")
    assert CALLS == [((), {"timeout": 5, "group": "g", "hook": "h"})]


def test_enqueue_refuses_a_function_that_cannot_be_imported():
    with pytest.raises(ValueError, match="cannot be imported"):
        enqueue("terpadu.core.tests.test_jobs.nothing_here")


def test_register_schedule_refuses_an_invalid_cron(monkeypatch):
    monkeypatch.setattr(jobs, "_SCHEDULES", {})
    with pytest.raises(ValueError, match="invalid cron"):
        register_schedule(name="x", func=RECORD, cron="every minute")
    assert jobs.registered_schedules() == []


@pytest.mark.django_db
def test_sync_schedules_is_idempotent_updates_a_changed_cron_and_removes_stale(monkeypatch):
    monkeypatch.setattr(jobs, "_SCHEDULES", {})
    register_schedule(name="a.every5", func=RECORD, cron="*/5 * * * *")
    register_schedule(name="b.nightly", func=RECORD, cron="0 1 * * *")
    Schedule.objects.create(name="manual", func=RECORD, schedule_type=Schedule.DAILY)  # not ours: left alone
    assert sync_schedules() == ["created a.every5 (*/5 * * * *)", "created b.nightly (0 1 * * *)"]
    assert sync_schedules() == ["unchanged a.every5 (*/5 * * * *)", "unchanged b.nightly (0 1 * * *)"]
    assert sorted(Schedule.objects.values_list("name", flat=True)) == [
        "manual",
        "terpadu:a.every5",
        "terpadu:b.nightly",
    ]

    monkeypatch.setattr(jobs, "_SCHEDULES", {})
    register_schedule(name="a.every5", func=RECORD, cron="30 2 * * *")
    assert sync_schedules() == ["updated a.every5 (30 2 * * *)", "removed b.nightly"]
    assert sync_schedules() == ["unchanged a.every5 (30 2 * * *)"]
    row = Schedule.objects.get(name="terpadu:a.every5")
    assert (row.func, row.schedule_type, row.cron, row.repeats) == (RECORD, Schedule.CRON, "30 2 * * *", -1)
    assert (row.next_run.hour, row.next_run.minute) == (2, 30)
    assert sorted(Schedule.objects.values_list("name", flat=True)) == ["manual", "terpadu:a.every5"]


@pytest.mark.django_db
def test_sync_schedules_command_writes_the_modules_schedules():
    out = io.StringIO()
    call_command("sync_schedules", stdout=out)
    call_command("sync_schedules", stdout=out)
    lines = out.getvalue().splitlines()
    assert "created notifications.retry_deliveries (*/5 * * * *)" in lines
    assert "unchanged notifications.retry_deliveries (*/5 * * * *)" in lines
    assert Schedule.objects.filter(name="terpadu:notifications.retry_deliveries").count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_scheduler_runs_a_due_schedule_once_even_when_two_passes_follow_each_other(monkeypatch):
    monkeypatch.setattr(jobs, "_SCHEDULES", {})
    register_schedule(name="due", func=RECORD, cron="*/5 * * * *")
    sync_schedules()
    Schedule.objects.filter(name="terpadu:due").update(next_run=timezone.now() - timedelta(minutes=1))
    scheduler()
    scheduler()
    assert CALLS == [((), {})]
    assert Schedule.objects.get(name="terpadu:due").next_run > timezone.now()
