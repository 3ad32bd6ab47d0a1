"""Navigation by role. Each module registers its menu entries in its AppConfig.ready()."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from .access import Rule
from .roles import Actor


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    rule: Rule
    order: int = 100
    section: str = "Utama"

    def visible_to(self, actor: Actor | None) -> bool:
        return actor is not None and self.rule.test(actor)

    @property
    def url(self) -> str:
        return reverse(self.url_name)


_REGISTRY: list[NavItem] = []


def register(*items: NavItem) -> None:
    for item in items:
        if item not in _REGISTRY:
            _REGISTRY.append(item)


def menu_for(actor: Actor | None) -> list[NavItem]:
    return sorted((item for item in _REGISTRY if item.visible_to(actor)), key=lambda i: (i.order, i.label))


@dataclass(frozen=True)
class HeaderItem:
    """A small piece of the top bar (e.g. the unread notifications link), rendered on every page."""

    key: str
    template: str
    rule: Rule
    context: Callable[[HttpRequest], dict[str, Any]]
    order: int = 100


_HEADER: dict[str, HeaderItem] = {}


def register_header(item: HeaderItem) -> None:
    _HEADER[item.key] = item


def header_for(request: HttpRequest, actor: Actor | None) -> list[tuple[str, dict[str, Any]]]:
    if actor is None:
        return []
    items = sorted((i for i in _HEADER.values() if i.rule.test(actor)), key=lambda i: (i.order, i.key))
    return [(item.template, item.context(request)) for item in items]
