"""Attendance events: every check-in and check-out, whatever its source. Append-only.

Times are the server's, in UTC (``occurred_at``); ``local_date`` is the government's local date of that
moment. Which working day an event counts for (a night shift crosses midnight) is decided when the day
is computed, not here.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from terpadu.core.scoping import Scope
from terpadu.directory.models import Agency, Employee, Government
from terpadu.documents.models import StoredFile

from .places import Device, QrStation, WorkLocation


class MachineImport(models.Model):
    """One log file from a fingerprint/face machine, imported for one agency (all or nothing)."""

    class Status(models.TextChoices):
        DONE = "done", "Selesai"
        REJECTED = "rejected", "Ditolak (ada baris salah)"

    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    file = models.ForeignKey(StoredFile, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField("nama berkas", max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField("diunggah pada")
    status = models.CharField(max_length=10, choices=Status.choices)
    rows = models.PositiveIntegerField("baris", default=0)
    imported = models.PositiveIntegerField("masuk", default=0)
    duplicates = models.PositiveIntegerField("duplikat", default=0)
    errors = models.JSONField("kesalahan per baris", default=list, blank=True)

    scope = Scope(government="government_id", agency="agency_id")

    class Meta:
        verbose_name = "impor mesin presensi"
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return self.file_name


class MachineUserMap(models.Model):
    """A machine's own user id (enrolment number) → the employee, per agency."""

    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    machine_user_id = models.CharField("ID pengguna di mesin", max_length=40)
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="+")

    scope = Scope(government="government_id", agency="agency_id")

    class Meta:
        verbose_name = "pemetaan ID mesin"
        ordering = ["agency", "machine_user_id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "machine_user_id"], name="machineusermap_unique"),
        ]

    def __str__(self) -> str:
        return self.machine_user_id


class AttendanceEvent(models.Model):
    class Kind(models.TextChoices):
        IN = "in", "Masuk"
        OUT = "out", "Pulang"

    class Source(models.TextChoices):
        GPS = "gps", "Ponsel (lokasi)"
        QR = "qr", "Pindai QR kantor"
        MACHINE = "machine", "Mesin sidik jari/wajah"
        CORRECTION = "correction", "Koreksi disetujui atasan"

    class Flexible(models.TextChoices):
        NONE = "", "Di lokasi kerja"
        WFH = "wfh", "WFH"
        WFA = "wfa", "WFA"
        DUTY = "duty", "Dinas luar"

    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="attendance_events")
    kind = models.CharField("jenis", max_length=3, choices=Kind.choices)
    occurred_at = models.DateTimeField("waktu (server)")
    local_date = models.DateField("tanggal setempat")
    source = models.CharField("sumber", max_length=10, choices=Source.choices)
    latitude = models.DecimalField("lintang", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("bujur", max_digits=9, decimal_places=6, null=True, blank=True)
    accuracy_m = models.FloatField("akurasi (meter)", null=True, blank=True)
    location = models.ForeignKey(WorkLocation, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    distance_m = models.PositiveIntegerField("jarak ke lokasi (meter)", null=True, blank=True)
    flexible = models.CharField("tempat kerja fleksibel", max_length=4, choices=Flexible.choices, blank=True)
    qr_station = models.ForeignKey(QrStation, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    device = models.ForeignKey(Device, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    ip = models.GenericIPAddressField("alamat IP", null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    #: the client's idempotency key: the same key twice is the same check-in
    client_ref = models.CharField(max_length=64, blank=True)
    machine_import = models.ForeignKey(
        MachineImport, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    machine_device = models.CharField("mesin", max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    scope = Scope(government="government_id", agency="agency_id", owner_employee="employee_id")

    class Meta:
        verbose_name = "catatan presensi"
        ordering = ["occurred_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "client_ref"], condition=~Q(client_ref=""), name="event_client_ref_unique"
            ),
            # a machine log line imported twice is one event
            models.UniqueConstraint(
                fields=["employee", "occurred_at"], condition=Q(source="machine"), name="event_machine_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["employee", "occurred_at"], name="event_employee_time_idx"),
            models.Index(fields=["government", "local_date"], name="event_government_date_idx"),
            models.Index(fields=["agency", "local_date"], name="event_agency_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.employee_id} {self.occurred_at:%Y-%m-%d %H:%M}"
