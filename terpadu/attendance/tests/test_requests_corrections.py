"""Corrections of a forgotten check-in/out: validation, the event made on approval (local time in the
government's zone, stored in UTC), rejection with a note, who decides, notifications once."""

from datetime import UTC, date, datetime, time

import pytest

from terpadu.attendance import corrections
from terpadu.attendance.models import AttendanceEvent, CorrectionRequest
from terpadu.core.errors import AccessDenied, Conflict, ValidationFailed
from terpadu.core.models import AuditEvent
from terpadu.notifications.models import Notification

from .requests_org import build_org, fixed_today  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return build_org()


def ask(user, day=date(2026, 7, 14), kind="out", at=time(16, 5), reason="Lupa presensi pulang"):
    return corrections.correction_request(user=user, date=day, kind=kind, time=at, reason=reason)


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"day": date(2026, 7, 16)}, "date", "Tanggal koreksi tidak boleh di masa depan."),
        ({"day": date(2026, 6, 14)}, "date", "Koreksi paling lama 30 hari ke belakang."),
        ({"day": date(2026, 7, 15), "at": time(10, 1)}, "time", "Jam koreksi belum terlewati."),
        ({"kind": "lunch"}, "kind", "Jenis koreksi harus masuk atau pulang."),
        ({"reason": ""}, "reason", "Alasan wajib diisi."),
    ],
)
def test_invalid_corrections_are_refused(org, kwargs, field, message):
    with pytest.raises(ValidationFailed) as excinfo:
        ask(org.staff, **kwargs)
    assert (excinfo.value.message, excinfo.value.fields) == (message, {field: [message]})
    assert CorrectionRequest.objects.count() == 0


def test_boundaries_are_accepted(org):
    assert ask(org.staff, day=date(2026, 6, 15)).status == "pending"
    assert ask(org.staff, day=date(2026, 7, 15), kind="in", at=time(10, 0)).status == "pending"


def test_one_pending_correction_per_date_and_kind(org):
    ask(org.staff)
    with pytest.raises(Conflict) as excinfo:
        ask(org.staff, at=time(16, 30))
    assert excinfo.value.message == "Sudah ada koreksi pulang untuk 14 Juli 2026."
    assert ask(org.staff, kind="in", at=time(7, 25)).kind == "in"
    assert ask(org.peer).employee_id == org.peer.employee_id


def test_approval_records_an_event_at_the_local_time(org, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        correction = ask(org.staff)
    assert Notification.objects.get(user=org.chief).body == (
        "Analis: pulang 14 Juli 2026 pukul 16.05. Alasan: Lupa presensi pulang"
    )
    with django_capture_on_commit_callbacks(execute=True):
        approved = corrections.correction_approve(user=org.chief, correction=correction)
    event = AttendanceEvent.objects.get()
    assert approved.event_id == event.pk and approved.status == "approved"
    assert (event.source, event.kind, event.local_date, event.employee_id, event.agency_id) == (
        "correction",
        "out",
        date(2026, 7, 14),
        org.staff.employee_id,
        org.agency.pk,
    )
    assert event.occurred_at == datetime(2026, 7, 14, 8, 5, tzinfo=UTC)  # 16.05 WITA
    assert Notification.objects.get(user=org.staff).title == "Koreksi presensi Anda disetujui"
    assert AuditEvent.objects.get(action="attendance.correction.approve").after["event_id"] == event.pk
    with pytest.raises(Conflict):
        corrections.correction_approve(user=org.chief, correction=approved)
    assert AttendanceEvent.objects.count() == 1
    with pytest.raises(Conflict) as excinfo:
        ask(org.staff, at=time(17, 0))
    assert excinfo.value.message == "Sudah ada koreksi pulang untuk 14 Juli 2026."


def test_reject_with_a_note_makes_no_event(org):
    correction = ask(org.staff)
    with pytest.raises(ValidationFailed):
        corrections.correction_reject(user=org.chief, correction=correction, note="")
    rejected = corrections.correction_reject(user=org.chief, correction=correction, note="Tidak ada di kantor")
    assert (rejected.status, rejected.decision_note, rejected.event_id) == ("rejected", "Tidak ada di kantor", None)
    assert AttendanceEvent.objects.count() == 0


@pytest.mark.parametrize("who", ["staff", "peer", "admin", "other_admin", "auditor"])
def test_others_cannot_decide(org, who):
    correction = ask(org.staff)
    with pytest.raises(AccessDenied):
        corrections.correction_approve(user=getattr(org, who), correction=correction)
    correction.refresh_from_db()
    assert (correction.status, correction.event_id) == ("pending", None)
    assert AttendanceEvent.objects.count() == 0


def test_the_employee_cancels_a_pending_correction(org):
    correction = ask(org.staff)
    with pytest.raises(AccessDenied):
        corrections.correction_cancel(user=org.chief, correction=correction)
    assert corrections.correction_cancel(user=org.staff, correction=correction).status == "cancelled"
    assert ask(org.staff).status == "pending"  # the date is free again
