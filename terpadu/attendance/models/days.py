"""Computed days, closed months and their adjustments, and fraud flags.

``AttendanceDay`` is derived (rules.day_status over the calendar, schedule, events and excuses) and
recomputed until its month is closed; after that a change is an ``Adjustment`` next to it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from terpadu.core.scoping import Scope
from terpadu.directory.models import Agency, Employee, Government, OrgUnit

from .events import AttendanceEvent


class DayStatus(models.TextChoices):
    PRESENT = "present", "Hadir"
    EXCUSED = "excused", "Izin/cuti/dinas"
    UNEXCUSED = "unexcused", "Tanpa keterangan"
    HOLIDAY = "holiday", "Hari libur"
    WEEKEND = "weekend", "Akhir pekan"
    OFF = "off", "Libur sif"


class AttendanceDay(models.Model):
    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    org_unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="attendance_days")
    date = models.DateField("tanggal")
    status = models.CharField("status", max_length=10, choices=DayStatus.choices)
    excuse_kind = models.CharField("jenis izin", max_length=20, blank=True)
    flexible = models.CharField("tempat kerja fleksibel", max_length=4, blank=True)
    schedule = models.CharField("jadwal", max_length=120, blank=True)
    expected_minutes = models.PositiveIntegerField("menit kerja wajib", default=0)
    minutes_worked = models.PositiveIntegerField("menit kerja", default=0)
    first_in = models.DateTimeField("masuk", null=True, blank=True)
    last_out = models.DateTimeField("pulang", null=True, blank=True)
    late_minutes = models.PositiveIntegerField("terlambat (menit)", default=0)
    early_minutes = models.PositiveIntegerField("pulang cepat (menit)", default=0)
    missing_in = models.BooleanField("tanpa catatan masuk", default=False)
    missing_out = models.BooleanField("tanpa catatan pulang", default=False)
    late_code = models.CharField("kategori TL", max_length=4, blank=True)
    early_code = models.CharField("kategori PSW", max_length=4, blank=True)
    deduction_percent = models.DecimalField("potongan TPP (%)", max_digits=6, decimal_places=2, default=0)
    #: [{"code", "percent", "why"}] — why the TPP was cut that day, rule by rule
    explanation = models.JSONField("penjelasan", default=list, blank=True)
    computed_at = models.DateTimeField("dihitung pada")

    scope = Scope(government="government_id", agency="agency_id", owner_employee="employee_id")

    class Meta:
        verbose_name = "rekap harian presensi"
        ordering = ["date", "employee"]
        constraints = [models.UniqueConstraint(fields=["employee", "date"], name="attendanceday_unique")]
        indexes = [
            models.Index(fields=["government", "date", "status"], name="attday_government_idx"),
            models.Index(fields=["agency", "date"], name="attday_agency_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.date} {self.status}"


class MonthClosing(models.Model):
    """A month locked by the BKPSDM: its days no longer change; corrections become adjustments."""

    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="+")
    month = models.DateField("bulan")  # the first day of the month
    closed_at = models.DateTimeField("ditutup pada")
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.CharField("catatan", max_length=300, blank=True)

    scope = Scope(government="government_id")

    class Meta:
        verbose_name = "penutupan rekap bulanan"
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["government", "month"], name="monthclosing_unique"),
            models.CheckConstraint(condition=Q(month__day=1), name="monthclosing_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"


class Adjustment(models.Model):
    """A change to a day of a closed month: what it was, what it is now, why, and who decided."""

    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="+")
    date = models.DateField("tanggal")
    closing = models.ForeignKey(MonthClosing, on_delete=models.PROTECT, related_name="adjustments")
    before = models.JSONField("sebelum")
    after = models.JSONField("sesudah")
    deduction_delta = models.DecimalField("selisih potongan (%)", max_digits=6, decimal_places=2, default=0)
    reason = models.CharField("alasan", max_length=500)
    created_at = models.DateTimeField("dicatat pada")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    scope = Scope(government="government_id", agency="agency_id", owner_employee="employee_id")

    class Meta:
        verbose_name = "penyesuaian rekap"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["employee", "date"], name="adjustment_employee_idx")]

    def __str__(self) -> str:
        return f"Penyesuaian {self.employee_id} {self.date}"


class AnomalyFlag(models.Model):
    """A suspicious pattern found by the daily anomaly report, for the superior to review.

    One row per employee, kind and day; rows of one cluster share ``group_key``. A flag never changes a
    recap by itself: the superior reviews it (and may then reject or correct through the usual flows).
    """

    class Kind(models.TextChoices):
        SAME_COORDINATE = "same_coordinate", "Banyak pegawai di satu koordinat yang persis sama"
        IMPLAUSIBLE_ACCURACY = "implausible_accuracy", "Nilai akurasi GPS tidak wajar"
        IMPOSSIBLE_TRAVEL = "impossible_travel", "Perpindahan mustahil antar catatan"
        SHARED_DEVICE = "shared_device", "Satu perangkat dipakai beberapa pegawai"
        SHARED_IP = "shared_ip", "Satu alamat IP dipakai banyak pegawai"
        SAME_SECOND = "same_second", "Presensi bergerombol pada detik yang sama"

    class Status(models.TextChoices):
        OPEN = "open", "Perlu ditinjau"
        CLEARED = "cleared", "Wajar"
        CONFIRMED = "confirmed", "Terbukti tidak wajar"

    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="+")
    reviewer = models.ForeignKey(Employee, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    date = models.DateField("tanggal")
    kind = models.CharField("jenis", max_length=30, choices=Kind.choices)
    group_key = models.CharField(max_length=100)
    evidence = models.JSONField("bukti")
    events = models.ManyToManyField(AttendanceEvent, related_name="+", blank=True)
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField()
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    review_note = models.CharField("catatan peninjauan", max_length=500, blank=True)

    scope = Scope(government="government_id", agency="agency_id")

    class Meta:
        verbose_name = "tanda kejanggalan presensi"
        ordering = ["-date", "kind", "group_key", "employee"]
        constraints = [
            models.UniqueConstraint(fields=["employee", "date", "kind", "group_key"], name="anomalyflag_unique"),
        ]
        indexes = [
            models.Index(fields=["agency", "date"], name="anomaly_agency_date_idx"),
            models.Index(fields=["reviewer", "status"], name="anomaly_reviewer_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.employee_id} {self.date}"
