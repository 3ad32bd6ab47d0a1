"""What this module declares to the platform at start-up: the demo seeder. (Menu entries register
with the views.)"""

from __future__ import annotations

from terpadu.core.demo import Seeder, register_seeder


def register_all() -> None:
    from . import demo, views  # noqa: F401  (views register the menu)

    register_seeder(Seeder("correspondence", demo.seed_demo_correspondence, order=40))
