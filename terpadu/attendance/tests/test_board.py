"""The leaders' board: today's statuses computed live (exact counts on a small org), the drill-down to
names, who sees which agencies, the pages (HTMX partials) and GET /api/v1/attendance/board."""

from datetime import timedelta

import pytest
from django.test import Client

from terpadu.attendance import board, days, tasks_board
from terpadu.attendance.models import AttendanceDay
from terpadu.attendance.schedule import employee_expected_days
from terpadu.attendance.tests.board_org import NOW, TODAY, at, build_board_org, punch
from terpadu.core import navigation
from terpadu.core.errors import NotFound
from terpadu.core.jobs import registered_schedules
from terpadu.directory.models import User
from terpadu.directory.tests.factories import EmployeeFactory, PositionFactory, bearer, login_as

pytestmark = pytest.mark.django_db
ZERO = dict.fromkeys(board.STATUSES, 0)


@pytest.fixture
def org():
    return build_board_org()


@pytest.fixture
def fixed_clock(monkeypatch):
    monkeypatch.setattr(board, "current_time", lambda: NOW)


def counts(**found):
    return {**ZERO, **found}


def by_code(found):
    return {row.code: (row.total, row.counts) for row in found.rows}


# --- the statuses ----------------------------------------------------------------------------------------


def test_the_board_counts_each_agency_exactly(org):
    found = board.board_for_user(user=org.secretary, now=NOW)

    assert found.date == TODAY
    assert [row.code for row in found.rows] == ["1.02", "2.16", "4.01"]
    assert by_code(found) == {
        "1.02": (5, counts(present=1, late=1, not_due=2, off=1)),
        "2.16": (9, counts(present=2, late=1, absent=3, leave=1, duty=1, flexible=1)),
        "4.01": (1, counts(absent=1)),
    }
    assert found.totals.counts == counts(present=3, late=2, absent=4, leave=1, duty=1, flexible=1, not_due=2, off=1)
    assert found.totals.total == 15


def test_the_drill_down_lists_names_with_check_in_and_minutes_late(org):
    found = board.agency_board_for_user(user=org.secretary, agency_id=org.kominfo.pk, now=NOW)

    assert [(p.name, p.status, p.late_minutes) for p in found.people] == [
        ("Ani", "present", 0),
        ("Citra", "present", 0),
        ("Budi", "late", 15),
        ("Dedi", "absent", 0),
        ("Hadi", "absent", 0),
        ("Indah", "absent", 0),
        ("Eka", "leave", 0),
        ("Fajar", "duty", 0),
        ("Gita", "flexible", 5),
    ]
    budi = next(p for p in found.people if p.name == "Budi")
    assert budi.first_in == at(TODAY, 7, 45)
    assert (budi.excuse_kind, budi.schedule, budi.expected_start) == ("", "Bawaan Perpres 21/2023", at(TODAY, 7, 30))
    assert [(row.name, row.total, row.counts["absent"]) for row in found.units] == [
        ("Sekretariat", 3, 1),
        ("Bidang Aplikasi", 6, 2),
    ]
    assert found.totals.counts == counts(present=2, late=1, absent=3, leave=1, duty=1, flexible=1)


def test_the_drill_down_filters_one_status(org):
    late = board.agency_board_for_user(user=org.secretary, agency_id=org.rsud.pk, status="late", now=NOW)
    assert [(p.name, p.late_minutes) for p in late.people] == [("Oki", 1)]
    waiting = board.agency_board_for_user(user=org.secretary, agency_id=org.rsud.pk, status="not_due", now=NOW)
    assert [(p.name, p.schedule) for p in waiting.people] == [
        ("Lina", "Sif SIANG (14:00–21:00)"),
        ("Maya", "Sif MALAM (21:00–07:00)"),
    ]


