"""Thin job wrappers of machine-log imports (django-q2). Each is idempotent: running it twice acts once."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Max, Min

from .models import AttendanceEvent, MachineImport


def machine_import_run(file_id: int, agency_id: int, user_id: int) -> str | None:
    """Import a stored log too big for the request (a second run of the same file does nothing)."""
    from .machine_imports import machine_import_job_run

    result = machine_import_job_run(file_id=file_id, agency_id=agency_id, user_id=user_id)
    return result.status if result is not None else None


def machine_import_days(import_id: int) -> int:
    """Recompute the days of the employees an import touched, from the day before its first punch (a night
    shift that began the evening before) to its last. Recomputing is idempotent."""
    from . import days

    record = MachineImport.objects.filter(pk=import_id).first()
    compute = getattr(days, "days_compute", None)
    if record is None or compute is None:
        return 0
    events = AttendanceEvent.objects.filter(machine_import_id=import_id)
    span = events.aggregate(first=Min("local_date"), last=Max("local_date"))
    if span["first"] is None:
        return 0
    employee_ids = sorted(set(events.values_list("employee_id", flat=True)))
    start = span["first"] - timedelta(days=1)
    return int(compute(government_id=record.government_id, start=start, end=span["last"], employee_ids=employee_ids))
