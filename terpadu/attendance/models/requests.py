"""What an employee asks the direct superior to approve: excuses (leave, duty, WFH/WFA, training) and
corrections of a forgotten check-in or check-out. Each has an explicit status (rules.EXCUSE_TRANSITIONS)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from terpadu.core.scoping import Scope
from terpadu.directory.models import Agency, Employee, Government
from terpadu.documents.models import StoredFile

from .events import AttendanceEvent


class RequestStatus(models.TextChoices):
    PENDING = "pending", "Menunggu persetujuan"
    APPROVED = "approved", "Disetujui"
    REJECTED = "rejected", "Ditolak"
    CANCELLED = "cancelled", "Dibatalkan"


class _Request(models.Model):
    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="+")
    #: the direct superior when it was asked: the one who decides
    approver = models.ForeignKey(Employee, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField("alasan")
    status = models.CharField("status", max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING)
    created_at = models.DateTimeField("diajukan pada")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField("diputuskan pada", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_note = models.CharField("catatan atasan", max_length=500, blank=True)

    scope = Scope(government="government_id", agency="agency_id", owner_employee="employee_id")

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]


class Excuse(_Request):
    """Leave, official duty (dinas luar), WFH/WFA or training over a date range (local dates, inclusive)."""

    class Kind(models.TextChoices):
        ANNUAL = "annual", "Cuti tahunan"
        LONG_SERVICE = "long_service", "Cuti besar"
        SICK = "sick", "Cuti sakit"
        MATERNITY = "maternity", "Cuti melahirkan"
        IMPORTANT_REASON = "important_reason", "Cuti karena alasan penting"
        UNPAID = "unpaid", "Cuti di luar tanggungan negara (CLTN)"
        DUTY = "duty", "Dinas luar"
        WFH = "wfh", "Bekerja dari rumah (WFH)"
        WFA = "wfa", "Bekerja dari mana saja (WFA)"
        TRAINING = "training", "Pendidikan dan pelatihan"

    kind = models.CharField("jenis", max_length=20, choices=Kind.choices)
    start_date = models.DateField("mulai")
    end_date = models.DateField("sampai")
    #: working days the range covers when it was asked (what leave quotas count)
    working_days = models.PositiveIntegerField("hari kerja", default=0)
    place = models.CharField("tempat tujuan/kerja", max_length=200, blank=True)
    #: E-Surat assignment letter (surat tugas), through correspondence.interfaces
    letter_id = models.PositiveBigIntegerField("surat tugas", null=True, blank=True)
    letter_number = models.CharField("nomor surat tugas", max_length=100, blank=True)
    attachment = models.ForeignKey(StoredFile, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta(_Request.Meta):
        verbose_name = "izin/cuti"
        constraints = [models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="excuse_range")]
        indexes = [
            models.Index(fields=["employee", "start_date", "end_date"], name="excuse_employee_range_idx"),
            models.Index(fields=["approver", "status"], name="excuse_approver_idx"),
            models.Index(fields=["government", "status", "start_date"], name="excuse_government_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start_date}–{self.end_date}"


class CorrectionRequest(_Request):
    """A forgotten check-in or check-out: once approved it becomes an event of source ``correction``."""

    date = models.DateField("tanggal")
    kind = models.CharField("jenis", max_length=3, choices=AttendanceEvent.Kind.choices)
    time = models.TimeField("jam (waktu setempat)")
    event = models.OneToOneField(
        AttendanceEvent, null=True, blank=True, on_delete=models.PROTECT, related_name="correction"
    )

    class Meta(_Request.Meta):
        verbose_name = "koreksi presensi"
        indexes = [
            models.Index(fields=["employee", "date"], name="correction_employee_idx"),
            models.Index(fields=["approver", "status"], name="correction_approver_idx"),
        ]

    def __str__(self) -> str:
        return f"Koreksi {self.get_kind_display()} {self.date}"
