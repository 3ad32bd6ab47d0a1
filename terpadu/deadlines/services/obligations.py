"""Writes to requests: create and edit (as a draft), publish to the addressed agencies, close."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db import transaction

from terpadu.core.audit import audit_record, snapshot
from terpadu.core.errors import ValidationFailed
from terpadu.core.formatting import waktu
from terpadu.core.roles import actor_of
from terpadu.directory.models import Agency

from .. import policies, rules
from ..models import Obligation, ObligationAgency, ObligationItem
from ..rules import ItemDraft, ObligationAction
from .common import clock, ensure_module, event, lock_obligation, obligation_url, send, users_with_roles

AUDITED = [
    "title",
    "instructions",
    "opens_at",
    "due_at",
    "reminder_days",
    "status",
    "requester_agency_id",
    "module",
]


def _requester_agency(actor: Any, requester_agency_id: int | None) -> int | None:
    """Government-wide requesters ask for the government (or for a named agency); others for their agency."""
    own = sorted(policies.requester_agencies(actor))
    if (
        requester_agency_id is not None
        and requester_agency_id not in own
        and not actor.has_role(*policies.GOVERNMENT_REQUESTER_ROLES)
    ):
        raise ValidationFailed(
            "Anda hanya dapat meminta atas nama OPD Anda.", fields={"requester_agency_id": "Pilih OPD Anda."}
        )
    if requester_agency_id is not None or actor.has_role(*policies.GOVERNMENT_REQUESTER_ROLES):
        return requester_agency_id
    return own[0]


def _agencies(government_id: int, agency_ids: Sequence[int]) -> list[Agency]:
    agencies = list(Agency.objects.filter(government_id=government_id, is_active=True, pk__in=sorted(set(agency_ids))))
    if len(agencies) != len(set(agency_ids)):
        raise ValidationFailed("OPD tujuan tidak dikenal.", fields={"agency_ids": "Pilih OPD dari daftar."})
    return agencies


def _check(
    *,
    title: str,
    opens_at: datetime,
    due_at: datetime,
    items: Sequence[ItemDraft],
    agencies: list[Agency],
    module: str,
) -> None:
    problems = rules.obligation_problems(
        title=title,
        opens_at=opens_at,
        due_at=due_at,
        items=items,
        agency_count=len(agencies),
        items_required=not module,
    )
    if problems:
        raise ValidationFailed(next(iter(problems.values())), fields=problems)


def _write_items(obligation: Obligation, items: Sequence[ItemDraft]) -> None:
    obligation.items.all().delete()
    ObligationItem.objects.bulk_create(
        ObligationItem(
            obligation=obligation,
            order=index,
            label=item.label.strip(),
            kind=item.kind,
            required=item.required,
            help_text=item.help_text.strip(),
            choices=[c.strip() for c in item.choices if c.strip()] if item.kind == rules.ItemKind.CHOICE else [],
            allowed_types=sorted(set(item.allowed_types)) if item.kind == rules.ItemKind.FILE else [],
        )
        for index, item in enumerate(items, start=1)
    )


def _write_agencies(obligation: Obligation, agencies: list[Agency]) -> None:
    obligation.addressees.all().delete()
    ObligationAgency.objects.bulk_create(ObligationAgency(obligation=obligation, agency=a) for a in agencies)


def _contents(obligation: Obligation) -> dict[str, Any]:
    items = list(obligation.items.order_by("order").values("label", "kind", "required"))
    agencies = sorted(obligation.addressees.values_list("agency_id", flat=True))
    return {**snapshot(obligation, AUDITED), "items": items, "agency_ids": agencies}


@transaction.atomic
def obligation_create(
    *,
    user: Any,
    title: str,
    instructions: str,
    opens_at: datetime,
    due_at: datetime,
    items: Sequence[ItemDraft],
    agency_ids: Sequence[int],
    reminder_days: Sequence[int] = rules.DEFAULT_REMINDER_DAYS,
    requester_agency_id: int | None = None,
    module: str = "",
) -> Obligation:
    """A request as a draft; nothing reaches the agencies until it is published. ``module`` names the
    module whose workflow answers it (registry.py)."""
    actor = actor_of(user)
    policies.ensure(policies.can_create(actor), "Anda tidak berwenang membuat permintaan.")
    assert actor is not None and actor.government_id is not None
    agencies = _agencies(actor.government_id, agency_ids)
    _check(title=title, opens_at=opens_at, due_at=due_at, items=items, agencies=agencies, module=module)
    obligation = Obligation.objects.create(
        government_id=actor.government_id,
        requester=user,
        requester_agency_id=_requester_agency(actor, requester_agency_id),
        title=title.strip(),
        instructions=instructions.strip(),
        opens_at=opens_at,
        due_at=due_at,
        reminder_days=list(reminder_days),
        module=module,
    )
    _write_items(obligation, items)
    _write_agencies(obligation, agencies)
    audit_record(
        actor=user,
        action="deadline.request.create",
        target=obligation,
        government_id=obligation.government_id,
        agency_id=obligation.requester_agency_id,
        after=_contents(obligation),
    )
    return obligation


def _ensure_manager(user: Any, obligation: Obligation) -> None:
    allowed = policies.can_manage(
        actor_of(user), government_id=obligation.government_id, requester_agency_id=obligation.requester_agency_id
    )
    policies.ensure(allowed, "Anda tidak berwenang mengelola permintaan ini.")


@transaction.atomic
def obligation_update(
    *,
    user: Any,
    obligation: Obligation,
    title: str,
    instructions: str,
    opens_at: datetime,
    due_at: datetime,
    items: Sequence[ItemDraft],
    agency_ids: Sequence[int],
    reminder_days: Sequence[int] = rules.DEFAULT_REMINDER_DAYS,
    module: str = "",
) -> Obligation:
    """Rewrite a draft request: its fields, its items and its addressed agencies."""
    _ensure_manager(user, obligation)
    locked = lock_obligation(obligation)
    ensure_module(locked, module)
    rules.obligation_next(locked.status, ObligationAction.EDIT)
    agencies = _agencies(locked.government_id, agency_ids)
    _check(title=title, opens_at=opens_at, due_at=due_at, items=items, agencies=agencies, module=module)
    before = _contents(locked)
    locked.title, locked.instructions = title.strip(), instructions.strip()
    locked.opens_at, locked.due_at, locked.reminder_days = opens_at, due_at, list(reminder_days)
    locked.save()
    _write_items(locked, items)
    _write_agencies(locked, agencies)
    audit_record(
        actor=user,
        action="deadline.request.update",
        target=locked,
        government_id=locked.government_id,
        agency_id=locked.requester_agency_id,
        before=before,
        after=_contents(locked),
    )
    return locked


def _announce(obligation: Obligation) -> int:
    sent = 0
    due = obligation.due_at
    for agency_id in obligation.addressees.values_list("agency_id", flat=True):
        sent += send(
            user_ids=users_with_roles(
                roles=policies.REMINDER_ROLES, government_id=obligation.government_id, agency_id=agency_id
            ),
            kind="deadline.published",
            title=f"Permintaan baru: {obligation.title}",
            body=f"Mohon dilengkapi paling lambat {_local(due, obligation)}.",
            url=obligation_url(obligation),
            key=f"deadline:{obligation.pk}:published:{agency_id}",
            government_id=obligation.government_id,
        )
    return sent


def _local(moment: datetime, obligation: Obligation) -> str:
    return waktu(moment, obligation.government.timezone)


@transaction.atomic
def obligation_publish(*, user: Any, obligation: Obligation, now: datetime | None = None) -> Obligation:
    """Open a draft request to its agencies: they are notified, the webhook event goes out."""
    _ensure_manager(user, obligation)
    now = clock(now)
    locked = lock_obligation(obligation)
    target = rules.obligation_next(locked.status, ObligationAction.PUBLISH)
    if locked.due_at <= now:
        raise ValidationFailed("Batas waktu sudah lewat; ubah dulu batas waktunya.", fields={"due_at": "Sudah lewat."})
    before = snapshot(locked, ["status", "published_at"])
    locked.status, locked.published_at = target, now
    locked.save(update_fields=["status", "published_at", "updated_at"])
    audit_record(
        actor=user,
        action="deadline.request.publish",
        target=locked,
        government_id=locked.government_id,
        agency_id=locked.requester_agency_id,
        before=before,
        after=snapshot(locked, ["status", "published_at"]),
    )
    _announce(locked)
    event(
        obligation=locked,
        event_type="deadline.request.published",
        key=f"deadline:{locked.pk}:published",
        payload={
            "opens_at": locked.opens_at.isoformat(),
            "due_at": locked.due_at.isoformat(),
            "agency_codes": sorted(locked.addressees.values_list("agency__code", flat=True)),
        },
    )
    return locked


@transaction.atomic
def obligation_close(*, user: Any, obligation: Obligation, now: datetime | None = None) -> Obligation:
    """No more answers: agencies can no longer save or submit. Reviews of what came in remain possible."""
    _ensure_manager(user, obligation)
    locked = lock_obligation(obligation)
    target = rules.obligation_next(locked.status, ObligationAction.CLOSE)
    before = snapshot(locked, ["status", "closed_at"])
    locked.status, locked.closed_at = target, clock(now)
    locked.save(update_fields=["status", "closed_at", "updated_at"])
    audit_record(
        actor=user,
        action="deadline.request.close",
        target=locked,
        government_id=locked.government_id,
        agency_id=locked.requester_agency_id,
        before=before,
        after=snapshot(locked, ["status", "closed_at"]),
    )
    return locked
