"""The full-text index of letters (ADR 0012): a tsvector table with a GIN index on PostgreSQL, an FTS5
table on SQLite. It is filled by ``search.letter_search_index``; ``manage.py letter_search_rebuild`` indexes letters
written before it existed.

On PostgreSQL each document also carries its letter's *reach*: ``e:<employee>`` for everyone with a box
entry about it and ``a:<agency>`` for its agency and every agency it reached, whatever its security level or
status (a superset of who may read it; ``policies.visible_filter`` still decides). Searches by people who
read through their agency or their own entries intersect it with the words in the GIN indexes, instead of
checking every letter that matches. Statement triggers on the box entries keep the reach current.

No foreign key on PostgreSQL: Django's ``flush`` (and every TransactionTestCase) truncates the letters
table alone, which a referencing table would refuse. Triggers do what ``ON DELETE CASCADE`` would:
a deleted letter loses its document, a truncated letters table empties the index.

Four indexes for the reads at province scale (bench ``letters``, bench/README.md):
- ``inbox_employee_recent_idx``: an employee's entries newest first (the inbox page), and on PostgreSQL, with
  the columns the box counts and the "takes part in" check read, an index-only scan of a head's 50,000 entries;
- ``inbox_agency_letter_idx``: "delivered to my agency" (``policies.visible_filter``) as an index-only scan;
- ``inbox_letter_employee_idx``: "takes part in this letter" checked letter by letter (SQLite without
  statistics otherwise scans a head's whole box for every letter: 35 s for one search at 100,000 letters);
- ``letter_recent_idx``: letters newest first (lists and search: the first 20 of 100,000 matches without
  sorting them all).
"""

from django.db import migrations, models

