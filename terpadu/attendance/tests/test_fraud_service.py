"""The daily anomaly report (fraud.anomaly_report_build) and its review (fraud.anomaly_review): flags with
their evidence and reviewer, idempotency (same flags, one notification per reviewer), who may review
(and that nothing changes when refused), and that flags never touch a computed day."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.utils import timezone

from terpadu.attendance import fraud, tasks_fraud
from terpadu.attendance.models import AnomalyFlag, AttendanceDay, AttendanceEvent
from terpadu.attendance.tests.fraud_org import DAY, LAT, build_org, fake_cluster, gps
from terpadu.core.errors import AccessDenied, Conflict, ValidationFailed
from terpadu.core.models import AuditEvent
from terpadu.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return build_org()


def build(org):
    return fraud.anomaly_report_build(government_id=org.government.pk, day=DAY)


def flags(**filters):
    return sorted(
        (f.kind, f.employee.name, f.reviewer.name if f.reviewer else None)
        for f in AnomalyFlag.objects.filter(**filters).select_related("employee", "reviewer")
    )


def test_a_fake_gps_cluster_is_flagged_for_the_superior(org):
    events = fake_cluster(org.kominfo)
    result = build(org)
    assert (result.findings, result.created, result.updated, result.notified) == (3, 8, 0, 1)
    names = [f"Staf{n} Kominfo" for n in range(1, 5)]
    assert flags() == sorted(
        [("same_coordinate", name, "Kabid Kominfo") for name in names]
        + [("implausible_accuracy", names[3], "Kabid Kominfo")]
        + [("same_second", name, "Kabid Kominfo") for name in names[:3]]
    )
    flag = AnomalyFlag.objects.get(kind="same_coordinate", employee=org.kominfo.staff[3].employee)
    assert (flag.government_id, flag.agency_id, flag.date, flag.status) == (
        org.government.pk,
        org.kominfo.agency.pk,
        DAY,
        "open",
    )
    assert flag.group_key == "-10.163812,124.011537"
    assert list(flag.events.all()) == [events[3]]
    assert flag.evidence["employee_count"] == 4 and flag.evidence["cluster_event_count"] == 4
    assert flag.evidence["event_ids"] == [events[3].pk] and len(flag.evidence["events"]) == 1
    assert (
        flag.evidence["events"][0]["accuracy_m"] == 0.0 and flag.evidence["events"][0]["time"] == "2026-05-03T23:21:40Z"
    )
    assert (flag.evidence["latitude"], flag.evidence["min_employees"]) == ("-10.163812", 3)


def test_the_reviewer_is_notified_once_with_the_count(org):
    fake_cluster(org.kominfo)
    build(org)
    [note] = Notification.objects.all()
    assert (note.user, note.kind, note.title) == (org.kominfo.chief, "attendance.anomaly", fraud.NOTIFICATION_LABEL)
    assert note.body == "8 tanda kejanggalan presensi pegawai Anda pada 4 Mei 2026 menunggu tinjauan Anda."
    assert note.url == "/absensi/kejanggalan/?tanggal=2026-05-04"


def test_running_twice_creates_nothing_and_notifies_nobody_again(org):
    fake_cluster(org.kominfo)
    build(org)
    before = list(AnomalyFlag.objects.order_by("pk").values_list("pk", "kind", "employee_id", "group_key", "evidence"))
    audits = AuditEvent.objects.count()
    again = build(org)
    assert (again.findings, again.created, again.updated, again.notified) == (3, 0, 0, 0)
    assert (
        list(AnomalyFlag.objects.order_by("pk").values_list("pk", "kind", "employee_id", "group_key", "evidence"))
        == before
    )
    assert Notification.objects.count() == 1 and AuditEvent.objects.count() == audits


def test_the_build_is_audited_once(org):
    fake_cluster(org.kominfo)
    build(org)
    [audit] = AuditEvent.objects.filter(action="attendance.anomaly_report")
    assert audit.actor is None and audit.government_id == org.government.pk
    assert audit.after == {
        "date": "2026-05-04",
        "created": 8,
        "updated": 0,
        "by_kind": {"implausible_accuracy": 1, "same_coordinate": 4, "same_second": 3},
    }


def test_a_cluster_that_grows_updates_open_flags_and_leaves_reviewed_ones(org):
    fake_cluster(org.kominfo)
    build(org)
    reviewed = AnomalyFlag.objects.get(kind="same_coordinate", employee=org.kominfo.staff[0].employee)
    fraud.anomaly_review(user=org.kominfo.chief, flag=reviewed, status="cleared", note="")
    late = gps(org.dinkes.staff[0], seconds=600)
    result = build(org)
    assert (result.created, result.updated, result.notified) == (1, 3, 1)  # Dinkes' chief is told
    coordinate = AnomalyFlag.objects.filter(kind="same_coordinate")
    assert coordinate.count() == 5
    assert sorted(coordinate.values_list("evidence__employee_count", flat=True)) == [4, 5, 5, 5, 5]
    reviewed.refresh_from_db()
    assert reviewed.status == "cleared" and reviewed.evidence["employee_count"] == 4
    assert list(AnomalyFlag.objects.get(employee=late.employee).events.all()) == [late]
    assert Notification.objects.filter(user=org.kominfo.chief).count() == 1


def test_nothing_suspicious_flags_nothing(org):
    for n, user in enumerate(org.kominfo.staff):
        gps(user, seconds=60 * n, lat=LAT + Decimal(n) / 1000, acc=12.5 + n)
    result = build(org)
    assert (result.findings, result.created, result.notified) == (0, 0, 0)
    assert not AuditEvent.objects.filter(action="attendance.anomaly_report").exists()


def test_only_the_day_and_the_government_are_read(org):
    other = build_org(".lain")
    fake_cluster(other.kominfo)
    for user in org.kominfo.staff[:3]:
        gps(user, local_date=DAY - timedelta(days=1), occurred_at=datetime(2026, 5, 2, 23, 0, tzinfo=UTC))
    assert build(org).created == 0


# ── reviewers ───────────────────────────────────────────────────────────────────────────────────────


def test_without_a_superior_the_agency_head_reviews(org):
    loner = org.kominfo.staff[0].employee
    loner.position.superior = None
    loner.position.save()
    assert fraud.reviewer_for(loner) == org.kominfo.head.employee


def test_an_agency_head_is_reviewed_by_the_sekda(org):
    assert fraud.reviewer_for(org.kominfo.head.employee) == org.sekda.employee


def test_a_vacant_chief_passes_the_review_up(org):
    chief = org.kominfo.chief.employee
    chief.is_active = False
    chief.save()
    fake_cluster(org.kominfo)
    build(org)
    assert set(AnomalyFlag.objects.values_list("reviewer__name", flat=True)) == {"Kadis Kominfo"}
    assert Notification.objects.get().user == org.kominfo.head


# ── review ──────────────────────────────────────────────────────────────────────────────────────────


@pytest.fixture
def flag(org):
    fake_cluster(org.kominfo)
    build(org)
    return AnomalyFlag.objects.get(kind="same_coordinate", employee=org.kominfo.staff[3].employee)


@pytest.mark.parametrize("who", ["chief", "head", "admin"])
def test_the_reviewer_and_the_agency_head_or_admin_review(org, flag, who):
    user = getattr(org.kominfo, who)
    reviewed = fraud.anomaly_review(user=user, flag=flag, status="confirmed", note="  Aplikasi lokasi palsu.  ")
    assert (reviewed.status, reviewed.review_note, reviewed.reviewed_by) == (
        "confirmed",
        "Aplikasi lokasi palsu.",
        user,
    )
    assert reviewed.reviewed_at is not None
    [audit] = AuditEvent.objects.filter(action="attendance.anomaly_review")
    assert (audit.actor, audit.object_id, audit.agency_id) == (user, str(flag.pk), org.kominfo.agency.pk)
    assert audit.before == {"status": "open", "reviewed_at": None, "reviewed_by_id": None, "review_note": ""}
    assert audit.after["status"] == "confirmed" and audit.after["reviewed_by_id"] == user.pk


def deny_cases(org):
    return {
        "flagged employee": org.kominfo.staff[3],
        "peer": org.kominfo.staff[0],
        "other agency head": org.dinkes.head,
        "other agency admin": org.dinkes.admin,
        "other chief": org.dinkes.chief,
        "auditor": org.auditor,
        "sekda": org.sekda,
    }


@pytest.mark.parametrize(
    "case", ["flagged employee", "peer", "other agency head", "other agency admin", "other chief", "auditor", "sekda"]
)
def test_others_may_not_review_and_nothing_changes(org, flag, case):
    audits = AuditEvent.objects.count()
    with pytest.raises(AccessDenied):
        fraud.anomaly_review(user=deny_cases(org)[case], flag=flag, status="cleared", note="")
    flag.refresh_from_db()
    assert (flag.status, flag.reviewed_at, flag.reviewed_by_id, flag.review_note) == ("open", None, None, "")
    assert AuditEvent.objects.count() == audits


def test_the_flagged_chief_cannot_clear_their_own_flag_even_as_reviewer(org):
    own = AnomalyFlag.objects.create(
        government=org.government,
        agency=org.kominfo.agency,
        employee=org.kominfo.chief.employee,
        reviewer=org.kominfo.chief.employee,
        date=DAY,
        kind="shared_ip",
        group_key="x",
        evidence={},
        created_at=timezone.now(),
    )
    with pytest.raises(AccessDenied):
        fraud.anomaly_review(user=org.kominfo.chief, flag=own, status="cleared")


@pytest.mark.parametrize(
    ("status", "note", "field"),
    [("", "", "status"), ("open", "", "status"), ("confirmed", "  ", "note"), ("cleared", "x" * 501, "note")],
)
def test_an_incomplete_review_is_refused(org, flag, status, note, field):
    with pytest.raises(ValidationFailed) as caught:
        fraud.anomaly_review(user=org.kominfo.chief, flag=flag, status=status, note=note)
    assert list(caught.value.fields) == [field]
    flag.refresh_from_db()
    assert flag.status == "open"


def test_a_flag_is_reviewed_once(org, flag):
    fraud.anomaly_review(user=org.kominfo.chief, flag=flag, status="cleared", note="Rapat di lapangan.")
    with pytest.raises(Conflict):
        fraud.anomaly_review(user=org.kominfo.head, flag=flag, status="confirmed", note="Tidak.")
    flag.refresh_from_db()
    assert (flag.status, flag.review_note) == ("cleared", "Rapat di lapangan.")


# ── flags never touch a computed day ────────────────────────────────────────────────────────────────


def test_flags_and_reviews_change_no_attendance_day(org):
    employee = org.kominfo.staff[3].employee
    day = AttendanceDay.objects.create(
        government=org.government,
        agency=employee.agency,
        employee=employee,
        date=DAY,
        status="present",
        expected_minutes=450,
        minutes_worked=450,
        computed_at=timezone.now(),
    )
    before = list(AttendanceDay.objects.values())
    events = list(AttendanceEvent.objects.values())
    fake_cluster(org.kominfo)
    build(org)
    for flag in AnomalyFlag.objects.filter(employee=employee):
        fraud.anomaly_review(user=org.kominfo.chief, flag=flag, status="confirmed", note="Lokasi palsu.")
    assert list(AttendanceDay.objects.values()) == before and AttendanceDay.objects.get() == day
    assert AttendanceEvent.objects.count() == len(events) + 4


# ── the daily job ───────────────────────────────────────────────────────────────────────────────────


def test_the_daily_job_reports_an_explicit_day(org):
    fake_cluster(org.kominfo)
    assert tasks_fraud.anomaly_report_daily(DAY.isoformat()) == 8
    assert tasks_fraud.anomaly_report_daily(DAY.isoformat()) == 0


@pytest.mark.parametrize(("utc_hour", "created"), [(15, 8), (14, 0), (16, 0)])
def test_the_daily_job_reports_each_government_at_2330_local(org, utc_hour, created):
    fake_cluster(org.kominfo)  # WITA: 23:30 local is 15:30 UTC
    now = datetime(2026, 5, 4, utc_hour, 30, tzinfo=UTC)
    with mock.patch.object(timezone, "now", return_value=now):
        assert tasks_fraud.anomaly_report_daily() == created
