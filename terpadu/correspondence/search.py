"""Full-text search of letters: PostgreSQL full-text search (``indonesian`` configuration) in production,
SQLite FTS5 in the embedded default, behind one filter (ADR 0012).

The index lives outside the ORM, in a table made by migration 0003:

- PostgreSQL: ``correspondence_letter_search(letter_id, document tsvector)`` with a GIN index. The number
  and the subject weigh A, the sender B, the body C. Numbers (``000.8/15/OR``) are split into their
  alphanumeric parts with the ``simple`` configuration, so that a number or its beginning is found as a
  phrase; words are stemmed (*penyelenggaraan* and *menyelenggarakan* both give *selenggara*).
- SQLite: the FTS5 table ``correspondence_letter_fts(number, subject, sender, body)`` (``unicode61``,
  diacritics removed), keyed by rowid = letter id. No stemming: every word the user types is a prefix.

The services call :func:`letter_search_index` whenever they change a letter's number, subject, sender or
body. Database triggers remove a letter's document when the letter is deleted (and empty the index when
the letters table is truncated), so the index never holds a deleted letter.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL

from terpadu.core.roles import Actor

from . import policies
from .models import Letter

PG_TABLE = "correspondence_letter_search"
FTS_TABLE = "correspondence_letter_fts"
#: separators inside a number or a word ("000.8/15/OR", "e-surat") become spaces before indexing
SEPARATORS = r"[./\\_:-]+"
_PART = re.compile(r"[^\W_]+", re.UNICODE)
_SEPARATOR_INSIDE = re.compile(rf"(?<=[^\W_]){SEPARATORS}(?=[^\W_])", re.UNICODE)
#: all that reaches websearch_to_tsquery: letters, digits, quotes (phrases) and dashes (-word: not)
_UNSAFE = re.compile(r'[^\w"-]+', re.UNICODE)
#: a query longer than this is cut: nobody types more, and it bounds the work of one search
MAX_QUERY_LENGTH = 200
MAX_TERMS = 12


@dataclass(frozen=True)
class ParsedQuery:
    """What the user typed, split for the search engines.

    ``words``: the text without the number-like tokens, for ``websearch_to_tsquery`` (quotes, ``or`` and
    ``-word`` keep their meaning on PostgreSQL). ``phrases``: every token as its alphanumeric parts, in
    order (``000.8/15/OR`` → ``("000", "8", "15", "or")``). ``numbers``: the tokens made of several parts
    with a digit among them (``000.8/15``, ``B-12``): on PostgreSQL they match a run of consecutive parts of a
    letter's number or sender's number, the last part as a prefix.
    """

    words: str
    phrases: tuple[tuple[str, ...], ...]
    numbers: tuple[tuple[str, ...], ...]

    @property
    def is_empty(self) -> bool:
        return not self.phrases


def parse_query(q: str) -> ParsedQuery:
    """Split a user's query; never fails, whatever the input."""
    words: list[str] = []
    phrases: list[tuple[str, ...]] = []
    numbers: list[tuple[str, ...]] = []
    for token in q[:MAX_QUERY_LENGTH].split()[:MAX_TERMS]:
        parts = tuple(part.lower() for part in _PART.findall(token))
        if not parts:
            continue
        phrases.append(parts)
        if len(parts) > 1 and any(char.isdigit() for char in token):
            numbers.append(parts)
        else:
            words.append(_UNSAFE.sub(" ", _SEPARATOR_INSIDE.sub(" ", token)))
    return ParsedQuery(" ".join(words), tuple(phrases), tuple(numbers))


# --- the query -------------------------------------------------------------------------------------


def _pg_tsquery(parsed: ParsedQuery) -> tuple[str, list[str]]:
    """A tsquery expression (SQL with placeholders only) and its parameters."""
    pieces: list[str] = []
    params: list[str] = []
    if any(char.isalnum() for char in parsed.words):
        pieces.append("websearch_to_tsquery('indonesian', %s)")
        params.append(parsed.words)
    for parts in parsed.numbers:
        # one lexeme, not parsed: the parts are letters and digits only, so the quotes cannot be broken
        pieces.append("%s::tsquery")
        params.append(f"'n:{'/'.join(parts)}':*")
    return " && ".join(pieces), params


def fts5_match(parsed: ParsedQuery) -> str:
    """The FTS5 MATCH expression: every token a quoted phrase of its parts, the last part a prefix, all
    required. Only alphanumeric characters reach the expression, so no input can break its syntax."""
    return " ".join('"' + " ".join(parts) + '"*' for parts in parsed.phrases)


