"""A cursor for the few hot statements every request of a rush runs (the bearer token look-up, the check-in).

On PostgreSQL it binds parameters on the server and has psycopg prepare each statement on the connection: the
next executions skip parsing and planning, most of what PostgreSQL spends on such short statements
(docs/adr/0014). Django's own cursors keep binding on the client (its default): nothing else changes.
On SQLite, with ``TERPADU_DB_PREPARE=0`` (behind a pooler in transaction mode that does not keep prepared
statements), or while queries are logged (DEBUG, ``CaptureQueriesContext``: the log shows the SQL with its
values, which only a client-binding cursor knows), it is the ordinary cursor.

The statements still go through Django's cursor wrapper: database errors and execute wrappers see them as any
other query.
"""

from __future__ import annotations

from typing import Any

import psycopg
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.postgresql.base import ServerBindingCursor  # type: ignore[attr-defined]
from django.db.backends.utils import CursorWrapper
from psycopg.pq import Format

TIMESTAMPTZ_OID = psycopg.adapters.types["timestamptz"].oid
#: the connection's prepare_threshold: psycopg prepares nothing by itself, only what this cursor asks for
#: (Django's client-binding cursors never prepare)
NEVER_BY_COUNT = 2**31 - 1


class PreparingCursor(ServerBindingCursor):
    """Django's server-binding cursor, preparing what it executes (psycopg keeps the statements per connection,
    the most recent ``prepared_max`` of them)."""

    def execute(self, query: Any, params: Any = None, *, prepare: bool | None = None, binary: Any = None) -> Any:
        return super().execute(query, params, prepare=True if prepare is None else prepare, binary=binary)


def hot_cursor(using: str = DEFAULT_DB_ALIAS) -> CursorWrapper:
    """A cursor (a context manager, as ``connection.cursor()``) whose statements PostgreSQL prepares once."""
    conn = connections[using]
    if conn.vendor != "postgresql" or not getattr(settings, "TERPADU_DB_PREPARE", True) or conn.queries_logged:
        return conn.cursor()
    # BaseDatabaseWrapper.cursor(), with this cursor instead of the client-binding one
    conn.close_if_health_check_failed()
    conn.ensure_connection()
    with conn.wrap_database_errors:
        if conn.connection.prepare_threshold is None:  # Django turns preparing off; only this cursor asks for it
            conn.connection.prepare_threshold = NEVER_BY_COUNT
        cursor = PreparingCursor(conn.connection)
        # as DatabaseWrapper.create_cursor: the connection's time zone for timestamptz, where it differs
        loader = conn.connection.adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT)
        if conn.timezone != loader.timezone:
            from django.db.backends.postgresql.psycopg_any import register_tzloader

            register_tzloader(conn.timezone, cursor)
    conn.validate_thread_sharing()
    return conn.make_cursor(cursor)
