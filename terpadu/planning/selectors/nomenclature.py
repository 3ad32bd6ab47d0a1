"""Reads of the nomenclature: the entries offered to an agency and listed by the API, and what the
nomenclature pages read (the years and their entries, the agencies' mandates, an upload's preview, the
export and its template, the planning agency setting).

The pages' reads start from the acting user's government, as the pages admit only its members.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet

from terpadu.core.errors import NotFound
from terpadu.core.roles import Actor, actor_of
from terpadu.core.scoping import get_for_user, scoped
from terpadu.directory.models import Agency
from terpadu.directory.selectors import government_for_user

from .. import policies, rules
from ..models import (
    AgencyMandate,
    Nomenclature,
    NomenclatureEntry,
    NomenclatureImport,
    PlanningSetting,
    PlanSubActivity,
    WorkPlan,
)

if TYPE_CHECKING:
    from ..services.nomenclature import ImportPreview

# --- nomenclature offered to an agency, and listed by the REST API ---------------------------------------


def nomenclature_for_year(*, government_id: int, fiscal_year: int) -> Nomenclature | None:
    return Nomenclature.objects.filter(government_id=government_id, fiscal_year=fiscal_year).first()


def unscoped_mandated_fields(plan: WorkPlan) -> set[str]:
    """The bidang urusan codes the plan's agency is mandated for in the round's year."""
    mandates = AgencyMandate.objects.filter(nomenclature_id=plan.round.nomenclature_id, agency_id=plan.agency_id)
    return set(mandates.values_list("field__code", flat=True))


def mandated_sub_activities(plan: WorkPlan, q: str = "") -> QuerySet[NomenclatureEntry]:
    """The sub kegiatan the agency may still add: in its mandate, at the government's level, not yet planned."""
    digit = rules.GOVERNMENT_LEVEL_DIGIT[plan.round.government.level]
    condition = Q()
    for code in sorted(unscoped_mandated_fields(plan)):
        condition |= Q(code__startswith=f"{code}.")
    if not condition:
        return NomenclatureEntry.objects.none()
    qs = NomenclatureEntry.objects.filter(
        condition,
        nomenclature_id=plan.round.nomenclature_id,
        level=rules.Level.SUB_KEGIATAN,
        is_active=True,
        code__regex=rf"^\d\.\d{{2}}\.\d{{2}}\.{digit}\.",
    ).exclude(pk__in=plan.sub_activities.values("entry_id"))
    if q.strip():
        qs = qs.filter(Q(code__startswith=q.strip()) | Q(name__icontains=q.strip()))
    return qs.order_by("code")


def nomenclature_entries_for_user(
    *, user: Any, fiscal_year: int | None = None, level: str = "", q: str = "", parent: str = ""
) -> QuerySet[NomenclatureEntry]:
    """Entries of the government's nomenclature of ``fiscal_year`` (the newest year when not given)."""
    actor = actor_of(user)
    if actor is None or actor.government_id is None:
        return NomenclatureEntry.objects.none()
    years = Nomenclature.objects.filter(government_id=actor.government_id).order_by("-fiscal_year")
    nomenclature = (years.filter(fiscal_year=fiscal_year) if fiscal_year is not None else years).first()
    qs = NomenclatureEntry.objects.filter(nomenclature=nomenclature).select_related("parent", "nomenclature")
    if level:
        qs = qs.filter(level=level)
    if parent.strip():
        qs = qs.filter(parent__code=parent.strip())
    if q.strip():
        qs = qs.filter(Q(code__startswith=q.strip()) | Q(name__icontains=q.strip()))
    return qs.order_by("code")


# --- the nomenclature pages: the years and their entries -------------------------------------------------


def _member(user: Any) -> tuple[Actor, int]:
    """The acting user and their government (the pages admit only members of a government)."""
    actor = actor_of(user)
    if actor is None or actor.government_id is None:
        raise NotFound("Data tidak ditemukan.")
    return actor, actor.government_id


