"""The E-Surat home widget: the user's letters waiting for them (unread, to follow up, to initial, to sign)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from terpadu.core.roles import Actor
from terpadu.core.widgets import Widget, register_widget

from .. import selectors
from .common import EMPLOYEES

SHOWN = (
    ("unread", "belum dibaca"),
    ("follow_up", "perlu tindak lanjut"),
    ("to_review", "perlu paraf"),
    ("to_sign", "perlu tanda tangan"),
)


def summary(request: HttpRequest, actor: Actor) -> dict[str, Any]:
    counts = selectors.box_counts(user=request.user)
    return {"boxes": [{"key": key, "label": label, "count": counts[key]} for key, label in SHOWN]}


register_widget(Widget("correspondence.summary", "correspondence/widgets/summary.html", EMPLOYEES, summary, order=15))
