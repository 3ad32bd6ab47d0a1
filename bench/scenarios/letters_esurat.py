"""E-Surat at province scale: a year of letters (1,000,000 on PostgreSQL, 100,000 on SQLite) with their box
entries and dispositions (bench/letters.py), read through the real selectors:

- the first inbox page (20 entries of "Surat masuk" with letter, type, agency and sender) plus the counts of
  every box, for random employees and for agency heads (the fullest boxes);
- the follow-up report of one agency (per person) and of the whole province, as the Sekda;
- a full-text search (first 20, newest first, and the count up to 1,000) by a random employee, an agency
  head and the Sekda, and by the beginning of a letter number.

Raw baselines: the same page, counts, report and search written by hand in SQL (for searches as an employee,
whose reach is the letters they take part in). Targets on PostgreSQL: p95 < 100 ms for an inbox page,
< 300 ms for a search.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection

from terpadu.correspondence import letter_rules, search, selectors
from terpadu.correspondence.models import InboxItem, Letter, LetterType
from terpadu.directory.models import Agency, Employee, User

from ..bulk import is_postgresql
from ..database import analyze
from ..generate import GeneratedGovernment
from ..letters import GeneratedLetters, generate_letters
from ..measure import Figure, Options, Scenario, sample

NAME = "letters"
SQLITE_LETTERS = 100_000
TARGETS = {"inbox page": 100.0, "search": 300.0}
QUERIES = (
    "rapat koordinasi",
    "stunting",
    "undangan sosialisasi",
    "pajak kendaraan",
    "penyelenggaraan pelayanan publik",
    "laporan keuangan",
    "banjir",
    "imunisasi",
    "pegawai",
    "inflasi",
    "musyawarah perencanaan",
    "zona integritas",
    "gempa bumi",
    "jembatan",
    "narasumber",
)
ITEM, LETTER = InboxItem._meta.db_table, Letter._meta.db_table
TYPE, AGENCY, EMPLOYEE = LetterType._meta.db_table, Agency._meta.db_table, Employee._meta.db_table


# --- the cases through the selectors ---------------------------------------------------------------------------


def inbox_page(user: User) -> tuple[list[tuple[Any, ...]], dict[str, int]]:
    """What the inbox page needs: the first 20 entries of "Surat masuk" and the count of every box."""
    user.forget_actor()
    rows = [
        (item.letter.number, item.letter.subject, item.letter.letter_type, item.letter.agency.name, item.sender)
        for item in selectors.inbox_items(user=user, box="incoming")[:20]
    ]
    return rows, selectors.box_counts(user=user)


def search_page(user: User, q: str) -> tuple[list[tuple[Any, ...]], tuple[int, bool]]:
    """The first 20 results, newest first, and their number counted up to 1,000 ("lebih dari 1.000")."""
    user.forget_actor()
    found = selectors.letter_search(user=user, q=q)
    rows = [(letter.number, letter.subject, letter.agency.name) for letter in found[:20]]
    return rows, selectors.letter_search_count(user=user, q=q)


# --- raw SQL ---------------------------------------------------------------------------------------------------

RAW_PAGE = f"""
SELECT i.id, i.kind, i.received_at, i.read_at, l.id, l.number, l.subject, l.urgency, t.name, a.name, s.name
FROM {ITEM} i JOIN {LETTER} l ON l.id = i.letter_id LEFT JOIN {TYPE} t ON t.id = l.letter_type_id
JOIN {AGENCY} a ON a.id = l.agency_id LEFT JOIN {EMPLOYEE} s ON s.id = i.sender_id
WHERE i.government_id = %s AND i.employee_id = %s AND i.kind IN ('to', 'disposition')
ORDER BY i.received_at DESC, i.id DESC LIMIT 20"""
_OWNED = f"i.kind = 'owner' AND EXISTS (SELECT 1 FROM {LETTER} l WHERE l.id = i.letter_id AND l.status"
RAW_COUNTS = f"""
SELECT COUNT(*),
  SUM(CASE WHEN i.kind IN ('to', 'cc', 'disposition') AND i.read_at IS NULL THEN 1 ELSE 0 END),
  SUM(CASE WHEN i.kind IN ('to', 'disposition') AND i.follow_up_status IN ('pending', 'forwarded') THEN 1 ELSE 0 END),
  SUM(CASE WHEN i.kind = 'disposition' AND i.read_at IS NULL THEN 1 ELSE 0 END),
  SUM(CASE WHEN i.kind = 'disposition' AND i.follow_up_status IN ('pending', 'forwarded') THEN 1 ELSE 0 END),
  SUM(CASE WHEN i.kind = 'cc' THEN 1 ELSE 0 END),
  SUM(CASE WHEN i.kind = 'review' AND i.closed_at IS NULL THEN 1 ELSE 0 END),
  SUM(CASE WHEN i.kind = 'sign' AND i.closed_at IS NULL THEN 1 ELSE 0 END),
  SUM(CASE WHEN i.kind = 'send' AND i.closed_at IS NULL THEN 1 ELSE 0 END),
  SUM(CASE WHEN {_OWNED} = 'sent') THEN 1 ELSE 0 END),
  SUM(CASE WHEN {_OWNED} IN ('draft', 'returned', 'in_review', 'to_sign')) THEN 1 ELSE 0 END),
  SUM(CASE WHEN i.kind IN ('to', 'disposition') THEN 1 ELSE 0 END)
