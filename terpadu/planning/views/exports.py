"""Downloads: an agency's Renja (whoever may read the plan) and a round's consolidation (only those who
read every plan of it: the leaders, the Inspectorate and Bappeda), as XLSX or PDF."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

from terpadu.core.access import access
from terpadu.core.errors import NotFound

from .. import exports, policies, selectors


def _format(fmt: str) -> str:
    if fmt not in exports.CONTENT_TYPES:
        raise NotFound("Format unduhan tidak dikenal; pilih xlsx atau pdf.")
    return fmt


def _attachment(export: exports.Export) -> HttpResponse:
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response


@access(policies.PARTICIPANTS)
def plan_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    fmt = _format(fmt)
    plan = selectors.plan_get_for_user(user=request.user, pk=pk)
    return _attachment(exports.plan_export(plan, fmt))


@access(policies.PARTICIPANTS)
def round_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    fmt = _format(fmt)
    consolidation = selectors.round_consolidation_for_user(user=request.user, pk=pk)
    return _attachment(exports.round_export(consolidation, fmt))


urlpatterns = [
    path("renja/<int:pk>/ekspor.<str:fmt>", plan_export, name="plan_export"),
    path("putaran/<int:pk>/konsolidasi.<str:fmt>", round_export, name="round_export"),
]