def reach_of(actor: Actor | None) -> list[str] | None:
    """The reach tokens of the letters ``actor`` may read through their own box entries or their agency's
    records desk (a superset, narrowed further by ``policies.visible_filter``); ``None`` for the roles that
    read the whole government, where narrowing would not help."""
    if actor is None or actor.has_role(*policies.LEADERSHIP_READERS):
        return None
    tokens = [f"e:{actor.employee_id}"] if actor.employee_id else []
    return tokens + [f"a:{agency}" for agency in sorted(actor.agencies_with(*policies.AGENCY_READERS))]


def search_filter(q: str, *, field: str = "pk", reach: Sequence[str] | None = None) -> Q:
    """The filter on :class:`Letter` for letters matching ``q``: ``<field>__in`` the ids the search index
    finds (``field="letter_id"`` filters rows that point to a letter, such as box entries).

    ``reach`` (:func:`reach_of`) lets PostgreSQL intersect the words with the letters within the reader's
    reach in the index itself; it never replaces ``policies.visible_filter``. A query with no letter or
    digit matches nothing; callers skip the filter for an empty query.
    """
    parsed = parse_query(q)
    lookup = f"{field}__in"
    if parsed.is_empty:
        return Q(**{lookup: []})
    if connection.vendor == "postgresql":
        tsquery, params = _pg_tsquery(parsed)
        if not tsquery:  # pragma: no cover - a token with parts is either a word or a number
            return Q(**{lookup: []})
        sql = f"SELECT letter_id FROM {PG_TABLE} WHERE document @@ ({tsquery})"  # noqa: S608 (placeholders only)
        values: list[Any] = list(params)
        if reach is not None:
            sql, values = f"{sql} AND reach && %s::text[]", [*values, list(reach)]
        return Q(**{lookup: RawSQL(sql, values)})  # noqa: S611 (user input only as parameters)
    sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"  # noqa: S608
    return Q(**{lookup: RawSQL(sql, [fts5_match(parsed)])})  # noqa: S611


#: from this many matches on, the government-wide readers' search walks letters newest first (below, the
#: planner's own choice — checking every match — is cheaper)
WALK_ABOVE = 5_000


def match_count(q: str, limit: int = WALK_ABOVE) -> int:
    """How many letters of any government match ``q``, counted up to ``limit`` (index only, no access check:
    a planning aid, never shown)."""
    parsed = parse_query(q)
    if parsed.is_empty:
        return 0
    if connection.vendor == "postgresql":
        tsquery, params = _pg_tsquery(parsed)
        sql = f"SELECT COUNT(*) FROM (SELECT 1 FROM {PG_TABLE} WHERE document @@ ({tsquery}) LIMIT %s) found"  # noqa: S608
        args: list[Any] = [*params, limit]
    else:
        sql = f"SELECT COUNT(*) FROM (SELECT 1 FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s LIMIT %s) found"  # noqa: S608
        args = [fts5_match(parsed), limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        return int(cursor.fetchone()[0])


def newest_first_filter(q: str) -> Q | RawSQL:
    """Like :func:`search_filter` on a top-level :class:`Letter` queryset, shaped so that PostgreSQL walks the
    letters newest first and checks each against the index (``OFFSET 0`` keeps the EXISTS correlated). For
    a query matching thousands of letters, read by someone who may read most of them: PostgreSQL estimates
    several words as independent (*pajak kendaraan* always come together), under-estimates the matches and
    would otherwise check and sort all of them (0.5 s at a million letters). Not for sub-queries: it names
    the letters table."""
    parsed = parse_query(q)
    if parsed.is_empty or connection.vendor != "postgresql":
        return search_filter(q)
    tsquery, params = _pg_tsquery(parsed)
    table = Letter._meta.db_table
    sql = (
        f'EXISTS (SELECT 1 FROM {PG_TABLE} s WHERE s.letter_id = "{table}"."id"'  # noqa: S608
        f" AND s.document @@ ({tsquery}) OFFSET 0)"
    )
    return RawSQL(sql, params, output_field=BooleanField())  # noqa: S611


def search_rank(q: str) -> RawSQL | None:
    """A relevance expression to annotate letters matching ``q`` with (higher first), or ``None`` for an
    empty query. PostgreSQL: ``ts_rank`` with the A/B/C weights; SQLite: minus FTS5's ``bm25`` with the
    same order of weights. Evaluated once per matching letter: use it on filtered rows only."""
    parsed = parse_query(q)
    if parsed.is_empty:
        return None
    table = Letter._meta.db_table
    if connection.vendor == "postgresql":
        tsquery, params = _pg_tsquery(parsed)
        sql = (
            f"(SELECT ts_rank(s.document, {tsquery}) FROM {PG_TABLE} s"  # noqa: S608
            f' WHERE s.letter_id = "{table}"."id")'
        )
        return RawSQL(sql, params)  # noqa: S611
    sql = (
        f"(SELECT -bm25({FTS_TABLE}, 10.0, 10.0, 5.0, 1.0) FROM {FTS_TABLE}"  # noqa: S608
        f' WHERE {FTS_TABLE} MATCH %s AND {FTS_TABLE}.rowid = "{table}"."id")'
    )
    return RawSQL(sql, [fts5_match(parsed)])  # noqa: S611


# --- keeping the index -----------------------------------------------------------------------------


def _pg_document(alias: str) -> str:
    """The tsvector of one letter row (``alias``): number and subject A, sender B, body C."""

    def words(column: str) -> str:
        return f"to_tsvector('indonesian', regexp_replace({column}, '(?<=[[:alnum:]]){SEPARATORS}(?=[[:alnum:]])', ' ', 'g'))"

    def parts(column: str) -> str:
        return f"to_tsvector('simple', regexp_replace({column}, '[^[:alnum:]]+', ' ', 'g'))"

    number = f"coalesce({alias}.number, '')"
    return (
        f"setweight({parts(number)}, 'A')"
        f" || setweight({words(f'{alias}.subject')}, 'A')"
        f" || setweight({parts(f'{alias}.sender_number')}, 'B')"
        f" || setweight({words(f'{alias}.sender_name')}, 'B')"
        f" || setweight({words(f'{alias}.body')}, 'C')"
        f" || setweight(array_to_tsvector(correspondence_number_runs({alias}.number)"
        f" || correspondence_number_runs({alias}.sender_number)), 'A')"
    )


def _pg_index(ids: list[int]) -> None:
    table = Letter._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {PG_TABLE} (letter_id, document, reach)"  # noqa: S608
            f" SELECT l.id, {_pg_document('l')}, correspondence_letter_reach(l.id) FROM {table} l WHERE l.id = ANY(%s)"
            " ON CONFLICT (letter_id) DO UPDATE SET document = EXCLUDED.document, reach = EXCLUDED.reach",
            [ids],
        )


