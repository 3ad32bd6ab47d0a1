"""Demo data seeders. `manage.py seed_demo` creates the demo government, then runs every seeder
registered here (in order). Modules register theirs in AppConfig.ready(); each must be idempotent."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Seeder:
    name: str
    run: Callable[[int], str]  # government id -> one line for the console
    order: int = 100


_SEEDERS: dict[str, Seeder] = {}


def register_seeder(seeder: Seeder) -> None:
    _SEEDERS[seeder.name] = seeder


def seeders() -> list[Seeder]:
    return sorted(_SEEDERS.values(), key=lambda s: (s.order, s.name))
