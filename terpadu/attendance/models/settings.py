"""Per-government settings the E-Absen rules read, each versioned by the date it takes effect.

A version holds from ``effective_from`` until the next version of the same government; before the
first one the defaults of RULES.md apply (see :mod:`terpadu.attendance.interfaces`). Versions are
never edited: a change is a new version, so past months keep the table they were computed with.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models

from terpadu.core.scoping import Scope
from terpadu.directory.models import Government

from ..rules import YearMode


class _Version(models.Model):
    government = models.ForeignKey(Government, on_delete=models.CASCADE, related_name="+")
    name = models.CharField("dasar hukum", max_length=200)
    effective_from = models.DateField("berlaku mulai")
    created_at = models.DateTimeField(auto_now_add=True)

    scope = Scope(government="government_id")

    class Meta:
        abstract = True
        ordering = ["government", "-effective_from"]

    def __str__(self) -> str:
        return f"{self.name} (berlaku {self.effective_from})"


class DeductionTableVersion(_Version):
    """TPP deduction table (RULES.md §4). ``bands``: {"late": [{"min", "max", "percent"}], "early": [...]}."""

    bands = models.JSONField("rentang TL/PSW")
    missing_record_percent = models.DecimalField("potongan tanpa catatan (%)", max_digits=5, decimal_places=2)
    unexcused_percent = models.DecimalField("potongan TK per hari (%)", max_digits=5, decimal_places=2)
    monthly_cap = models.DecimalField(
        "batas potongan sebulan (%)", max_digits=5, decimal_places=2, default=Decimal(100)
    )

    class Meta(_Version.Meta):
        verbose_name = "tabel potongan TPP"
        constraints = [
            models.UniqueConstraint(fields=["government", "effective_from"], name="deductiontable_one_per_date")
        ]


class DisciplineSettingsVersion(_Version):
    """Discipline settings (RULES.md §3): minutes equal to one day, and what "one year" means."""

    minutes_per_day = models.PositiveIntegerField("menit setara 1 hari")
    year_mode = models.CharField(
        "satu tahun dihitung",
        max_length=10,
        choices=[(mode.value, mode.label) for mode in YearMode],
    )

    class Meta(_Version.Meta):
        verbose_name = "pengaturan disiplin"
        constraints = [
            models.UniqueConstraint(fields=["government", "effective_from"], name="disciplinesettings_one_per_date"),
            models.CheckConstraint(condition=models.Q(minutes_per_day__gt=0), name="disciplinesettings_minutes_pos"),
        ]


class LeaveQuotaVersion(_Version):
    """Leave quotas (RULES.md §5). ``quotas``: {leave type: amount in the unit of rules.LEAVE_UNITS}."""

    quotas = models.JSONField("kuota per jenis cuti")
    annual_carry_over_max = models.PositiveIntegerField("sisa cuti tahunan yang dapat dibawa (hari)")
    annual_total_max = models.PositiveIntegerField("jumlah cuti tahunan paling banyak (hari)")

    class Meta(_Version.Meta):
        verbose_name = "kuota cuti"
        constraints = [models.UniqueConstraint(fields=["government", "effective_from"], name="leavequota_one_per_date")]
