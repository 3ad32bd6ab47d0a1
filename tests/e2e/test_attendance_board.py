"""E-Absen leaders' board in the browser, on the demo data: the Sekda opens the board, a Diskominfo employee
checks in (through the check-in service, inside the Diskominfo fence), the board's live partial counts it and
the drill-down names the employee with the check-in time; the monthly recap exports to XLSX. axe on each page.

The board is computed at the real time of the run: on a weekend or holiday the employee is "Libur" before and
after checking in, so the test asks the board selector which status the check-in should produce and checks
the page shows exactly that.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.e2e.helpers import collect_errors, describe_violations, login, serious_violations

AXE = Axe()


@pytest.fixture
def checkins_demo(demo: Any) -> Any:
    from terpadu.attendance.demo_checkins import seed_demo_checkins

    seed_demo_checkins(demo.pk)
    return demo


def _no_serious_violations(page: Any) -> None:
    violations = serious_violations(AXE.run(page).response)
    assert violations == [], describe_violations(violations)


def _status_of(government: Any, agency: Any, employee_id: int) -> str:
    from terpadu.attendance import board
    from terpadu.directory.models import Employee

    people = board.people_today(government_id=government.pk, employees=Employee.objects.filter(agency=agency))
    return next(person.status for person in people if person.employee_id == employee_id)


def _cell(page: Any, agency_name: str, status: str) -> Any:
    from terpadu.attendance import board

    row = page.locator("#papan tbody tr").filter(has=page.get_by_role("link", name=agency_name, exact=True))
    return row.locator("td").nth(1 + board.STATUSES.index(status))


def _count(page: Any, agency_name: str, status: str) -> int:
    text = _cell(page, agency_name, status).inner_text()
    return int(re.match(r"\d+", text.strip()).group())  # type: ignore[union-attr]


def test_the_sekda_sees_a_check_in_on_the_board(checkins_demo: Any, live_url: str, browser_page: Any) -> None:
    from terpadu.attendance import checkins
    from terpadu.attendance.demo_checkins import DISKOMINFO
    from terpadu.directory.models import Agency, User

    page = browser_page
    errors = collect_errors(page)
    kominfo = Agency.objects.get(government=checkins_demo, short_name="Diskominfo")
    employee_user = User.objects.get(username="pegawai.kominfo")
    assert employee_user.employee is not None
    login(page, live_url, "sekda")
    page.get_by_role("navigation", name="Menu utama").get_by_role("link", name="Papan presensi").click()
    expect(page.get_by_role("heading", name="Papan presensi hari ini")).to_be_visible()
    _no_serious_violations(page)
    before = _status_of(checkins_demo, kominfo, employee_user.employee.pk)

    checkins.check_in_record(
        user=employee_user,
        kind="in",
        latitude=float(DISKOMINFO[0]) + 0.0003,
        longitude=float(DISKOMINFO[1]),
        accuracy_m=12,
        client_ref="e2e-papan-0001",
        device_token="token-perangkat-e2e-papan-0001",
        ip="127.0.0.1",
        user_agent="e2e",
    )
    after = _status_of(checkins_demo, kominfo, employee_user.employee.pk)
    expected = _count(page, kominfo.name, after) + (1 if after != before else 0)
    page.evaluate("htmx.ajax('GET', '/absensi/papan/', {target: '#papan', swap: 'outerHTML'})")

    expect(_cell(page, kominfo.name, after)).to_have_text(re.compile(rf"^{expected}\b"))
    page.get_by_role("link", name=kominfo.name, exact=True).click()
    expect(page.get_by_role("heading", name=kominfo.name)).to_be_visible()
    row = page.get_by_role("row").filter(has_text=employee_user.employee.name)
    expect(row).to_contain_text(re.compile(r"\d\d\.\d\d WITA"))
    _no_serious_violations(page)
    assert errors == []


def test_the_recap_exports_to_xlsx(checkins_demo: Any, live_url: str, browser_page: Any, tmp_path: Any) -> None:
    from terpadu.directory.models import Agency

    page = browser_page
    kominfo = Agency.objects.get(government=checkins_demo, short_name="Diskominfo")
    login(page, live_url, "sekda")
    page.goto(f"{live_url}/absensi/rekap/?agency={kominfo.pk}")
    expect(page.get_by_role("heading", name="Rekap presensi bulanan")).to_be_visible()
    expect(page.get_by_text("Belum ditutup", exact=True)).to_be_visible()
    _no_serious_violations(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Unduh XLSX").click()

    download = download_info.value
    assert re.fullmatch(r"rekap-presensi-\d{4}-\d{2}-.+\.xlsx", download.suggested_filename)
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    workbook = load_workbook(target)
    assert workbook.sheetnames == ["Per OPD", "Per pegawai"]
    totals = list(workbook["Per OPD"].iter_rows(values_only=True))
    assert totals[0][:3] == ("No.", "Kode", "OPD")
    assert totals[1][2] == kominfo.name