def nomenclature_years_for_user(*, user: Any) -> list[int]:
    """The fiscal years imported for the user's government, newest first."""
    found = scoped(Nomenclature.objects.order_by("-fiscal_year"), user)
    return list(found.values_list("fiscal_year", flat=True))


def nomenclature_exists_for_user(*, user: Any, fiscal_year: int) -> bool:
    return scoped(Nomenclature.objects.filter(fiscal_year=fiscal_year), user).exists()


def nomenclature_get_for_user(*, user: Any, fiscal_year: int) -> Nomenclature:
    found = scoped(Nomenclature.objects.select_related("updated_by"), user).filter(fiscal_year=fiscal_year).first()
    if found is None:
        raise NotFound(f"Nomenklatur tahun anggaran {fiscal_year} belum diimpor.")
    return found


@dataclass(frozen=True)
class NomenclatureBrowse:
    """A year's nomenclature as its page shows it."""

    nomenclature: Nomenclature
    #: the entries found, in code order (a queryset: the page paginates it)
    entries: QuerySet[NomenclatureEntry]
    #: every bidang urusan, to filter by
    bidang: QuerySet[NomenclatureEntry]
    #: (level label, number of entries in force) for every level
    level_counts: list[tuple[str, int]]
    inactive_count: int


def nomenclature_browse_for_user(*, user: Any, fiscal_year: int, q: str = "", level: str = "") -> NomenclatureBrowse:
    """The entries of the year whose code starts with ``q`` or whose name or indicator holds it, of
    ``level`` when given; 404 when the year is not imported."""
    nomenclature = nomenclature_get_for_user(user=user, fiscal_year=fiscal_year)
    entries = nomenclature.entries.select_related("parent").order_by("code")
    if level:
        entries = entries.filter(level=level)
    query = q.strip()
    if query:
        entries = entries.filter(Q(code__startswith=query) | Q(name__icontains=query) | Q(indicator__icontains=query))
    active = nomenclature.entries.filter(is_active=True).values("level").annotate(n=Count("pk"))
    counts = dict(active.values_list("level", "n"))
    return NomenclatureBrowse(
        nomenclature=nomenclature,
        entries=entries,
        bidang=nomenclature.entries.filter(level=rules.Level.BIDANG).select_related("parent").order_by("code"),
        level_counts=[(found.label, counts.get(found.value, 0)) for found in rules.Level],
        inactive_count=nomenclature.entries.filter(is_active=False).count(),
    )


# --- uploads and their preview ---------------------------------------------------------------------------


def nomenclature_import_list_for_user(*, user: Any, limit: int = 10) -> QuerySet[NomenclatureImport]:
    """The government's latest uploads, newest first."""
    return scoped(NomenclatureImport.objects.select_related("uploaded_by"), user)[:limit]


def nomenclature_import_get_for_user(*, user: Any, pk: Any) -> NomenclatureImport:
    return get_for_user(NomenclatureImport.objects.select_related("uploaded_by"), user, pk)


def nomenclature_import_reload_for_user(*, user: Any, batch: NomenclatureImport) -> NomenclatureImport:
    """``batch`` as it is now (after a failed commit: another request may have committed it); its
    uploader is read again when shown."""
    return get_for_user(NomenclatureImport, user, batch.pk)


@dataclass(frozen=True)
class RemovedRow:
    code: str
    name: str
    level_label: str
    #: still used by a work plan (or a mandate the file does not replace): kept, marked not in force
    kept: bool


@dataclass(frozen=True)
class ImportPreviewReads:
    """What the preview of an upload shows besides what the file holds."""

    #: how many (agency, bidang) mandates the year has now
    current_mandates: int
    #: the entries of the year the file leaves out
    removed: list[RemovedRow]
    #: (agency code, agency name, bidang codes) for each agency of the file's mandate sheet
    mandate_rows: list[tuple[str, str, list[str]]]


