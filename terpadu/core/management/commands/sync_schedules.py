"""``manage.py sync_schedules``: write the registered periodic jobs to django-q2's Schedule table."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from terpadu.core.jobs import sync_schedules


class Command(BaseCommand):
    help = "Create, update and remove Terpadu's periodic jobs in django-q2's schedule table (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        for line in sync_schedules():
            self.stdout.write(line)
