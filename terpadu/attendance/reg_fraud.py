"""What the fraud part of E-Absen declares at start-up (called by registrations.py): the reviewers'
notification kind, the daily anomaly report (23:30 local time in each zone), the page's menu entry and
the demo seeder."""

from __future__ import annotations

from terpadu.core.demo import Seeder, register_seeder
from terpadu.core.jobs import register_schedule
from terpadu.core.navigation import NavItem
from terpadu.core.navigation import register as register_menu
from terpadu.notifications.interfaces import register_kind

#: 14:30, 15:30 and 16:30 UTC = 23:30 WIT, WITA and WIB; the job reports the governments at 23:xx
DAILY_CRON = "30 14,15,16 * * *"


def register() -> None:
    """Upload purposes, notification kinds, schedules, menu entries of this part."""
    from . import demo_fraud, fraud, views_fraud

    register_kind(fraud.NOTIFICATION_KIND, fraud.NOTIFICATION_LABEL)
    register_schedule(
        name="attendance.anomaly_report",
        func="terpadu.attendance.tasks_fraud.anomaly_report_daily",
        cron=DAILY_CRON,
    )
    register_menu(NavItem("Kejanggalan presensi", "attendance:anomalies", views_fraud.READERS, order=87))
    register_seeder(Seeder("attendance_fraud", demo_fraud.seed_demo_anomalies, order=60))
