"""Reads of E-Planning, always given the acting user (or named ``unscoped_…`` when the caller has checked).

One module per part; every name is re-exported here, so ``selectors.plan_tree`` and
``from terpadu.planning.selectors import plan_tree`` both work:

- ``rounds``: the rounds the user may open, the agencies a round addresses and their ceilings;
- ``plans``: the plans the user may read, their sub kegiatan, supporting data, lines, versions, comments;
- ``tree``: a plan as programs → kegiatan → sub kegiatan with totals and checks, and its JSON snapshot;
- ``compliance``: the round's compliance table;
- ``consolidation``: the round's consolidation (what the exports read);
- ``nomenclature``: the nomenclature, the agencies' mandates, uploads, the planning agency.

The plan tree and the round's compliance table are built with a fixed number of queries, whatever the
number of agencies, sub kegiatan and lines (the bench holds 50 × 40 × 30).
"""

from .compliance import ComplianceRow, compliance_for_user, unscoped_compliance
from .consolidation import (
    PERIOD_SUMS,
    AgencyPlanTotal,
    RoundConsolidation,
    SubActivityTotal,
    round_consolidation_for_user,
    unscoped_round_consolidation,
)
from .nomenclature import (
    ImportPreviewReads,
    MandateChoices,
    MandateTable,
    NomenclatureBrowse,
    NomenclatureSheets,
    PlanningAgencyChoices,
    RemovedRow,
    mandate_choices_for_user,
    mandate_table_for_user,
    mandated_sub_activities,
    nomenclature_browse_for_user,
    nomenclature_entries_for_user,
    nomenclature_exists_for_user,
    nomenclature_for_year,
    nomenclature_get_for_user,
    nomenclature_import_get_for_user,
    nomenclature_import_list_for_user,
    nomenclature_import_preview_for_user,
    nomenclature_import_reload_for_user,
    nomenclature_sheets_for_user,
    nomenclature_template_for_user,
    nomenclature_years_for_user,
    planning_agency_choices_for_user,
    planning_agency_get_for_user,
    unscoped_mandated_fields,
)
from .plans import (
    comment_get_for_user,
    comments_of,
    evidence_of,
    evidence_table,
    lines_of,
    plan_for_user,
    plan_get_for_user,
    plan_list_for_user,
    plans_for_user,
    sub_activity_for_plan,
    version_content,
    versions_of,
)
from .rounds import (
    addressed_agency,
    agency_ids_by_code,
    ceilings_for_user,
    round_agencies,
    round_get_for_user,
    round_list_for_user,
    rounds_for_user,
    visible_agency_ids,
)
from .tree import (
    ActivityNode,
    PlanTree,
    ProgramNode,
    SubActivityRow,
    plan_snapshot,
    plan_tree,
    unscoped_plan_checks,
)

__all__ = [
    "PERIOD_SUMS",
    "ActivityNode",
    "AgencyPlanTotal",
    "ComplianceRow",
    "ImportPreviewReads",
    "MandateChoices",
    "MandateTable",
    "NomenclatureBrowse",
    "NomenclatureSheets",
    "PlanTree",
    "PlanningAgencyChoices",
    "ProgramNode",
    "RemovedRow",
    "RoundConsolidation",
    "SubActivityRow",
    "SubActivityTotal",
    "addressed_agency",
    "agency_ids_by_code",
    "ceilings_for_user",
    "comment_get_for_user",
    "comments_of",
    "compliance_for_user",
    "evidence_of",
    "evidence_table",
    "lines_of",
    "mandate_choices_for_user",
    "mandate_table_for_user",
    "mandated_sub_activities",
    "nomenclature_browse_for_user",
    "nomenclature_entries_for_user",
    "nomenclature_exists_for_user",
    "nomenclature_for_year",
    "nomenclature_get_for_user",
    "nomenclature_import_get_for_user",
    "nomenclature_import_list_for_user",
    "nomenclature_import_preview_for_user",
    "nomenclature_import_reload_for_user",
    "nomenclature_sheets_for_user",
    "nomenclature_template_for_user",
    "nomenclature_years_for_user",
    "plan_for_user",
    "plan_get_for_user",
    "plan_list_for_user",
    "plan_snapshot",
    "plan_tree",
    "planning_agency_choices_for_user",
    "planning_agency_get_for_user",
    "plans_for_user",
    "round_agencies",
    "round_consolidation_for_user",
    "round_get_for_user",
    "round_list_for_user",
    "rounds_for_user",
    "sub_activity_for_plan",
    "unscoped_compliance",
    "unscoped_mandated_fields",
    "unscoped_plan_checks",
    "unscoped_round_consolidation",
    "version_content",
    "versions_of",
    "visible_agency_ids",
]
