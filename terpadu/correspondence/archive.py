"""The archive: dossiers (berkas) per agency under a classification code, filing letters into them, and
the retention report — what is due for transfer to the inactive archive or for its final disposition
(musnah, permanen, dinilai kembali) by the JRA of the code (RULES.md §6)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from terpadu.core.audit import audit_record, snapshot
from terpadu.core.errors import AccessDenied, Conflict, ValidationFailed
from terpadu.core.roles import actor_of
from terpadu.core.scoping import scoped

from . import policies, rules
from .drafts import _classification
from .models import Dossier, Letter

DOSSIER_FIELDS = ["number", "title", "year", "closed_on", "location"]


@transaction.atomic
def dossier_create(
    *, user: Any, agency_id: int, classification: str, number: str, title: str, year: int, location: str = ""
) -> Dossier:
    policies.ensure(policies.can_file(actor_of(user), agency_id), "Hanya TU atau kepala OPD yang mengelola berkas.")
    errors = {}
    if not number.strip():
        errors["number"] = "Nomor berkas wajib diisi."
    if not title.strip():
        errors["title"] = "Uraian berkas wajib diisi."
    if not 1900 <= year <= 2200:
        errors["year"] = "Tahun tidak sah."
    if errors:
        raise ValidationFailed("Periksa kembali isian berkas.", fields=errors)
    actor = actor_of(user)
    assert actor is not None and actor.government_id is not None
    code = _classification(actor.government_id, classification)
    if code is None:
        raise ValidationFailed("Kode klasifikasi wajib diisi.", fields={"classification": "Wajib diisi."})
    try:
        with transaction.atomic():
            dossier = Dossier.objects.create(
                government_id=actor.government_id,
                agency_id=agency_id,
                classification=code,
                number=number.strip()[:60],
                title=title.strip()[:300],
                year=year,
                opened_on=date(year, 1, 1) if year < timezone.localdate().year else timezone.localdate(),
                location=location.strip()[:200],
                created_by=user,
            )
    except IntegrityError:
        raise Conflict(f"Berkas nomor {number.strip()} tahun {year} sudah ada.") from None
    audit_record(
        actor=user,
        action="dossier.create",
        target=dossier,
        government_id=dossier.government_id,
        agency_id=agency_id,
        after=snapshot(dossier, DOSSIER_FIELDS),
    )
    return dossier


@transaction.atomic
def dossier_close(*, user: Any, dossier: Dossier, closed_on: date) -> Dossier:
    """Close a dossier: its retention runs from the closing date."""
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    policies.ensure(
        policies.can_file(actor_of(user), dossier.agency_id), "Hanya TU atau kepala OPD yang mengelola berkas."
    )
    if dossier.closed_on is not None:
        raise Conflict("Berkas ini sudah ditutup.")
    if closed_on < dossier.opened_on:
        raise ValidationFailed(
            "Tanggal tutup tidak boleh sebelum berkas dibuka.", fields={"closed_on": "Terlalu awal."}
        )
    before = snapshot(dossier, DOSSIER_FIELDS)
    dossier.closed_on = closed_on
    dossier.save(update_fields=["closed_on"])
    audit_record(
        actor=user,
        action="dossier.close",
        target=dossier,
        government_id=dossier.government_id,
        agency_id=dossier.agency_id,
        before=before,
        after=snapshot(dossier, DOSSIER_FIELDS),
    )
    return dossier


@transaction.atomic
def letter_file(*, user: Any, letter: Letter, dossier: Dossier) -> Letter:
    """File a signed or registered letter into a dossier of an agency that sent or received it."""
    actor = actor_of(user)
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    policies.ensure(policies.can_file(actor, dossier.agency_id), "Hanya TU atau kepala OPD yang mengelola berkas.")
    if not Letter.objects.filter(pk=letter.pk).filter(policies.visible_filter(actor)).exists():  # type: ignore[arg-type]
        raise AccessDenied("Anda tidak dapat membaca naskah ini.")
    if letter.status not in policies.REGISTERED:
        raise ValidationFailed("Hanya naskah yang sudah ditandatangani atau dicatat yang dapat diberkaskan.")
    if dossier.closed_on is not None:
        raise Conflict("Berkas sudah ditutup; buka berkas baru.")
    before = {"dossier": letter.dossier_id}
    Letter.objects.filter(pk=letter.pk).update(dossier=dossier)
    letter.dossier = dossier
    audit_record(
        actor=user,
        action="letter.file",
        target=letter,
        government_id=letter.government_id,
        agency_id=dossier.agency_id,
        before=before,
        after={"dossier": dossier.pk},
    )
    return letter


def dossiers_for_user(*, user: Any, agency_id: int | None = None, open_only: bool = False) -> QuerySet[Dossier]:
    qs = scoped(Dossier.objects.all(), user).select_related("agency", "classification")
    if agency_id:
        qs = qs.filter(agency_id=agency_id)
    if open_only:
        qs = qs.filter(closed_on__isnull=True)
    return qs.order_by("agency__code", "-year", "number")


@dataclass(frozen=True)
class RetentionRow:
    dossier_id: int
    agency: str
    number: str
    title: str
    classification_code: str
    classification_name: str
    closed_on: date
    active_until: date
    inactive_until: date
    stage: str
    final_disposition: str

    @property
    def stage_label(self) -> str:
        return STAGE_LABELS[rules.RetentionStage(self.stage)]


STAGE_LABELS = {
    rules.RetentionStage.ACTIVE: "Aktif",
    rules.RetentionStage.INACTIVE: "Inaktif (pindahkan ke unit kearsipan)",
    rules.RetentionStage.DUE: "Jatuh tempo keterangan akhir",
}


def retention_report(*, user: Any, today: date, stage: str | None = None) -> list[RetentionRow]:
    """Closed dossiers of the user's reach with the JRA of their code: when each leaves the active
    stage and when its final disposition is due. Codes without a JRA are left out (nothing to compute)."""
    rows = []
    for dossier in dossiers_for_user(user=user).filter(closed_on__isnull=False):
        code = dossier.classification
        if code.active_years is None or code.inactive_years is None or not code.final_disposition:
            continue
        rule = rules.RetentionRule(
            code.active_years, code.inactive_years, rules.FinalDisposition(code.final_disposition)
        )
        assert dossier.closed_on is not None
        status = rules.retention_due(dossier.closed_on, rule, today)
        if stage and status.stage.value != stage:
            continue
        rows.append(
            RetentionRow(
                dossier_id=dossier.pk,
                agency=dossier.agency.name,
                number=dossier.number,
                title=dossier.title,
                classification_code=code.code,
                classification_name=code.name,
                closed_on=dossier.closed_on,
                active_until=status.inactive_from,
                inactive_until=status.due_on,
                stage=status.stage.value,
                final_disposition=rules.FINAL_DISPOSITION_LABELS[status.final_disposition],
            )
        )
    return sorted(rows, key=lambda r: (r.inactive_until, r.agency, r.number))
