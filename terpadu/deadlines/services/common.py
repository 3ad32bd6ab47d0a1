"""What the deadline services share: the clock, locking, recipients and the side effects.

Notifications and webhook events are written through their modules' outboxes inside the service's
transaction, each with a dedup/idempotency key: a rolled-back service leaves none behind, and a job
that runs twice sends nothing twice. The e-mail, WhatsApp and HTTP deliveries themselves happen after
commit, in those modules. Long work (the escalation PDF) is enqueued, i.e. runs after commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from terpadu.core.errors import Conflict
from terpadu.core.roles import Role
from terpadu.directory.models import Agency, User
from terpadu.notifications.interfaces import notify
from terpadu.webhooks.interfaces import publish_event

from ..models import AgencyResponse, Obligation
from ..registry import managed_module


def clock(now: datetime | None) -> datetime:
    return now if now is not None else timezone.now()


def obligation_url(obligation: Obligation) -> str:
    managed = managed_module(obligation.module)
    return managed.request_url(obligation.pk) if managed else reverse("deadlines:detail", args=[obligation.pk])


def escalation_url(obligation: Obligation) -> str:
    return reverse("deadlines:escalation", args=[obligation.pk])


def response_url(obligation: Obligation, agency_id: int) -> str:
    managed = managed_module(obligation.module)
    if managed:
        return managed.response_url(obligation.pk, agency_id)
    return reverse("deadlines:response", args=[obligation.pk, agency_id])


def ensure_module(obligation: Obligation, module: str) -> None:
    """A request managed by a module is answered and reviewed only through that module."""
    if obligation.module != module:
        managed = managed_module(obligation.module)
        label = managed.label if managed else "modulnya"
        raise Conflict(
            f"Permintaan ini diisi dan diperiksa melalui {label}, bukan dari halaman tenggat.",
            code="managed_by_module",
        )


def lock_obligation(obligation: Obligation) -> Obligation:
    """The request re-read under a row lock (concurrent publish/close/escalation wait for each other)."""
    return Obligation.objects.select_for_update().select_related("government").get(pk=obligation.pk)


def lock_response(obligation: Obligation, agency: Agency) -> AgencyResponse | None:
    return AgencyResponse.objects.select_for_update().filter(obligation=obligation, agency=agency).first()


def lock_or_create_response(obligation: Obligation, agency: Agency) -> tuple[AgencyResponse, bool]:
    """The agency's response under a row lock, created on first use (two first saves at once: one row)."""
    response = lock_response(obligation, agency)
    if response is not None:
        return response, False
    try:
        with transaction.atomic():
            return AgencyResponse.objects.create(obligation=obligation, agency=agency, version=0), True
    except IntegrityError:
        found = lock_response(obligation, agency)
        assert found is not None
        return found, False


def users_with_roles(*, roles: Iterable[Role], government_id: int, agency_id: int | None = None) -> list[int]:
    """Active users holding one of ``roles`` (in ``agency_id`` for agency roles)."""
    held: dict[str, Any] = {"role_assignments__role__in": [role.value for role in roles]}
    if agency_id is not None:
        held["role_assignments__agency_id"] = agency_id  # in the same filter(): the same assignment
    qs = User.objects.filter(is_active=True, government_id=government_id, **held)
    return sorted(set(qs.values_list("pk", flat=True)))


def send(*, user_ids: Iterable[int], kind: str, title: str, body: str, url: str, key: str, government_id: int) -> int:
    ids = sorted(set(user_ids))
    if not ids:
        return 0
    return notify(user_ids=ids, kind=kind, title=title, body=body, url=url, dedup_key=key, government_id=government_id)


def event(*, obligation: Obligation, event_type: str, payload: dict[str, Any], key: str) -> int:
    return publish_event(
        government_id=obligation.government_id,
        event_type=event_type,
        payload={"request_id": obligation.pk, "title": obligation.title, **payload},
        idempotency_key=key,
    )
