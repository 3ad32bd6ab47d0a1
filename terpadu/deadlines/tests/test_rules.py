"""The deadline rules at every boundary: derived status, lateness, transitions, reminders, values."""

from datetime import UTC, datetime, timedelta

import pytest

from terpadu.core.errors import Conflict
from terpadu.deadlines import rules
from terpadu.deadlines.rules import (
    ItemSpec,
    ObligationAction,
    ObligationStatus,
    Outcome,
    ResponseAction,
    ResponseState,
    Status,
)

DUE = datetime(2026, 5, 10, 8, 0, tzinfo=UTC)  # 10 May 2026 16.00 WITA
MINUTE = timedelta(minutes=1)


def status(state, submitted_at=None, now=DUE - timedelta(days=1)):
    return rules.derived_status(state=state, submitted_at=submitted_at, due_at=DUE, now=now)


# --- derived status ---------------------------------------------------------------------------------


def test_not_started_until_the_due_time_inclusive_then_overdue_one_minute_after():
    assert status(None, now=DUE - MINUTE) is Status.NOT_STARTED
    assert status(None, now=DUE) is Status.NOT_STARTED
    assert status(None, now=DUE + MINUTE) is Status.OVERDUE


def test_a_draft_is_in_progress_until_the_due_time_then_overdue():
    assert status("draft", now=DUE) is Status.IN_PROGRESS
    assert status("draft", now=DUE + MINUTE) is Status.OVERDUE


def test_submitted_one_minute_before_due_is_on_time_and_one_minute_after_is_late():
    assert status("submitted", submitted_at=DUE - MINUTE, now=DUE + timedelta(days=2)) is Status.SUBMITTED
    assert status("submitted", submitted_at=DUE, now=DUE + timedelta(days=2)) is Status.SUBMITTED
    assert status("submitted", submitted_at=DUE + MINUTE, now=DUE + MINUTE) is Status.SUBMITTED_LATE


def test_returned_stays_returned_and_a_late_resubmission_is_submitted_late():
    assert status("returned", submitted_at=DUE - timedelta(days=1), now=DUE - MINUTE) is Status.RETURNED
    assert status("returned", submitted_at=DUE - timedelta(days=1), now=DUE + timedelta(days=1)) is Status.RETURNED
    resubmitted = DUE + timedelta(hours=2)
    assert status("submitted", submitted_at=resubmitted, now=resubmitted) is Status.SUBMITTED_LATE


def test_accepted_is_accepted_whenever_it_was_submitted():
    assert status("accepted", submitted_at=DUE + timedelta(days=3)) is Status.ACCEPTED
    assert status("accepted", submitted_at=DUE - MINUTE) is Status.ACCEPTED


def test_status_labels_in_bahasa_indonesia():
    assert [s.label for s in Status] == [
        "Belum mulai",
        "Sedang diisi",
        "Terkirim",
        "Terkirim terlambat",
        "Dikembalikan",
        "Diterima",
        "Lewat tenggat",
    ]


# --- lateness and outcome ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("submitted_at", "minutes"),
    [
        (DUE - MINUTE, 0),
        (DUE, 0),
        (DUE + timedelta(seconds=1), 1),
        (DUE + MINUTE, 1),
        (DUE + timedelta(minutes=1, seconds=1), 2),
        (DUE + timedelta(days=2, hours=3), 3060),
    ],
)
def test_late_by_minutes_rounds_up_to_whole_minutes(submitted_at, minutes):
    assert rules.late_by_minutes(submitted_at, DUE) == minutes


def test_lateness_counts_to_the_submission_when_handed_in_and_to_now_otherwise():
    now = DUE + timedelta(hours=5)
    assert rules.lateness_minutes(state="submitted", submitted_at=DUE + MINUTE, due_at=DUE, now=now) == 1
    assert rules.lateness_minutes(state="accepted", submitted_at=DUE - MINUTE, due_at=DUE, now=now) == 0
    assert rules.lateness_minutes(state="returned", submitted_at=DUE - MINUTE, due_at=DUE, now=now) == 300
    assert rules.lateness_minutes(state=None, submitted_at=None, due_at=DUE, now=now) == 300
    assert rules.lateness_minutes(state=None, submitted_at=None, due_at=DUE, now=DUE - MINUTE) == 0


