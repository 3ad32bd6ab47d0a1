"""The hot cursor: the same rows as any cursor; on PostgreSQL its statements are prepared once per connection."""

from __future__ import annotations

import psycopg
import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from terpadu.core.db import hot_cursor

POSTGRES_ONLY = pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements of PostgreSQL")
SQL = "SELECT %s + 1, %s"


def _run(value: int) -> tuple[int, str]:
    with hot_cursor() as cursor:
        cursor.execute(SQL, [value, "ok"])
        row = cursor.fetchone()
    return int(row[0]), row[1]


def _prepared() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [statement for (statement,) in cursor.fetchall()]


@pytest.mark.django_db
def test_the_hot_cursor_answers_as_any_cursor() -> None:
    assert _run(41) == (42, "ok")
    assert _run(1) == (2, "ok")


@POSTGRES_ONLY
@pytest.mark.postgres
@pytest.mark.django_db
def test_on_postgresql_the_statement_is_prepared_once_and_reused() -> None:
    _run(1)
    _run(2)
    assert sum(1 for statement in _prepared() if statement.startswith("SELECT $1 + 1")) == 1
    assert issubclass(connection.connection.cursor_factory, psycopg.ClientCursor)  # Django's own: unchanged


@POSTGRES_ONLY
@pytest.mark.postgres
@pytest.mark.django_db
def test_nothing_is_prepared_when_turned_off_or_while_queries_are_logged() -> None:
    with override_settings(TERPADU_DB_PREPARE=False):
        assert _run(1) == (2, "ok")
    with CaptureQueriesContext(connection) as queries:
        assert _run(1) == (2, "ok")
    assert queries.captured_queries[0]["sql"] == "SELECT 1 + 1, 'ok'"
    assert not [statement for statement in _prepared() if statement.startswith("SELECT $1 + 1")]
