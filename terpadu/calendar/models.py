"""Per-government working calendar: weekly patterns (versioned by date), special periods such as
Ramadan, and admin overrides of single dates (local holidays, decree changes to cuti bersama)."""

from __future__ import annotations

from django.db import models

from terpadu.core.scoping import Scope
from terpadu.directory.models import Government


class WorkPattern(models.Model):
    """Hours per weekday. A regular pattern holds from ``start_date`` until the next regular one;
    a special pattern (e.g. Ramadan) holds from ``start_date`` to ``end_date`` inclusive."""

    class Kind(models.TextChoices):
        REGULAR = "regular", "Reguler"
        SPECIAL = "special", "Periode khusus"

    government = models.ForeignKey(Government, on_delete=models.CASCADE, related_name="work_patterns")
    kind = models.CharField("jenis", max_length=10, choices=Kind.choices)
    name = models.CharField("nama", max_length=100)
    start_date = models.DateField("berlaku mulai")
    end_date = models.DateField("berlaku sampai", null=True, blank=True)
    #: {"0": {"start": "07:30", "end": "16:00", "break": 60}, ...}; weekday 0 = Monday
    hours = models.JSONField("jam kerja")
    required_weekly_minutes = models.PositiveIntegerField("jam kerja seminggu (menit)")
    created_at = models.DateTimeField(auto_now_add=True)

    scope = Scope(government="government_id")

    class Meta:
        verbose_name = "pola jam kerja"
        ordering = ["government", "kind", "start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["government", "start_date"],
                condition=models.Q(kind="regular"),
                name="workpattern_regular_start",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="regular") | models.Q(end_date__isnull=False), name="workpattern_special_end"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.start_date})"


class CalendarOverride(models.Model):
    """One date set by the government's admin: a local holiday, an extra or cancelled cuti bersama,
    or a national holiday moved by decree (``working`` cancels a listed holiday)."""

    class Kind(models.TextChoices):
        LOCAL_HOLIDAY = "local_holiday", "Libur daerah"
        HOLIDAY = "holiday", "Libur nasional (tambahan)"
        JOINT_LEAVE = "joint_leave", "Cuti bersama (tambahan)"
        WORKING = "working", "Hari kerja (membatalkan libur)"

    government = models.ForeignKey(Government, on_delete=models.CASCADE, related_name="calendar_overrides")
    date = models.DateField("tanggal")
    kind = models.CharField("jenis", max_length=20, choices=Kind.choices)
    name = models.CharField("keterangan", max_length=200)
    decree = models.CharField("dasar (SK/SKB)", max_length=200, blank=True)

    scope = Scope(government="government_id")

    class Meta:
        verbose_name = "pengaturan tanggal"
        ordering = ["government", "date"]
        constraints = [models.UniqueConstraint(fields=["government", "date"], name="calendaroverride_one_per_date")]

    def __str__(self) -> str:
        return f"{self.date}: {self.name}"
