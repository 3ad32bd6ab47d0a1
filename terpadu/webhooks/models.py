"""Outbound webhooks: endpoints the platform admin registers, deliveries of events to them, and a log
of every attempt."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from terpadu.core.scoping import Scope
from terpadu.directory.models import Government


class WebhookEndpoint(models.Model):
    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="webhook_endpoints")
    name = models.CharField("nama", max_length=100)
    url = models.URLField("alamat (URL)", max_length=500)
    #: the HMAC-SHA256 key; shown once when created, kept because every delivery is signed with it
    secret = models.CharField(max_length=100)
    event_types = models.JSONField("jenis peristiwa", default=list)
    is_active = models.BooleanField("aktif", default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    scope = Scope(government="government_id")

    class Meta:
        verbose_name = "webhook"
        verbose_name_plural = "webhook"
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class Delivery(models.Model):
    """One event for one endpoint, at most once per (endpoint, idempotency key)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Menunggu"
        SENDING = "sending", "Sedang dikirim"
        SUCCEEDED = "succeeded", "Terkirim"
        FAILED = "failed", "Gagal (berhenti mencoba)"
        CANCELLED = "cancelled", "Dibatalkan"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event_id = models.UUIDField()
    event_type = models.CharField("jenis peristiwa", max_length=100)
    idempotency_key = models.CharField(max_length=200)
    payload = models.JSONField()
    created_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    #: attempts in the current round (a redelivery starts a new round)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    #: a claimed (sending) row whose lease passed is taken again: its worker died mid-send
    lease_until = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    scope = Scope(government="endpoint__government_id")

    class Meta:
        verbose_name = "pengiriman webhook"
        verbose_name_plural = "pengiriman webhook"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "idempotency_key"], name="delivery_once_per_key"),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_due_idx")]

    def __str__(self) -> str:
        return f"{self.event_type} → {self.endpoint_id} ({self.status})"


class DeliveryAttempt(models.Model):
    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField()
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    succeeded = models.BooleanField()
    error = models.CharField(max_length=500, blank=True)
    response_excerpt = models.CharField(max_length=500, blank=True)

    scope = Scope(government="delivery__endpoint__government_id")

    class Meta:
        verbose_name = "percobaan pengiriman"
        ordering = ["delivery", "number"]
        constraints = [models.UniqueConstraint(fields=["delivery", "number"], name="attempt_number_unique")]

    def __str__(self) -> str:
        return f"#{self.number} {self.status_code or self.error}"
