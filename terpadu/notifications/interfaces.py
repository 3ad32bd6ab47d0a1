"""What other modules call to notify people. Deadlines, webhooks and business modules use only these.

    notify(user_ids=[...], kind="deadline.reminder", title="…", body="…", url="/tenggat/12/",
           dedup_key="deadline:12:reminder:2026-05-03")

One in-app notification per (user, dedup_key) — calling again with the same key (a job that runs
twice) creates nothing and sends nothing. New ones are also sent after commit over the channels the
user has an address for and has not muted for that kind (e-mail; WhatsApp when the gateway is set).
"""

from __future__ import annotations

from collections.abc import Iterable

from .kinds import register_kind
from .models import Notification
from .services import notification_create_many

__all__ = ["notify", "register_kind", "unread_count"]


def notify(
    *,
    user_ids: Iterable[int],
    kind: str,
    title: str,
    body: str,
    url: str = "",
    dedup_key: str,
    government_id: int | None = None,
) -> int:
    """Notify users once per ``dedup_key``; returns how many notifications were new.

    ``kind``: a short machine string ("deadline.reminder"), the unit users mute per channel.
    ``url``: a path on this site ("/tenggat/12/") or an absolute http(s) URL, or "".
    ``government_id``: only for users without a government; a user's own government always wins,
    so that the user can read the notification.
    """
    return notification_create_many(
        user_ids=user_ids,
        kind=kind,
        title=title,
        body=body,
        url=url,
        dedup_key=dedup_key,
        government_id=government_id,
    )


def unread_count(*, user_id: int) -> int:
    return Notification.objects.filter(user_id=user_id, read_at__isnull=True).count()
