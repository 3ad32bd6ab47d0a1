"""Employees (ASN: PNS and PPPK) and the history of their placements."""

from __future__ import annotations

from django.db import models

from terpadu.core.scoping import Scope

from .org import Agency, Government, OrgUnit, Position


class Employee(models.Model):
    class Kind(models.TextChoices):
        PNS = "pns", "PNS"
        PPPK = "pppk", "PPPK"
        #: the elected regional head and deputy: in the position tree (they sign and dispose letters), no NIP
        ELECTED = "pejabat", "Kepala/Wakil Kepala Daerah"

    class Gender(models.TextChoices):
        MALE = "L", "Laki-laki"
        FEMALE = "P", "Perempuan"

    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="employees")
    kind = models.CharField("status kepegawaian", max_length=10, choices=Kind.choices, default=Kind.PNS)
    nip = models.CharField("NIP", max_length=18, null=True, blank=True)  # noqa: DJ001 (NULL: unique only when present)
    pppk_number = models.CharField("NI PPPK", max_length=18, null=True, blank=True)  # noqa: DJ001
    name = models.CharField("nama", max_length=200)
    front_title = models.CharField("gelar depan", max_length=40, blank=True)
    back_title = models.CharField("gelar belakang", max_length=60, blank=True)
    birth_date = models.DateField("tanggal lahir", null=True, blank=True)
    gender = models.CharField("jenis kelamin", max_length=1, choices=Gender.choices, blank=True)
    rank = models.CharField("pangkat/golongan", max_length=40, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField("telepon", max_length=30, blank=True)
    # Current placement, kept in step with the open Placement by directory.services.
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="employees")
    org_unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="employees")
    position = models.ForeignKey(Position, null=True, blank=True, on_delete=models.PROTECT, related_name="holders")
    is_active = models.BooleanField("aktif", default=True)

    scope = Scope(government="government_id", agency="agency_id", owner_employee="id")

    class Meta:
        verbose_name = "pegawai"
        verbose_name_plural = "pegawai"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["government", "nip"], name="employee_nip_unique"),
            models.UniqueConstraint(fields=["government", "pppk_number"], name="employee_pppk_unique"),
            models.CheckConstraint(
                condition=(
                    models.Q(kind="pns", nip__isnull=False)
                    | models.Q(kind="pppk", pppk_number__isnull=False)
                    | models.Q(kind="pejabat", nip__isnull=True, pppk_number__isnull=True)
                ),
                name="employee_has_number",
            ),
        ]
        indexes = [
            models.Index(fields=["government", "agency", "name"], name="employee_agency_name_idx"),
            # the province-wide list is ordered by name, id (make bench: employee_list_api)
            models.Index(fields=["government", "name", "id"], name="employee_name_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        name = f"{self.front_title} {self.name}".strip()
        return f"{name}, {self.back_title}" if self.back_title else name

    @property
    def number(self) -> str:
        return (self.nip if self.kind == self.Kind.PNS else self.pppk_number) or ""


class Placement(models.Model):
    """One period of an employee in a position (initial appointment, transfer, promotion…)."""

    class Kind(models.TextChoices):
        APPOINTMENT = "pengangkatan", "Pengangkatan"
        TRANSFER = "mutasi", "Mutasi"
        PROMOTION = "promosi", "Promosi"
        DEMOTION = "demosi", "Demosi"
        ASSIGNMENT = "penugasan", "Penugasan"

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="placements")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    org_unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    position = models.ForeignKey(Position, on_delete=models.PROTECT, related_name="placements")
    kind = models.CharField("jenis", max_length=20, choices=Kind.choices, default=Kind.APPOINTMENT)
    start_date = models.DateField("TMT")
    end_date = models.DateField("berakhir", null=True, blank=True)
    decree_number = models.CharField("nomor SK", max_length=100, blank=True)
    note = models.CharField("catatan", max_length=300, blank=True)

    scope = Scope(government="employee__government_id", agency="agency_id", owner_employee="employee_id")

    class Meta:
        verbose_name = "riwayat jabatan"
        verbose_name_plural = "riwayat jabatan"
        ordering = ["employee", "-start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee"], condition=models.Q(end_date__isnull=True), name="placement_one_open"
            )
        ]

    def __str__(self) -> str:
        return f"{self.employee} — {self.position} ({self.start_date})"
