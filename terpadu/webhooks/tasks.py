"""Jobs (terpadu.core.jobs): thin and idempotent. A delivery is claimed before it is sent, so a job
that runs twice, or two workers at once, send each attempt once."""

from __future__ import annotations

from . import services


def deliver_webhook(delivery_id: int) -> bool:
    """Enqueued after a publish or a redelivery commits."""
    return services.delivery_attempt(delivery_id=delivery_id)


def deliver_due_webhooks() -> int:
    """Every minute: the retries whose time has come."""
    return services.deliveries_send_due()
