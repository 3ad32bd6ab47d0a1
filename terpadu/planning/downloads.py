"""Who may download E-Planning files (the documents module asks per purpose): whoever may read the plan
the supporting datum belongs to."""

from __future__ import annotations

from terpadu.core.roles import Actor
from terpadu.documents.interfaces import FileFacts

from . import policies
from .models import SubActivityEvidence


def can_download_evidence(actor: Actor, file: FileFacts) -> bool:
    found = SubActivityEvidence.objects.filter(stored_file_id=file.id).values_list(
        "sub_activity__plan__agency_id", flat=True
    )
    return any(
        policies.can_read_plan(actor, government_id=file.government_id, agency_id=agency_id) for agency_id in found
    )
