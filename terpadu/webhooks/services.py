"""Writes: endpoints (created, enabled, disabled), events published into deliveries, redeliveries."""

from __future__ import annotations

import json
import secrets
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone

from terpadu.core.audit import audit_record, snapshot
from terpadu.core.errors import Conflict, ValidationFailed
from terpadu.core.jobs import enqueue
from terpadu.core.roles import actor_of
from terpadu.directory.models import Government

from . import policies, rules, transport
from .models import Delivery, DeliveryAttempt, WebhookEndpoint
from .registry import is_registered

ENDPOINT_FIELDS = ["name", "url", "event_types", "is_active"]
DELIVER_TASK = "terpadu.webhooks.tasks.deliver_webhook"
#: a claimed row is taken again after this long: its worker died mid-send (well above the timeout)
LEASE = timedelta(minutes=5)
DEFAULT_TIMEOUT_SECONDS = 10.0
#: the periodic job sends at most this many due deliveries, and stops claiming after the time budget
DUE_BATCH = 100
DUE_BUDGET_SECONDS = 120


def _endpoint_problems(name: str, url: str, event_types: list[str]) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not name.strip():
        problems["name"] = "Nama wajib diisi."
    if (problem := rules.url_problem(url)) is not None:
        problems["url"] = problem
    if not event_types:
        problems["event_types"] = "Pilih sedikitnya satu jenis peristiwa."
    elif unknown := sorted(t for t in event_types if not is_registered(t)):
        problems["event_types"] = f"Jenis peristiwa tidak dikenal: {', '.join(unknown)}."
    return problems


@transaction.atomic
def endpoint_create(
    *, user: Any, government: Government, name: str, url: str, event_types: list[str]
) -> tuple[WebhookEndpoint, str]:
    """A new endpoint and its signing secret (returned once, to be shown once)."""
    policies.ensure(policies.can_manage_webhooks(actor_of(user), government.pk))
    problems = _endpoint_problems(name, url, event_types)
    if problems:
        raise ValidationFailed(next(iter(problems.values())), fields=problems)
    secret = "whsec_" + secrets.token_urlsafe(32)
    endpoint = WebhookEndpoint.objects.create(
        government=government,
        name=name.strip(),
        url=url.strip(),
        secret=secret,
        event_types=sorted(set(event_types)),
        created_by=user,
    )
    audit_record(
        actor=user,
        action="webhook.endpoint.create",
        target=endpoint,
        government_id=government.pk,
        after=snapshot(endpoint, ENDPOINT_FIELDS),
    )
    return endpoint, secret


@transaction.atomic
def endpoint_set_active(*, user: Any, endpoint: WebhookEndpoint, active: bool) -> WebhookEndpoint:
    """Enable or disable; disabling cancels the deliveries still waiting (nothing more is sent)."""
    policies.ensure(policies.can_manage_webhooks(actor_of(user), endpoint.government_id))
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    if endpoint.is_active == active:
        return endpoint
    endpoint.is_active = active
    endpoint.save(update_fields=["is_active"])
    cancelled = 0
    if not active:
        waiting = Delivery.objects.filter(endpoint=endpoint, status=Delivery.Status.PENDING)
        cancelled = waiting.update(status=Delivery.Status.CANCELLED, next_attempt_at=None)
    audit_record(
        actor=user,
        action="webhook.endpoint.enable" if active else "webhook.endpoint.disable",
        target=endpoint,
        government_id=endpoint.government_id,
        before={"is_active": not active},
        after={"is_active": active, "cancelled_deliveries": cancelled},
    )
    return endpoint


@transaction.atomic
def delivery_redeliver(*, user: Any, delivery: Delivery) -> Delivery:
    """Send again ("kirim ulang"): a new round of attempts starting now, to an active endpoint."""
    delivery = Delivery.objects.select_for_update().select_related("endpoint").get(pk=delivery.pk)
    policies.ensure(policies.can_manage_webhooks(actor_of(user), delivery.endpoint.government_id))
    if not delivery.endpoint.is_active:
        raise Conflict("Webhook ini nonaktif; aktifkan dahulu sebelum mengirim ulang.")
    if delivery.status == Delivery.Status.SENDING:
        raise Conflict("Pengiriman ini sedang berlangsung; tunggu hasilnya.")
    before = snapshot(delivery, ["status", "attempts"])
    delivery.status, delivery.attempts = Delivery.Status.PENDING, 0
    delivery.next_attempt_at, delivery.lease_until = timezone.now(), None
    delivery.save(update_fields=["status", "attempts", "next_attempt_at", "lease_until"])
    audit_record(
        actor=user,
        action="webhook.delivery.redeliver",
        target=delivery,
        government_id=delivery.endpoint.government_id,
        before=before,
        after=snapshot(delivery, ["status", "attempts"]),
    )
    enqueue(DELIVER_TASK, delivery.pk)
    return delivery


def _jsonable(payload: dict[str, Any]) -> Any:
    return json.loads(json.dumps(payload, cls=DjangoJSONEncoder))


@transaction.atomic
def event_publish(*, government_id: int, event_type: str, payload: dict[str, Any], idempotency_key: str) -> int:
    """Deliveries for every active endpoint subscribed to ``event_type`` (in the caller's transaction:
    they exist only if it commits), sent by a job after commit. Returns how many were new."""
    if not is_registered(event_type):
        raise ValueError(f"unregistered event type {event_type!r}")
    if not idempotency_key or len(idempotency_key) > 200:
        raise ValueError("idempotency_key must be 1 to 200 characters")
    data, now = _jsonable(payload), timezone.now()
    created = 0
    for endpoint in WebhookEndpoint.objects.filter(government_id=government_id, is_active=True).order_by("pk"):
        if event_type not in endpoint.event_types:
            continue
        delivery, is_new = Delivery.objects.get_or_create(
            endpoint=endpoint,
            idempotency_key=idempotency_key,
            defaults={
                "event_id": rules.event_id(government_id, idempotency_key),
                "event_type": event_type,
                "payload": data,
                "created_at": now,
                "next_attempt_at": now,
            },
        )
        if is_new:
            created += 1
            enqueue(DELIVER_TASK, delivery.pk)
    return created


# --- sending (called by the jobs in tasks.py) -------------------------------------------------------


def _due(now: datetime) -> Q:
    """Due rows, by conditions on the row's own columns only: a claim's UPDATE must carry them in its
    own WHERE (PostgreSQL re-checks those against a row another worker just changed; a join would
    turn the UPDATE into ``id IN (subquery)``, which is not re-checked, and both workers would win)."""
    pending = Q(status=Delivery.Status.PENDING, next_attempt_at__lte=now)
    active = Q(endpoint_id__in=WebhookEndpoint.objects.filter(is_active=True).values("pk"))
    return (pending | Q(status=Delivery.Status.SENDING, lease_until__lt=now)) & active


def _claim(delivery_id: int, now: datetime) -> Delivery | None:
    """Take one due delivery with a conditional UPDATE: of two workers, exactly one gets it."""
    claimed = Delivery.objects.filter(_due(now), pk=delivery_id).update(
        status=Delivery.Status.SENDING, lease_until=now + LEASE, attempts=F("attempts") + 1
    )
    return Delivery.objects.select_related("endpoint").get(pk=delivery_id) if claimed else None


def _request(delivery: Delivery) -> tuple[bytes, dict[str, str]]:
    body = rules.body(
        event=str(delivery.event_id),
        event_type=delivery.event_type,
        created_at=delivery.created_at.isoformat(),
        government_id=delivery.endpoint.government_id,
        data=delivery.payload,
    )
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Terpadu-Webhook/1",
        rules.EVENT_HEADER: delivery.event_type,
        rules.DELIVERY_HEADER: str(delivery.uuid),
        rules.SIGNATURE_HEADER: rules.signature(delivery.endpoint.secret, body),
    }
    return body, headers


def _outcome_fields(delivery: Delivery, outcome: transport.Outcome, started: datetime) -> dict[str, Any]:
    if outcome.ok:
        return {"status": Delivery.Status.SUCCEEDED, "delivered_at": timezone.now(), "next_attempt_at": None}
    delay = rules.next_delay(delivery.attempts)
    if delay is None:
        return {"status": Delivery.Status.FAILED, "next_attempt_at": None}
    return {"status": Delivery.Status.PENDING, "next_attempt_at": started + delay}


@transaction.atomic
def _record(delivery: Delivery, outcome: transport.Outcome, started: datetime) -> None:
    last = DeliveryAttempt.objects.filter(delivery=delivery).aggregate(n=Max("number"))["n"] or 0
    DeliveryAttempt.objects.create(
        delivery=delivery,
        number=last + 1,
        started_at=started,
        duration_ms=outcome.duration_ms,
        status_code=outcome.status_code,
        succeeded=outcome.ok,
        error=outcome.error,
        response_excerpt=outcome.excerpt,
    )
    Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.SENDING).update(
        lease_until=None, last_status_code=outcome.status_code, **_outcome_fields(delivery, outcome, started)
    )


def delivery_attempt(*, delivery_id: int) -> bool:
    """Send one delivery if it is due and this worker wins the claim; log the attempt, schedule the
    retry (1 min, 5 min, 30 min, 2 h, 12 h) or give up after the 6th failure. Returns whether it sent."""
    started = timezone.now()
    delivery = _claim(delivery_id, started)
    if delivery is None:
        return False
    body, headers = _request(delivery)
    timeout = float(getattr(settings, "TERPADU_WEBHOOK_TIMEOUT", DEFAULT_TIMEOUT_SECONDS))
    _record(delivery, transport.post(delivery.endpoint.url, body, headers, timeout), started)
    return True


def deliveries_send_due() -> int:
    """Send the deliveries whose next attempt is due (retries, and any a lost job left behind)."""
    deadline = timezone.now() + timedelta(seconds=DUE_BUDGET_SECONDS)
    due = Delivery.objects.filter(_due(timezone.now())).order_by("next_attempt_at", "pk")
    sent = 0
    for delivery_id in list(due.values_list("pk", flat=True)[:DUE_BATCH]):
        if timezone.now() >= deadline:
            break
        sent += delivery_attempt(delivery_id=delivery_id)
    return sent


@transaction.atomic
def endpoint_ping(*, user: Any, endpoint: WebhookEndpoint) -> Delivery:
    """A "webhook.ping" delivery to this one endpoint, so the admin sees the receiver answer."""
    policies.ensure(policies.can_manage_webhooks(actor_of(user), endpoint.government_id))
    if not endpoint.is_active:
        raise Conflict("Webhook ini nonaktif; aktifkan dahulu sebelum mengirim uji.")
    now, key = timezone.now(), f"webhook.ping:{secrets.token_hex(8)}"
    delivery = Delivery.objects.create(
        endpoint=endpoint,
        event_id=rules.event_id(endpoint.government_id, key),
        event_type="webhook.ping",
        idempotency_key=key,
        payload={"message": "Uji coba webhook Terpadu."},
        created_at=now,
        next_attempt_at=now,
    )
    audit_record(actor=user, action="webhook.endpoint.ping", target=endpoint, government_id=endpoint.government_id)
    enqueue(DELIVER_TASK, delivery.pk)
    return delivery
