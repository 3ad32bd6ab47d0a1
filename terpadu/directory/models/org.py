"""The government (tenant) and its organisation: agencies, units and positions."""

from __future__ import annotations

from django.db import models

from terpadu.core.scoping import Scope


class Government(models.Model):
    class Level(models.TextChoices):
        PROVINCE = "provinsi", "Provinsi"
        REGENCY = "kabupaten", "Kabupaten"
        CITY = "kota", "Kota"

    class TimeZone(models.TextChoices):
        WIB = "Asia/Jakarta", "WIB (Asia/Jakarta)"
        WITA = "Asia/Makassar", "WITA (Asia/Makassar)"
        WIT = "Asia/Jayapura", "WIT (Asia/Jayapura)"

    name = models.CharField("nama", max_length=200)
    slug = models.SlugField(unique=True)
    level = models.CharField("tingkat", max_length=20, choices=Level.choices)
    region_code = models.CharField("kode wilayah Kemendagri", max_length=13, unique=True)
    timezone = models.CharField("zona waktu", max_length=40, choices=TimeZone.choices)
    head_title = models.CharField("sebutan kepala daerah", max_length=40, default="Bupati")
    address = models.CharField("alamat", max_length=300, blank=True)
    phone = models.CharField("telepon", max_length=40, blank=True)
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    logo = models.FileField(upload_to="government/logo/", blank=True)

    scope = Scope(government="id")

    class Meta:
        verbose_name = "pemerintah daerah"
        verbose_name_plural = "pemerintah daerah"

    def __str__(self) -> str:
        return self.name


class Agency(models.Model):
    class Kind(models.TextChoices):
        SECRETARIAT = "sekretariat", "Sekretariat"
        COUNCIL_SECRETARIAT = "sekretariat_dprd", "Sekretariat DPRD"
        INSPECTORATE = "inspektorat", "Inspektorat"
        DEPARTMENT = "dinas", "Dinas"
        BOARD = "badan", "Badan"
        OFFICE = "kantor", "Kantor"
        DISTRICT = "kecamatan", "Kecamatan"
        VILLAGE = "kelurahan", "Kelurahan"
        HOSPITAL = "rsud", "RSUD"
        POLICE = "satpol_pp", "Satpol PP"
        OTHER = "lainnya", "Lainnya"

    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="agencies")
    code = models.CharField("kode", max_length=20)
    name = models.CharField("nama", max_length=200)
    short_name = models.CharField("singkatan", max_length=60, blank=True)
    kind = models.CharField("jenis", max_length=20, choices=Kind.choices)
    address = models.CharField("alamat", max_length=300, blank=True)
    phone = models.CharField("telepon", max_length=40, blank=True)
    email = models.EmailField(blank=True)
    is_active = models.BooleanField("aktif", default=True)

    scope = Scope(government="government_id", agency="id")

    class Meta:
        verbose_name = "OPD"
        verbose_name_plural = "OPD"
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["government", "code"], name="agency_code_unique")]

    def __str__(self) -> str:
        return self.short_name or self.name


class OrgUnit(models.Model):
    class Kind(models.TextChoices):
        LEADERSHIP = "pimpinan", "Pimpinan"
        SECRETARIAT = "sekretariat", "Sekretariat"
        DIVISION = "bidang", "Bidang"
        SECTION = "bagian", "Bagian"
        SUBDIVISION = "seksi", "Seksi"
        SUBSECTION = "subbagian", "Subbagian"
        TECHNICAL_UNIT = "upt", "UPT"
        HEALTH_CENTRE = "puskesmas", "Puskesmas"
        OTHER = "lainnya", "Lainnya"

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="units")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    code = models.CharField("kode", max_length=30)
    name = models.CharField("nama", max_length=200)
    kind = models.CharField("jenis", max_length=20, choices=Kind.choices, default=Kind.DIVISION)
    is_active = models.BooleanField("aktif", default=True)

    scope = Scope(government="agency__government_id", agency="agency_id")

    class Meta:
        verbose_name = "unit kerja"
        verbose_name_plural = "unit kerja"
        ordering = ["agency", "code"]
        constraints = [models.UniqueConstraint(fields=["agency", "code"], name="orgunit_code_unique")]

    def __str__(self) -> str:
        return self.name


class Position(models.Model):
    class Kind(models.TextChoices):
        STRUCTURAL = "struktural", "Struktural"
        FUNCTIONAL = "fungsional", "Fungsional"
        EXECUTOR = "pelaksana", "Pelaksana"

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="positions")
    org_unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="positions")
    code = models.CharField("kode", max_length=30)
    name = models.CharField("nama jabatan", max_length=200)
    kind = models.CharField("jenis", max_length=20, choices=Kind.choices)
    echelon = models.CharField("eselon", max_length=10, blank=True)
    superior = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subordinates",
        verbose_name="atasan",
    )
    is_agency_head = models.BooleanField("kepala OPD", default=False)
    is_active = models.BooleanField("aktif", default=True)

    scope = Scope(government="agency__government_id", agency="agency_id")

    class Meta:
        verbose_name = "jabatan"
        verbose_name_plural = "jabatan"
        ordering = ["agency", "code"]
        constraints = [models.UniqueConstraint(fields=["agency", "code"], name="position_code_unique")]

    def __str__(self) -> str:
        return self.name