def test_shift_workers_follow_their_shift_through_the_day(org):
    evening = at(TODAY, 21, 30)
    punch(org.people["Lina"], "in", at(TODAY, 14, 5))
    punch(org.people["Maya"], "in", at(TODAY, 20, 50))

    people = {
        p.name: p for p in board.agency_board_for_user(user=org.secretary, agency_id=org.rsud.pk, now=evening).people
    }

    assert (people["Lina"].status, people["Lina"].late_minutes) == ("late", 5)
    assert (people["Maya"].status, people["Maya"].first_in) == ("present", at(TODAY, 20, 50))
    assert people["Nina"].status == "off"


def test_before_the_start_nobody_is_absent_yet(org):
    early = at(TODAY, 7, 0)
    found = board.board_for_user(user=org.secretary, now=early)
    assert by_code(found)["2.16"] == (9, counts(not_due=6, leave=1, duty=1, flexible=1))


def test_status_of_is_exact_at_the_minute_boundary(org):
    expected = employee_expected_days(employee=org.people["Dedi"], start=TODAY, end=TODAY)[0]
    assert board.status_of(expected, at(TODAY, 7, 30, 59), None, NOW) == ("present", 0)
    assert board.status_of(expected, at(TODAY, 7, 31), None, NOW) == ("late", 1)
    assert board.status_of(expected, None, "wfa", at(TODAY, 7, 0)) == ("flexible", 0)
    assert board.status_of(expected, None, "wfa", NOW) == ("absent", 0)
    assert board.status_of(expected, None, "sick", NOW) == ("leave", 0)
    assert board.status_of(expected, None, "training", NOW) == ("duty", 0)
    saturday = employee_expected_days(employee=org.people["Dedi"], start=TODAY + timedelta(3), end=TODAY + timedelta(3))
    assert board.status_of(saturday[0], None, None, NOW) == ("off", 0)


def test_the_board_costs_the_same_few_queries_for_more_employees(org, django_assert_num_queries):
    with django_assert_num_queries(12) as small:
        board.board_for_user(user=org.secretary, now=NOW)
    for n in range(20):
        employee = EmployeeFactory(position=PositionFactory(agency=org.kominfo), name=f"Tambahan {n}")
        punch(employee, "in", at(TODAY, 7, 40 + n))
    fresh = User.objects.get(pk=org.secretary.pk)  # its roles not cached yet, as in a new request
    with django_assert_num_queries(len(small.captured_queries)):
        found = board.board_for_user(user=fresh, now=NOW)
    assert by_code(found)["2.16"][1]["late"] == 1 + 20


# --- who sees what ---------------------------------------------------------------------------------------


def test_an_agency_head_sees_only_their_agency(org):
    found = board.board_for_user(user=org.kadis, now=NOW)
    assert [row.code for row in found.rows] == ["2.16"]
    assert found.totals.total == 9
    with pytest.raises(NotFound):
        board.agency_board_for_user(user=org.kadis, agency_id=org.rsud.pk, now=NOW)


def test_the_bkpsdm_and_the_regional_head_see_the_whole_government(org):
    for user in (org.bkpsdm_admin, org.regional_head):
        assert [row.code for row in board.board_for_user(user=user, now=NOW).rows] == ["1.02", "2.16", "4.01"]


@pytest.mark.parametrize("who", ["staff", "auditor"])
def test_others_have_no_board(org, who):
    assert board.agencies_for(None).count() == 0
    with pytest.raises(NotFound):
        board.board_for_user(user=getattr(org, who), now=NOW)


# --- pages -----------------------------------------------------------------------------------------------


def test_board_page_shows_the_counts_and_polls_a_partial(client, org, fixed_clock):
    login_as(client, org.secretary)
    page = client.get("/absensi/papan/")
    text = page.content.decode()
    assert page.status_code == 200
    assert 'hx-trigger="every 45s"' in text
    assert "keadaan pukul 09.00 WITA · 15 pegawai" in text
    assert f'href="/absensi/papan/{org.kominfo.pk}/?status=late">1<span class="visually-hidden"> Terlambat,' in text
    assert len(page.content) < 100_000
    partial = client.get("/absensi/papan/", headers={"HX-Request": "true"})
    assert partial.content.decode().startswith('<div id="papan"')
    assert "<html" not in partial.content.decode()


