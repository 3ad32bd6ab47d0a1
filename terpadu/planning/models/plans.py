"""An agency's work plan (Renja) in a round: its sub kegiatan drawn from the nomenclature, with output
indicators, location, target group, budget lines spread over the year and supporting data; every
submitted version, and the reviewers' comments."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from terpadu.core.scoping import Scope
from terpadu.directory.models import Agency

from .. import rules
from .nomenclature import NomenclatureEntry
from .rounds import EvidenceRequirement, PlanningRound


class WorkPlan(models.Model):
    """One agency's Renja in one round; an accepted plan is locked and feeds budgeting."""

    round = models.ForeignKey(PlanningRound, on_delete=models.PROTECT, related_name="plans")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="work_plans")
    status = models.CharField(
        "status", max_length=10, choices=rules.PLAN_STATUS_CHOICES, default=rules.PlanStatus.DRAFT
    )
    #: raised by every change: a form posted over an older version is refused (two operators at once)
    version = models.PositiveIntegerField(default=1)
    #: how many times the plan was submitted (the number of its latest PlanVersion)
    revision = models.PositiveIntegerField("revisi", default=0)
    submitted_at = models.DateTimeField("dikirim", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    returned_at = models.DateTimeField(null=True, blank=True)
    return_note = models.TextField("catatan pengembalian", blank=True)
    accepted_at = models.DateTimeField("diterima", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    scope = Scope(government="round__government_id", agency="agency_id")

    class Meta:
        verbose_name = "Renja OPD"
        verbose_name_plural = "Renja OPD"
        ordering = ["round", "agency__code"]
        constraints = [models.UniqueConstraint(fields=["round", "agency"], name="work_plan_unique")]

    def __str__(self) -> str:
        return f"Renja {self.agency} {self.round.fiscal_year}"

    @property
    def is_editable(self) -> bool:
        return self.status in (rules.PlanStatus.DRAFT, rules.PlanStatus.RETURNED)


class PlanSubActivity(models.Model):
    """A sub kegiatan of the plan; its kegiatan and program follow from the nomenclature code."""

    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="sub_activities")
    entry = models.ForeignKey(NomenclatureEntry, on_delete=models.PROTECT, related_name="+")
    uid = models.UUIDField(default=uuid.uuid4, editable=False)
    location = models.CharField("lokasi", max_length=300, blank=True)
    target_group = models.CharField("kelompok sasaran", max_length=300, blank=True)
    notes = models.TextField("catatan", blank=True)
    #: the sum of its lines' amounts, kept by the services (the only writers) so that the round's compliance
    #: and totals read one row per sub kegiatan instead of every line
    total = models.DecimalField("kebutuhan anggaran", max_digits=17, decimal_places=2, default=0)
    updated_at = models.DateTimeField(auto_now=True)

    scope = Scope(government="plan__round__government_id", agency="plan__agency_id")

    class Meta:
        verbose_name = "sub kegiatan Renja"
        verbose_name_plural = "sub kegiatan Renja"
        ordering = ["plan", "entry__code"]
        constraints = [models.UniqueConstraint(fields=["plan", "entry"], name="plan_sub_activity_unique")]

    def __str__(self) -> str:
        return str(self.entry)


class PlanIndicator(models.Model):
    """An output indicator of a sub kegiatan with its unit and target."""

    sub_activity = models.ForeignKey(PlanSubActivity, on_delete=models.CASCADE, related_name="indicators")
    uid = models.UUIDField(default=uuid.uuid4, editable=False)
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField("indikator keluaran", max_length=300)
    unit = models.CharField("satuan", max_length=50)
    target = models.DecimalField("target", max_digits=14, decimal_places=4)

    scope = Scope(government="sub_activity__plan__round__government_id", agency="sub_activity__plan__agency_id")

    class Meta:
        verbose_name = "indikator keluaran"
        verbose_name_plural = "indikator keluaran"
        ordering = ["sub_activity", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.name}: {self.target} {self.unit}"


class BudgetLine(models.Model):
    """A budget need by account code, with its amount per month (or per quarter: periods 1–4)."""

    sub_activity = models.ForeignKey(PlanSubActivity, on_delete=models.CASCADE, related_name="lines")
    uid = models.UUIDField(default=uuid.uuid4, editable=False)
    order = models.PositiveSmallIntegerField(default=0)
    account_code = models.CharField("kode rekening", max_length=20)
    description = models.CharField("uraian", max_length=300)
    #: the sum of the periods (kept by the services; a check constraint would need 12 columns)
    amount = models.DecimalField("jumlah", max_digits=17, decimal_places=2)
    period_1 = models.DecimalField(default=0, max_digits=17, decimal_places=2)
    period_2 = models.DecimalField(default=0, max_digits=17, decimal_places=2)
    period_3 = models.DecimalField(default=0, max_digits=17, decimal_places=2)
    period_4 = models.DecimalField(default=0, max_digits=17, decimal_places=2)
    period_5 = models.DecimalField(default=0, max_digits=17, decimal_places=2)
    period_6 = models.DecimalField(default=0, max_digits=17, decimal_places=2)
    period_7 = models.DecimalField(default=0, max_digits=17, decimal_places=2)
    period_8 = models.DecimalField(default=0, max_digits=17, decimal_places=2)
    period_9 = models.DecimalField(default=0, max_digits=17, decimal_places=2)
    period_10 = models.DecimalField(default=0, max_digits=17, decimal_places=2)
    period_11 = models.DecimalField(default=0, max_digits=17, decimal_places=2)
    period_12 = models.DecimalField(default=0, max_digits=17, decimal_places=2)

    scope = Scope(government="sub_activity__plan__round__government_id", agency="sub_activity__plan__agency_id")

    class Meta:
        verbose_name = "rincian kebutuhan anggaran"
        verbose_name_plural = "rincian kebutuhan anggaran"
        ordering = ["sub_activity", "order", "pk"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="budget_line_amount_positive")]

    def __str__(self) -> str:
        return f"{self.account_code} {self.description}"

    PERIOD_FIELDS = tuple(f"period_{n}" for n in range(1, rules.MAX_PERIODS + 1))

    @property
    def periods(self) -> tuple:
        return tuple(getattr(self, name) for name in self.PERIOD_FIELDS)


