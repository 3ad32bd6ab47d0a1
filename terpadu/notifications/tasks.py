"""Job wrappers (django-q2 runs these by dotted path). Thin and idempotent: load by id, call a service."""

from __future__ import annotations

from . import services


def deliver(delivery_id: int) -> str:
    """Send one external delivery; a second run finds it claimed or sent and does nothing."""
    return services.delivery_send(delivery_id=delivery_id)


def retry_due_deliveries() -> int:
    """Periodic (every 5 minutes): queue failed deliveries due for a retry and pending ones never run."""
    return services.delivery_retry_due()
