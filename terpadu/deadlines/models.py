"""Requests with a deadline addressed to agencies (tenggat), the agencies' responses, reminders sent and
escalation reports. The status shown per agency is derived in rules.py, never stored."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from terpadu.core.scoping import Scope
from terpadu.directory.models import Agency, Government

from . import rules


def _default_reminder_days() -> list[int]:
    return list(rules.DEFAULT_REMINDER_DAYS)


class Obligation(models.Model):
    """A request (permintaan) with a deadline: the Sekda's "one week to input your programs"."""

    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="obligations")
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="obligations_requested"
    )
    #: the agency that asks (e.g. Bappeda) when an agency head or admin asks; empty for government-wide roles
    requester_agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="obligations_requested"
    )
    title = models.CharField("judul", max_length=200)
    instructions = models.TextField("petunjuk", blank=True)
    opens_at = models.DateTimeField("dibuka")
    due_at = models.DateTimeField("batas waktu")
    reminder_days = models.JSONField("pengingat (hari sebelum tenggat)", default=_default_reminder_days)
    status = models.CharField("status", max_length=10, choices=rules.OBLIGATION_STATUS_CHOICES, default="draft")
    #: the module whose own workflow answers and reviews this request (e.g. "planning"); empty for a plain
    #: request answered on the deadlines pages. See registry.py.
    module = models.CharField("modul pengelola", max_length=30, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    scope = Scope(government="government_id")

    class Meta:
        verbose_name = "permintaan bertenggat"
        verbose_name_plural = "permintaan bertenggat"
        ordering = ["-due_at", "-pk"]
        indexes = [models.Index(fields=["government", "status", "due_at"], name="obligation_gov_status_due")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due_at__gt=models.F("opens_at")), name="obligation_due_after_open"
            )
        ]

    def __str__(self) -> str:
        return self.title


class ObligationItem(models.Model):
    """One thing each agency must (or may) supply: a form field or a file upload."""

    obligation = models.ForeignKey(Obligation, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveIntegerField("urutan", default=0)
    label = models.CharField("butir", max_length=200)
    kind = models.CharField("jenis", max_length=10, choices=rules.ITEM_KIND_CHOICES, default="text")
    required = models.BooleanField("wajib", default=True)
    help_text = models.CharField("keterangan", max_length=300, blank=True)
    #: the options of a "choice" item
    choices = models.JSONField("pilihan", default=list, blank=True)
    #: keys of rules.FILE_TYPES a "file" item accepts (empty: all of them)
    allowed_types = models.JSONField("jenis berkas", default=list, blank=True)

    scope = Scope(government="obligation__government_id")

    class Meta:
        verbose_name = "butir permintaan"
        verbose_name_plural = "butir permintaan"
        ordering = ["obligation", "order", "pk"]

    def __str__(self) -> str:
        return self.label

    @property
    def is_file(self) -> bool:
        return self.kind == rules.ItemKind.FILE


class ObligationAgency(models.Model):
    """An agency the request is addressed to."""

    obligation = models.ForeignKey(Obligation, on_delete=models.CASCADE, related_name="addressees")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="obligations_received")

    scope = Scope(government="obligation__government_id", agency="agency_id")

    class Meta:
        verbose_name = "OPD tujuan"
        verbose_name_plural = "OPD tujuan"
        ordering = ["obligation", "agency__code"]
        constraints = [models.UniqueConstraint(fields=["obligation", "agency"], name="obligation_agency_unique")]

    def __str__(self) -> str:
        return f"{self.obligation} → {self.agency}"


class AgencyResponse(models.Model):
    """One agency's response to one request. No row yet means the agency has not started."""

    obligation = models.ForeignKey(Obligation, on_delete=models.PROTECT, related_name="responses")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="obligation_responses")
    state = models.CharField("status", max_length=10, choices=rules.RESPONSE_STATE_CHOICES, default="draft")
    #: raised by every change: a form posted over a newer version is refused (two operators at once)
    version = models.PositiveIntegerField(default=1)
    submission_count = models.PositiveIntegerField(default=0)
    submitted_at = models.DateTimeField("dikirim", null=True, blank=True)
    first_submitted_at = models.DateTimeField("pertama dikirim", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    returned_at = models.DateTimeField(null=True, blank=True)
    return_note = models.TextField("catatan pengembalian", blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    scope = Scope(government="obligation__government_id", agency="agency_id")

    class Meta:
        verbose_name = "jawaban OPD"
        verbose_name_plural = "jawaban OPD"
        ordering = ["obligation", "agency__code"]
        constraints = [models.UniqueConstraint(fields=["obligation", "agency"], name="agency_response_unique")]
        indexes = [models.Index(fields=["agency", "state"], name="agency_response_agency_state")]

    def __str__(self) -> str:
        return f"{self.agency} — {self.obligation}"


class ResponseValue(models.Model):
    """The answer to one item: text (typed values normalised by rules.clean_value) or a stored file."""

    response = models.ForeignKey(AgencyResponse, on_delete=models.CASCADE, related_name="values")
    item = models.ForeignKey(ObligationItem, on_delete=models.PROTECT, related_name="values")
    text = models.TextField(blank=True)
    stored_file = models.ForeignKey(
        "documents.StoredFile", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    scope = Scope(government="response__obligation__government_id", agency="response__agency_id")

    class Meta:
        verbose_name = "isian"
        verbose_name_plural = "isian"
        ordering = ["response", "item__order", "item_id"]
        constraints = [models.UniqueConstraint(fields=["response", "item"], name="response_value_unique")]

    def __str__(self) -> str:
        return f"{self.item}: {self.text[:40]}"

    @property
    def is_filled(self) -> bool:
        return bool(self.text) or self.stored_file_id is not None


class ReminderLog(models.Model):
    """A reminder sent to an agency. Unique per (request, agency, H-n): a second run sends nothing."""

    obligation = models.ForeignKey(Obligation, on_delete=models.CASCADE, related_name="reminders")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    label = models.CharField("pengingat", max_length=10)
    sent_at = models.DateTimeField()
    recipient_count = models.PositiveIntegerField(default=0)

    scope = Scope(government="obligation__government_id", agency="agency_id")

    class Meta:
        verbose_name = "pengingat terkirim"
        verbose_name_plural = "pengingat terkirim"
        ordering = ["obligation", "sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["obligation", "agency", "label"], name="reminder_log_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.agency} — {self.obligation}"


class EscalationReport(models.Model):
    """The report to the regional head and deputy after the due time: one per request, ever."""

    obligation = models.OneToOneField(Obligation, on_delete=models.PROTECT, related_name="escalation")
    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="+")
    generated_at = models.DateTimeField("dibuat")
    #: one row per agency that did not comply: agency id/code/name, status, late_by_minutes, missing items
    rows = models.JSONField(default=list)
    addressed_count = models.PositiveIntegerField(default=0)
    non_compliant_count = models.PositiveIntegerField(default=0)
    notified_count = models.PositiveIntegerField(default=0)
    pdf = models.ForeignKey("documents.StoredFile", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    scope = Scope(government="government_id")

    class Meta:
        verbose_name = "laporan eskalasi"
        verbose_name_plural = "laporan eskalasi"
        ordering = ["-generated_at"]

    def __str__(self) -> str:
        return f"Eskalasi: {self.obligation}"
