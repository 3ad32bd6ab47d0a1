"""Thin job wrapper for the nightly close: each government's yesterday computed into AttendanceDay rows.

Idempotent: :func:`days.close_yesterday` replaces the rows it computes (closed months are left alone).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from terpadu.directory.models import Government

from . import days

#: the local hour at which a government's yesterday is closed (the schedule runs at :30 of 15, 16 and 17 UTC
#: = 00:30 WIT, WITA and WIB)
CLOSE_HOUR = 0


def _due(zone: str, moment: datetime) -> bool:
    return moment.astimezone(ZoneInfo(zone)).hour == CLOSE_HOUR


def close_yesterday_all(force: bool = False, now: str | None = None) -> int:
    """Close yesterday for every government whose local time is 00:xx (all of them with ``force``);
    returns the number of day rows written. ``now`` (ISO) decides which governments are due (tests,
    an operator re-running a missed slot)."""
    moment = datetime.fromisoformat(now) if now else timezone.now()
    written = 0
    for government_id, zone in Government.objects.order_by("pk").values_list("pk", "timezone"):
        if force or _due(zone, moment):
            written += days.close_yesterday(government_id=government_id)
    return written
