"""E-Surat foundation tables: archive classification codes (with JRA and SKKAAD), letter types,
the numbering pattern per government, the race-free number counters, and uploaded imports."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from terpadu.core.scoping import Scope
from terpadu.directory.models import Government

from .. import rules


class DocumentGroup(models.TextChoices):
    ARAHAN = "arahan", "Naskah dinas arahan"
    KORESPONDENSI = "korespondensi", "Naskah dinas korespondensi"
    KHUSUS = "khusus", "Naskah dinas khusus"
    LAINNYA = "lainnya", "Naskah dinas lainnya"


class FinalDisposition(models.TextChoices):
    MUSNAH = "musnah", "Musnah"
    PERMANEN = "permanen", "Permanen"
    DINILAI_KEMBALI = "dinilai_kembali", "Dinilai kembali"


class SecurityLevel(models.TextChoices):
    BIASA = "biasa", "Biasa"
    TERBATAS = "terbatas", "Terbatas"
    RAHASIA = "rahasia", "Rahasia"
    SANGAT_RAHASIA = "sangat_rahasia", "Sangat Rahasia"


class NumberingScope(models.TextChoices):
    AGENCY = "agency", "Register surat keluar OPD"
    TYPE = "type", "Register tersendiri per jenis"


class ClassificationCode(models.Model):
    """One archive classification code (Permendagri 83/2022) with its retention schedule (JRA) and
    default access classification (SKKAAD). ``parent`` is derived from the code."""

    government = models.ForeignKey(Government, on_delete=models.CASCADE, related_name="classification_codes")
    code = models.CharField("kode", max_length=40)
    name = models.CharField("nama", max_length=300)
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children")
    depth = models.PositiveSmallIntegerField("kedalaman")
    #: the code with each part zero-padded, for tree order (000.002 before 000.010)
    sort_key = models.CharField(max_length=60)
    active_years = models.PositiveSmallIntegerField("retensi aktif (tahun)", null=True, blank=True)
    inactive_years = models.PositiveSmallIntegerField("retensi inaktif (tahun)", null=True, blank=True)
    final_disposition = models.CharField(
        "keterangan akhir", max_length=20, choices=FinalDisposition.choices, blank=True
    )
    security_level = models.CharField(
        "klasifikasi keamanan", max_length=20, choices=SecurityLevel.choices, default="biasa"
    )
    is_active = models.BooleanField("aktif", default=True)

    scope = Scope(government="government_id")

    class Meta:
        verbose_name = "kode klasifikasi arsip"
        ordering = ["government", "sort_key"]
        constraints = [models.UniqueConstraint(fields=["government", "code"], name="classification_code_unique")]
        indexes = [models.Index(fields=["government", "sort_key"], name="classification_tree")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class LetterType(models.Model):
    """A kind of naskah dinas for one government, in one of the four groups."""

    government = models.ForeignKey(Government, on_delete=models.CASCADE, related_name="letter_types")
    code = models.SlugField("kode", max_length=40)
    name = models.CharField("nama", max_length=100)
    group = models.CharField("kelompok", max_length=20, choices=DocumentGroup.choices)
    template_key = models.CharField("templat", max_length=100)
    #: who may sign: a list of "agency_head", "secretary", "regional_head"
    signers = models.JSONField("penanda tangan", default=list)
    numbering_scope = models.CharField("register penomoran", max_length=10, choices=NumberingScope.choices)
    is_active = models.BooleanField("aktif", default=True)

    scope = Scope(government="government_id")

    class Meta:
        verbose_name = "jenis naskah dinas"
        ordering = ["government", "group", "name"]
        constraints = [models.UniqueConstraint(fields=["government", "code"], name="letter_type_unique")]

    def __str__(self) -> str:
        return self.name


class NumberingSettings(models.Model):
    """The letter-number pattern of a government from ``effective_from`` (until the next setting)."""

    government = models.ForeignKey(Government, on_delete=models.CASCADE, related_name="numbering_settings")
    pattern = models.CharField("pola nomor", max_length=rules.MAX_PATTERN_LENGTH)
    effective_from = models.DateField("berlaku mulai")
    created_at = models.DateTimeField(auto_now_add=True)

    scope = Scope(government="government_id")

    class Meta:
        verbose_name = "pengaturan penomoran"
        ordering = ["government", "effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["government", "effective_from"], name="numbering_settings_unique")
        ]

    def __str__(self) -> str:
        return f"{self.pattern} ({self.effective_from})"


class NumberSequence(models.Model):
    """The last number given in one register (agency + outgoing / incoming agenda / type) and year.
    Written only by ``services.number_allocate`` under a row lock."""

    government = models.ForeignKey(Government, on_delete=models.CASCADE, related_name="number_sequences")
    register_key = models.CharField("register", max_length=60)
    year = models.PositiveSmallIntegerField("tahun")
    last_value = models.PositiveIntegerField("nomor terakhir", default=0)

    scope = Scope(government="government_id")

    class Meta:
        verbose_name = "register nomor"
        constraints = [
            models.UniqueConstraint(fields=["government", "register_key", "year"], name="number_sequence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.register_key}/{self.year}: {self.last_value}"


class ClassificationImport(models.Model):
    """An uploaded classification table waiting for its preview to be confirmed."""

    class Status(models.TextChoices):
        PENDING = "pending", "Menunggu konfirmasi"
        COMMITTED = "committed", "Disimpan"

    government = models.ForeignKey(Government, on_delete=models.CASCADE, related_name="classification_imports")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    filename = models.CharField("nama berkas", max_length=200)
    sha256 = models.CharField(max_length=64)
    data = models.BinaryField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)

    scope = Scope(government="government_id")

    class Meta:
        verbose_name = "impor kode klasifikasi"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename
