"""Shift schedules (hospitals, puskesmas, fire brigade). Everyone without one follows the calendar."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from terpadu.core.scoping import Scope
from terpadu.directory.models import Agency, Employee, Government, OrgUnit


class Shift(models.Model):
    """A shift's hours; ``end`` at or before ``start`` means it ends the next day (night shift)."""

    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="shifts")
    code = models.CharField("kode", max_length=10)
    name = models.CharField("nama", max_length=100)
    start = models.TimeField("mulai")
    end = models.TimeField("selesai")
    break_minutes = models.PositiveIntegerField("istirahat (menit)", default=0)
    is_active = models.BooleanField("aktif", default=True)

    scope = Scope(government="government_id", agency="agency_id")

    class Meta:
        verbose_name = "sif"
        ordering = ["agency", "start", "code"]
        constraints = [models.UniqueConstraint(fields=["agency", "code"], name="shift_code_unique")]

    def __str__(self) -> str:
        return f"{self.name} ({self.start:%H:%M}–{self.end:%H:%M})"

    @property
    def crosses_midnight(self) -> bool:
        return self.end <= self.start


class ShiftAssignment(models.Model):
    """A shift for a unit or one employee over a date range, on the listed weekdays (0 = Monday).

    An employee's own assignment beats their unit's. While an assignment covers a date, the weekdays
    not listed are days off; the calendar's holidays do not apply to shift work.
    """

    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    org_unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    employee = models.ForeignKey(Employee, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    shift = models.ForeignKey(Shift, on_delete=models.PROTECT, related_name="assignments")
    start_date = models.DateField("mulai")
    end_date = models.DateField("sampai")
    weekdays = models.JSONField("hari", default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    scope = Scope(government="government_id", agency="agency_id", owner_employee="employee_id")

    class Meta:
        verbose_name = "jadwal sif"
        ordering = ["-start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(org_unit__isnull=True) & Q(employee__isnull=False))
                | (Q(org_unit__isnull=False) & Q(employee__isnull=True)),
                name="shiftassignment_one_target",
            ),
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="shiftassignment_range"),
        ]
        indexes = [
            models.Index(fields=["employee", "start_date", "end_date"], name="shiftassign_employee_idx"),
            models.Index(fields=["org_unit", "start_date", "end_date"], name="shiftassign_unit_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.shift} {self.start_date}–{self.end_date}"