def test_outcome_for_the_history_across_requests():
    after = DUE + timedelta(days=1)
    assert rules.outcome(state="accepted", submitted_at=DUE, due_at=DUE, now=after) is Outcome.ON_TIME
    assert rules.outcome(state="submitted", submitted_at=DUE + MINUTE, due_at=DUE, now=after) is Outcome.LATE
    assert rules.outcome(state="returned", submitted_at=DUE - MINUTE, due_at=DUE, now=after) is Outcome.OVERDUE
    assert rules.outcome(state=None, submitted_at=None, due_at=DUE, now=after) is Outcome.OVERDUE
    assert rules.outcome(state="draft", submitted_at=None, due_at=DUE, now=DUE) is Outcome.PENDING


def test_non_compliant_only_after_the_due_time():
    assert rules.is_non_compliant(Status.OVERDUE, now=DUE + MINUTE, due_at=DUE)
    assert rules.is_non_compliant(Status.SUBMITTED_LATE, now=DUE + MINUTE, due_at=DUE)
    assert rules.is_non_compliant(Status.RETURNED, now=DUE + MINUTE, due_at=DUE)
    assert not rules.is_non_compliant(Status.RETURNED, now=DUE, due_at=DUE)
    assert not rules.is_non_compliant(Status.SUBMITTED, now=DUE + MINUTE, due_at=DUE)
    assert not rules.is_non_compliant(Status.ACCEPTED, now=DUE + MINUTE, due_at=DUE)


@pytest.mark.parametrize(
    ("minutes", "text"),
    [
        (0, "—"),
        (1, "1 menit"),
        (59, "59 menit"),
        (60, "1 jam"),
        (61, "1 jam 1 menit"),
        (1440, "1 hari"),
        (3060, "2 hari 3 jam"),
    ],
)
def test_format_minutes(minutes, text):
    assert rules.format_minutes(minutes) == text


# --- transitions ------------------------------------------------------------------------------------


def test_every_allowed_response_transition():
    assert rules.response_next(None, ResponseAction.SAVE) is ResponseState.DRAFT
    assert rules.response_next("draft", ResponseAction.SAVE) is ResponseState.DRAFT
    assert rules.response_next("returned", ResponseAction.SAVE) is ResponseState.RETURNED
    assert rules.response_next(None, ResponseAction.SUBMIT) is ResponseState.SUBMITTED
    assert rules.response_next("draft", ResponseAction.SUBMIT) is ResponseState.SUBMITTED
    assert rules.response_next("returned", ResponseAction.SUBMIT) is ResponseState.SUBMITTED
    assert rules.response_next("submitted", ResponseAction.RETURN) is ResponseState.RETURNED
    assert rules.response_next("submitted", ResponseAction.ACCEPT) is ResponseState.ACCEPTED


@pytest.mark.parametrize(
    ("state", "action", "message"),
    [
        ("submitted", ResponseAction.SAVE, "Jawaban yang sudah dikirim atau diterima tidak dapat diubah."),
        ("accepted", ResponseAction.SAVE, "Jawaban yang sudah dikirim atau diterima tidak dapat diubah."),
        ("submitted", ResponseAction.SUBMIT, "Jawaban ini sudah dikirim atau sudah diterima."),
        ("accepted", ResponseAction.SUBMIT, "Jawaban ini sudah dikirim atau sudah diterima."),
        (None, ResponseAction.RETURN, "Hanya jawaban yang sudah dikirim yang dapat dikembalikan."),
        ("draft", ResponseAction.RETURN, "Hanya jawaban yang sudah dikirim yang dapat dikembalikan."),
        ("returned", ResponseAction.RETURN, "Hanya jawaban yang sudah dikirim yang dapat dikembalikan."),
        ("accepted", ResponseAction.RETURN, "Hanya jawaban yang sudah dikirim yang dapat dikembalikan."),
        (None, ResponseAction.ACCEPT, "Hanya jawaban yang sudah dikirim yang dapat diterima."),
        ("draft", ResponseAction.ACCEPT, "Hanya jawaban yang sudah dikirim yang dapat diterima."),
        ("returned", ResponseAction.ACCEPT, "Hanya jawaban yang sudah dikirim yang dapat diterima."),
        ("accepted", ResponseAction.ACCEPT, "Hanya jawaban yang sudah dikirim yang dapat diterima."),
    ],
)
def test_illegal_response_transitions_raise_conflict(state, action, message):
    with pytest.raises(Conflict) as refused:
        rules.response_next(state, action)
    assert (refused.value.code, refused.value.message) == ("illegal_transition", message)


