"""What this module declares to the platform at start-up: upload purposes and who downloads them,
notification kinds, webhook events, the daily overdue reminder and the demo seeder. (Menu entries
register with the views.)"""

from __future__ import annotations

from terpadu.core.demo import Seeder, register_seeder
from terpadu.core.jobs import register_schedule
from terpadu.documents.interfaces import UploadPolicy, register_upload_policy
from terpadu.notifications.interfaces import register_kind
from terpadu.webhooks.interfaces import register_event_type

MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # DEFAULT: a scanned letter of a few dozen pages
SCAN_TYPES = frozenset({"application/pdf", "image/jpeg", "image/png"})
EVIDENCE_TYPES = SCAN_TYPES | frozenset(
    {
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
)
NOTIFICATION_KINDS = {
    "letter.to_review": "Naskah menunggu paraf",
    "letter.to_sign": "Naskah menunggu tanda tangan",
    "letter.returned": "Naskah dikembalikan",
    "letter.signed": "Naskah ditandatangani, siap dikirim",
    "letter.received": "Naskah masuk",
    "letter.disposition": "Disposisi baru",
    "letter.followed_up": "Disposisi ditindaklanjuti",
    "letter.overdue": "Disposisi lewat batas waktu",
}
EVENT_TYPES = {"letter.signed": "Naskah dinas ditandatangani (nomor, tanggal)"}


def register_all() -> None:
    from . import demo, downloads, views  # noqa: F401  (views register the menu)
    from .delivery import SCAN_PURPOSE
    from .disposition_services import FOLLOW_UP_PURPOSE
    from .letter_services import LETTER_PDF_PURPOSE

    rule = downloads.can_download_letter_file
    register_upload_policy(UploadPolicy(SCAN_PURPOSE, SCAN_TYPES, MAX_UPLOAD_BYTES), can_download=rule)
    register_upload_policy(UploadPolicy(FOLLOW_UP_PURPOSE, EVIDENCE_TYPES, MAX_UPLOAD_BYTES), can_download=rule)
    register_upload_policy(
        UploadPolicy(LETTER_PDF_PURPOSE, frozenset({"application/pdf"}), MAX_UPLOAD_BYTES), can_download=rule
    )
    for kind, label in NOTIFICATION_KINDS.items():
        register_kind(kind, label)
    for event_type, description in EVENT_TYPES.items():
        register_event_type(event_type, description)
    register_schedule(
        name="correspondence.remind_overdue",
        func="terpadu.correspondence.tasks.remind_overdue_dispositions",
        cron="0 0 * * *",
    )
    register_seeder(Seeder("correspondence", demo.seed_demo_correspondence, order=40))