def _ancestors(code: str) -> list[str]:
    found = [code]
    parent = rules.parse_code(code).parent
    while parent:
        found.append(parent)
        parent = rules.parse_code(parent).parent
    return found


def _removed_rows(government_id: int, fiscal_year: int, preview: ImportPreview) -> list[RemovedRow]:
    nomenclature = Nomenclature.objects.filter(government_id=government_id, fiscal_year=fiscal_year).first()
    if nomenclature is None or not preview.removed:
        return []
    used = set(PlanSubActivity.objects.filter(entry__nomenclature=nomenclature).values_list("entry__code", flat=True))
    if preview.mandates is None:
        used |= set(nomenclature.mandates.values_list("field__code", flat=True))
    protected = {code for used_code in used for code in _ancestors(used_code)}
    names = dict(nomenclature.entries.values_list("code", "name"))
    return [
        RemovedRow(code, names.get(code, ""), rules.parse_code(code).level.label, code in protected)
        for code in preview.removed
    ]


def _mandate_rows(government_id: int, preview: ImportPreview) -> list[tuple[str, str, list[str]]]:
    if not preview.mandates:
        return []
    names = dict(
        Agency.objects.filter(government_id=government_id, code__in=list(preview.mandates)).values_list("code", "name")
    )
    return [(code, names.get(code, ""), fields) for code, fields in preview.mandates.items()]


def nomenclature_import_preview_for_user(
    *, user: Any, batch: NomenclatureImport, preview: ImportPreview
) -> ImportPreviewReads:
    """What the year of ``batch`` (an upload of the user's government) holds now against ``preview``."""
    government_id = _member(user)[1]
    current = AgencyMandate.objects.filter(
        nomenclature__government_id=government_id, nomenclature__fiscal_year=batch.fiscal_year
    ).count()
    return ImportPreviewReads(
        current_mandates=current,
        removed=_removed_rows(government_id, batch.fiscal_year, preview),
        mandate_rows=_mandate_rows(government_id, preview),
    )


# --- the export and its template -------------------------------------------------------------------------


@dataclass(frozen=True)
class NomenclatureSheets:
    """The rows of the import format's two sheets, and the government's time zone."""

    timezone: str
    entries: Iterable[Sequence[Any]]
    mandates: Iterable[Sequence[Any]]


def nomenclature_sheets_for_user(*, user: Any, fiscal_year: int) -> NomenclatureSheets:
    """The year's entries in force and the mandates of bidang in force, in the import format."""
    nomenclature = nomenclature_get_for_user(user=user, fiscal_year=fiscal_year)
    entries = nomenclature.entries.filter(is_active=True).order_by("code")
    mandates = nomenclature.mandates.filter(field__is_active=True).order_by("agency__code", "field__code")
    return NomenclatureSheets(
        timezone=government_for_user(user=user).timezone,
        entries=entries.values_list("code", "name", "indicator", "unit"),
        mandates=mandates.values_list("agency__code", "field__code"),
    )


def nomenclature_template_for_user(*, user: Any) -> NomenclatureSheets:
    """One example row a sheet: a sub kegiatan at the government's level, and the planning agency (else the
    first agency) given its bidang."""
    government = government_for_user(user=user)
    digit = rules.GOVERNMENT_LEVEL_DIGIT[government.level]
    entry = [
        f"5.01.01.{digit}.01.0001",
        "Penyusunan Dokumen Perencanaan Perangkat Daerah",
        "Jumlah Dokumen Perencanaan Perangkat Daerah",
        "Dokumen",
    ]
    agency_id = policies.planning_agency_id(government.pk)
    agencies = government.agencies.order_by("code")
    agency = agencies.filter(pk=agency_id).first() if agency_id else None
    agency = agency or agencies.first()
    return NomenclatureSheets(government.timezone, [entry], [[agency.code if agency else "1.01", "5.01"]])


# --- mandates --------------------------------------------------------------------------------------------


