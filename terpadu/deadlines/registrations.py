"""What this module declares to the platform at start-up: jobs, upload purposes, notification kinds,
webhook event types, the demo seeder. (Menu entries and the home widgets register with the views.)"""

from __future__ import annotations

from terpadu.core.demo import Seeder, register_seeder
from terpadu.core.jobs import register_schedule
from terpadu.documents.interfaces import UploadPolicy, register_upload_policy
from terpadu.notifications.interfaces import register_kind
from terpadu.webhooks.interfaces import register_event_type

from . import rules

NOTIFICATION_KINDS = {
    "deadline.published": "Permintaan data baru untuk OPD",
    "deadline.reminder": "Pengingat tenggat",
    "deadline.submitted": "Jawaban OPD masuk",
    "deadline.returned": "Jawaban OPD dikembalikan",
    "deadline.accepted": "Jawaban OPD diterima",
    "deadline.escalation": "Laporan eskalasi tenggat",
}
EVENT_TYPES = {
    "deadline.request.published": "Permintaan bertenggat diterbitkan ke OPD",
    "deadline.response.submitted": "OPD mengirim jawaban atas permintaan bertenggat",
    "deadline.request.overdue": "Permintaan melewati tenggat: OPD yang tidak memenuhi",
}


def register_all() -> None:
    from . import demo, downloads, views  # noqa: F401  (views register the menu and widgets)
    from .services.reports import ESCALATION_PURPOSE
    from .services.responses import EVIDENCE_PURPOSE

    register_schedule(
        name="deadlines.send_due_reminders", func="terpadu.deadlines.tasks.send_due_reminders", cron="*/15 * * * *"
    )
    register_schedule(
        name="deadlines.escalate_overdue", func="terpadu.deadlines.tasks.escalate_overdue", cron="*/15 * * * *"
    )
    register_upload_policy(
        UploadPolicy(EVIDENCE_PURPOSE, rules.EVIDENCE_MIME_TYPES, rules.EVIDENCE_MAX_BYTES),
        can_download=downloads.can_download_evidence,
    )
    register_upload_policy(
        UploadPolicy(ESCALATION_PURPOSE, frozenset({"application/pdf"}), rules.EVIDENCE_MAX_BYTES),
        can_download=downloads.can_download_escalation,
    )
    for kind, label in NOTIFICATION_KINDS.items():
        register_kind(kind, label)
    for event_type, description in EVENT_TYPES.items():
        register_event_type(event_type, description)
    register_seeder(Seeder("deadlines", demo.seed_demo_deadlines, order=50))
