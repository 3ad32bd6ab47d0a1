"""E-Surat letters: the letter itself, its addressees, its review (paraf) steps, every employee's box
entry about it (addressee, tembusan, paraf, signature, disposition), its attachments and the dossiers
(berkas) it is filed in.

Status changes go through ``services``; the transitions are declared in ``rules.LETTER_TRANSITIONS``.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from terpadu.core.scoping import Scope
from terpadu.directory.models import Agency, Employee, Government, Position

from .foundation import ClassificationCode, LetterType, SecurityLevel


class Urgency(models.TextChoices):
    BIASA = "biasa", "Biasa"
    SEGERA = "segera", "Segera"
    SANGAT_SEGERA = "sangat_segera", "Sangat Segera"


class Dossier(models.Model):
    """A berkas: a file of letters about one matter, under one classification code, kept by an agency."""

    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="dossiers")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="dossiers")
    classification = models.ForeignKey(ClassificationCode, on_delete=models.PROTECT, related_name="dossiers")
    number = models.CharField("nomor berkas", max_length=60)
    title = models.CharField("uraian berkas", max_length=300)
    year = models.PositiveSmallIntegerField("tahun")
    opened_on = models.DateField("dibuka")
    closed_on = models.DateField("ditutup", null=True, blank=True)
    location = models.CharField("lokasi simpan", max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    scope = Scope(government="government_id", agency="agency_id")

    class Meta:
        verbose_name = "berkas arsip"
        verbose_name_plural = "berkas arsip"
        ordering = ["agency", "-year", "number"]
        constraints = [models.UniqueConstraint(fields=["agency", "year", "number"], name="dossier_number_unique")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class Letter(models.Model):
    """One naskah dinas: drafted here (outgoing, incl. letters to other agencies of the government) or
    registered on arrival from outside (incoming). Immutable once signed (a correction is a new letter
    that references it through ``corrects``)."""

    class Direction(models.TextChoices):
        OUTGOING = "outgoing", "Naskah keluar"
        INCOMING = "incoming", "Naskah masuk (eksternal)"

    class Status(models.TextChoices):
        DRAFT = "draft", "Konsep"
        IN_REVIEW = "in_review", "Dalam paraf"
        RETURNED = "returned", "Dikembalikan"
        TO_SIGN = "to_sign", "Menunggu tanda tangan"
        SIGNED = "signed", "Ditandatangani"
        SENT = "sent", "Terkirim"
        RECEIVED = "received", "Diterima"
        CANCELLED = "cancelled", "Dibatalkan"

    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="letters")
    #: the drafting agency (outgoing) or the agency whose records desk registered it (incoming)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="letters")
    direction = models.CharField("arah", max_length=10, choices=Direction.choices)
    letter_type = models.ForeignKey(
        LetterType, null=True, blank=True, on_delete=models.PROTECT, related_name="letters", verbose_name="jenis"
    )
    classification = models.ForeignKey(
        ClassificationCode,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letters",
        verbose_name="kode klasifikasi",
    )
    subject = models.CharField("hal", max_length=500)
    body = models.TextField("isi", blank=True)
    attachment_note = models.CharField("lampiran", max_length=200, blank=True)
    place = models.CharField("tempat", max_length=100, blank=True)
    urgency = models.CharField("sifat (kecepatan)", max_length=20, choices=Urgency.choices, default="biasa")
    security_level = models.CharField(
        "klasifikasi keamanan", max_length=20, choices=SecurityLevel.choices, default="biasa"
    )
    status = models.CharField("status", max_length=12, choices=Status.choices, default=Status.DRAFT)
    drafted_by = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="drafted_letters")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # --- signing (outgoing) -----------------------------------------------------------------------
    signer = models.ForeignKey(
        Employee, null=True, blank=True, on_delete=models.PROTECT, related_name="letters_to_sign"
    )
    #: the authority the letter is signed under: a value of rules.Signer
    signing_authority = models.CharField("kewenangan", max_length=20, blank=True)
    #: "", "an", "an_ub", "plt", "plh" (rules.Delegation)
    delegation = models.CharField("delegasi", max_length=6, blank=True)
    #: the signature block as printed, frozen at signing: {"heading": [...], "name": ..., "nip": ..., "rank": ...}
    signature_block = models.JSONField(default=dict, blank=True)
    number = models.CharField("nomor", max_length=200, null=True, blank=True)  # noqa: DJ001 (NULL until numbered)
    register_key = models.CharField(max_length=60, blank=True)
    sequence = models.PositiveIntegerField(null=True, blank=True)
    number_year = models.PositiveSmallIntegerField(null=True, blank=True)
    letter_date = models.DateField("tanggal surat", null=True, blank=True)
    signed_at = models.DateTimeField("ditandatangani pada", null=True, blank=True)
    sent_at = models.DateTimeField("dikirim pada", null=True, blank=True)
    pdf = models.ForeignKey("documents.StoredFile", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    verification_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    corrects = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections", verbose_name="ralat atas"
    )
    dossier = models.ForeignKey(Dossier, null=True, blank=True, on_delete=models.SET_NULL, related_name="letters")

    # --- incoming (registered by the records desk) -----------------------------------------------------
    sender_name = models.CharField("pengirim", max_length=300, blank=True)
    sender_number = models.CharField("nomor surat pengirim", max_length=200, blank=True)
    sender_date = models.DateField("tanggal surat pengirim", null=True, blank=True)
    received_on = models.DateField("tanggal diterima", null=True, blank=True)
    srikandi_ref = models.CharField("referensi SRIKANDI", max_length=100, blank=True)
    scan = models.ForeignKey("documents.StoredFile", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    scope = Scope(government="government_id", agency="agency_id")

    class Meta:
        verbose_name = "naskah dinas"
        verbose_name_plural = "naskah dinas"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["government", "number"], condition=Q(number__isnull=False), name="letter_number_unique"
            ),
            models.UniqueConstraint(
                fields=["government", "register_key", "number_year", "sequence"],
                condition=Q(sequence__isnull=False),
                name="letter_sequence_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "status", "created_at"], name="letter_agency_status"),
            models.Index(fields=["government", "letter_date"], name="letter_date_idx"),
            models.Index(fields=["sha256"], name="letter_sha256_idx"),
            # Lists and search, newest first (migration 0003 explains each read-side index).
            models.Index(fields=["government", "created_at", "id"], name="letter_recent_idx"),
        ]

    def __str__(self) -> str:
        return self.number or self.subject

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None

    @property
    def is_secret(self) -> bool:
        return self.security_level != SecurityLevel.BIASA


class LetterRecipient(models.Model):
    """One addressee (Yth.) or tembusan of a letter: an agency, a position, an employee of the government,
    or an external party. Agency deliveries get the receiving agency's agenda number."""

    class Kind(models.TextChoices):
        TO = "to", "Kepada"
        CC = "cc", "Tembusan"

    class Target(models.TextChoices):
        AGENCY = "agency", "Perangkat daerah"
        POSITION = "position", "Jabatan"
        EMPLOYEE = "employee", "Pegawai"
        EXTERNAL = "external", "Pihak luar"

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="recipients")
    kind = models.CharField("jenis", max_length=2, choices=Kind.choices)
    target = models.CharField("tujuan", max_length=10, choices=Target.choices)
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    position = models.ForeignKey(Position, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    employee = models.ForeignKey(Employee, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    #: as printed: "Kepala Dinas Kesehatan", "Direktur PT …"
    name = models.CharField("nama/jabatan", max_length=300)
    address = models.CharField("alamat", max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    agenda_number = models.PositiveIntegerField("nomor agenda", null=True, blank=True)
    agenda_year = models.PositiveSmallIntegerField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "tujuan naskah"
        ordering = ["letter", "order", "pk"]
        indexes = [models.Index(fields=["agency", "delivered_at"], name="recipient_agency_idx")]

    def __str__(self) -> str:
        return self.name


class LetterReview(models.Model):
    """One paraf step: reviewers initial in ``order``; each round starts when the drafter submits."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Menunggu giliran"
        PENDING = "pending", "Menunggu paraf"
        APPROVED = "approved", "Diparaf"
        RETURNED = "returned", "Dikembalikan"
        SUPERSEDED = "superseded", "Tidak berlaku (putaran lama)"

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="reviews")
    round = models.PositiveSmallIntegerField("putaran", default=1)
    order = models.PositiveSmallIntegerField("urutan")
    reviewer = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="letter_reviews")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.WAITING)
    note = models.TextField("catatan", blank=True)
    acted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "paraf"
        ordering = ["letter", "round", "order"]
        constraints = [models.UniqueConstraint(fields=["letter", "round", "order"], name="letter_review_step_unique")]

    def __str__(self) -> str:
        return f"{self.letter_id} #{self.round}.{self.order}"


class InboxItem(models.Model):
    """What one employee has in their boxes about a letter: they drafted or registered it (owner), must
    initial or sign it, received it (Kepada / tembusan), or were given a disposition of it. Dispositions
    form a tree through ``parent``; the follow-up (tindak lanjut) is recorded on the item."""

    class Kind(models.TextChoices):
        OWNER = "owner", "Konseptor/pencatat"
        REVIEW = "review", "Paraf"
        SIGN = "sign", "Tanda tangan"
        SEND = "send", "Siap kirim"
        TO = "to", "Surat masuk"
        CC = "cc", "Tembusan"
        DISPOSITION = "disposition", "Disposisi"

    class FollowUp(models.TextChoices):
        NONE = "none", "Tidak perlu"
        PENDING = "pending", "Belum ditindaklanjuti"
        FORWARDED = "forwarded", "Didisposisikan"
        DONE = "done", "Sudah ditindaklanjuti"

    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="+")
    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="inbox_items")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="inbox_items")
    #: the employee's agency when it arrived (for per-agency reports)
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    received_at = models.DateTimeField("diterima pada")
    read_at = models.DateTimeField("dibaca pada", null=True, blank=True)
    #: a paraf or signature item is closed once acted on, an owner item never
    closed_at = models.DateTimeField(null=True, blank=True)
    urgency = models.CharField(max_length=20, choices=Urgency.choices, default="biasa")

    # --- disposition ---------------------------------------------------------------------------------
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children", verbose_name="asal"
    )
    sender = models.ForeignKey(Employee, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    #: keys of rules.DISPOSITION_INSTRUCTIONS
    instructions = models.JSONField("arahan", default=list, blank=True)
    note = models.TextField("catatan", blank=True)
    due_date = models.DateField("batas waktu", null=True, blank=True)

    # --- follow-up ------------------------------------------------------------------------------------
    follow_up_status = models.CharField(max_length=10, choices=FollowUp.choices, default=FollowUp.NONE)
    followed_up_at = models.DateTimeField("ditindaklanjuti pada", null=True, blank=True)
    follow_up_text = models.TextField("tindak lanjut", blank=True)

    scope = Scope(government="government_id", agency="agency_id", owner_employee="employee_id")

    class Meta:
        verbose_name = "kotak naskah"
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(fields=["employee", "kind", "received_at"], name="inbox_box_idx"),
            models.Index(
                fields=["employee", "received_at"], condition=Q(read_at__isnull=True), name="inbox_unread_idx"
            ),
            models.Index(fields=["employee", "follow_up_status", "received_at"], name="inbox_followup_idx"),
            models.Index(fields=["agency", "follow_up_status", "received_at"], name="inbox_agency_followup_idx"),
            models.Index(fields=["letter", "kind"], name="inbox_letter_idx"),
            # Read side (migration 0003): the inbox page newest first, index-only on PostgreSQL.
            models.Index(
                fields=["employee", "received_at", "id"],
                include=["kind", "read_at", "closed_at", "follow_up_status", "letter"],
                name="inbox_employee_recent_idx",
            ),
            models.Index(fields=["agency", "letter"], name="inbox_agency_letter_idx"),
            models.Index(fields=["letter", "employee"], name="inbox_letter_employee_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.letter_id} → {self.employee_id}"


class LetterAttachment(models.Model):
    """A file attached to a letter (lampiran) or, with ``item``, the evidence of a follow-up."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="attachments")
    item = models.ForeignKey(
        InboxItem, null=True, blank=True, on_delete=models.CASCADE, related_name="follow_up_attachments"
    )
    file = models.ForeignKey("documents.StoredFile", on_delete=models.PROTECT, related_name="+")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "lampiran"
        ordering = ["letter", "pk"]

    def __str__(self) -> str:
        return f"{self.letter_id}: {self.file_id}"


__all__ = ["Dossier", "InboxItem", "Letter", "LetterAttachment", "LetterRecipient", "LetterReview", "Urgency"]
