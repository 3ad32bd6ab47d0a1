"""Full-text search of letters on both engines: words, numbers, secrecy, hostile input, index upkeep."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.db import connection

from terpadu.core.roles import Role
from terpadu.correspondence import policies, search, selectors
from terpadu.correspondence.models import InboxItem, Letter
from terpadu.directory.models import Agency, Employee, User
from terpadu.directory.tests.factories import AgencyFactory, GovernmentFactory, user_with_role

from .factories import IncomingLetterFactory, LetterFactory, deliver, dispose

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="stemming needs PostgreSQL")


@dataclass
class World:
    dinkes: Agency
    kominfo: Agency
    drafter: User
    head: User
    chief: User
    colleague: User
    admin_dinkes: User
    admin_kominfo: User
    sekda: User
    auditor: User


def employee(user: User) -> Employee:
    assert user.employee is not None
    return user.employee


@pytest.fixture
def w() -> World:
    government = GovernmentFactory(timezone="Asia/Makassar")
    dinkes = AgencyFactory(government=government, code="3.03", name="Dinas Kesehatan")
    kominfo = AgencyFactory(government=government, code="3.16", name="Dinas Komunikasi dan Informatika")
    setda = AgencyFactory(government=government, code="1.01", name="Sekretariat Daerah")
    return World(
        dinkes=dinkes,
        kominfo=kominfo,
        drafter=user_with_role(Role.EMPLOYEE, agency=dinkes),
        head=user_with_role(Role.AGENCY_HEAD, agency=kominfo),
        chief=user_with_role(Role.EMPLOYEE, agency=kominfo),
        colleague=user_with_role(Role.EMPLOYEE, agency=kominfo),
        admin_dinkes=user_with_role(Role.AGENCY_ADMIN, agency=dinkes),
        admin_kominfo=user_with_role(Role.AGENCY_ADMIN, agency=kominfo),
        sekda=user_with_role(Role.SECRETARY, government=government, agency=setda, employee=None),
        auditor=user_with_role(Role.AUDITOR, government=government),
    )


def sent(w: World, **fields) -> Letter:
    """A letter drafted at Dinkes, sent to the head of Diskominfo."""
    letter = LetterFactory(agency=w.dinkes, drafted_by=employee(w.drafter), **fields)
    deliver(letter, employee(w.drafter), kind="owner")
    deliver(letter, employee(w.head))
    return letter


def found(user: User, q: str) -> list[int]:
    return sorted(selectors.letter_search(user=user, q=q).values_list("pk", flat=True))


# --- parsing (pure) --------------------------------------------------------------------------------------


def test_the_query_is_split_into_words_and_number_phrases():
    parsed = search.parse_query('rapat "dana desa" 000.8/15/OR -anggaran e-surat')

    assert parsed.words == 'rapat "dana desa" -anggaran e surat'
    assert parsed.numbers == (("000", "8", "15", "or"),)
    assert search.fts5_match(parsed) == '"rapat"* "dana"* "desa"* "000 8 15 or"* "anggaran"* "e surat"*'


@pytest.mark.parametrize("q", ["", "   ", "!!!", "/ - .", '"', "*"])
def test_a_query_without_letters_or_digits_is_empty(q):
    assert search.parse_query(q).is_empty
    assert search.fts5_match(search.parse_query(q)) == ""


# --- words and numbers -------------------------------------------------------------------------------------


def test_words_find_subject_body_and_sender(w):
    rapat = sent(w, subject="Undangan rapat koordinasi data kesehatan", body="Rapat di aula.")
    laporan = sent(w, subject="Laporan bulanan", body="Terlampir data imunisasi balita.")
    incoming = IncomingLetterFactory(agency=w.kominfo, subject="Pemberitahuan", sender_name="Badan Pusat Statistik")
    deliver(incoming, employee(w.head))

    assert found(w.head, "undangan rapat") == [rapat.pk]
    assert found(w.head, "imunisasi") == [laporan.pk]
    assert found(w.head, "UNDANGAN") == [rapat.pk]
    assert found(w.head, "statistik") == [incoming.pk]
    assert found(w.head, "data") == [rapat.pk, laporan.pk]
    assert found(w.head, "rapat laporan") == []


def test_prefixes_are_found_on_sqlite_and_stems_on_postgresql(w):
    letter = sent(w, subject="Undangan Penyelenggaraan Pelatihan")

    assert found(w.head, "penyelenggaraan") == [letter.pk]
    if connection.vendor == "sqlite":
        assert found(w.head, "penyeleng pelat") == [letter.pk]


@postgres_only
def test_indonesian_stemming_on_postgresql(w):
    letter = sent(w, subject="Kami akan menyelenggarakan pelatihan", body="Pelaksanaan kegiatan diundur.")

    assert found(w.head, "penyelenggaraan") == [letter.pk]
    assert found(w.head, "dilaksanakan") == [letter.pk]
    assert found(w.head, "kegiatan pelatihan") == [letter.pk]
    assert found(w.head, '"pelatihan kami"') == []
    assert found(w.head, "pelatihan -kegiatan") == []


@pytest.mark.parametrize(
    "q", ["000.8/15/OR/2026", "000.8/15/OR", "000.8/15", "000.8", "15/OR", "15/or/2026", "000.8/15/O"]
)
def test_a_number_or_its_beginning_or_a_run_of_its_parts(w, q):
    letter = sent(w, number="000.8/15/OR/2026", subject="Pemberitahuan")
    sent(w, number="000.8/151/OR/2026", subject="Lain")
    sent(w, number="800/15/BKD/2026", subject="Lain")

    assert letter.pk in found(w.head, q)
    assert len(found(w.head, "000.8/15/OR")) == 1


def test_a_number_with_words_and_the_senders_number(w):
    letter = sent(w, number="000.8/15/OR/2026", subject="Undangan sosialisasi")
    incoming = IncomingLetterFactory(agency=w.kominfo, sender_number="B-1234/KEMENDAGRI/2026", subject="Edaran")
    deliver(incoming, employee(w.head))

    assert found(w.head, "undangan 000.8/15") == [letter.pk]
    assert found(w.head, "edaran 000.8/15") == []
    assert found(w.head, "B-1234/KEMENDAGRI") == [incoming.pk]
    assert found(w.head, "1234") == [incoming.pk]


def test_search_in_a_box_and_in_the_letter_list(w):
    letter = sent(w, subject="Undangan rapat anggaran")
    sent(w, subject="Pemberitahuan libur")

    items = selectors.inbox_items(user=w.head, box="incoming", filters=selectors.LetterFilters(q="anggaran"))
    listed = selectors.letter_list_for_user(user=w.head, filters=selectors.LetterFilters(q="anggaran"))

    assert [item.letter_id for item in items] == [letter.pk]
    assert [row.pk for row in listed] == [letter.pk]
    assert list(selectors.letter_search(user=w.head, q="  ")) == []


def test_ranking_puts_the_subject_before_the_body(w):
    in_body = sent(w, subject="Pemberitahuan", body="Mohon hadir pada rapat evaluasi.")
    in_subject = sent(w, subject="Rapat evaluasi", body="Mohon hadir.")
    rank = search.search_rank("evaluasi")
    assert rank is not None

    ranked = Letter.objects.filter(search.search_filter("evaluasi")).annotate(rank=rank).order_by("-rank")

    assert [letter.pk for letter in ranked] == [in_subject.pk, in_body.pk]
    assert search.search_rank("   ") is None


# --- secrecy -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("level", ["terbatas", "rahasia", "sangat_rahasia"])
def test_a_secret_letter_is_found_only_by_its_participants(w, level):
    secret = sent(w, subject="Hasil audit khusus", number="700/9/INSP/2026", security_level=level)
    dispose(Letter.objects.get(pk=secret.pk).inbox_items.get(kind="to"), employee(w.chief))
    open_letter = sent(w, subject="Hasil audit reguler")

    for insider in (w.drafter, w.head, w.chief):
        assert found(insider, "khusus") == [secret.pk]
        assert found(insider, "700/9/INSP") == [secret.pk]
    assert found(w.head, "audit") == [secret.pk, open_letter.pk]
    for outsider in (w.colleague, w.sekda, w.auditor, w.admin_dinkes, w.admin_kominfo):
        assert found(outsider, "audit") == ([open_letter.pk] if outsider != w.colleague else [])
        assert found(outsider, "700/9/INSP") == []
        assert found(outsider, "khusus") == []


def test_an_open_letter_is_found_by_the_roles_that_read_it_a_draft_only_by_its_drafter(w):
    letter = sent(w, subject="Edaran jam kerja")
    draft = LetterFactory(
        agency=w.dinkes, drafted_by=employee(w.drafter), subject="Edaran jam kerja (konsep)", status="draft"
    )
    deliver(draft, employee(w.drafter), kind="owner")

    assert found(w.drafter, "edaran") == [letter.pk, draft.pk]
    for reader in (w.sekda, w.auditor, w.admin_dinkes, w.admin_kominfo, w.head):
        assert found(reader, "edaran") == [letter.pk]
    assert found(w.colleague, "edaran") == []


HOSTILE = [
    "'; DROP TABLE correspondence_letter; --",
    "' OR 1=1 --",
    '"',
    '"unbalanced quote',
    "*",
    "NEAR(rapat undangan, 2)",
    "subject:rapat",
    "rapat OR undangan",
    "rapat AND NOT undangan",
    "-",
    "--rapat",
    "!rapat & undangan | (x)",
    "rapat:* <-> undangan",
    "\\",
    "%_%",
    "{subject body}: rapat",
    "^rapat",
    "rapat\x00undangan",
    "ü ñ é 国 🙂",
    "a" * 5000,
    " ".join(["rapat"] * 200),
    "000.8/15/OR'--",
    "1e999 0x1F ../../etc/passwd",
]


@pytest.mark.parametrize("q", HOSTILE)
def test_hostile_input_never_fails_and_changes_nothing(w, q):
    letter = sent(w, subject="Undangan rapat")

    list(selectors.letter_search(user=w.head, q=q))
    list(selectors.inbox_items(user=w.head, box="all", filters=selectors.LetterFilters(q=q)))

    assert Letter.objects.filter(pk=letter.pk).exists()


# --- keeping the index ----------------------------------------------------------------------------------------


def test_reindexing_follows_changes_and_deleting_drops_the_document(w):
    letter = sent(w, subject="Undangan rapat")
    Letter.objects.filter(pk=letter.pk).update(subject="Pemberitahuan cuti")
    assert found(w.head, "cuti") == []

    search.letter_search_index([letter.pk])
    assert found(w.head, "cuti") == [letter.pk] and found(w.head, "undangan") == []

    search.letter_search_remove([letter.pk])
    assert found(w.head, "cuti") == []

    search.letter_search_index([letter.pk])
    letter.inbox_items.all().delete()
    Letter.objects.filter(pk=letter.pk).delete()
    assert index_size() == 0


def index_size() -> int:
    table = search.PG_TABLE if connection.vendor == "postgresql" else search.FTS_TABLE
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table}")
        return int(cursor.fetchone()[0])


def test_the_rebuild_command_indexes_every_letter_in_batches(w):
    letters = [LetterFactory(agency=w.dinkes, subject=f"Nota dinas {n}", index=False) for n in range(5)]
    for letter in letters:
        deliver(letter, employee(w.head))
    assert found(w.head, "nota") == []

    call_command("letter_search_rebuild", "--batch-size", "2", verbosity=0)

    assert found(w.head, "nota") == sorted(letter.pk for letter in letters)
    assert index_size() == 5


def test_indexing_nothing_or_missing_letters_is_harmless(w):
    search.letter_search_index([])
    search.letter_search_index([10**9])
    search.letter_search_remove([])

    assert index_size() == 0


@pytest.mark.django_db(transaction=True)
def test_the_migration_is_reversible():
    call_command("migrate", "correspondence", "0002", verbosity=0)
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    assert search.PG_TABLE not in tables and search.FTS_TABLE not in tables

    call_command("migrate", "correspondence", verbosity=0)

    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    assert (search.PG_TABLE if connection.vendor == "postgresql" else search.FTS_TABLE) in tables


# --- the reach (PostgreSQL narrows the words to the reader's letters in the index) ------------------------


def test_the_reach_of_each_reader(w):
    assert search.reach_of(None) is None
    assert search.reach_of(w.sekda.get_actor()) is None
    assert search.reach_of(w.auditor.get_actor()) is None
    assert search.reach_of(w.chief.get_actor()) == [f"e:{employee(w.chief).pk}"]
    assert search.reach_of(w.admin_kominfo.get_actor()) == [f"e:{employee(w.admin_kominfo).pk}", f"a:{w.kominfo.pk}"]


def test_the_reach_follows_new_and_moved_entries_without_reindexing(w):
    letter = sent(w, subject="Koordinasi bencana banjir")
    assert found(w.chief, "banjir") == []

    item = dispose(letter.inbox_items.get(kind="to"), employee(w.chief))
    assert found(w.chief, "banjir") == [letter.pk]

    InboxItem.objects.filter(pk=item.pk).update(employee=employee(w.colleague))
    assert found(w.chief, "banjir") == [] and found(w.colleague, "banjir") == [letter.pk]

    InboxItem.objects.filter(pk=item.pk).delete()
    assert found(w.colleague, "banjir") == []


@pytest.mark.parametrize("q", ["audit", "rapat", "700/9", "edaran"])
def test_narrowing_by_reach_never_loses_a_readable_letter(w, q):
    secret = sent(w, subject="Hasil audit khusus", number="700/9/INSP/2026", security_level="rahasia")
    dispose(secret.inbox_items.get(kind="to"), employee(w.chief))
    sent(w, subject="Undangan rapat audit")
    incoming = IncomingLetterFactory(agency=w.kominfo, subject="Edaran rapat", sender_name="BPK")
    deliver(incoming, employee(w.admin_kominfo), kind="owner")
    draft = LetterFactory(agency=w.kominfo, subject="Konsep edaran audit", status="draft")
    deliver(draft, employee(w.colleague), kind="owner")

    for user in (w.drafter, w.head, w.chief, w.colleague, w.admin_dinkes, w.admin_kominfo, w.sekda, w.auditor):
        actor = user.get_actor()
        readable = Letter.objects.filter(policies.visible_filter(actor))
        wide = set(readable.filter(search.search_filter(q)).values_list("pk", flat=True))
        narrow = set(
            readable.filter(search.search_filter(q, reach=search.reach_of(actor))).values_list("pk", flat=True)
        )
        assert narrow == wide, user


@pytest.mark.parametrize("walk_above", [1, 10**6])
def test_common_words_walk_newest_first_with_the_same_results(w, monkeypatch, walk_above):
    letters = [sent(w, subject=f"Rapat evaluasi {n}") for n in range(3)]
    secret = sent(w, subject="Rapat evaluasi rahasia", security_level="rahasia")
    monkeypatch.setattr(search, "WALK_ABOVE", walk_above)

    assert search.match_count("rapat evaluasi") == 4 and search.match_count("!!") == 0
    for user, expected in ((w.sekda, letters), (w.head, [*letters, secret])):
        shown = [letter.pk for letter in selectors.letter_search(user=user, q="rapat evaluasi")]
        assert shown == sorted((letter.pk for letter in expected), reverse=True)
        assert selectors.letter_search_count(user=user, q="rapat evaluasi") == (len(expected), False)
    assert selectors.letter_search_count(user=w.sekda, q=" ") == (0, False)
