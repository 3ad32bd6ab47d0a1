"""Who may download E-Surat files (the documents module asks per purpose): whoever may read the letter
the file belongs to (the signed PDF, the scan of an incoming letter, an attachment, a follow-up's
evidence)."""

from __future__ import annotations

from django.db.models import Q

from terpadu.core.roles import Actor
from terpadu.documents.interfaces import FileFacts

from . import policies
from .models import Letter


def can_download_letter_file(actor: Actor, file: FileFacts) -> bool:
    letters = Letter.objects.filter(
        Q(pdf_id=file.id) | Q(scan_id=file.id) | Q(attachments__file_id=file.id), government_id=file.government_id
    )
    return letters.filter(policies.visible_filter(actor)).exists()
