"""The morning rush on PostgreSQL: 50 employees checking in from parallel threads at once, plus 10 copies
of one employee's submission (the same client_ref) racing each other — exactly one event per client_ref."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier
from typing import Any

import pytest
from django.db import connection

from terpadu.attendance.checkins import check_in_submit
from terpadu.attendance.models import AttendanceEvent
from terpadu.core.roles import Role
from terpadu.directory.tests.factories import EmployeeFactory, PositionFactory, user_with_role

from .checkin_org import build_org, north_of, registered_device

POSTGRES_ONLY = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
TOKEN = "token-perangkat-uji-0001"


@POSTGRES_ONLY
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_50_employees_at_once_and_duplicates_of_one_client_ref() -> None:
    org = build_org()
    agency, location = org.kominfo.agency, org.kominfo.location
    users = []
    for n in range(50):
        employee = EmployeeFactory(position=PositionFactory(agency=agency), name=f"Pegawai Rush {n}")
        user = user_with_role(Role.EMPLOYEE, agency=agency, employee=employee)
        registered_device(user, TOKEN)
        users.append(user)
    lat, lon = north_of(location, 30)
    # every employee once (own client_ref), and the first employee 10 more times with the same client_ref
    jobs = [(user, f"rush-{user.pk}") for user in users] + [(users[0], f"rush-{users[0].pk}")] * 10
    barrier = Barrier(len(jobs))

    def submit(job: tuple[Any, str]) -> tuple[int, bool]:
        user, ref = job
        try:
            barrier.wait()
            outcome = check_in_submit(
                user=user,
                kind="in",
                latitude=lat,
                longitude=lon,
                accuracy_m=10,
                client_ref=ref,
                device_token=TOKEN,
                ip="10.0.0.1",
                user_agent="uji",
            )
            return outcome.event.pk, outcome.repeated
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        results = list(pool.map(submit, jobs))

    events = AttendanceEvent.objects.all()
    assert events.count() == 50
    assert sorted(events.values_list("client_ref", flat=True)) == sorted(f"rush-{u.pk}" for u in users)
    first_ids = {pk for (user, _), (pk, _) in zip(jobs, results, strict=True) if user == users[0]}
    assert len(first_ids) == 1  # all 11 submissions of the first employee got the same event
    assert sum(1 for _, repeated in results if repeated) == 10
    assert sum(1 for _, repeated in results if not repeated) == 50
