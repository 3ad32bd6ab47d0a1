"""E-Planning API: review comments on a plan, one of its sub kegiatan or one budget line, and marking them
resolved. Reviewers comment; the agency answers in the same thread."""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.responses import Status

from terpadu.core.access import api_access
from terpadu.core.apischema import ERRORS

from . import policies, selectors, services
from .api_schemas import Uid, utc
from .models import ReviewComment

router = Router(tags=["E-Planning"])


class CommentIn(Schema):
    body: str
    sub_activity_code: str = Field("", description="kosong: komentar atas Renja secara keseluruhan")
    line_uid: Uid = Field("", description="uid baris anggaran pada sub kegiatan itu (opsional)")


class CommentOut(Schema):
    id: int
    sub_activity_code: str
    line_uid: str | None
    line_label: str = Field(..., description="baris saat dikomentari (tetap ada bila baris kemudian dihapus)")
    author: str
    body: str
    revision: int = Field(..., description="revisi Renja saat komentar ditulis")
    created_at: datetime
    resolved_at: datetime | None
    resolved_by: str | None


def _comment(comment: ReviewComment) -> dict[str, Any]:
    return {
        "id": comment.pk,
        "sub_activity_code": comment.sub_activity_code,
        "line_uid": str(comment.line_uid) if comment.line_uid else None,
        "line_label": comment.line_label,
        "author": comment.author.display_name,
        "body": comment.body,
        "revision": comment.revision,
        "created_at": utc(comment.created_at),
        "resolved_at": utc(comment.resolved_at),
        "resolved_by": comment.resolved_by.display_name if comment.resolved_by else None,
    }


@router.get("/plans/{plan_id}/comments", response={200: list[CommentOut], **ERRORS})
@api_access(policies.PARTICIPANTS)
def comment_list(request: HttpRequest, plan_id: int, sub_activity_code: str | None = None) -> Any:
    """The plan's comments, oldest first (``?sub_activity_code=`` for one sub kegiatan's)."""
    plan = selectors.plan_get_for_user(user=request.user, pk=plan_id)
    return [_comment(c) for c in selectors.comments_of(plan, code=sub_activity_code)]


@router.post("/plans/{plan_id}/comments", response={201: CommentOut, **ERRORS})
@api_access(policies.PARTICIPANTS)
def comment_create(request: HttpRequest, plan_id: int, payload: CommentIn) -> Status[dict[str, Any]]:
    plan = selectors.plan_get_for_user(user=request.user, pk=plan_id)
    comment = services.comment_add(
        user=request.user,
        plan=plan,
        body=payload.body,
        sub_activity_code=payload.sub_activity_code,
        line_uid=payload.line_uid or None,
    )
    return Status(201, _comment(selectors.comment_get_for_user(user=request.user, pk=comment.pk)))


@router.post("/comments/{comment_id}/resolve", response={200: CommentOut, **ERRORS})
@api_access(policies.PARTICIPANTS)
def comment_resolve(request: HttpRequest, comment_id: int) -> Any:
    """Mark a comment dealt with: its author or the round's reviewers."""
    comment = selectors.comment_get_for_user(user=request.user, pk=comment_id)
    services.comment_resolve(user=request.user, comment=comment)
    return _comment(selectors.comment_get_for_user(user=request.user, pk=comment_id))