PG_FORWARD = [
    """CREATE TABLE correspondence_letter_search (
        letter_id bigint PRIMARY KEY,
        document tsvector NOT NULL,
        reach text[] NOT NULL DEFAULT '{}'
    )""",
    "CREATE INDEX correspondence_letter_search_gin ON correspondence_letter_search USING gin (document)",
    "CREATE INDEX correspondence_letter_search_reach ON correspondence_letter_search USING gin (reach)",
    # every run of consecutive parts of a number as one lexeme: 000.8/15/OR -> n:000, n:000/8, …, n:15/or, n:or
    """CREATE FUNCTION correspondence_number_runs(num text) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
        SELECT coalesce(array_agg('n:' || array_to_string(p.parts[i:j], '/')), '{}')
        FROM (SELECT regexp_split_to_array(lower(btrim(regexp_replace(coalesce(num, ''), '[^[:alnum:]]+', '/', 'g'),
                                                       '/')), '/') AS parts) p,
             generate_subscripts(p.parts, 1) i, generate_subscripts(p.parts, 1) j
        WHERE j >= i AND j - i < 8 AND p.parts[1] <> ''
    $$""",
    """CREATE FUNCTION correspondence_letter_reach(lid bigint) RETURNS text[] LANGUAGE sql STABLE AS $$
        SELECT coalesce(array_agg(DISTINCT token), '{}') FROM (
            SELECT 'e:' || i.employee_id AS token FROM correspondence_inboxitem i WHERE i.letter_id = lid
            UNION ALL
            SELECT 'a:' || i.agency_id FROM correspondence_inboxitem i
                WHERE i.letter_id = lid AND i.agency_id IS NOT NULL
            UNION ALL
            SELECT 'a:' || l.agency_id FROM correspondence_letter l WHERE l.id = lid
        ) tokens
    $$""",
    """CREATE FUNCTION correspondence_letter_search_rereach() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE correspondence_letter_search s SET reach = r.reach
            FROM (SELECT c.letter_id, correspondence_letter_reach(c.letter_id) AS reach
                  FROM (SELECT DISTINCT letter_id FROM changed) c) r
            WHERE s.letter_id = r.letter_id AND s.reach IS DISTINCT FROM r.reach;
        RETURN NULL;
    END $$""",
    """CREATE FUNCTION correspondence_letter_search_rereach_moved() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE correspondence_letter_search s SET reach = r.reach
            FROM (SELECT c.letter_id, correspondence_letter_reach(c.letter_id) AS reach
                  FROM (SELECT n.letter_id FROM changed n JOIN before_change o ON o.id = n.id
                        WHERE (n.letter_id, n.employee_id, n.agency_id) IS DISTINCT FROM
                              (o.letter_id, o.employee_id, o.agency_id)
                        UNION SELECT o.letter_id FROM changed n JOIN before_change o ON o.id = n.id
                        WHERE n.letter_id IS DISTINCT FROM o.letter_id) c) r
            WHERE s.letter_id = r.letter_id AND s.reach IS DISTINCT FROM r.reach;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER correspondence_letter_search_reach_insert AFTER INSERT ON correspondence_inboxitem
        REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION correspondence_letter_search_rereach()""",
    """CREATE TRIGGER correspondence_letter_search_reach_update AFTER UPDATE ON correspondence_inboxitem
        REFERENCING OLD TABLE AS before_change NEW TABLE AS changed
        FOR EACH STATEMENT EXECUTE FUNCTION correspondence_letter_search_rereach_moved()""",
    """CREATE TRIGGER correspondence_letter_search_reach_delete AFTER DELETE ON correspondence_inboxitem
        REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION correspondence_letter_search_rereach()""",
    """CREATE FUNCTION correspondence_letter_search_delete() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM correspondence_letter_search WHERE letter_id = OLD.id;
        RETURN OLD;
    END $$""",
    """CREATE FUNCTION correspondence_letter_search_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        TRUNCATE correspondence_letter_search;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER correspondence_letter_search_delete AFTER DELETE ON correspondence_letter
        FOR EACH ROW EXECUTE FUNCTION correspondence_letter_search_delete()""",
    """CREATE TRIGGER correspondence_letter_search_truncate AFTER TRUNCATE ON correspondence_letter
        FOR EACH STATEMENT EXECUTE FUNCTION correspondence_letter_search_truncate()""",
]
PG_BACKWARD = [
    "DROP TRIGGER IF EXISTS correspondence_letter_search_reach_insert ON correspondence_inboxitem",
    "DROP TRIGGER IF EXISTS correspondence_letter_search_reach_update ON correspondence_inboxitem",
    "DROP TRIGGER IF EXISTS correspondence_letter_search_reach_delete ON correspondence_inboxitem",
    "DROP FUNCTION IF EXISTS correspondence_letter_search_rereach()",
    "DROP FUNCTION IF EXISTS correspondence_letter_search_rereach_moved()",
    "DROP TRIGGER IF EXISTS correspondence_letter_search_truncate ON correspondence_letter",
    "DROP TRIGGER IF EXISTS correspondence_letter_search_delete ON correspondence_letter",
    "DROP FUNCTION IF EXISTS correspondence_letter_search_truncate()",
    "DROP FUNCTION IF EXISTS correspondence_letter_search_delete()",
    "DROP TABLE IF EXISTS correspondence_letter_search",
    "DROP FUNCTION IF EXISTS correspondence_letter_reach(bigint)",
    "DROP FUNCTION IF EXISTS correspondence_number_runs(text)",
]
SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE correspondence_letter_fts USING fts5(
        number, subject, sender, body, tokenize='unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER correspondence_letter_fts_delete AFTER DELETE ON correspondence_letter
    BEGIN
        DELETE FROM correspondence_letter_fts WHERE rowid = OLD.id;
    END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS correspondence_letter_fts_delete",
    "DROP TABLE IF EXISTS correspondence_letter_fts",
]


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in statements.get(vendor, []):
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("correspondence", "0002_letters_inbox_dispositions_dossiers"),
    ]

    operations = [
        migrations.RunPython(
            _run({"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
        migrations.AddIndex(
            model_name="inboxitem",
            index=models.Index(
                fields=["employee", "received_at", "id"],
                include=["kind", "read_at", "closed_at", "follow_up_status", "letter"],
                name="inbox_employee_recent_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="inboxitem",
            index=models.Index(fields=["agency", "letter"], name="inbox_agency_letter_idx"),
        ),
        migrations.AddIndex(
            model_name="inboxitem",
            index=models.Index(fields=["letter", "employee"], name="inbox_letter_employee_idx"),
        ),
        migrations.AddIndex(
            model_name="letter",
            index=models.Index(fields=["government", "created_at", "id"], name="letter_recent_idx"),
        ),
    ]
