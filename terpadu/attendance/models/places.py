"""Where and with what employees check in: work locations (geofences), QR screens, devices."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from terpadu.core.scoping import Scope
from terpadu.directory.models import Agency, Employee, Government


class WorkLocation(models.Model):
    """A geofence: a point and a radius. An agency has one or more; a check-in must fall inside one."""

    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="work_locations")
    name = models.CharField("nama lokasi", max_length=200)
    address = models.CharField("alamat", max_length=300, blank=True)
    latitude = models.DecimalField("lintang", max_digits=9, decimal_places=6)
    longitude = models.DecimalField("bujur", max_digits=9, decimal_places=6)
    radius_m = models.PositiveIntegerField("radius (meter)", default=100)
    is_active = models.BooleanField("aktif", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    scope = Scope(government="government_id", agency="agency_id")

    class Meta:
        verbose_name = "lokasi kerja"
        ordering = ["agency", "name", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(radius_m__gte=10, radius_m__lte=5000), name="worklocation_radius"),
            models.CheckConstraint(
                condition=Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                name="worklocation_coordinates",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class QrStation(models.Model):
    """A screen at an office showing a rotating QR code (a time-window HMAC of ``secret``)."""

    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="qr_stations")
    location = models.ForeignKey(WorkLocation, on_delete=models.PROTECT, related_name="qr_stations")
    name = models.CharField("nama layar", max_length=200)
    secret = models.CharField(max_length=64)
    is_active = models.BooleanField("aktif", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    scope = Scope(government="government_id", agency="agency_id")

    class Meta:
        verbose_name = "layar QR presensi"
        ordering = ["agency", "name", "pk"]

    def __str__(self) -> str:
        return self.name


class Device(models.Model):
    """The one phone (browser) an employee checks in with. A change needs approval."""

    class Status(models.TextChoices):
        PENDING = "pending", "Menunggu persetujuan"
        ACTIVE = "active", "Terdaftar"
        REJECTED = "rejected", "Ditolak"
        REVOKED = "revoked", "Dicabut"

    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="attendance_devices")
    #: SHA-256 of the device token kept by the browser; the token itself is never stored
    key_hash = models.CharField(max_length=64)
    label = models.CharField("perangkat", max_length=200, blank=True)
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.PENDING)
    reason = models.CharField("alasan penggantian", max_length=300, blank=True)
    requested_at = models.DateTimeField("diajukan pada")
    decided_at = models.DateTimeField("diputuskan pada", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_note = models.CharField("catatan", max_length=300, blank=True)

    scope = Scope(government="government_id", agency="agency_id", owner_employee="employee_id")

    class Meta:
        verbose_name = "perangkat presensi"
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee"], condition=Q(status="active"), name="device_one_active_per_employee"
            ),
            models.UniqueConstraint(
                fields=["employee"], condition=Q(status="pending"), name="device_one_pending_per_employee"
            ),
        ]
        indexes = [models.Index(fields=["key_hash"], name="device_key_idx")]

    def __str__(self) -> str:
        return f"{self.label or 'perangkat'} ({self.get_status_display()})"