def _sqlite_index(ids: list[int]) -> None:
    table = Letter._meta.db_table
    marks = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({marks})", ids)  # noqa: S608
        cursor.execute(
            f"INSERT INTO {FTS_TABLE} (rowid, number, subject, sender, body)"  # noqa: S608
            f" SELECT id, coalesce(number, ''), subject, sender_name || ' ' || sender_number, body"
            f" FROM {table} WHERE id IN ({marks})",
            ids,
        )


#: SQLite allows 32,766 parameters per statement; stay far below
_CHUNK = 5_000


def letter_search_index(letter_ids: Iterable[int]) -> None:
    """(Re)index the documents of these letters (one statement on PostgreSQL, two on SQLite, per 5,000
    letters). Ids of letters that no longer exist are dropped from the index. Call it inside the
    service's transaction, after the letter is written."""
    ids = sorted({int(pk) for pk in letter_ids})
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        if connection.vendor == "postgresql":
            _pg_index(chunk)
        else:
            _sqlite_index(chunk)


def letter_search_remove(letter_ids: Iterable[int]) -> None:
    """Drop these letters from the index (deleting a letter does it already, through a trigger)."""
    ids = sorted({int(pk) for pk in letter_ids})
    if not ids:
        return
    table, key = (PG_TABLE, "letter_id") if connection.vendor == "postgresql" else (FTS_TABLE, "rowid")
    with connection.cursor() as cursor:
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            cursor.execute(f"DELETE FROM {table} WHERE {key} IN ({', '.join(['%s'] * len(chunk))})", chunk)  # noqa: S608


def letter_search_rebuild(*, batch_size: int = 10_000, progress: Callable[[int, int], None] | None = None) -> int:
    """Reindex every letter in batches of ``batch_size`` (by id, one transaction per batch), then drop
    documents of letters that no longer exist. Search keeps working meanwhile. ``progress(done, total)``
    after each batch. Returns the number of letters indexed."""
    total = Letter.objects.count()
    done, last = 0, 0
    while True:
        ids = list(Letter.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:batch_size])
        if not ids:
            break
        with transaction.atomic():
            letter_search_index(ids)
        done, last = done + len(ids), ids[-1]
        if progress is not None:
            progress(done, total)
    table, key = (PG_TABLE, "letter_id") if connection.vendor == "postgresql" else (FTS_TABLE, "rowid")
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {table} WHERE NOT EXISTS"  # noqa: S608 (anti-join: NOT IN would not hash a million ids)
            f" (SELECT 1 FROM {Letter._meta.db_table} l WHERE l.id = {table}.{key})"
        )
    return done


__all__ = [
    "ParsedQuery",
    "letter_search_index",
    "letter_search_rebuild",
    "letter_search_remove",
    "match_count",
    "newest_first_filter",
    "parse_query",
    "reach_of",
    "search_filter",
    "search_rank",
]
