"""E-Absen requests in the browser: an employee of the demo (pegawai.kominfo) asks for a day of cuti
tahunan with the balance in view; the direct superior (admin.kominfo, Kepala Subbagian Umum) approves it
from "Persetujuan" without leaving the page (HTMX); the employee sees it approved."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from terpadu.attendance.models import Excuse
from terpadu.attendance.request_common import local_today
from terpadu.calendar.interfaces import calendar_days
from tests.e2e.helpers import collect_errors, describe_violations, login, serious_violations

AXE = Axe()
OUTSIDE_THESE_PAGES = {"exclude": [[".messages"]]}


def _no_serious_violations(page: Any) -> None:
    violations = serious_violations(AXE.run(page, context=OUTSIDE_THESE_PAGES).response)
    assert violations == [], describe_violations(violations)


def _a_working_day_ahead(government_id: int) -> Any:
    today = local_today(government_id)
    days = calendar_days(government_id=government_id, start=today + timedelta(days=3), end=today + timedelta(days=30))
    working = [day.date for day in days if day.is_working]
    same_year = [day for day in working if day.year == today.year]  # cuti tahunan stays within one year
    return (same_year or working)[0]


def test_an_employee_asks_for_leave_and_the_superior_approves(demo: Any, live_url: str, new_page: Any) -> None:
    day = _a_working_day_ahead(demo.pk)

    employee = new_page()
    errors = collect_errors(employee)
    login(employee, live_url, "pegawai.kominfo")
    employee.get_by_role("navigation", name="Menu utama").get_by_role("link", name="Pengajuan saya").click()
    expect(employee.get_by_role("heading", level=1)).to_have_text("Pengajuan saya")
    expect(employee.locator("main")).to_contain_text(f"Sisa cuti tahunan {day.year}")
    _no_serious_violations(employee)
    employee.locator("#id_kind").select_option("annual")
    employee.locator("#id_start_date").fill(day.isoformat())
    employee.locator("#id_end_date").fill(day.isoformat())
    employee.locator("#id_reason").fill("Menghadiri wisuda anak")
    with employee.expect_navigation():
        employee.get_by_role("button", name="Ajukan", exact=True).click()
    expect(employee.get_by_role("status")).to_contain_text("Cuti tahunan diajukan kepada atasan langsung.")
    expect(employee.locator("main table").first).to_contain_text("Menunggu persetujuan")
    excuse = Excuse.objects.get(reason="Menghadiri wisuda anak")
    assert (excuse.status, excuse.working_days, excuse.approver.position.code) == ("pending", 1, "S1")

    superior = new_page()
    login(superior, live_url, "admin.kominfo")
    superior.get_by_role("navigation", name="Menu utama").get_by_role("link", name="Persetujuan").click()
    expect(superior.get_by_role("heading", level=1)).to_have_text("Persetujuan pengajuan")
    row = superior.locator(f"#izin-{excuse.pk}")
    expect(row).to_contain_text("Menghadiri wisuda anak")
    _no_serious_violations(superior)
    url_before = superior.url
    row.get_by_label(re.compile("^Catatan untuk")).fill("Selamat, silakan")
    row.get_by_role("button", name=re.compile("^Setujui")).click()
    expect(superior.locator(f"#izin-{excuse.pk}")).to_contain_text("Disetujui")
    assert superior.url == url_before  # swapped in place
    excuse.refresh_from_db()
    assert (excuse.status, excuse.decision_note) == ("approved", "Selamat, silakan")

    employee.reload()
    expect(employee.locator("main table").first).to_contain_text("Disetujui")
    expect(employee.locator("main table").first).to_contain_text("Selamat, silakan")
    assert errors == []