FROM {ITEM} i WHERE i.employee_id = %s"""


def raw_inbox(government_id: int, employee_id: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(RAW_PAGE, [government_id, employee_id])
        cursor.fetchall()
        cursor.execute(RAW_COUNTS, [employee_id])
        cursor.fetchall()


def _bounds(today: date, zone: ZoneInfo) -> list[tuple[datetime | None, datetime | None]]:
    def start(day: date) -> datetime:
        return datetime.combine(day, time.min, tzinfo=zone)

    return [
        (
            None if high is None else start(today - timedelta(days=high)),
            None if low == 0 else start(today - timedelta(days=low - 1)),
        )
        for _, low, high in letter_rules.AGE_BUCKETS
    ]


def raw_report(government_id: int, agency_id: int | None, today: date, zone: ZoneInfo) -> None:
    """Per agency (and per person for one agency): totals, age buckets, urgencies, overdue."""
    columns = ["COUNT(*)", "SUM(CASE WHEN i.due_date < %s THEN 1 ELSE 0 END)"]
    params: list[Any] = [today]
    for low, high in _bounds(today, zone):
        conditions = [c for c, v in (("i.received_at >= %s", low), ("i.received_at < %s", high)) if v is not None]
        columns.append(f"SUM(CASE WHEN {' AND '.join(conditions)} THEN 1 ELSE 0 END)")
        params += [v for v in (low, high) if v is not None]
    for urgency in ("biasa", "segera", "sangat_segera"):
        columns.append("SUM(CASE WHEN i.urgency = %s THEN 1 ELSE 0 END)")
        params.append(urgency)
    where = (
        "i.government_id = %s AND i.kind IN ('to', 'disposition') AND i.follow_up_status IN ('pending', 'forwarded')"
    )
    where_params: list[Any] = [government_id]
    if agency_id is not None:
        where, where_params = f"{where} AND i.agency_id = %s", [*where_params, agency_id]
    groups = [("i.agency_id, a.code, a.name", f"LEFT JOIN {AGENCY} a ON a.id = i.agency_id", "a.code")]
    if agency_id is not None:
        groups.append(("i.employee_id, e.name", f"JOIN {EMPLOYEE} e ON e.id = i.employee_id", "e.name"))
    with connection.cursor() as cursor:
        for group, join, order in groups:
            cursor.execute(
                f"SELECT {group}, {', '.join(columns)} FROM {ITEM} i {join} WHERE {where}"
                f" GROUP BY {group} ORDER BY {order}",
                [*params, *where_params],
            )
            cursor.fetchall()


def raw_search(government_id: int, employee_id: int, q: str) -> None:
    """The letters an employee takes part in that match ``q``: newest 20 and the count."""
    if is_postgresql():
        match = (
            f"SELECT letter_id FROM {search.PG_TABLE} WHERE document @@ websearch_to_tsquery('indonesian', %s)"
            f" AND reach && ARRAY['e:{int(employee_id)}']"
        )
        term: str = q
    else:
        match = f"SELECT rowid FROM {search.FTS_TABLE} WHERE {search.FTS_TABLE} MATCH %s"
        term = search.fts5_match(search.parse_query(q))
    where = (
        f"l.government_id = %s AND l.id IN ({match})"
        f" AND EXISTS (SELECT 1 FROM {ITEM} i WHERE i.letter_id = l.id AND i.employee_id = %s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT l.id, l.number, l.subject, a.name FROM {LETTER} l JOIN {AGENCY} a ON a.id = l.agency_id"
            f" WHERE {where} ORDER BY l.created_at DESC, l.id DESC LIMIT 20",
            [government_id, term, employee_id],
        )
        cursor.fetchall()
        cursor.execute(
            f"SELECT COUNT(*) FROM (SELECT l.id FROM {LETTER} l WHERE {where} LIMIT 1001) found",
            [government_id, term, employee_id],
        )
        cursor.fetchall()


# --- the run ------------------------------------------------------------------------------------------------------


def _users(ids: Sequence[int]) -> list[User]:
    found = User.objects.in_bulk(list(ids))
    return [found[pk] for pk in ids]


def _numbers(gov: GeneratedGovernment, rng: random.Random, count: int) -> list[str]:
    """Beginnings of existing numbers as people type them (000.8/15, 800.1.6/123/DINKES)."""
    numbers = list(
        Letter.objects.filter(government_id=gov.government_id, number__isnull=False)
        .order_by("pk")
        .values_list("number", flat=True)[:5000]
    )
    rng.shuffle(numbers)
    return ["/".join((number or "").split("/")[: 2 + (i % 2)]) for i, number in enumerate(numbers[:count])]


def _case(name: str, call: Callable[[int], Any], options: Options, raw: Callable[[int], Any] | None = None) -> Figure:
    samples = sample(call, n=options.requests, warmup=options.warmup)
    raws = sample(raw, n=options.raw_samples, warmup=options.warmup) if raw else []
    return Figure(NAME, name, samples, raw=raws)


def _without_jit(name: str, call: Callable[[int], Any], options: Options) -> list[Figure]:
    """The same case with PostgreSQL's JIT off for the session (the setting advised for this workload)."""
    if not is_postgresql():
        return []
    with connection.cursor() as cursor:
        cursor.execute("SET jit = off")
    try:
        return [_case(name, call, options)]
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET jit")


