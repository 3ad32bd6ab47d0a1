"""What the recap part of E-Absen declares at start-up (called by registrations.py): its menu entries."""

from __future__ import annotations


def register() -> None:
    from . import views_recap

    views_recap.register_menu()
