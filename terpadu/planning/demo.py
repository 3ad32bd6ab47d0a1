"""The demo's planning: a nomenclature, mandates and a round at every stage (filled in later)."""

from __future__ import annotations


def seed_demo_planning(government_id: int) -> str:
    return "nothing yet"
