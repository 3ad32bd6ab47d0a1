"""Reads of E-Surat: boxes and their counts, letters by access rule, the disposition tree and the
follow-up report, with their query counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from terpadu.core.errors import NotFound, ValidationFailed
from terpadu.core.roles import Role
from terpadu.correspondence import selectors
from terpadu.correspondence.models import InboxItem, Letter
from terpadu.correspondence.selectors import BOXES, LetterFilters
from terpadu.directory.models import Agency, Employee, User
from terpadu.directory.tests.factories import AgencyFactory, GovernmentFactory, user_with_role

from .factories import InboxItemFactory, LetterFactory, LetterTypeFactory, deliver, dispose, disposition_chain

pytestmark = pytest.mark.django_db
#: Monday 11 May 2026, WITA (UTC+8)
TODAY = date(2026, 5, 11)


def at(day: date, hour: int = 9, minute: int = 0) -> datetime:
    """``hour``:``minute`` WITA on ``day``, as UTC."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC) - timedelta(hours=8)


@dataclass
class World:
    dinkes: Agency
    kominfo: Agency
    drafter: User
    head: User
    chief: User
    staff: User
    colleague: User
    admin_kominfo: User
    head_dinkes: User
    sekda: User
    auditor: User


def emp(user: User) -> Employee:
    assert user.employee is not None
    return user.employee


@pytest.fixture
def w() -> World:
    government = GovernmentFactory(timezone="Asia/Makassar")
    dinkes = AgencyFactory(government=government, code="3.03", name="Dinas Kesehatan")
    kominfo = AgencyFactory(government=government, code="3.16", name="Dinas Komunikasi dan Informatika")
    return World(
        dinkes=dinkes,
        kominfo=kominfo,
        drafter=user_with_role(Role.EMPLOYEE, agency=dinkes),
        head=user_with_role(Role.AGENCY_HEAD, agency=kominfo),
        chief=user_with_role(Role.EMPLOYEE, agency=kominfo),
        staff=user_with_role(Role.EMPLOYEE, agency=kominfo),
        colleague=user_with_role(Role.EMPLOYEE, agency=kominfo),
        admin_kominfo=user_with_role(Role.AGENCY_ADMIN, agency=kominfo),
        head_dinkes=user_with_role(Role.AGENCY_HEAD, agency=dinkes),
        sekda=user_with_role(Role.SECRETARY, government=government),
        auditor=user_with_role(Role.AUDITOR, government=government),
    )


def sent(w: World, *, received: datetime | None = None, **fields) -> Letter:
    """A letter drafted at Dinkes and sent to the head of Diskominfo."""
    letter = LetterFactory(agency=w.dinkes, drafted_by=emp(w.drafter), **fields)
    deliver(letter, emp(w.drafter), kind="owner", received_at=received or at(TODAY))
    deliver(letter, emp(w.head), received_at=received or at(TODAY))
    return letter


def keys(items) -> list[tuple[int, str]]:
    return [(item.letter_id, item.kind) for item in items]


# --- boxes -------------------------------------------------------------------------------------------------


@pytest.fixture
def boxes(w):
    """One employee (the chief) with an entry in every kind of box."""
    chief, day = emp(w.chief), TODAY - timedelta(days=1)
    letters = {}
    for n, name in enumerate(
        ["to_unread", "to_done", "cc", "disposition", "review", "sign", "send", "sent", "draft", "returned"]
    ):
        status = {"draft": "draft", "returned": "returned", "review": "in_review", "sign": "to_sign"}.get(name, "sent")
        letters[name] = LetterFactory(agency=w.kominfo, status=status, drafted_by=chief, subject=f"Surat {name}")
        received = at(day, 8 + n)
        if name in ("to_unread", "to_done", "cc"):
            deliver(letters[name], chief, kind=name[:2], received_at=received)
        elif name == "disposition":
            parent = deliver(letters[name], emp(w.head), received_at=received)
            dispose(parent, chief, received_at=received)
        elif name in ("review", "sign", "send"):
            deliver(letters[name], chief, kind=name, received_at=received)
        else:
            deliver(letters[name], chief, kind="owner", received_at=received)
    InboxItem.objects.filter(letter=letters["to_done"], employee=chief).update(
        read_at=at(TODAY), follow_up_status="done"
    )
    InboxItem.objects.filter(letter=letters["send"], employee=chief).update(closed_at=at(TODAY))
    return letters


