"""The national nomenclature of a fiscal year (urusan → sub kegiatan, Permendagri 90/2019), which agency
may plan which bidang urusan, and the government's planning agency (Bappeda)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from terpadu.core.scoping import Scope
from terpadu.directory.models import Agency, Government

from .. import rules


class PlanningSetting(models.Model):
    """Per government: the agency that runs planning (Bappeda). Its head and admin manage the
    nomenclature and open rounds; its staff review the work plans."""

    government = models.OneToOneField(Government, on_delete=models.CASCADE, related_name="planning_setting")
    planning_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name="OPD perencana (Bappeda)"
    )
    updated_at = models.DateTimeField(auto_now=True)

    scope = Scope(government="government_id")

    class Meta:
        verbose_name = "pengaturan perencanaan"
        verbose_name_plural = "pengaturan perencanaan"

    def __str__(self) -> str:
        return f"Perencanaan {self.government}: {self.planning_agency}"


class Nomenclature(models.Model):
    """The nomenclature in force for one fiscal year of one government (one version per year)."""

    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="nomenclatures")
    fiscal_year = models.PositiveSmallIntegerField("tahun anggaran")
    source = models.CharField("dasar hukum / sumber", max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    scope = Scope(government="government_id")

    class Meta:
        verbose_name = "nomenklatur"
        verbose_name_plural = "nomenklatur"
        ordering = ["-fiscal_year"]
        constraints = [
            models.UniqueConstraint(fields=["government", "fiscal_year"], name="nomenclature_year_unique"),
        ]

    def __str__(self) -> str:
        return f"Nomenklatur {self.fiscal_year}"


class NomenclatureEntry(models.Model):
    """One urusan, bidang urusan, program, kegiatan or sub kegiatan, with its indicator and unit."""

    nomenclature = models.ForeignKey(Nomenclature, on_delete=models.CASCADE, related_name="entries")
    level = models.CharField("tingkat", max_length=12, choices=rules.LEVEL_CHOICES)
    code = models.CharField("kode", max_length=20)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    name = models.CharField("nomenklatur", max_length=400)
    indicator = models.CharField("indikator kinerja", max_length=400, blank=True)
    unit = models.CharField("satuan", max_length=50, blank=True)
    #: no longer in the latest import but still used by a work plan (kept, never offered again)
    is_active = models.BooleanField("berlaku", default=True)

    scope = Scope(government="nomenclature__government_id")

    class Meta:
        verbose_name = "nomenklatur (butir)"
        verbose_name_plural = "nomenklatur (butir)"
        ordering = ["nomenclature", "code"]
        constraints = [
            models.UniqueConstraint(fields=["nomenclature", "code"], name="nomenclature_entry_code_unique"),
        ]
        indexes = [models.Index(fields=["nomenclature", "level", "code"], name="nomenclature_entry_level")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class AgencyMandate(models.Model):
    """An agency may plan the kegiatan and sub kegiatan of this bidang urusan in this year."""

    nomenclature = models.ForeignKey(Nomenclature, on_delete=models.CASCADE, related_name="mandates")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="planning_mandates")
    field = models.ForeignKey(
        NomenclatureEntry, on_delete=models.PROTECT, related_name="mandates", verbose_name="bidang urusan"
    )

    scope = Scope(government="nomenclature__government_id", agency="agency_id")

    class Meta:
        verbose_name = "kewenangan OPD"
        verbose_name_plural = "kewenangan OPD"
        ordering = ["nomenclature", "agency__code", "field__code"]
        constraints = [
            models.UniqueConstraint(fields=["nomenclature", "agency", "field"], name="agency_mandate_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.agency}: {self.field.code}"


class NomenclatureImport(models.Model):
    """An uploaded nomenclature workbook waiting for its preview to be confirmed."""

    class Status(models.TextChoices):
        PENDING = "pending", "Menunggu konfirmasi"
        COMMITTED = "committed", "Disimpan"

    government = models.ForeignKey(Government, on_delete=models.CASCADE, related_name="nomenclature_imports")
    fiscal_year = models.PositiveSmallIntegerField("tahun anggaran")
    source = models.CharField("dasar hukum / sumber", max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    filename = models.CharField("nama berkas", max_length=200)
    sha256 = models.CharField(max_length=64)
    data = models.BinaryField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)

    scope = Scope(government="government_id")

    class Meta:
        verbose_name = "impor nomenklatur"
        verbose_name_plural = "impor nomenklatur"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename
