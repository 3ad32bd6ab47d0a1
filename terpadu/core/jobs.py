"""Background jobs and schedules, on django-q2 (docs/adr/0007-background-jobs.md).

``enqueue("terpadu.x.tasks.f", 1)`` runs ``f(1)`` in a worker once the current transaction commits
(inline when ``Q_CLUSTER["sync"]`` is set, as in tests). Modules declare periodic jobs with
``register_schedule`` in their ``AppConfig.ready()``; ``manage.py sync_schedules`` (run by
``make worker`` before the cluster starts) writes them to django-q2's ``Schedule`` table, whose
scheduler runs them. Every job must be idempotent: it may run twice.
"""

from __future__ import annotations

import pydoc
from dataclasses import dataclass
from datetime import datetime

from croniter import croniter  # type: ignore[import-untyped]
from django.db import connection, transaction
from django.utils import timezone
from django_q.models import Schedule
from django_q.tasks import async_task

RUNNER = "terpadu.core.jobs.run_job"
#: Key of the PostgreSQL advisory lock that serialises concurrent sync_schedules runs (several workers starting).
SYNC_LOCK_KEY = 7_300_001
#: Schedules written by :func:`sync_schedules` carry this name prefix; other rows are left alone.
SCHEDULE_PREFIX = "terpadu:"


@dataclass(frozen=True)
class ScheduleSpec:
    name: str
    func: str
    cron: str

    @property
    def row_name(self) -> str:
        return f"{SCHEDULE_PREFIX}{self.name}"


_SCHEDULES: dict[str, ScheduleSpec] = {}


def _check_func(func: str) -> None:
    if not callable(pydoc.locate(func)):
        raise ValueError(f"job function {func!r} cannot be imported")


def enqueue(func: str, *args: object, **kwargs: object) -> None:
    """Run ``func(*args, **kwargs)`` as a background job after the current transaction commits.

    Nothing runs if the transaction rolls back. Arguments must be plain values (ids, strings):
    the job loads what it needs.
    """
    _check_func(func)
    transaction.on_commit(lambda: _submit(func, args, kwargs))


def _submit(func: str, args: tuple[object, ...], kwargs: dict[str, object]) -> None:
    # The job's own arguments travel as two values, so none of them is taken for a django-q2 option
    # ("timeout", "group", "hook"…); the group names the job in django-q2's task lists.
    async_task(RUNNER, func, list(args), dict(kwargs), q_options={"group": func})


def run_job(func: str, args: list[object], kwargs: dict[str, object]) -> object:
    """What a worker runs for :func:`enqueue`: the job itself, with its own arguments."""
    target = pydoc.locate(func)
    if not callable(target):
        raise ValueError(f"job function {func!r} cannot be imported")
    return target(*args, **kwargs)


def register_schedule(*, name: str, func: str, cron: str) -> None:
    """Declare a periodic job (cron in UTC, settings.TIME_ZONE). Call from ``AppConfig.ready()``."""
    if not croniter.is_valid(cron):
        raise ValueError(f"invalid cron expression {cron!r} for schedule {name!r}")
    if len(SCHEDULE_PREFIX + name) > 100:
        raise ValueError(f"schedule name {name!r} is too long")
    _SCHEDULES[name] = ScheduleSpec(name=name, func=func, cron=cron)


def registered_schedules() -> list[ScheduleSpec]:
    return sorted(_SCHEDULES.values(), key=lambda spec: spec.name)


def _next_run(cron: str) -> datetime:
    return croniter(cron, timezone.now()).get_next(datetime)


def _sync_one(spec: ScheduleSpec) -> str:
    row = Schedule.objects.filter(name=spec.row_name).order_by("pk").first()
    if row is None:
        Schedule.objects.create(name=spec.row_name, func=spec.func, schedule_type=Schedule.CRON, cron=spec.cron)
        return f"created {spec.name} ({spec.cron})"
    Schedule.objects.filter(name=spec.row_name).exclude(pk=row.pk).delete()
    if (row.func, row.cron, row.schedule_type, row.repeats) == (spec.func, spec.cron, Schedule.CRON, -1):
        return f"unchanged {spec.name} ({spec.cron})"
    if row.cron != spec.cron or row.schedule_type != Schedule.CRON:
        row.next_run = _next_run(spec.cron)
    row.func, row.cron, row.schedule_type, row.repeats = spec.func, spec.cron, Schedule.CRON, -1
    row.save()
    return f"updated {spec.name} ({spec.cron})"


def _lock_sync() -> None:
    """Two workers starting at once must not both create a row. SQLite's IMMEDIATE transactions already
    serialise writers; PostgreSQL takes a transaction-scoped advisory lock."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SYNC_LOCK_KEY])


@transaction.atomic
def sync_schedules() -> list[str]:
    """Make django-q2's schedules match the registry: create, update, remove ours. Idempotent.

    Returns one line per schedule: ``created|updated|unchanged|removed <name> …``.
    """
    _lock_sync()
    specs = registered_schedules()
    lines = [_sync_one(spec) for spec in specs]
    stale = Schedule.objects.filter(name__startswith=SCHEDULE_PREFIX).exclude(name__in=[s.row_name for s in specs])
    for name in sorted(stale.values_list("name", flat=True)):
        lines.append(f"removed {name.removeprefix(SCHEDULE_PREFIX)}")
    stale.delete()
    return lines
