"""Writes of E-Planning: nomenclature and mandates, rounds, plans and their workflow, review comments."""

from .comments import comment_add, comment_resolve
from .nomenclature import (
    ImportPreview,
    mandates_set,
    nomenclature_import_commit,
    nomenclature_import_plan,
    nomenclature_import_upload,
    planning_agency_set,
)
from .plans import (
    SubActivityDraft,
    evidence_save,
    plan_items_save,
    plan_open,
    plan_save,
    sub_activity_remove,
    sub_activity_save,
)
from .rounds import (
    RequirementDraft,
    RoundDraft,
    round_close,
    round_create,
    round_publish,
    round_set_ceilings,
    round_update,
)
from .workflow import plan_accept, plan_return, plan_submit

__all__ = [
    "ImportPreview",
    "RequirementDraft",
    "RoundDraft",
    "SubActivityDraft",
    "comment_add",
    "comment_resolve",
    "evidence_save",
    "mandates_set",
    "nomenclature_import_commit",
    "nomenclature_import_plan",
    "nomenclature_import_upload",
    "plan_accept",
    "plan_items_save",
    "plan_open",
    "plan_return",
    "plan_save",
    "plan_submit",
    "planning_agency_set",
    "round_close",
    "round_create",
    "round_publish",
    "round_set_ceilings",
    "round_update",
    "sub_activity_remove",
    "sub_activity_save",
]
