"""Navigation by role. Each module registers its menu entries in its AppConfig.ready()."""

from __future__ import annotations

from dataclasses import dataclass

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