def test_request_transitions():
    assert rules.obligation_next("draft", ObligationAction.EDIT) is ObligationStatus.DRAFT
    assert rules.obligation_next("draft", ObligationAction.PUBLISH) is ObligationStatus.OPEN
    assert rules.obligation_next("open", ObligationAction.CLOSE) is ObligationStatus.CLOSED
    for status_, action in [
        ("open", ObligationAction.EDIT),
        ("open", ObligationAction.PUBLISH),
        ("closed", ObligationAction.PUBLISH),
        ("closed", ObligationAction.EDIT),
        ("draft", ObligationAction.CLOSE),
        ("closed", ObligationAction.CLOSE),
    ]:
        with pytest.raises(Conflict):
            rules.obligation_next(status_, action)


# --- reminders in the government's local dates ------------------------------------------------------


def test_reminders_fall_at_0800_wita_on_local_dates_h3_h1_h0():
    # due 10 May 2026 17.00 UTC = 11 May 01.00 WITA: the local due date is 11 May, not 10 May
    due = datetime(2026, 5, 10, 17, 0, tzinfo=UTC)
    schedule = rules.reminder_schedule(due_at=due, tz="Asia/Makassar")
    assert [(r.label, r.at.astimezone(UTC)) for r in schedule] == [
        ("H-3", datetime(2026, 5, 8, 0, 0, tzinfo=UTC)),
        ("H-1", datetime(2026, 5, 10, 0, 0, tzinfo=UTC)),
    ]  # H-0 would be 11 May 08.00 WITA, after the due time: dropped


def test_reminder_on_the_day_when_the_due_time_is_later_that_day():
    due = datetime(2026, 5, 11, 8, 0, tzinfo=UTC)  # 11 May 16.00 WITA
    schedule = rules.reminder_schedule(due_at=due, tz="Asia/Makassar")
    assert [(r.label, r.at.astimezone(UTC)) for r in schedule] == [
        ("H-3", datetime(2026, 5, 8, 0, 0, tzinfo=UTC)),
        ("H-1", datetime(2026, 5, 10, 0, 0, tzinfo=UTC)),
        ("H-0", datetime(2026, 5, 11, 0, 0, tzinfo=UTC)),
    ]
    wib = rules.reminder_schedule(due_at=due, tz="Asia/Jakarta")
    assert wib[-1].at.astimezone(UTC) == datetime(2026, 5, 11, 1, 0, tzinfo=UTC)


def test_which_reminder_is_due_at_now():
    due = datetime(2026, 5, 11, 8, 0, tzinfo=UTC)
    opened = datetime(2026, 5, 4, 0, 0, tzinfo=UTC)
    schedule = rules.reminder_schedule(due_at=due, tz="Asia/Makassar")

    def due_at(now):
        found = rules.reminder_due(schedule=schedule, now=now, opened_at=opened, due_at=due)
        return found.label if found else None

    h3 = datetime(2026, 5, 8, 0, 0, tzinfo=UTC)
    assert due_at(h3 - MINUTE) is None
    assert due_at(h3) == "H-3"
    assert due_at(datetime(2026, 5, 9, 23, 59, tzinfo=UTC)) == "H-3"
    assert due_at(datetime(2026, 5, 10, 0, 0, tzinfo=UTC)) == "H-1"
    assert due_at(datetime(2026, 5, 11, 0, 0, tzinfo=UTC)) == "H-0"
    assert due_at(due) == "H-0"
    assert due_at(due + MINUTE) is None


