"""The event types modules publish. Each module registers its own at import time::

register_event_type("deadline.request.overdue", "Permintaan data melewati tenggat")
"""

from __future__ import annotations

import re

_TYPE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
_EVENT_TYPES: dict[str, str] = {}


def register_event_type(event_type: str, description: str) -> None:
    """Declare an event type (dotted lower-case name) with a description admins read. Idempotent."""
    if not _TYPE.match(event_type) or len(event_type) > 100:
        raise ValueError(f"event type must be a dotted lower-case name: {event_type!r}")
    _EVENT_TYPES[event_type] = description


def event_types() -> dict[str, str]:
    """Every registered type and its description, sorted by type."""
    return dict(sorted(_EVENT_TYPES.items()))


def is_registered(event_type: str) -> bool:
    return event_type in _EVENT_TYPES


register_event_type("webhook.ping", "Uji coba: dikirim saat admin menekan “Kirim uji”")