def _targets(figures: Sequence[Figure]) -> None:
    if not is_postgresql():
        return
    for figure in figures:
        for prefix, target in TARGETS.items():
            if figure.case.startswith(prefix):
                verdict = "met" if figure.p95_ms < target else "MISSED"
                print(f"target {figure.case}: p95 {figure.p95_ms:.1f} ms < {target:.0f} ms — {verdict}", flush=True)


def vacuum() -> None:
    """After the bulk load, what autovacuum does in production: statistics, and on PostgreSQL the visibility
    map that lets index-only scans skip the table."""
    if not is_postgresql() or connection.in_atomic_block:  # VACUUM cannot run in a transaction (the tests)
        analyze()
        return
    with connection.cursor() as cursor:
        for table in (LETTER, ITEM, search.PG_TABLE):
            cursor.execute(f"VACUUM (ANALYZE) {table}")


def _generate(gov: GeneratedGovernment, options: Options) -> tuple[GeneratedLetters, list[Figure]]:
    size = options.letters if is_postgresql() else min(options.letters, SQLITE_LETTERS)
    generated = generate_letters(gov, letters=size)
    vacuum()
    print(
        f"letters: {generated.letters:,} letters, {generated.items:,} box entries"
        f" ({generated.dispositions:,} dispositions) in {generated.seconds:.1f} s;"
        f" search index in {generated.index_seconds:.1f} s",
        flush=True,
    )
    return generated, [
        Figure(
            NAME, f"generate {size:,} letters + entries", [generated.seconds], per_sample=generated.rows, unit="rows"
        ),
        Figure(NAME, f"search index, {size:,} letters", [generated.index_seconds], per_sample=size, unit="rows"),
    ]


def run(gov: GeneratedGovernment, options: Options) -> list[Figure]:
    generated, figures = _generate(gov, options)
    rng = random.Random(gov.seed)
    employees, heads = _users(generated.employee_user_ids), _users(list(generated.head_user_ids.values()))
    sekda = User.objects.get(pk=gov.secretary_id)
    zone, today, government = ZoneInfo("Asia/Makassar"), generated.today, gov.government_id
    agencies = list(generated.head_user_ids)
    queries = [QUERIES[i % len(QUERIES)] for i in range(len(QUERIES) * 3)]
    rng.shuffle(queries)
    numbers = _numbers(gov, rng, 50)

    def employee(i: int) -> User:
        return employees[(i * 7919) % len(employees)]

    def head(i: int) -> User:
        return heads[i % len(heads)]

    cases = [
        _case(
            "inbox page, random employee",
            lambda i: inbox_page(employee(i)),
            options,
            lambda i: raw_inbox(government, employee(i).employee_id or 0),
        ),
        _case(
            "inbox page, agency head",
            lambda i: inbox_page(head(i)),
            options,
            lambda i: raw_inbox(government, head(i).employee_id or 0),
        ),
        *_without_jit("inbox page, agency head, jit off", lambda i: inbox_page(head(i)), options),
        _case(
            "follow-up report, one agency",
            lambda i: selectors.follow_up_report(user=sekda, agency_id=agencies[i % len(agencies)], today=today),
            options,
            lambda i: raw_report(government, agencies[i % len(agencies)], today, zone),
        ),
        _case(
            "follow-up report, province",
            lambda i: selectors.follow_up_report(user=sekda, agency_id=None, today=today),
            options,
            lambda i: raw_report(government, None, today, zone),
        ),
        _case(
            "search, random employee",
            lambda i: search_page(employee(i), queries[i % len(queries)]),
            options,
            lambda i: raw_search(government, employee(i).employee_id or 0, queries[i % len(queries)]),
        ),
        _case("search, agency head", lambda i: search_page(head(i), queries[i % len(queries)]), options),
        _case("search, Sekda", lambda i: search_page(sekda, queries[i % len(queries)]), options),
        _case("search, number prefix, Sekda", lambda i: search_page(sekda, numbers[i % len(numbers)]), options),
    ]
    _targets(cases)
    return [*figures, *cases]


SCENARIO = Scenario(NAME, "E-Surat: inbox, follow-up report and full-text search on a year of letters", run)
