"""Reads of notifications, always for the acting user: a user sees only their own."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from terpadu.core.scoping import get_for_user, scoped

from .channels import Channel, enabled_channels
from .kinds import kind_label, registered_kinds
from .models import Notification, NotificationPreference


def own_notifications(*, user: Any) -> QuerySet[Notification]:
    """The user's own notifications, inside their government's scope (nothing for the anonymous)."""
    return scoped(Notification.objects.filter(user_id=int(getattr(user, "pk", 0) or 0)), user)


def unread_count_for_user(*, user: Any) -> int:
    return own_notifications(user=user).filter(read_at__isnull=True).count()


def notification_list_for_user(*, user: Any, unread: bool | None = None) -> QuerySet[Notification]:
    """Newest first; ``unread`` True: only unread, False: only read, None: all."""
    rows = own_notifications(user=user)
    if unread is not None:
        rows = rows.filter(read_at__isnull=unread)
    return rows.order_by("-created_at", "-pk")


def notification_for_user(*, user: Any, notification_id: Any) -> Notification:
    """One of the user's notifications; the same 404 for another user's and for a missing one."""
    return get_for_user(own_notifications(user=user), user, notification_id)


@dataclass(frozen=True)
class PreferenceCell:
    channel: str
    channel_label: str
    enabled: bool
    field_name: str


@dataclass(frozen=True)
class PreferenceRow:
    kind: str
    label: str
    cells: tuple[PreferenceCell, ...]


def preference_field_name(kind: str, channel: str) -> str:
    return f"pref__{kind}__{channel}"


def preference_kinds_for_user(*, user: Any) -> list[str]:
    """Registered kinds, plus any kind the user has already received."""
    received = own_notifications(user=user).values_list("kind", flat=True).distinct()
    return sorted(set(registered_kinds()) | set(received))


def preference_rows_for_user(*, user: Any, channels: list[Channel] | None = None) -> list[PreferenceRow]:
    channels = enabled_channels() if channels is None else channels
    muted = set(NotificationPreference.objects.filter(user_id=user.pk, enabled=False).values_list("kind", "channel"))
    return [
        PreferenceRow(
            kind=kind,
            label=kind_label(kind),
            cells=tuple(
                PreferenceCell(c.key, c.label, (kind, c.key) not in muted, preference_field_name(kind, c.key))
                for c in channels
            ),
        )
        for kind in preference_kinds_for_user(user=user)
    ]
