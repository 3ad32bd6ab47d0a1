"""Reads of the anomaly flags, always given the acting user.

Who sees which flags:
- government-wide roles (Bupati, Wakil, Sekda, platform admin, auditor): every flag of the government;
- agency head, admin and operator: the flags of their agencies;
- every employee: the flags they are the reviewer of, and their own flags once reviewed;
- never one's own open flag: the flagged employee does not see the evidence before the review (it would
  tell them what to hide); once reviewed, the flag and its outcome are visible to them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from terpadu.core.errors import NotFound
from terpadu.core.roles import Actor, actor_of
from terpadu.directory.models import Agency

from . import policies
from .models import AnomalyFlag


def visibility(actor: Actor | None) -> Q:
    """The flags ``actor`` may read."""
    if actor is None or actor.government_id is None:
        return Q(pk__in=[])
    if actor.sees_whole_government:
        readable = policies.employee_filter(actor)
    else:
        agencies = sorted(actor.agencies_with(*policies.AGENCY_READERS))
        readable = policies.employee_filter(actor) & Q(agency_id__in=agencies) if agencies else Q(pk__in=[])
    if actor.employee_id is not None:
        mine = Q(reviewer_id=actor.employee_id) | Q(employee_id=actor.employee_id)
        readable |= Q(government_id=actor.government_id) & mine
        readable &= ~Q(employee_id=actor.employee_id, status=AnomalyFlag.Status.OPEN)
    return readable


def anomaly_flags_for_user(
    *,
    user: Any,
    day: date | None = None,
    agency_id: int | None = None,
    status: str = "",
    kind: str = "",
) -> QuerySet[AnomalyFlag]:
    qs = AnomalyFlag.objects.filter(visibility(actor_of(user)))
    if day is not None:
        qs = qs.filter(date=day)
    if agency_id:
        qs = qs.filter(agency_id=agency_id)
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.select_related("employee", "reviewer", "agency", "reviewed_by").order_by(
        "agency__code", "kind", "group_key", "employee__name", "pk"
    )


def anomaly_get_for_user(*, user: Any, pk: Any) -> AnomalyFlag:
    """One flag the user may read; the same 404 for "missing" and "not yours"."""
    try:
        return anomaly_flags_for_user(user=user).get(pk=pk)
    except (AnomalyFlag.DoesNotExist, ValueError, TypeError):
        raise NotFound("Tanda kejanggalan tidak ditemukan.") from None


def latest_day(*, user: Any) -> date | None:
    """The most recent day with a flag the user may read."""
    return (
        AnomalyFlag.objects.filter(visibility(actor_of(user))).order_by("-date").values_list("date", flat=True).first()
    )


def agencies_with_flags(*, user: Any, day: date | None) -> QuerySet[Agency]:
    """Agencies of the flags the user may read (of ``day`` when given), for the filter."""
    flags = AnomalyFlag.objects.filter(visibility(actor_of(user)))
    if day is not None:
        flags = flags.filter(date=day)
    return Agency.objects.filter(pk__in=flags.values("agency_id")).only("id", "code", "name", "short_name")
