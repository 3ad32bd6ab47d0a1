"""The audit trail: append a row for every change, in the caller's transaction."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from .models import AuditChainHead, AuditEvent

ZERO_HASH = "0" * 64


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    return value


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """A JSON-able picture of a row's concrete fields (foreign keys by id)."""
    names = fields or [f.attname for f in instance._meta.concrete_fields if f.attname != "password"]
    return {name: _jsonable(getattr(instance, name)) for name in names}


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the keys whose values differ, for compact before/after rows."""
    keys = [key for key in after if before.get(key) != after.get(key)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def _digest(payload: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def _payload(event: AuditEvent) -> dict[str, Any]:
    return {
        "sequence": event.sequence,
        "government_id": event.government_id,
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_repr": event.object_repr,
        "agency_id": event.agency_id,
        "before": event.before,
        "after": event.after,
        "ip_address": event.ip_address,
        "created_at": event.created_at.isoformat(),
        "prev_hash": event.prev_hash,
    }


@dataclass(frozen=True)
class AuditTarget:
    object_type: str
    object_id: str
    object_repr: str = ""


def target_of(instance: models.Model) -> AuditTarget:
    return AuditTarget(instance._meta.label_lower, str(instance.pk), str(instance)[:300])


def audit_record(
    *,
    actor: Any,
    action: str,
    target: AuditTarget | models.Model,
    government_id: int | None,
    agency_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    ip_address: str | None = None,
) -> AuditEvent:
    """Append one audit row, chained to the previous one. Call inside the service's transaction."""
    if isinstance(target, models.Model):
        target = target_of(target)
    user = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(key="main")
        event = AuditEvent(
            sequence=head.sequence + 1,
            government_id=government_id,
            actor=user,
            actor_label=(user.get_username() if user is not None else "sistem")[:200],
            action=action,
            object_type=target.object_type,
            object_id=target.object_id,
            object_repr=target.object_repr[:300],
            agency_id=agency_id,
            before=_jsonable(before) if before is not None else None,
            after=_jsonable(after) if after is not None else None,
            ip_address=ip_address,
            created_at=timezone.now(),
            prev_hash=head.last_hash,
        )
        event.hash = _digest(_payload(event))
        event.save()
        AuditChainHead.objects.filter(pk=head.pk).update(sequence=event.sequence, last_hash=event.hash)
    return event


@dataclass(frozen=True)
class ChainCheck:
    ok: bool
    checked: int
    broken_at: int | None = None


def audit_verify_chain(batch: int = 2000) -> ChainCheck:
    """Recompute every hash in order; report the first sequence where the chain breaks."""
    prev = ZERO_HASH
    expected_sequence = 1
    checked = 0
    for event in AuditEvent.objects.order_by("sequence").iterator(chunk_size=batch):
        if event.sequence != expected_sequence or event.prev_hash != prev or _digest(_payload(event)) != event.hash:
            return ChainCheck(ok=False, checked=checked, broken_at=event.sequence)
        prev = event.hash
        expected_sequence += 1
        checked += 1
    return ChainCheck(ok=True, checked=checked)


def audit_record_many(*, actor: Any, entries: Iterable[dict[str, Any]], ip_address: str | None = None) -> int:
    """Append many audit rows under one lock of the chain head, chained exactly as :func:`audit_record`.

    Each entry holds the keyword arguments of :func:`audit_record` other than ``actor`` and
    ``ip_address``: ``action``, ``target``, ``government_id`` and optionally ``agency_id``,
    ``before``, ``after``. Returns the number of rows written. Call inside the service's transaction.
    """
    user = actor if getattr(actor, "is_authenticated", False) else None
    label = (user.get_username() if user is not None else "sistem")[:200]
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(key="main")
        sequence, last_hash, events = head.sequence, head.last_hash, []
        for entry in entries:
            target = entry["target"]
            target = target_of(target) if isinstance(target, models.Model) else target
            before, after = entry.get("before"), entry.get("after")
            event = AuditEvent(
                sequence=sequence + 1,
                government_id=entry["government_id"],
                actor=user,
                actor_label=label,
                action=entry["action"],
                object_type=target.object_type,
                object_id=target.object_id,
                object_repr=target.object_repr[:300],
                agency_id=entry.get("agency_id"),
                before=_jsonable(before) if before is not None else None,
                after=_jsonable(after) if after is not None else None,
                ip_address=ip_address,
                created_at=timezone.now(),
                prev_hash=last_hash,
            )
            event.hash = _digest(_payload(event))
            sequence, last_hash = event.sequence, event.hash
            events.append(event)
        AuditEvent.objects.bulk_create(events, batch_size=1000)
        AuditChainHead.objects.filter(pk=head.pk).update(sequence=sequence, last_hash=last_hash)
    return len(events)
