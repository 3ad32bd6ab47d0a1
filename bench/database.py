"""The dedicated bench database: created if missing (PostgreSQL), migrated, emptied before each run.

Emptying a database is destructive, so the bench refuses any database whose name does not say "bench"
(``terpadu_bench`` on PostgreSQL, ``var/bench.sqlite3`` on SQLite).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psycopg
from django.core.management import call_command
from django.db import connection
from psycopg import sql


class NotABenchDatabase(RuntimeError):
    pass


def bench_database_name(settings_dict: dict[str, Any]) -> str:
    """The database's name, refused unless it is a bench database."""
    name = str(settings_dict["NAME"])
    if "bench" not in Path(name).name:
        raise NotABenchDatabase(
            f"refusing to empty {name!r}: the bench runs only on a dedicated database whose name contains 'bench' "
            "(DATABASE_URL=postgres://…/terpadu_bench or sqlite:///…/bench.sqlite3)"
        )
    return name


def _create_postgresql_database(settings_dict: dict[str, Any], name: str) -> None:
    with psycopg.connect(
        host=settings_dict.get("HOST") or "127.0.0.1",
        port=int(settings_dict.get("PORT") or 5432),
        user=settings_dict.get("USER") or "postgres",
        password=settings_dict.get("PASSWORD") or None,
        dbname="postgres",
        autocommit=True,
        connect_timeout=5,
    ) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def prepare_database() -> str:
    """Make the bench database ready and empty; returns the vendor (``sqlite`` or ``postgresql``)."""
    settings_dict = connection.settings_dict
    name = bench_database_name(settings_dict)
    if connection.vendor == "postgresql":
        _create_postgresql_database(settings_dict, name)
    call_command("migrate", interactive=False, verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM")
    return connection.vendor


def analyze() -> None:
    """Fresh planner statistics after the bulk load, as autovacuum would gather them (PostgreSQL)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
