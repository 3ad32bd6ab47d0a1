from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .navigation import menu_for
from .roles import actor_of


def shell(request: HttpRequest) -> dict[str, Any]:
    actor = actor_of(getattr(request, "user", None))
    return {"nav_items": menu_for(actor), "actor": actor}
