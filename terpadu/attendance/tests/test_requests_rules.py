"""Pure rules of requests and shifts, at every boundary."""

from datetime import date, time

import pytest

from terpadu.attendance import request_rules as r
from terpadu.attendance.request_rules import Action, Status
from terpadu.attendance.rules import LeaveType

TODAY = date(2026, 7, 15)


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("action", list(Action))
def test_excuse_transitions_are_exactly_the_table(status, action):
    allowed = {
        (Status.PENDING, Action.APPROVE): Status.APPROVED,
        (Status.PENDING, Action.REJECT): Status.REJECTED,
        (Status.PENDING, Action.CANCEL): Status.CANCELLED,
        (Status.APPROVED, Action.CANCEL): Status.CANCELLED,
    }
    assert r.next_status(r.EXCUSE_TRANSITIONS, status.value, action) == allowed.get((status, action))


def test_an_approved_correction_cannot_be_cancelled():
    assert r.next_status(r.CORRECTION_TRANSITIONS, "approved", Action.CANCEL) is None
    assert r.next_status(r.CORRECTION_TRANSITIONS, "pending", Action.CANCEL) is Status.CANCELLED
    assert len(r.CORRECTION_TRANSITIONS) == 3


def test_refusal_wording():
    assert r.transition_refusal("rejected", Action.APPROVE) == "Pengajuan yang berstatus ditolak tidak dapat disetujui."
    assert (
        r.transition_refusal("cancelled", Action.REJECT) == "Pengajuan yang berstatus dibatalkan tidak dapat ditolak."
    )


def test_range_boundaries():
    assert r.range_problems(date(2026, 6, 15), date(2026, 6, 15), TODAY) == {}  # exactly 30 days back
    assert r.range_problems(date(2026, 6, 14), date(2026, 6, 15), TODAY) == {
        "start_date": ["Tanggal mulai paling lama 30 hari yang lalu."]
    }
    assert r.range_problems(date(2026, 7, 16), date(2026, 7, 15), TODAY) == {
        "end_date": ["Tanggal selesai tidak boleh sebelum tanggal mulai."]
    }
    assert r.range_problems(date(2026, 8, 1), date(2027, 8, 1), TODAY) == {}  # 366 days inclusive
    assert r.range_problems(date(2026, 8, 1), date(2027, 8, 2), TODAY) == {
        "end_date": ["Satu pengajuan paling lama satu tahun; ajukan sisanya terpisah."]
    }


def test_add_months_keeps_the_day_or_the_month_end():
    assert r.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert r.add_months(date(2026, 11, 15), 3) == date(2027, 2, 15)
    assert r.add_months(date(2026, 7, 15), 12) == date(2027, 7, 15)


def test_month_counted_leave_per_request():
    assert r.leave_length_problem(LeaveType.MATERNITY, 3, date(2026, 8, 1), date(2026, 10, 31)) is None
    assert r.leave_length_problem(LeaveType.MATERNITY, 3, date(2026, 8, 1), date(2026, 11, 1)) == (
        "Cuti melahirkan paling lama 3 bulan per pengajuan."
    )
    assert r.leave_length_problem(LeaveType.IMPORTANT_REASON, 1, date(2026, 8, 1), date(2026, 8, 31)) is None
    assert r.leave_length_problem(LeaveType.IMPORTANT_REASON, 1, date(2026, 8, 1), date(2026, 9, 1)) == (
        "Cuti karena alasan penting paling lama 1 bulan per pengajuan."
    )
    assert r.leave_length_problem(LeaveType.UNPAID, 1, date(2026, 8, 1), date(2027, 8, 1)) == (
        "Cuti di luar tanggungan negara (CLTN) paling lama 1 tahun per pengajuan."
    )
    assert r.leave_length_problem(LeaveType.ANNUAL, 12, date(2026, 8, 1), date(2027, 8, 1)) is None


def test_annual_leave_within_one_year_and_the_balance():
    assert r.annual_leave_problem(date(2026, 8, 3), date(2026, 8, 6), 4, 4) is None
    assert r.annual_leave_problem(date(2026, 8, 3), date(2026, 8, 7), 5, 4) == (
        "Sisa cuti tahunan 2026 tinggal 4 hari kerja; yang diajukan 5 hari kerja."
    )
    assert r.annual_leave_problem(date(2026, 12, 30), date(2027, 1, 4), 3, 10) == (
        "Cuti tahunan tidak boleh melewati pergantian tahun; ajukan terpisah per tahun."
    )


def test_correction_dates():
    assert r.correction_date_problem(TODAY, TODAY) is None
    assert r.correction_date_problem(date(2026, 6, 15), TODAY) is None
    assert r.correction_date_problem(date(2026, 6, 14), TODAY) == "Koreksi paling lama 30 hari ke belakang."
    assert r.correction_date_problem(date(2026, 7, 16), TODAY) == "Tanggal koreksi tidak boleh di masa depan."


def test_shift_spans_and_night_shifts():
    assert r.shift_span_minutes(time(7, 0), time(15, 0)) == 480
    assert r.shift_span_minutes(time(21, 0), time(7, 0)) == 600
    assert r.shift_span_minutes(time(8, 0), time(8, 0)) == 1440
    assert r.shift_work_minutes(time(21, 0), time(7, 0), 60) == 540


def test_shift_problems():
    assert r.shift_problems("M", "Malam", time(21, 0), time(7, 0), 599) == {}
    assert r.shift_problems("M", "Malam", time(21, 0), time(7, 0), 600) == {
        "break_minutes": ["Istirahat harus lebih singkat dari lama sif."]
    }
    assert r.shift_problems(" ", "", time(7, 0), time(15, 0), -1) == {
        "code": ["Kode sif wajib diisi."],
        "name": ["Nama sif wajib diisi."],
        "break_minutes": ["Istirahat tidak boleh negatif."],
    }


def test_weekdays():
    assert r.weekday_problems([]) == "Pilih paling sedikit satu hari."
    assert r.weekday_problems([0, 7]) == "Hari harus 0 (Senin) sampai 6 (Minggu)."
    assert r.weekday_problems([0, 6]) is None
    assert r.weekdays_label([4, 0]) == "Senin, Jumat"
    assert r.weekdays_label(list(range(7))) == "Setiap hari"
