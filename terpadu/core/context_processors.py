from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .navigation import header_for, menu_for
from .roles import actor_of


def shell(request: HttpRequest) -> dict[str, Any]:
    actor = actor_of(getattr(request, "user", None))
    return {"nav_items": menu_for(actor), "header_items": header_for(request, actor), "actor": actor}
