"""What the board part of E-Absen declares at start-up (called by registrations.py): the nightly close of
yesterday's days (00:30 local time in each zone) and the menu entries of the board and the monthly recap."""

from __future__ import annotations

from terpadu.core.jobs import register_schedule
from terpadu.core.navigation import NavItem
from terpadu.core.navigation import register as register_menu

#: 15:30, 16:30 and 17:30 UTC = 00:30 WIT, WITA and WIB; the job closes the governments at 00:xx local time
NIGHTLY_CRON = "30 15,16,17 * * *"


def register() -> None:
    """Upload purposes, notification kinds, schedules, menu entries of this part."""
    from . import board

    register_schedule(
        name="attendance.close_yesterday",
        func="terpadu.attendance.tasks_board.close_yesterday_all",
        cron=NIGHTLY_CRON,
    )
    register_menu(
        NavItem("Papan presensi", "attendance:board", board.READERS, order=82),
        NavItem("Rekap presensi OPD", "attendance:recap_month", board.READERS, order=83),
    )