def test_drill_down_page_lists_names_with_time_and_minutes(client, org, fixed_clock):
    login_as(client, org.kadis)
    page = client.get(f"/absensi/papan/{org.kominfo.pk}/?status=late")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Budi" in text and "07.45 WITA" in text and "15 menit" in text
    assert "Citra" not in text
    assert "1 data" in text
    assert client.get(f"/absensi/papan/{org.rsud.pk}/").status_code == 404


def test_plain_employees_are_refused_and_anonymous_sent_to_login(client, org):
    login_as(client, org.staff)
    assert client.get("/absensi/papan/").status_code == 403
    assert client.get(f"/absensi/papan/{org.kominfo.pk}/").status_code == 403
    anonymous = Client().get("/absensi/papan/")
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/akun/masuk/")


def test_the_menu_shows_the_board_to_leaders_only(client, org):
    login_as(client, org.secretary)
    assert 'href="/absensi/papan/"' in client.get("/absensi/rekap/").content.decode()
    login_as(client, org.staff)
    assert 'href="/absensi/papan/"' not in client.get("/absensi/bulan/").content.decode()


# --- API -------------------------------------------------------------------------------------------------


def test_board_api_returns_counts_per_agency(org, fixed_clock):
    response = Client(headers=bearer(org.kadis)).get("/api/v1/attendance/board")
    assert response.status_code == 200
    body = response.json()
    assert (body["date"], body["total"]) == ("2026-10-14", 9)
    assert body["agencies"] == [
        {
            "agency_id": org.kominfo.pk,
            "code": "2.16",
            "name": "Dinas Komunikasi dan Informatika",
            "total": 9,
            "counts": counts(present=2, late=1, absent=3, leave=1, duty=1, flexible=1),
        }
    ]
    assert body["counts"] == body["agencies"][0]["counts"]
    assert Client(headers=bearer(org.kadis)).get("/api/v1/attendance/board?date=2026-10-14").status_code == 200


def test_board_api_refuses_other_days_employees_and_anonymous(org, fixed_clock):
    past = Client(headers=bearer(org.secretary)).get("/api/v1/attendance/board?date=2026-10-13")
    assert (past.status_code, past.json()["code"]) == (422, "validation_error")
    refused = Client(headers=bearer(org.staff)).get("/api/v1/attendance/board")
    assert (refused.status_code, refused.json()["code"]) == (403, "forbidden")
    assert Client().get("/api/v1/attendance/board").status_code == 401


# --- the nightly close and the registrations ---------------------------------------------------------------


def test_the_nightly_close_computes_yesterday_of_each_due_government(org):
    yesterday = days.local_today(org.government.pk) - timedelta(days=1)

    assert tasks_board.close_yesterday_all(now="2026-10-14T12:30:00+00:00") == 0  # 20:30 WITA: not due
    written = tasks_board.close_yesterday_all(now="2026-10-14T16:30:00+00:00")  # 00:30 WITA

    assert written == 15 * 2  # yesterday and the day before, for each active employee
    assert AttendanceDay.objects.filter(date=yesterday).count() == 15
    assert tasks_board.close_yesterday_all(force=True) == 30  # idempotent: the same rows again
    assert AttendanceDay.objects.filter(date=yesterday).count() == 15


def test_the_schedule_and_menu_entries_are_registered():
    specs = {spec.name: spec for spec in registered_schedules()}
    close = specs["attendance.close_yesterday"]
    assert (close.func, close.cron) == ("terpadu.attendance.tasks_board.close_yesterday_all", "30 15,16,17 * * *")
    urls = {item.url_name: item.rule for item in navigation._REGISTRY}
    assert urls["attendance:board"] is board.READERS and urls["attendance:recap_month"] is board.READERS