def _visible_agencies(user: Any, nomenclature: Nomenclature) -> QuerySet[Agency]:
    """Every agency for the leaders, the auditor, the planning agency and the managers; else one's own."""
    actor, government_id = _member(user)
    agencies = Agency.objects.filter(government_id=government_id).filter(
        Q(is_active=True) | Q(planning_mandates__nomenclature=nomenclature)
    )
    if not (policies.reads_every_plan(actor) or policies.can_manage_nomenclature(actor)):
        agencies = agencies.filter(pk__in=sorted(actor.agencies_with(*policies.ANY_AGENCY_ROLE)))
    return agencies.distinct().order_by("code")


@dataclass(frozen=True)
class MandateTable:
    nomenclature: Nomenclature
    #: each agency the user may see, with the bidang urusan mandated to it
    rows: list[tuple[Agency, list[NomenclatureEntry]]]
    #: the bidang in force mandated to no agency
    unassigned: list[NomenclatureEntry]


def mandate_table_for_user(*, user: Any, fiscal_year: int) -> MandateTable:
    nomenclature = nomenclature_get_for_user(user=user, fiscal_year=fiscal_year)
    agencies = list(_visible_agencies(user, nomenclature))
    fields: dict[int, list[NomenclatureEntry]] = defaultdict(list)
    for mandate in nomenclature.mandates.filter(agency__in=agencies).select_related("field").order_by("field__code"):
        fields[mandate.agency_id].append(mandate.field)
    mandated = set(nomenclature.mandates.values_list("field_id", flat=True))
    unassigned = nomenclature.entries.filter(level=rules.Level.BIDANG, is_active=True).exclude(pk__in=mandated)
    return MandateTable(
        nomenclature=nomenclature,
        rows=[(agency, fields.get(agency.pk, [])) for agency in agencies],
        unassigned=list(unassigned.order_by("code")),
    )


@dataclass(frozen=True)
class MandateChoices:
    nomenclature: Nomenclature
    agency: Agency
    #: the codes of the bidang mandated to the agency now
    current: list[str]
    #: the bidang it may be given: those in force and those it holds, in code order
    bidang: QuerySet[NomenclatureEntry]


def mandate_choices_for_user(*, user: Any, fiscal_year: int, agency_pk: Any) -> MandateChoices:
    """The year's bidang an agency of the user's government may be given (the managers set every agency's
    mandates); 404 for a year not imported or an agency not of the government."""
    nomenclature = nomenclature_get_for_user(user=user, fiscal_year=fiscal_year)
    agency = Agency.objects.filter(government_id=_member(user)[1], pk=agency_pk).first()
    if agency is None:
        raise NotFound("OPD tidak ditemukan.")
    current = list(nomenclature.mandates.filter(agency=agency).values_list("field__code", flat=True))
    bidang = nomenclature.entries.filter(level=rules.Level.BIDANG).filter(Q(is_active=True) | Q(code__in=current))
    return MandateChoices(nomenclature, agency, current, bidang.select_related("parent").order_by("code"))


# --- the planning agency ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanningAgencyChoices:
    #: the government's active agencies, by code
    agencies: QuerySet[Agency]
    #: the planning agency now: the setting, else the agency called Bappeda
    current_id: int | None


def planning_agency_choices_for_user(*, user: Any) -> PlanningAgencyChoices:
    government_id = _member(user)[1]
    agencies = Agency.objects.filter(government_id=government_id, is_active=True).order_by("code")
    return PlanningAgencyChoices(agencies, policies.planning_agency_id(government_id))


def planning_agency_get_for_user(*, user: Any, agency_id: int | None) -> tuple[Agency | None, bool]:
    """The planning agency ``agency_id`` (from :func:`planning_agency_choices_for_user`), and whether the
    government has set it (else it was found by its name)."""
    current = Agency.objects.filter(pk=agency_id).first() if agency_id else None
    return current, PlanningSetting.objects.filter(government_id=_member(user)[1]).exists()
