"""The TPP deduction tables and discipline settings of a government, cached for the recaps.

Every recap reads the table in force on the month and the discipline settings in force on its last day
(two queries for a few rows that change a few times a year). Here both lists of versions of a government
are kept in Django's cache (Redis in production, shared by every app server and worker) under one key,
and :func:`forget` deletes the key when a version is written (services.py: at once and again after the
commit, so another process cannot keep what it read before the commit).

The local-memory cache of the embedded install is per process: there another process (a second app
worker, the job worker) would not see the deletion, so an entry lives :data:`TIMEOUT` seconds at most.
The nightly computation of days (days.py) writes deductions and reads the database, never this cache.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.db import transaction

from . import rules
from .interfaces import deduction_table_of, discipline_settings_of
from .models import DeductionTableVersion, DisciplineSettingsVersion
from .rules import DeductionTable, DisciplineSettings

#: seconds an entry may serve at most (bounds what a process that missed a deletion can see)
TIMEOUT = 60


@dataclass(frozen=True)
class Versions:
    """Every version of a government, newest first."""

    deduction_tables: tuple[DeductionTable, ...]
    discipline_settings: tuple[DisciplineSettings, ...]

    def deduction_table_on(self, day: date) -> DeductionTable:
        """As :func:`interfaces.deduction_table_for`: the latest taking effect on or before ``day``."""
        found = next((v for v in self.deduction_tables if v.effective_from and v.effective_from <= day), None)
        return found or rules.DEFAULT_DEDUCTION_TABLE

    def discipline_settings_on(self, day: date) -> DisciplineSettings:
        """As :func:`interfaces.discipline_settings_for`."""
        found = next((v for v in self.discipline_settings if v.effective_from and v.effective_from <= day), None)
        return found or rules.DEFAULT_DISCIPLINE_SETTINGS


def _key(government_id: int) -> str:
    return f"attendance:settings:{government_id}"


def _load(government_id: int) -> Versions:
    """Two queries."""
    tables = DeductionTableVersion.objects.filter(government_id=government_id).order_by("-effective_from")
    settings = DisciplineSettingsVersion.objects.filter(government_id=government_id).order_by("-effective_from")
    return Versions(
        tuple(deduction_table_of(version) for version in tables),
        tuple(discipline_settings_of(version) for version in settings),
    )


def versions(*, government_id: int) -> Versions:
    """The government's versions: from the cache, or two queries."""
    found = cache.get(_key(government_id))
    if not isinstance(found, Versions):
        found = _load(government_id)
        cache.set(_key(government_id), found, TIMEOUT)
    return found


def forget(*, government_id: int) -> None:
    """A version of the government was written: drop the entry now and once the transaction commits."""
    cache.delete(_key(government_id))
    transaction.on_commit(lambda: cache.delete(_key(government_id)))
