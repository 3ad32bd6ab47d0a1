"""Home-page widgets by role. Modules register a widget in AppConfig.ready(); the home page shows
those whose rule admits the user, in order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from .access import Rule
from .roles import Actor


@dataclass(frozen=True)
class Widget:
    key: str
    template: str
    rule: Rule
    context: Callable[[HttpRequest, Actor], dict[str, Any]]
    order: int = 100


_WIDGETS: dict[str, Widget] = {}


def register_widget(widget: Widget) -> None:
    _WIDGETS[widget.key] = widget


def widgets_for(request: HttpRequest, actor: Actor) -> list[tuple[str, dict[str, Any]]]:
    chosen = sorted((w for w in _WIDGETS.values() if w.rule.test(actor)), key=lambda w: (w.order, w.key))
    return [(w.template, w.context(request, actor)) for w in chosen]
