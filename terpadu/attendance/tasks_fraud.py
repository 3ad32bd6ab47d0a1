"""Thin job wrappers for the daily anomaly report. Idempotent: a second run creates and notifies nothing."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from terpadu.directory.models import Government

from .fraud import anomaly_report_build

#: the local hour at which a government's day is reported (the schedule runs at :30 of 14, 15 and 16 UTC
#: = 23:30 WIT, WITA and WIB)
REPORT_HOUR = 23


def _due(zone: str, day: str | None) -> list[date]:
    """The days to report for a government: an explicit day; else, at 23:xx local time, today and (for
    events after yesterday's run, e.g. night shifts) yesterday."""
    if day:
        return [date.fromisoformat(day)]
    now = timezone.now().astimezone(ZoneInfo(zone))
    if now.hour != REPORT_HOUR:
        return []
    return [now.date() - timedelta(days=1), now.date()]


def anomaly_report_daily(day: str | None = None) -> int:
    """Build the anomaly report of every government whose report is due; returns the flags created."""
    created = 0
    for government_id, zone in Government.objects.order_by("pk").values_list("pk", "timezone"):
        for due in _due(zone, day):
            created += anomaly_report_build(government_id=government_id, day=due).created
    return created
