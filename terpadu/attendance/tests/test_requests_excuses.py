"""Excuses: validation (exact Indonesian messages), leave quotas and the cuti tahunan balance (cuti bersama
deducted, carry-over), the transitions table, who may decide, notifications once, audit and recompute."""

from datetime import date, time
from types import SimpleNamespace

import pytest
from django.utils import timezone

from terpadu.attendance import days, excuses, leave_balance, shifts
from terpadu.attendance.models import AttendanceDay, AttendanceEvent, Excuse, LeaveQuotaVersion
from terpadu.calendar.models import CalendarOverride
from terpadu.core.errors import AccessDenied, Conflict, ValidationFailed
from terpadu.core.models import AuditEvent
from terpadu.directory.models import Employee
from terpadu.notifications.models import Notification

from .requests_org import TODAY, build_org, fixed_today  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return build_org()


def ask(user, kind="annual", start=date(2026, 8, 17), end=date(2026, 8, 21), **kwargs):
    return excuses.excuse_request(
        user=user, kind=kind, start_date=start, end_date=end, reason=kwargs.pop("reason", "Urusan keluarga"), **kwargs
    )


def balance_of(user, year=2026):
    return leave_balance.leave_balance(
        employee_id=user.employee_id, government_id=user.government_id, year=year, today=TODAY
    )


def message_of(excinfo):
    return excinfo.value.message, excinfo.value.fields


# ── request ────────────────────────────────────────────────────────────────────────────────────────


