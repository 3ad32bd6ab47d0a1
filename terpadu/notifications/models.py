"""Notifications: the in-app inbox (one row per user and event), the external deliveries of each
(e-mail, WhatsApp…), and each user's per-kind, per-channel preferences."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from terpadu.core.scoping import Scope
from terpadu.directory.models import Government


class Notification(models.Model):
    """One message to one user. ``dedup_key`` makes a repeated event (a job run twice) a no-op."""

    government = models.ForeignKey(
        Government, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField("jenis", max_length=64)
    title = models.CharField("judul", max_length=200)
    body = models.TextField("isi", blank=True)
    url = models.CharField("tautan", max_length=500, blank=True)
    dedup_key = models.CharField(max_length=200)
    created_at = models.DateTimeField("dibuat", default=timezone.now)
    read_at = models.DateTimeField("dibaca", null=True, blank=True)

    #: rows of the user's government; selectors narrow further to the user's own rows
    scope = Scope(government="government_id")

    class Meta:
        verbose_name = "notifikasi"
        verbose_name_plural = "notifikasi"
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "dedup_key"], name="notification_once_per_key")]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notification_inbox_idx"),
            models.Index(fields=["user"], condition=models.Q(read_at__isnull=True), name="notification_unread_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.title}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Delivery(models.Model):
    """One notification sent over one external channel. Claimed (pending/failed → sending) by a
    conditional UPDATE before sending, so a job that runs twice never sends twice."""

    class Status(models.TextChoices):
        PENDING = "pending", "Menunggu"
        SENDING = "sending", "Sedang dikirim"
        SENT = "sent", "Terkirim"
        FAILED = "failed", "Gagal"

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField("kanal", max_length=20)
    address = models.CharField("alamat tujuan", max_length=254)
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField("percobaan", default=0)
    last_error = models.TextField("galat terakhir", blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField("terkirim", null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    scope = Scope(government="notification__government_id")

    class Meta:
        verbose_name = "pengiriman notifikasi"
        verbose_name_plural = "pengiriman notifikasi"
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["notification", "channel"], name="notif_delivery_once_per_channel")
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="notif_delivery_due_idx")]

    def __str__(self) -> str:
        return f"{self.channel} → {self.address} ({self.status})"


class NotificationPreference(models.Model):
    """A user's choice for one kind over one external channel. No row: the channel is on."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField("jenis", max_length=64)
    channel = models.CharField("kanal", max_length=20)
    enabled = models.BooleanField("aktif", default=True)

    scope = Scope(government="user__government_id")

    class Meta:
        verbose_name = "preferensi notifikasi"
        verbose_name_plural = "preferensi notifikasi"
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "channel"], name="notification_preference_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}/{self.channel}: {'on' if self.enabled else 'off'}"
