"""What the checkins part of E-Absen declares at start-up (called by registrations.py)."""

from __future__ import annotations


def register() -> None:
    """Upload purposes, notification kinds, schedules, menu entries of this part."""