class SubActivityEvidence(models.Model):
    """A supporting datum of a sub kegiatan: the text, or the stored file, the round asks for."""

    sub_activity = models.ForeignKey(PlanSubActivity, on_delete=models.CASCADE, related_name="evidence")
    requirement = models.ForeignKey(EvidenceRequirement, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(blank=True)
    stored_file = models.ForeignKey(
        "documents.StoredFile", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    scope = Scope(government="sub_activity__plan__round__government_id", agency="sub_activity__plan__agency_id")

    class Meta:
        verbose_name = "data dukung"
        verbose_name_plural = "data dukung"
        constraints = [
            models.UniqueConstraint(fields=["sub_activity", "requirement"], name="sub_activity_evidence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.requirement}: {self.text[:40]}"

    @property
    def is_filled(self) -> bool:
        return bool(self.text.strip()) or self.stored_file_id is not None


class PlanVersion(models.Model):
    """The whole plan as it was submitted (a snapshot), kept for ever: versions are diffed."""

    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("versi")
    submitted_at = models.DateTimeField("dikirim")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    total = models.DecimalField("total kebutuhan", max_digits=17, decimal_places=2)
    content = models.JSONField()

    scope = Scope(government="plan__round__government_id", agency="plan__agency_id")

    class Meta:
        verbose_name = "versi Renja"
        verbose_name_plural = "versi Renja"
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plan_version_unique")]

    def __str__(self) -> str:
        return f"{self.plan} v{self.number}"


class ReviewComment(models.Model):
    """A reviewer's (or the agency's) comment on the plan, a sub kegiatan or one budget line."""

    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="comments")
    #: the sub kegiatan code commented on ("" for the plan as a whole)
    sub_activity_code = models.CharField(max_length=20, blank=True)
    #: the line commented on (its uid survives revisions); null for the sub kegiatan or the plan
    line_uid = models.UUIDField(null=True, blank=True)
    #: what the line was when commented on, for when it has since been removed
    line_label = models.CharField(max_length=300, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField("komentar")
    #: the plan's revision the comment was made on
    revision = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    scope = Scope(government="plan__round__government_id", agency="plan__agency_id")

    class Meta:
        verbose_name = "komentar pemeriksaan"
        verbose_name_plural = "komentar pemeriksaan"
        ordering = ["plan", "created_at", "pk"]
        indexes = [models.Index(fields=["plan", "sub_activity_code"], name="review_comment_target")]

    def __str__(self) -> str:
        return self.body[:60]