EXPECTED_BOXES = {
    "unread": ["disposition", "cc", "to_unread"],
    "follow_up": ["disposition", "to_unread"],
    "dispositions_unread": ["disposition"],
    "dispositions_pending": ["disposition"],
    "cc": ["cc"],
    "to_review": ["review"],
    "to_sign": ["sign"],
    "ready_to_send": [],
    "sent": ["sent"],
    "drafts": ["returned", "draft"],
    "incoming": ["disposition", "to_done", "to_unread"],
    "all": ["returned", "draft", "sent", "send", "sign", "review", "disposition", "cc", "to_done", "to_unread"],
}


@pytest.mark.parametrize("box", list(BOXES))
def test_each_box_holds_its_entries_newest_first(w, boxes, box):
    items = selectors.inbox_items(user=w.chief, box=box)

    assert [item.letter.subject for item in items] == [f"Surat {name}" for name in EXPECTED_BOXES[box]]


def test_the_owner_of_drafts_in_review_and_to_sign_sees_them_in_drafts(w, boxes):
    for name in ("review", "sign"):
        deliver(boxes[name], emp(w.chief), kind="owner", received_at=at(TODAY))

    drafts = selectors.inbox_items(user=w.chief, box="drafts")

    assert {item.letter.subject for item in drafts} == {"Surat draft", "Surat returned", "Surat review", "Surat sign"}


def test_box_counts_match_the_boxes_in_one_query(w, boxes):
    w.chief.get_actor()

    with CaptureQueriesContext(connection) as queries:
        counts = selectors.box_counts(user=w.chief)

    assert len(queries) == 1
    assert list(counts) == list(BOXES)
    assert counts == {box: len(names) for box, names in EXPECTED_BOXES.items()}


def test_a_signed_letter_waits_in_ready_to_send_until_sent(w):
    letter = LetterFactory(agency=w.kominfo, status="signed", drafted_by=emp(w.chief))
    item = deliver(letter, emp(w.chief), kind="send", received_at=at(TODAY))

    assert [i.pk for i in selectors.inbox_items(user=w.chief, box="ready_to_send")] == [item.pk]
    InboxItem.objects.filter(pk=item.pk).update(closed_at=at(TODAY, 10))
    assert list(selectors.inbox_items(user=w.chief, box="ready_to_send")) == []


def test_nobody_else_sees_an_employees_entries(w, boxes):
    assert list(selectors.inbox_items(user=w.colleague, box="all")) == []
    assert selectors.box_counts(user=w.colleague) == dict.fromkeys(BOXES, 0)
    assert selectors.box_counts(user=w.auditor)["all"] == 0


def test_an_unknown_box_is_refused(w):
    with pytest.raises(ValidationFailed) as refused:
        selectors.inbox_items(user=w.chief, box="spam")

    assert refused.value.fields == {"box": ["Pilih salah satu kotak naskah."]}


def test_the_inbox_page_data_takes_one_query_whatever_the_rows(w):
    for n in range(25):
        letter = sent(w, received=at(TODAY) - timedelta(minutes=n), subject=f"Surat {n}")
        dispose(letter.inbox_items.get(kind="to"), emp(w.chief))
    w.chief.get_actor()

    with CaptureQueriesContext(connection) as queries:
        page = list(selectors.inbox_items(user=w.chief, box="incoming")[:20])
        shown = [
            (i.letter.subject, i.letter.letter_type.name, i.letter.agency.name, i.sender.full_name if i.sender else "")
            for i in page
        ]

    assert len(queries) == 1
    assert len(shown) == 20 and shown[0][0] == "Surat 0" and shown[0][3] == emp(w.head).full_name


# --- filters -------------------------------------------------------------------------------------------------


def test_filters_narrow_a_box(w):
    nota = LetterTypeFactory(government=w.dinkes.government, code="nota_dinas", name="Nota Dinas")
    plain = sent(w, subject="Biasa", received=at(TODAY - timedelta(days=9)))
    urgent = sent(w, subject="Segera", urgency="segera", letter_type=nota, received=at(TODAY - timedelta(days=2)))
    secret = sent(w, subject="Rahasia", security_level="rahasia", received=at(TODAY))
    own = LetterFactory(agency=w.kominfo, subject="Dari Kominfo")
    deliver(own, emp(w.head), received_at=at(TODAY))

    def box(**filters) -> list[str]:
        items = selectors.inbox_items(user=w.head, box="incoming", filters=LetterFilters(**filters))
        return [item.letter.subject for item in items]

    assert box() == ["Dari Kominfo", "Rahasia", "Segera", "Biasa"]
    assert box(letter_type="nota_dinas") == ["Segera"]
    assert box(urgency="segera") == ["Segera"]
    assert box(security_level="rahasia") == ["Rahasia"]
    assert box(agency_id=w.kominfo.pk) == ["Dari Kominfo"]
    assert box(status="sent", q="segera") == ["Segera"]
    assert box(date_from=TODAY - timedelta(days=2), date_to=TODAY - timedelta(days=1)) == ["Segera"]
    assert box(date_to=TODAY - timedelta(days=3)) == ["Biasa"]
    assert {plain.pk, urgent.pk, secret.pk} <= {i.letter_id for i in selectors.inbox_items(user=w.head, box="all")}