def test_a_request_counts_working_days_and_goes_to_the_direct_superior(org, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        excuse = ask(org.staff)  # 17 Aug 2026 is a national holiday
    assert (excuse.status, excuse.working_days, excuse.approver_id) == ("pending", 4, org.chief.employee_id)
    assert (excuse.agency_id, excuse.created_by_id) == (org.agency.pk, org.staff.pk)
    note = Notification.objects.get(user=org.chief)
    assert note.kind == "attendance.request_to_decide"
    assert note.title == "Pengajuan cuti tahunan menunggu persetujuan"
    assert note.body == "Analis: 17 Agustus 2026 s.d. 21 Agustus 2026 (4 hari kerja). Alasan: Urusan keluarga"
    assert note.url == "/absensi/persetujuan/"
    assert Notification.objects.count() == 1
    assert AuditEvent.objects.filter(action="attendance.excuse.request", object_id=str(excuse.pk)).count() == 1


@pytest.mark.parametrize(
    ("kwargs", "message", "fields"),
    [
        ({"kind": "holiday"}, "Jenis izin tidak dikenal.", {"kind": ["Jenis izin tidak dikenal."]}),
        ({"reason": "  "}, "Alasan wajib diisi.", {"reason": ["Alasan wajib diisi."]}),
        (
            {"start": date(2026, 8, 21), "end": date(2026, 8, 20)},
            "Tanggal selesai tidak boleh sebelum tanggal mulai.",
            {"end_date": ["Tanggal selesai tidak boleh sebelum tanggal mulai."]},
        ),
        (
            {"kind": "wfh", "start": date(2026, 6, 14), "end": date(2026, 6, 16)},
            "Tanggal mulai paling lama 30 hari yang lalu.",
            {"start_date": ["Tanggal mulai paling lama 30 hari yang lalu."]},
        ),
        (
            {"kind": "duty", "start": date(2026, 8, 3), "end": date(2026, 8, 4)},
            "Tempat wajib diisi untuk dinas luar dan WFA.",
            {"place": ["Tempat wajib diisi untuk dinas luar dan WFA."]},
        ),
        (
            {"kind": "wfh", "start": date(2026, 7, 18), "end": date(2026, 7, 19)},
            "Rentang tanggal itu tidak memuat hari kerja.",
            {"end_date": ["Rentang tanggal itu tidak memuat hari kerja."]},
        ),
        (
            {"start": date(2026, 8, 3), "end": date(2026, 8, 7)},
            "Sisa cuti tahunan 2026 tinggal 4 hari kerja; yang diajukan 5 hari kerja.",
            {"end_date": ["Sisa cuti tahunan 2026 tinggal 4 hari kerja; yang diajukan 5 hari kerja."]},
        ),
        (
            {"kind": "maternity", "start": date(2026, 8, 3), "end": date(2026, 11, 3)},
            "Cuti melahirkan paling lama 3 bulan per pengajuan.",
            {"end_date": ["Cuti melahirkan paling lama 3 bulan per pengajuan."]},
        ),
        (
            {"kind": "wfh", "letter_number": "800.1.11.1/1/DINKES/2026"},
            "Surat tugas hanya untuk dinas luar atau diklat.",
            {"letter_number": ["Surat tugas hanya untuk dinas luar atau diklat."]},
        ),
        (
            {"kind": "duty", "place": "Kupang", "letter_number": "800.1.11.1/9/DINKES/2026"},
            "Surat tugas dengan nomor itu tidak ditemukan atau belum ditandatangani.",
            {"letter_number": ["Surat tugas dengan nomor itu tidak ditemukan atau belum ditandatangani."]},
        ),
    ],
)
def test_invalid_requests_are_refused_with_the_reason(org, kwargs, message, fields):
    with pytest.raises(ValidationFailed) as excinfo:
        ask(org.staff, **kwargs)
    assert message_of(excinfo) == (message, fields)
    assert Excuse.objects.count() == 0


def test_overlapping_requests_are_refused(org):
    ask(org.staff)
    with pytest.raises(Conflict) as excinfo:
        ask(org.staff, kind="wfh", start=date(2026, 8, 21), end=date(2026, 8, 24))
    assert excinfo.value.message == (
        "Tanggal itu bertumpang tindih dengan Cuti tahunan 17 Agustus 2026 s.d. 21 Agustus 2026 "
        "yang menunggu atau disetujui."
    )
    # a rejected one no longer blocks the dates; someone else's never did
    excuses.excuse_reject(user=org.chief, excuse=Excuse.objects.get(), note="Sedang ada akreditasi")
    assert ask(org.staff, kind="wfh", start=date(2026, 8, 21), end=date(2026, 8, 24)).working_days == 2
    assert ask(org.peer, kind="wfh", start=date(2026, 8, 21), end=date(2026, 8, 21)).working_days == 1


def test_leave_eligibility_by_employee_kind(org):
    Employee.objects.filter(pk=org.staff.employee_id).update(kind="pppk", nip=None, pppk_number="199001012023211001")
    org.staff.employee.refresh_from_db()
    with pytest.raises(ValidationFailed) as excinfo:
        ask(org.staff, kind="long_service", start=date(2026, 8, 3), end=date(2026, 8, 7))
    assert message_of(excinfo) == (
        "Cuti besar tidak berlaku bagi PPPK.",
        {"kind": ["Cuti besar tidak berlaku bagi PPPK."]},
    )
    assert ask(org.staff, kind="sick", start=date(2026, 8, 3), end=date(2026, 8, 7)).working_days == 5


def test_a_signed_assignment_letter_is_linked_by_its_number(org, monkeypatch):
    asked = []

    def reference(*, government_id, number):
        asked.append((government_id, number))
        return SimpleNamespace(
            id=41, number="800.1.11.1/7/DINKES/2026", subject="Surat tugas", signed_on=date(2026, 7, 14)
        )

    monkeypatch.setattr(excuses, "letter_reference", reference)
    excuse = ask(org.staff, kind="duty", place="Puskesmas Oesao", letter_number=" 800.1.11.1/7/DINKES/2026 ")
    assert asked == [(org.government.pk, " 800.1.11.1/7/DINKES/2026 ")]
    assert (excuse.letter_id, excuse.letter_number, excuse.place) == (41, "800.1.11.1/7/DINKES/2026", "Puskesmas Oesao")


def test_an_agency_admin_files_for_an_employee_of_their_agency_only(org):
    excuse = ask(org.admin, kind="sick", start=date(2026, 7, 13), end=date(2026, 7, 14), employee=org.staff.employee)
    assert (excuse.employee_id, excuse.created_by_id, excuse.approver_id) == (
        org.staff.employee_id,
        org.admin.pk,
        org.chief.employee_id,
    )
    for user in (org.other_admin, org.peer, org.auditor):
        with pytest.raises(AccessDenied):
            ask(user, kind="wfh", start=date(2026, 7, 16), end=date(2026, 7, 16), employee=org.staff.employee)
    assert Excuse.objects.count() == 1


# ── the cuti tahunan balance ───────────────────────────────────────────────────────────────────────


def test_cuti_bersama_is_deducted_from_the_annual_balance(org):
    balance = balance_of(org.staff)
    assert (balance.annual.quota, balance.annual.joint_leave_days, balance.annual.remaining) == (12, 8, 4)
    assert (
        balance.annual.why == "12 hari kuota + 0 hari sisa tahun lalu − 8 hari cuti bersama − 0 hari diambil = 4 hari"
    )
    CalendarOverride.objects.create(
        government=org.government, date=date(2026, 7, 20), kind="joint_leave", name="Cuti bersama tambahan"
    )
    assert balance_of(org.staff).annual.remaining == 3
    # the extra cuti bersama is not a working day of a leave over it
    assert ask(org.staff, start=date(2026, 7, 20), end=date(2026, 7, 22)).working_days == 2


def test_pending_leave_is_reserved_and_approved_leave_is_taken(org):
    excuse = ask(org.staff, start=date(2026, 8, 18), end=date(2026, 8, 19))
    balance = balance_of(org.staff)
    assert (balance.annual.taken_days, balance.pending_days, balance.annual.remaining, balance.available) == (
        0,
        2,
        4,
        2,
    )
    excuses.excuse_approve(user=org.chief, excuse=excuse)
    balance = balance_of(org.staff)
    assert (balance.annual.taken_days, balance.pending_days, balance.annual.remaining, balance.available) == (
        2,
        0,
        2,
        2,
    )
    with pytest.raises(ValidationFailed) as excinfo:
        ask(org.staff, start=date(2026, 9, 1), end=date(2026, 9, 3))
    assert excinfo.value.message == "Sisa cuti tahunan 2026 tinggal 2 hari kerja; yang diajukan 3 hari kerja."


def test_carry_over_counts_only_with_records_of_the_year_before(org):
    assert balance_of(org.staff).annual.carried_over == 0
    AttendanceEvent.objects.create(
        government=org.government,
        employee=org.staff.employee,
        kind="in",
        occurred_at=timezone.now().replace(year=2025),
        local_date=date(2025, 11, 3),
        source="gps",
    )
    balance = balance_of(org.staff)  # 2025: 12 − 11 cuti bersama = 1 day left, carried over
    assert (balance.annual.carried_over, balance.annual.entitlement, balance.annual.remaining) == (1, 13, 5)


def test_carry_over_within_the_limits_of_a_changed_quota(org):
    LeaveQuotaVersion.objects.create(
        government=org.government,
        name="Perbup 3/2025",
        effective_from=date(2025, 1, 1),
        quotas={"annual": 20, "long_service": 3, "sick": 12, "maternity": 3, "important_reason": 1, "unpaid": 3},
        annual_carry_over_max=6,
        annual_total_max=24,
    )
    AttendanceEvent.objects.create(
        government=org.government,
        employee=org.staff.employee,
        kind="in",
        occurred_at=timezone.now().replace(year=2025),
        local_date=date(2025, 11, 3),
        source="gps",
    )
    balance = balance_of(org.staff)  # 2025 left 9 → carry 6, but 20 + 6 > 24 → 4 counted
    assert (balance.annual.carried_over, balance.annual.entitlement, balance.annual.remaining) == (4, 24, 16)


# ── transitions and who decides ────────────────────────────────────────────────────────────────────


def test_approve_notifies_the_employee_once_and_audits(org, django_capture_on_commit_callbacks):
    excuse = ask(org.staff)
    with django_capture_on_commit_callbacks(execute=True):
        approved = excuses.excuse_approve(user=org.chief, excuse=excuse, note="Silakan")
    assert (approved.status, approved.decided_by_id, approved.decision_note) == ("approved", org.chief.pk, "Silakan")
    note = Notification.objects.get(user=org.staff)
    assert (note.kind, note.title, note.body) == (
        "attendance.request_decided",
        "Cuti tahunan Anda disetujui",
        "17 Agustus 2026 s.d. 21 Agustus 2026. Catatan: Silakan",
    )
    row = AuditEvent.objects.get(action="attendance.excuse.approve")
    assert (row.before["status"], row.after["status"]) == ("pending", "approved")
    with pytest.raises(Conflict) as excinfo:
        excuses.excuse_approve(user=org.chief, excuse=approved)
    assert excinfo.value.message == "Pengajuan yang berstatus disetujui tidak dapat disetujui."
    with pytest.raises(Conflict):
        excuses.excuse_reject(user=org.chief, excuse=approved, note="Batal")
    assert Notification.objects.filter(user=org.staff).count() == 1


def test_reject_needs_a_note(org):
    excuse = ask(org.staff)
    with pytest.raises(ValidationFailed) as excinfo:
        excuses.excuse_reject(user=org.chief, excuse=excuse, note=" ")
    assert message_of(excinfo) == ("Alasan penolakan wajib diisi.", {"note": ["Alasan penolakan wajib diisi."]})
    rejected = excuses.excuse_reject(user=org.chief, excuse=excuse, note="Bertepatan dengan akreditasi")
    assert (rejected.status, rejected.decision_note) == ("rejected", "Bertepatan dengan akreditasi")
    with pytest.raises(Conflict) as excinfo:
        excuses.excuse_cancel(user=org.staff, excuse=rejected)
    assert excinfo.value.message == "Pengajuan yang berstatus ditolak tidak dapat dibatalkan."


@pytest.mark.parametrize("who", ["staff", "peer", "head", "admin", "other_admin", "auditor"])
def test_only_the_direct_superior_decides(org, who):
    excuse = ask(org.staff)
    for decide in (excuses.excuse_approve, excuses.excuse_reject):
        with pytest.raises(AccessDenied):
            decide(user=getattr(org, who), excuse=excuse, note="x")
    excuse.refresh_from_db()
    assert (excuse.status, excuse.decided_by_id) == ("pending", None)
    assert not AuditEvent.objects.filter(action__in=["attendance.excuse.approve", "attendance.excuse.reject"]).exists()


def test_without_a_superior_the_agency_head_decides(org):
    Employee.objects.filter(pk=org.chief.employee_id).update(is_active=False)
    excuse = ask(org.staff)
    assert excuse.approver_id == org.head.employee_id  # the next holder up
    Excuse.objects.filter(pk=excuse.pk).update(approver=None)
    excuse.refresh_from_db()
    assert excuses.excuse_approve(user=org.head, excuse=excuse).status == "approved"


def test_cancel_before_it_starts_only_by_the_employee(org):
    excuse = excuses.excuse_approve(user=org.chief, excuse=ask(org.staff))
    with pytest.raises(AccessDenied):
        excuses.excuse_cancel(user=org.chief, excuse=excuse)
    assert excuses.excuse_cancel(user=org.staff, excuse=excuse).status == "cancelled"
    started = excuses.excuse_approve(
        user=org.chief, excuse=ask(org.staff, kind="sick", start=date(2026, 7, 13), end=date(2026, 7, 17))
    )
    with pytest.raises(Conflict) as excinfo:
        excuses.excuse_cancel(user=org.staff, excuse=started)
    assert excinfo.value.message == "Izin yang sudah dimulai tidak dapat dibatalkan."
    started.refresh_from_db()
    assert started.status == "approved"


def test_days_are_recomputed_after_commit_for_past_and_current_days(
    org, monkeypatch, django_capture_on_commit_callbacks
):
    calls = []
    monkeypatch.setattr(days, "days_recompute", lambda **kwargs: calls.append(kwargs))
    sick = ask(org.staff, kind="sick", start=date(2026, 7, 13), end=date(2026, 7, 17))
    future = ask(org.staff, kind="wfh", start=date(2026, 7, 20), end=date(2026, 7, 20))
    with django_capture_on_commit_callbacks(execute=True):
        excuses.excuse_approve(user=org.chief, excuse=sick)
        excuses.excuse_approve(user=org.chief, excuse=future)
    assert calls == [{"employee_id": org.staff.employee_id, "start": date(2026, 7, 13), "end": TODAY}]


def test_the_real_day_engine_marks_the_approved_days_excused(org, django_capture_on_commit_callbacks):
    sick = ask(org.staff, kind="sick", start=date(2026, 7, 13), end=date(2026, 7, 14))
    with django_capture_on_commit_callbacks(execute=True):
        excuses.excuse_approve(user=org.chief, excuse=sick)
    rows = AttendanceDay.objects.filter(employee_id=org.staff.employee_id).order_by("date")
    assert [(row.date, row.excuse_kind) for row in rows] == [(date(2026, 7, 13), "sick"), (date(2026, 7, 14), "sick")]


def test_shift_workers_count_their_shift_days(org):
    shift = shifts.shift_create(
        user=org.admin, agency=org.agency, data=shifts.ShiftInput("M", "Malam", time(21, 0), time(7, 0), 60)
    )
    shifts.assignment_create(
        user=org.admin,
        agency=org.agency,
        data=shifts.AssignmentInput(
            shift.pk, date(2026, 7, 1), date(2026, 8, 31), (4, 5, 6), employee_id=org.staff.employee_id
        ),
    )
    # Friday to Monday: the shift's Friday, Saturday and Sunday; Monday is a day off
    assert ask(org.staff, kind="wfh", start=date(2026, 7, 17), end=date(2026, 7, 20)).working_days == 3
