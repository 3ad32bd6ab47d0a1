"""What the recap part of E-Absen declares at start-up (called by registrations.py): its menu entries and the demo month of check-ins."""

from __future__ import annotations


def register() -> None:
    from terpadu.core.demo import Seeder, register_seeder

    from . import demo_days, views_recap

    views_recap.register_menu()
    # after the places (50), requests (55) and the fraud cluster (60): their days are left as they are
    register_seeder(Seeder("attendance_days", demo_days.seed_demo_days, order=65))