def test_dates_are_local_days(w):
    """23.30 WITA on 10 May is 15.30 UTC; 00.30 WITA on 11 May is still 10 May in UTC."""
    late = sent(w, subject="Larut", received=at(TODAY - timedelta(days=1), 23, 30))
    early = sent(w, subject="Dini", received=at(TODAY, 0, 30))

    def received_on(day: date) -> list[int]:
        filters = LetterFilters(date_from=day, date_to=day)
        return [item.letter_id for item in selectors.inbox_items(user=w.head, box="incoming", filters=filters)]

    assert received_on(TODAY) == [early.pk]
    assert received_on(TODAY - timedelta(days=1)) == [late.pk]


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"urgency": "kilat"}, {"urgency": ["Pilihan tidak dikenal."]}),
        ({"status": "x", "security_level": "y"}, {"status": ["Pilihan tidak dikenal."], "security_level": ["Pilihan tidak dikenal."]}),
        ({"date_from": TODAY, "date_to": TODAY - timedelta(days=1)}, {"date_to": ["Tanggal akhir tidak boleh sebelum tanggal awal."]}),
    ],
)  # fmt: skip
def test_invalid_filters_are_refused(fields, errors):
    with pytest.raises(ValidationFailed) as refused:
        LetterFilters(**fields)

    assert refused.value.fields == errors


def test_letter_list_filters_by_letter_date_or_creation_day(w):
    dated = sent(w, subject="Bertanggal", letter_date=TODAY - timedelta(days=5))
    draft = LetterFactory(agency=w.dinkes, drafted_by=emp(w.drafter), status="draft", subject="Konsep")
    deliver(draft, emp(w.drafter), kind="owner")
    today = selectors.local_today(w.dinkes.government_id)

    def listed(**filters) -> set[int]:
        return {row.pk for row in selectors.letter_list_for_user(user=w.drafter, filters=LetterFilters(**filters))}

    assert listed() == {dated.pk, draft.pk}
    assert listed(date_from=TODAY - timedelta(days=5), date_to=TODAY - timedelta(days=5)) == {dated.pk}
    assert listed(date_from=today) == {draft.pk}
    assert listed(status="draft") == {draft.pk}


# --- letters by access rule ----------------------------------------------------------------------------------


def test_a_letter_is_read_by_its_participants_and_the_roles_of_its_level(w):
    letter = sent(w, subject="Terbuka")
    secret = sent(w, subject="Rahasia", security_level="rahasia")
    dispose(secret.inbox_items.get(kind="to"), emp(w.chief))
    draft = LetterFactory(agency=w.dinkes, drafted_by=emp(w.drafter), status="draft")
    deliver(draft, emp(w.drafter), kind="owner")

    def reads(user: User, target: Letter) -> bool:
        try:
            return selectors.letter_get_for_user(user=user, pk=target.pk).pk == target.pk
        except NotFound:
            return False

    readers = {
        "drafter": (w.drafter, True, True, True),
        "head": (w.head, True, True, False),
        "chief": (w.chief, False, True, False),
        "colleague": (w.colleague, False, False, False),
        "admin_kominfo": (w.admin_kominfo, True, False, False),
        "head_dinkes": (w.head_dinkes, True, False, False),
        "sekda": (w.sekda, True, False, False),
        "auditor": (w.auditor, True, False, False),
    }
    for name, (user, open_, secret_, draft_) in readers.items():
        assert (reads(user, letter), reads(user, secret), reads(user, draft)) == (open_, secret_, draft_), name


@pytest.mark.parametrize("pk", [10**9, "abc", None])
def test_missing_and_malformed_ids_are_the_same_404(w, pk):
    with pytest.raises(NotFound):
        selectors.letter_get_for_user(user=w.sekda, pk=pk)


def test_a_letter_of_another_government_is_never_read(w):
    elsewhere = LetterFactory()

    with pytest.raises(NotFound):
        selectors.letter_get_for_user(user=w.sekda, pk=elsewhere.pk)
    assert list(selectors.letter_list_for_user(user=w.sekda)) == []


