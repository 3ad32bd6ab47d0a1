"""What E-Planning declares to the platform at start-up: that it answers its rounds' requests in the
deadlines engine, its upload purpose and who downloads those files, notification kinds and the demo
seeder. (Menu entries register with the views.)"""

from __future__ import annotations

from django.urls import reverse

from terpadu.core.demo import Seeder, register_seeder
from terpadu.deadlines.interfaces import ManagedModule, register_module
from terpadu.documents.interfaces import UploadPolicy, register_upload_policy
from terpadu.notifications.interfaces import register_kind

MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # DEFAULT: a KAK/TOR, a RAB workbook, a few photos
EVIDENCE_TYPES = frozenset(
    {
        "application/pdf",
        "image/jpeg",
        "image/png",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
)
NOTIFICATION_KINDS = {"planning.comment": "Komentar pemeriksa Renja"}


def _round_url(request_id: int) -> str:
    from .models import PlanningRound

    planning_round = PlanningRound.objects.filter(obligation_id=request_id).values_list("pk", flat=True).first()
    return reverse("planning:round", args=[planning_round]) if planning_round else reverse("planning:rounds")


def _plan_url(request_id: int, agency_id: int) -> str:
    from .models import PlanningRound

    planning_round = PlanningRound.objects.filter(obligation_id=request_id).values_list("pk", flat=True).first()
    if planning_round is None:
        return reverse("planning:rounds")
    return reverse("planning:agency_plan", args=[planning_round, agency_id])


def register_all() -> None:
    from . import demo, downloads, views  # noqa: F401  (views register the menu)
    from .services.common import MODULE
    from .services.plans import EVIDENCE_PURPOSE

    register_module(ManagedModule(MODULE, "E-Planning", _round_url, _plan_url))
    register_upload_policy(
        UploadPolicy(EVIDENCE_PURPOSE, EVIDENCE_TYPES, MAX_UPLOAD_BYTES), can_download=downloads.can_download_evidence
    )
    for kind, label in NOTIFICATION_KINDS.items():
        register_kind(kind, label)
    register_seeder(Seeder("planning", demo.seed_demo_planning, order=70))
