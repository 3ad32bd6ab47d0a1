"""The only functions other modules call for webhooks: declare event types and publish events.

register_event_type("deadline.request.overdue", "Permintaan data melewati tenggat")
publish_event(government_id=g, event_type="deadline.request.overdue",
              payload={"request_id": 7}, idempotency_key=f"deadline.request.overdue:{7}")
"""

from __future__ import annotations

from typing import Any

from . import services
from .registry import event_types, register_event_type

__all__ = ["event_types", "publish_event", "register_event_type"]


def publish_event(*, government_id: int, event_type: str, payload: dict[str, Any], idempotency_key: str) -> int:
    """Create at most one delivery per (endpoint, ``idempotency_key``) for every active endpoint of the
    government subscribed to ``event_type``; they are sent by a background job once the caller's
    transaction commits (and vanish with it if it rolls back). Returns the number of new deliveries.

    ``payload`` must be JSON-serialisable (dates, Decimals and UUIDs are turned into strings).
    """
    return services.event_publish(
        government_id=government_id, event_type=event_type, payload=payload, idempotency_key=idempotency_key
    )