def test_anonymous_reads_nothing(w):
    from django.contrib.auth.models import AnonymousUser

    sent(w)

    assert list(selectors.letter_list_for_user(user=AnonymousUser())) == []
    assert list(selectors.inbox_items(user=AnonymousUser(), box="all")) == []
    assert selectors.box_counts(user=None) == dict.fromkeys(BOXES, 0)


# --- the disposition tree ---------------------------------------------------------------------------------------


def test_the_disposition_tree_with_status_and_overdue_flags(w):
    letter = sent(w, subject="Permintaan data", received=at(TODAY - timedelta(days=6)))
    to_head = letter.inbox_items.get(kind="to")
    [chief_item], [staff_item, _] = disposition_chain(
        to_head, [emp(w.chief)], [emp(w.staff), emp(w.colleague)], due_date=TODAY - timedelta(days=1)
    )
    InboxItem.objects.filter(pk=staff_item.pk).update(follow_up_status="done", read_at=at(TODAY))
    InboxItem.objects.filter(pk=chief_item.pk).update(instructions=["tindak_lanjuti", "koordinasikan"], note="Segera")

    tree = selectors.disposition_tree(user=w.head, letter=letter, today=TODAY)

    assert [node.recipient_name for node in tree] == [emp(w.chief).full_name]
    root = tree[0]
    assert (root.sender_id, root.recipient_id, root.agency_name) == (emp(w.head).pk, emp(w.chief).pk, w.kominfo.name)
    assert root.instructions == ("Tindak lanjuti", "Koordinasikan") and root.note == "Segera"
    assert (root.follow_up_status, root.follow_up_label, root.overdue) == ("forwarded", "Didisposisikan", True)
    assert [(c.recipient_id, c.follow_up_status, c.is_read, c.overdue) for c in root.children] == [
        (emp(w.staff).pk, "done", True, False),
        (emp(w.colleague).pk, "pending", False, True),
    ]
    assert root.children[0].sender_id == emp(w.chief).pk and root.due_date == TODAY - timedelta(days=1)


def test_the_tree_is_shown_to_whoever_reads_the_letter_in_constant_queries(w):
    letter = sent(w)
    to_head = letter.inbox_items.get(kind="to")
    disposition_chain(to_head, [emp(w.chief), emp(w.staff)], [emp(w.colleague)])
    w.sekda.get_actor()

    with CaptureQueriesContext(connection) as queries:
        tree = selectors.disposition_tree(user=w.sekda, letter=letter, today=TODAY)

    assert len(queries) == 2
    assert [len(node.children) for node in tree] == [1, 0]
    with pytest.raises(NotFound):
        selectors.disposition_tree(user=user_with_role(Role.EMPLOYEE, agency=w.kominfo), letter=letter)


def test_the_tree_of_a_secret_letter_is_hidden_from_leadership(w):
    secret = sent(w, security_level="rahasia")
    dispose(secret.inbox_items.get(kind="to"), emp(w.chief))

    with pytest.raises(NotFound):
        selectors.disposition_tree(user=w.sekda, letter=secret, today=TODAY)
    assert len(selectors.disposition_tree(user=w.chief, letter=secret, today=TODAY)) == 1


# --- the follow-up report -----------------------------------------------------------------------------------------


@pytest.fixture
def pending(w):
    """Items waiting for follow-up at Diskominfo (head, chief) and Dinkes (its head), of several ages."""
    made = {}
    for age, urgency, person, due in [
        (0, "biasa", w.head, None),
        (3, "segera", w.head, TODAY),
        (4, "biasa", w.chief, TODAY - timedelta(days=1)),
        (7, "sangat_segera", w.chief, None),
        (8, "biasa", w.chief, None),
        (14, "biasa", w.head, TODAY - timedelta(days=10)),
        (15, "segera", w.head, None),
        (30, "biasa", w.chief, None),
        (31, "biasa", w.head, None),
        (200, "biasa", w.head_dinkes, None),
    ]:
        letter = LetterFactory(agency=w.dinkes, subject=f"Umur {age}", urgency=urgency)
        made[age] = deliver(letter, emp(person), received_at=at(TODAY - timedelta(days=age), 23, 59), due_date=due)
    # not in the report: followed up, informative tembusan, no follow-up needed
    done = deliver(LetterFactory(agency=w.dinkes), emp(w.head), received_at=at(TODAY - timedelta(days=40)))
    InboxItem.objects.filter(pk=done.pk).update(follow_up_status="done")
    deliver(LetterFactory(agency=w.dinkes), emp(w.head), kind="cc", received_at=at(TODAY))
    deliver(LetterFactory(agency=w.dinkes), emp(w.head), follow_up_status="none", received_at=at(TODAY))
    return made


