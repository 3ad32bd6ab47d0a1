"""The demo seeder of the anomaly report: a fake-GPS cluster of four Diskominfo staff on the last working
day, flagged for their Kepala Bidang; idempotent."""

from datetime import date

import pytest

from terpadu.attendance import demo_fraud
from terpadu.attendance.models import AnomalyFlag, AttendanceEvent
from terpadu.core.demo import seeders
from terpadu.directory.demo import seed_demo_government

pytestmark = pytest.mark.django_db


def test_the_seeder_is_registered_after_the_directory():
    [seeder] = [s for s in seeders() if s.name == "attendance_fraud"]
    assert seeder.order == 60 and seeder.run is demo_fraud.seed_demo_anomalies


def test_the_demo_cluster_is_flagged_once(monkeypatch):
    government, _ = seed_demo_government()
    monkeypatch.setattr(
        demo_fraud, "government_today", lambda government_id: date(2026, 5, 4)
    )  # Monday; 1 May is a holiday
    first = demo_fraud.seed_demo_anomalies(government.pk)
    assert first == "4 fake-GPS check-ins on 2026-04-30, 8 flags created"
    events = AttendanceEvent.objects.filter(government=government)
    assert events.count() == 4 and {e.local_date for e in events} == {date(2026, 4, 30)}
    assert {e.agency.short_name for e in events} == {"Diskominfo"}
    assert sorted(AnomalyFlag.objects.values_list("kind", flat=True)) == [
        "implausible_accuracy",
        *["same_coordinate"] * 4,
        *["same_second"] * 3,
    ]
    assert set(AnomalyFlag.objects.values_list("reviewer__position__code", flat=True)) == {"B2"}
    monkeypatch.setattr(demo_fraud, "government_today", lambda government_id: date(2026, 5, 20))
    assert demo_fraud.seed_demo_anomalies(government.pk) == "0 fake-GPS check-ins on 2026-04-30, 0 flags created"
    assert AttendanceEvent.objects.count() == 4 and AnomalyFlag.objects.count() == 8
