"""Who may download the files of this module (the documents module asks, per purpose)."""

from __future__ import annotations

from terpadu.core.roles import Actor
from terpadu.documents.interfaces import FileFacts

from . import policies
from .models import EscalationReport, ResponseValue


def can_download_evidence(actor: Actor, file: FileFacts) -> bool:
    """An uploaded item value: the agency that answered, the requester side, the government-wide readers."""
    if policies.reads_whole_government(actor) or actor.user_id == file.uploaded_by_id:
        return True
    value = (
        ResponseValue.objects.filter(stored_file_id=file.id)
        .values(
            "response__agency_id", "response__obligation__requester_agency_id", "response__obligation__requester_id"
        )
        .first()
    )
    if value is None:
        return False
    if value["response__agency_id"] in actor.agency_ids or value["response__obligation__requester_id"] == actor.user_id:
        return True
    return value["response__obligation__requester_agency_id"] in policies.requester_agencies(actor)


def can_download_escalation(actor: Actor, file: FileFacts) -> bool:
    report = EscalationReport.objects.filter(pdf_id=file.id).select_related("obligation").first()
    if report is None:
        return False
    obligation = report.obligation
    return policies.can_read_escalation(
        actor,
        government_id=obligation.government_id,
        requester_id=obligation.requester_id,
        requester_agency_id=obligation.requester_agency_id,
    )