def test_the_report_per_agency_by_age_urgency_and_overdue(w, pending):
    report = selectors.follow_up_report(user=w.sekda, agency_id=None, today=TODAY)

    assert report.buckets == ("0-3 hari", "4-7 hari", "8-14 hari", "15-30 hari", "> 30 hari")
    assert report.urgencies == ("biasa", "segera", "sangat_segera")
    assert [(row.id, row.name, row.total, row.by_age, row.by_urgency, row.overdue) for row in report.agencies] == [
        (w.dinkes.pk, "Dinas Kesehatan", 1, (0, 0, 0, 0, 1), (1, 0, 0), 0),
        (w.kominfo.pk, "Dinas Komunikasi dan Informatika", 9, (2, 2, 2, 2, 1), (6, 2, 1), 2),
    ]
    assert (report.total.total, report.total.by_age, report.total.overdue) == (10, (2, 2, 2, 2, 2), 2)
    assert report.people == ()


def test_the_report_of_one_agency_per_person_in_a_few_queries(w, pending):
    w.admin_kominfo.get_actor()

    with CaptureQueriesContext(connection) as queries:
        report = selectors.follow_up_report(user=w.admin_kominfo, agency_id=w.kominfo.pk, today=TODAY)

    assert len(queries) == 3  # the time zone, per agency, per person
    assert [(row.id, row.total, row.by_age, row.overdue) for row in report.people] == sorted(
        [(emp(w.head).pk, 5, (2, 0, 1, 1, 1), 1), (emp(w.chief).pk, 4, (0, 2, 1, 1, 0), 1)],
        key=lambda row: Employee.objects.get(pk=row[0]).name,
    )
    assert [row.id for row in report.agencies] == [w.kominfo.pk]


def test_an_agency_sees_only_its_own_report(w, pending):
    mine = selectors.follow_up_report(user=w.admin_kominfo, agency_id=None, today=TODAY)

    assert [row.id for row in mine.agencies] == [w.kominfo.pk]
    with pytest.raises(NotFound):
        selectors.follow_up_report(user=w.admin_kominfo, agency_id=w.dinkes.pk, today=TODAY)
    assert selectors.follow_up_report(user=w.colleague, agency_id=None, today=TODAY).agencies == ()
    assert selectors.follow_up_report(user=w.auditor, agency_id=None, today=TODAY).total.total == 10


def test_the_drill_down_filters_and_masks_secret_subjects(w, pending):
    secret = sent(w, subject="Hasil audit khusus", security_level="rahasia", received=at(TODAY))
    InboxItem.objects.filter(letter=secret, kind="to").update(due_date=TODAY - timedelta(days=1))

    def cell(user: User = w.sekda, **filters) -> list[tuple[str, bool]]:
        items = selectors.follow_up_items(user=user, agency_id=w.kominfo.pk, today=TODAY, **filters)
        return [(item.subject_shown, item.readable) for item in items]

    assert cell(bucket="4-7 hari") == [("Umur 7", True), ("Umur 4", True)]
    assert cell(urgency="sangat_segera") == [("Umur 7", True)]
    assert cell(employee_id=emp(w.chief).pk, bucket="15-30 hari") == [("Umur 30", True)]
    assert cell(overdue=True) == [("Umur 14", True), ("Umur 4", True), ("(naskah rahasia)", False)]
    assert cell(user=w.head, overdue=True)[-1] == ("Hasil audit khusus", True)
    with pytest.raises(ValidationFailed):
        cell(bucket="kemarin")


def test_the_drill_down_page_takes_one_query(w, pending):
    w.sekda.get_actor()

    with CaptureQueriesContext(connection) as queries:
        rows = [
            (item.subject_shown, item.letter_number, item.employee.full_name, item.agency.name)
            for item in selectors.follow_up_items(user=w.sekda, agency_id=w.kominfo.pk, today=TODAY)
        ]

    assert len(rows) == 9
    assert len(queries) == 2  # the time zone, the items


def test_factories_default_to_a_delivered_open_letter():
    item = InboxItemFactory()

    assert (item.kind, item.follow_up_status, item.letter.status, item.letter.security_level) == (
        "to",
        "pending",
        "sent",
        "biasa",
    )
    assert item.agency_id == item.employee.agency_id and item.letter.number


def test_a_search_result_is_counted_up_to_a_cap(w):
    for n in range(4):
        sent(w, subject=f"Rapat evaluasi {n}")

    found = selectors.letter_search(user=w.head, q="evaluasi")

    assert selectors.count_capped(found, cap=3) == (3, True)
    assert selectors.count_capped(found, cap=4) == (4, False)
    assert selectors.count_capped(found) == (4, False)