def test_a_reminder_that_fell_before_the_request_opened_is_not_sent():
    due = datetime(2026, 5, 11, 8, 0, tzinfo=UTC)
    schedule = rules.reminder_schedule(due_at=due, tz="Asia/Makassar")
    opened = datetime(2026, 5, 9, 2, 0, tzinfo=UTC)  # after H-3 fell due
    found = rules.reminder_due(
        schedule=schedule, now=datetime(2026, 5, 9, 3, 0, tzinfo=UTC), opened_at=opened, due_at=due
    )
    assert found is None


def test_parse_reminder_days():
    assert rules.parse_reminder_days("3, 1, 0") == ((3, 1, 0), None)
    assert rules.parse_reminder_days("H-1;H-7") == ((7, 1), None)
    assert rules.parse_reminder_days("") == ((3, 1, 0), None)
    assert rules.parse_reminder_days("satu") == (
        (),
        "Isi jumlah hari sebelum tenggat, 0–30, dipisah koma (mis. 3, 1, 0).",
    )
    assert rules.parse_reminder_days("31")[1] is not None


# --- items and values -------------------------------------------------------------------------------


def test_missing_required_items_in_order():
    items = [ItemSpec(1, "Program kerja", True), ItemSpec(2, "Catatan", False), ItemSpec(3, "Kebutuhan anggaran", True)]
    assert [i.label for i in rules.missing_items(items, filled={2})] == ["Program kerja", "Kebutuhan anggaran"]
    assert rules.missing_items(items, filled={1, 3}) == []
    assert rules.missing_message(["Program kerja", "Kebutuhan anggaran"]) == (
        "Belum dapat dikirim. Butir wajib yang belum diisi: Program kerja; Kebutuhan anggaran."
    )


@pytest.mark.parametrize(
    ("kind", "raw", "choices", "expected"),
    [
        ("text", "  Ada  ", (), ("Ada", None)),
        ("text", "", (), ("", None)),
        ("text", "x" * 501, (), ("x" * 501, "Paling banyak 500 karakter.")),
        ("number", "1500000", (), ("1500000", None)),
        ("number", "1.250.000,50", (), ("1250000.5", None)),
        ("number", "12.5", (), ("12.5", None)),
        ("number", "1.500.000", (), ("1500000", None)),
        ("number", "1,5", (), ("1.5", None)),
        ("number", "dua", (), ("dua", "Harus berupa angka.")),
        ("number", "NaN", (), ("NaN", "Harus berupa angka.")),
        ("date", "2026-05-03", (), ("2026-05-03", None)),
        ("date", "3/5/2026", (), ("3/5/2026", "Tanggal tidak valid (format TTTT-BB-HH).")),
        ("choice", "Ya", ("Ya", "Tidak"), ("Ya", None)),
        ("choice", "Mungkin", ("Ya", "Tidak"), ("Mungkin", "Pilih salah satu pilihan yang tersedia.")),
        ("long_text", "baris 1\nbaris 2", (), ("baris 1\nbaris 2", None)),
    ],
)
def test_clean_value(kind, raw, choices, expected):
    assert rules.clean_value(kind, raw, choices) == expected


def test_file_types_by_name_and_by_stored_type():
    assert rules.file_type_allowed(name="renja.PDF", content_type="", allowed=["pdf"])
    assert not rules.file_type_allowed(name="renja.xlsx", content_type="", allowed=["pdf"])
    assert rules.file_type_allowed(name="foto.jpg", content_type="image/jpeg", allowed=[])
    assert not rules.file_type_allowed(name="foto.pdf", content_type="image/png", allowed=["pdf"])
    assert rules.allowed_types_label(["pdf", "xlsx"]) == "PDF, Excel (XLSX)"
    assert rules.allowed_types_label([]) == "PDF, Excel (XLSX), Word (DOCX), Gambar (JPG/PNG)"
