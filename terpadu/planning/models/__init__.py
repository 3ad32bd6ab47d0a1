"""E-Planning tables. Rules live in ``rules.py``; writes in the services; reads in the selectors."""

from .nomenclature import AgencyMandate, Nomenclature, NomenclatureEntry, NomenclatureImport, PlanningSetting
from .plans import (
    BudgetLine,
    PlanIndicator,
    PlanSubActivity,
    PlanVersion,
    ReviewComment,
    SubActivityEvidence,
    WorkPlan,
)
from .rounds import AgencyCeiling, EvidenceRequirement, PlanningRound

__all__ = [
    "AgencyCeiling",
    "AgencyMandate",
    "BudgetLine",
    "EvidenceRequirement",
    "Nomenclature",
    "NomenclatureEntry",
    "NomenclatureImport",
    "PlanIndicator",
    "PlanSubActivity",
    "PlanVersion",
    "PlanningRound",
    "PlanningSetting",
    "ReviewComment",
    "SubActivityEvidence",
    "WorkPlan",
]
