"""Writes of notifications: create (once per user and key), deliver over external channels, mark
read, and preferences. Sending runs in jobs; every job may run twice and never sends twice."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from terpadu.core.audit import audit_record
from terpadu.core.errors import ValidationFailed
from terpadu.core.jobs import enqueue
from terpadu.directory.models import User

from . import rules
from .channels import Message, all_channels, channel_for, enabled_channels
from .models import Delivery, Notification, NotificationPreference
from .selectors import notification_for_user, own_notifications

logger = logging.getLogger(__name__)
DELIVER_TASK = "terpadu.notifications.tasks.deliver"
RETRY_BATCH = 500


# --- create ---------------------------------------------------------------------------------------


def _check_url(url: str) -> None:
    if url and not (url.startswith(("https://", "http://")) or (url.startswith("/") and not url.startswith("//"))):
        raise ValidationFailed("Tautan notifikasi harus diawali '/' atau 'https://'.", fields={"url": "Tidak sah."})


def _check(*, kind: str, title: str, dedup_key: str, url: str) -> None:
    if not kind or len(kind) > 64:
        raise ValidationFailed("Jenis notifikasi wajib diisi (paling panjang 64 karakter).", fields={"kind": "Wajib."})
    if not dedup_key or len(dedup_key) > 200:
        raise ValidationFailed("Kunci notifikasi wajib diisi (paling panjang 200).", fields={"dedup_key": "Wajib."})
    if not title.strip():
        raise ValidationFailed("Judul notifikasi wajib diisi.", fields={"title": "Wajib diisi."})
    if len(url) > 500:
        raise ValidationFailed("Tautan notifikasi terlalu panjang.", fields={"url": "Paling panjang 500."})
    _check_url(url)


def _create_one(user: User, fields: dict[str, Any]) -> Notification | None:
    """The new row, or ``None`` if the user already has one with this key (even one created concurrently)."""
    try:
        with transaction.atomic():
            return Notification.objects.create(user=user, **fields)
    except IntegrityError:
        return None


def _muted(user_ids: list[int], kind: str) -> dict[int, dict[tuple[str, str], bool]]:
    """user → {(kind, channel): False} for the channels each user turned off for ``kind``."""
    rows = NotificationPreference.objects.filter(user_id__in=user_ids, kind=kind, enabled=False)
    muted: dict[int, dict[tuple[str, str], bool]] = {}
    for user_id, channel in rows.values_list("user_id", "channel"):
        muted.setdefault(user_id, {})[(kind, channel)] = False
    return muted


def _plan_deliveries(created: list[Notification], users: dict[int, User], kind: str) -> list[Delivery]:
    muted = _muted(sorted({n.user_id for n in created}), kind)
    planned = []
    for notification in created:
        user = users[notification.user_id]
        for channel in enabled_channels():
            address = channel.address_for(user)
            if address and rules.wants(muted.get(user.pk, {}), kind=kind, channel=channel.key):
                planned.append(Delivery(notification=notification, channel=channel.key, address=address))
    return planned


@transaction.atomic
def notification_create_many(
    *,
    user_ids: Iterable[int],
    kind: str,
    title: str,
    body: str,
    url: str = "",
    dedup_key: str,
    government_id: int | None = None,
) -> int:
    """At most one notification per (user, dedup_key); external deliveries for the new ones only,
    sent by jobs after commit. Inactive or unknown users are skipped. A notification belongs to its
    user's government (``government_id`` only for a user without one), so the user always sees it.
    Returns how many were new."""
    _check(kind=kind, title=title, dedup_key=dedup_key, url=url)
    users = {u.pk: u for u in User.objects.filter(pk__in=set(user_ids), is_active=True).select_related("employee")}
    existing = set(
        Notification.objects.filter(user_id__in=users, dedup_key=dedup_key).values_list("user_id", flat=True)
    )
    fields = {"kind": kind, "title": title.strip()[:200], "body": body, "url": url, "dedup_key": dedup_key}
    created = []
    for user_id in sorted(set(users) - existing):
        user = users[user_id]
        notification = _create_one(user, {**fields, "government_id": user.government_id or government_id})
        if notification is not None:
            created.append(notification)
    for delivery in _plan_deliveries(created, users, kind):
        delivery.save()
        enqueue(DELIVER_TASK, delivery.pk)
    return len(created)


# --- deliver --------------------------------------------------------------------------------------


def _absolute(url: str) -> str:
    return f"{settings.SITE_URL}{url}" if url.startswith("/") else url


def _due(now: datetime) -> Q:
    retryable = Q(status=Delivery.Status.FAILED, attempts__lt=rules.MAX_DELIVERY_ATTEMPTS, next_attempt_at__lte=now)
    return Q(status=Delivery.Status.PENDING) | retryable


def _claim(delivery_id: int, now: datetime) -> bool:
    """pending/failed-and-due → sending, in one conditional UPDATE: of two workers, one wins."""
    claimed = Delivery.objects.filter(_due(now), pk=delivery_id).update(status=Delivery.Status.SENDING, claimed_at=now)
    return claimed == 1


def _finish(delivery: Delivery, error: str) -> str:
    attempts = delivery.attempts + 1
    now = timezone.now()
    if not error:
        changes: dict[str, Any] = {"status": Delivery.Status.SENT, "sent_at": now, "last_error": ""}
    else:
        delay = rules.retry_delay(attempts)
        changes = {"status": Delivery.Status.FAILED, "last_error": error[:2000]}
        changes["next_attempt_at"] = now + delay if delay is not None else None
    Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.SENDING).update(
        attempts=attempts, claimed_at=None, **changes
    )
    return str(changes["status"])


def delivery_send(*, delivery_id: int) -> str:
    """Send one delivery if it is due, and record the outcome. Returns sent, failed or skipped.

    Not one transaction on purpose: the claim commits before the (slow, external) send, so another
    worker sees it; the outcome is a second conditional UPDATE. Call from a job only.
    """
    if not _claim(delivery_id, timezone.now()):
        return "skipped"
    delivery = Delivery.objects.select_related("notification").get(pk=delivery_id)
    n = delivery.notification
    try:
        channel_for(delivery.channel).send(address=delivery.address, message=Message(n.title, n.body, _absolute(n.url)))
    except Exception as exc:  # any failure of the far side is recorded and retried, never lost
        logger.warning("Delivery %s over %s failed: %s", delivery.pk, delivery.channel, exc)
        return _finish(delivery, str(exc) or exc.__class__.__name__)
    return _finish(delivery, "")


def _release_stale(now: datetime) -> int:
    """Deliveries left "sending" by a worker that died count as a failed attempt, retried now."""
    timeout = int(settings.Q_CLUSTER.get("timeout", 600))  # type: ignore[call-overload]
    stale = Delivery.objects.filter(
        status=Delivery.Status.SENDING, claimed_at__lt=now - timedelta(seconds=timeout + 60)
    )
    return stale.update(
        status=Delivery.Status.FAILED,
        attempts=F("attempts") + 1,
        last_error="Pengiriman terputus: pekerja berhenti sebelum selesai.",
        next_attempt_at=now,
        claimed_at=None,
    )


def delivery_retry_due(*, now: datetime | None = None) -> int:
    """The periodic job: queue every delivery due again (failed and waited enough, or pending whose
    job never ran). Each is claimed by its own job, so overlapping runs are harmless."""
    now = now or timezone.now()
    _release_stale(now)
    due = Delivery.objects.filter(_due(now)).exclude(
        status=Delivery.Status.PENDING, created_at__gt=now - rules.PENDING_GRACE
    )
    ids = list(due.order_by("pk").values_list("pk", flat=True)[:RETRY_BATCH])
    for delivery_id in ids:
        enqueue(DELIVER_TASK, delivery_id)
    return len(ids)


# --- read -----------------------------------------------------------------------------------------


@transaction.atomic
def notification_mark_read(*, user: Any, notification_id: Any) -> Notification:
    """Mark one of the user's own notifications read (another user's: 404, nothing changes)."""
    notification = notification_for_user(user=user, notification_id=notification_id)
    if notification.read_at is None:
        now = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
        notification.read_at = now
    return notification


@transaction.atomic
def notification_mark_all_read(*, user: Any) -> int:
    return own_notifications(user=user).filter(read_at__isnull=True).update(read_at=timezone.now())


# --- preferences ----------------------------------------------------------------------------------


def _preference_state(user: Any) -> dict[str, bool]:
    rows = NotificationPreference.objects.filter(user_id=user.pk).order_by("kind", "channel")
    return {f"{kind}/{channel}": enabled for kind, channel, enabled in rows.values_list("kind", "channel", "enabled")}


@transaction.atomic
def notification_preferences_set(*, user: Any, choices: Mapping[tuple[str, str], bool]) -> int:
    """Set the user's (kind, channel) → on/off choices; audited. Returns how many changed."""
    known = {channel.key for channel in all_channels()}
    if any(channel not in known or not kind or len(kind) > 64 for kind, channel in choices):
        raise ValidationFailed("Pilihan notifikasi tidak dikenal.", fields={"preferences": "Tidak sah."})
    before = _preference_state(user)
    for (kind, channel), enabled in sorted(choices.items()):
        NotificationPreference.objects.update_or_create(
            user_id=user.pk, kind=kind, channel=channel, defaults={"enabled": enabled}
        )
    after = _preference_state(user)
    changed = {key: value for key, value in after.items() if before.get(key, True) != value}
    if changed:
        audit_record(
            actor=user,
            action="notifications.preferences.update",
            target=user,
            government_id=user.government_id,
            before={key: before.get(key, True) for key in changed},
            after=changed,
        )
    return len(changed)
