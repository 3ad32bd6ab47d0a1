"""What the checkins part of E-Absen declares at start-up (called by registrations.py): notification
kinds of device changes, the menu entries and the demo seeder (work locations, a QR screen)."""

from __future__ import annotations

from terpadu.core.access import AUTHENTICATED
from terpadu.core.demo import Seeder, register_seeder
from terpadu.core.navigation import NavItem
from terpadu.core.navigation import register as register_menu
from terpadu.notifications.interfaces import register_kind

NOTIFICATION_KINDS = {
    "attendance.device_to_decide": "Pengajuan penggantian perangkat presensi",
    "attendance.device_decided": "Keputusan penggantian perangkat presensi",
}


def register() -> None:
    """Upload purposes, notification kinds, schedules, menu entries of this part."""
    from . import demo_checkins
    from .views_checkin_admin import MANAGERS

    for kind, label in NOTIFICATION_KINDS.items():
        register_kind(kind, label)
    register_menu(
        NavItem("Presensi", "attendance:checkin", AUTHENTICATED, order=3),
        NavItem("Perangkat presensi", "attendance:checkin_devices", AUTHENTICATED, order=84),
        NavItem("Lokasi kerja & layar QR", "attendance:checkin_locations", MANAGERS, order=87, section="Admin"),
    )
    register_seeder(Seeder("attendance_checkins", demo_checkins.seed_demo_checkins, order=50))
