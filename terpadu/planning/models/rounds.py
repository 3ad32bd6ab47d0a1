"""A planning round: the deadlines-engine request that asks the agencies for their work plans of one
fiscal year, with each agency's indicative ceiling and the supporting data every sub kegiatan needs."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from terpadu.core.scoping import Scope
from terpadu.directory.models import Agency, Government

from .. import rules
from .nomenclature import Nomenclature


class PlanningRound(models.Model):
    """Opened by Bappeda or the Sekda. Its status, dates and addressed agencies are the request's
    (``obligation``): the deadlines engine sends the reminders and the escalation report."""

    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="planning_rounds")
    nomenclature = models.ForeignKey(Nomenclature, on_delete=models.PROTECT, related_name="rounds")
    obligation = models.OneToOneField(
        "deadlines.Obligation", on_delete=models.PROTECT, related_name="planning_round", verbose_name="permintaan"
    )
    period_kind = models.CharField(
        "rincian kebutuhan", max_length=10, choices=rules.PERIOD_KIND_CHOICES, default=rules.PeriodKind.MONTH
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    scope = Scope(government="government_id")

    class Meta:
        verbose_name = "putaran perencanaan"
        verbose_name_plural = "putaran perencanaan"
        ordering = ["-nomenclature__fiscal_year", "-pk"]

    def __str__(self) -> str:
        return f"Renja {self.fiscal_year}"

    @property
    def fiscal_year(self) -> int:
        return self.nomenclature.fiscal_year


class AgencyCeiling(models.Model):
    """The indicative ceiling (pagu indikatif) an agency was given in a round."""

    round = models.ForeignKey(PlanningRound, on_delete=models.CASCADE, related_name="ceilings")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField("pagu indikatif", max_digits=17, decimal_places=2)

    scope = Scope(government="round__government_id", agency="agency_id")

    class Meta:
        verbose_name = "pagu indikatif"
        verbose_name_plural = "pagu indikatif"
        ordering = ["round", "agency__code"]
        constraints = [
            models.UniqueConstraint(fields=["round", "agency"], name="agency_ceiling_unique"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="agency_ceiling_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.agency}: {self.amount}"


class EvidenceRequirement(models.Model):
    """Supporting data (data dukung) the round requires of every sub kegiatan: a file or a text."""

    class Kind(models.TextChoices):
        FILE = "file", "Berkas"
        TEXT = "text", "Isian teks"

    round = models.ForeignKey(PlanningRound, on_delete=models.CASCADE, related_name="requirements")
    order = models.PositiveSmallIntegerField("urutan", default=0)
    label = models.CharField("data dukung", max_length=200)
    kind = models.CharField("jenis", max_length=10, choices=Kind.choices, default=Kind.FILE)
    required = models.BooleanField("wajib", default=True)
    help_text = models.CharField("keterangan", max_length=300, blank=True)

    scope = Scope(government="round__government_id")

    class Meta:
        verbose_name = "data dukung sub kegiatan"
        verbose_name_plural = "data dukung sub kegiatan"
        ordering = ["round", "order", "pk"]

    def __str__(self) -> str:
        return self.label
