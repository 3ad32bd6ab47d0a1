"""E-Absen check-in in the browser, on the demo data: a Diskominfo employee opens Presensi on a phone whose
(simulated) position is inside the Diskominfo fence and checks in; from a position far outside the same
tap is refused with the distance. The agency admin opens the office QR screen. axe on each page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.e2e.helpers import PHONE, collect_errors, describe_violations, horizontal_overflow, login, serious_violations

AXE = Axe()


@pytest.fixture
def checkins_demo(demo: Any) -> Any:
    from terpadu.attendance.demo_checkins import seed_demo_checkins

    seed_demo_checkins(demo.pk)
    return demo


def _no_serious_violations(page: Any) -> None:
    violations = serious_violations(AXE.run(page).response)
    assert violations == [], describe_violations(violations)


def _phone_at(new_page: Any, latitude: float, longitude: float) -> Any:
    return new_page(
        **PHONE,
        geolocation={"latitude": latitude, "longitude": longitude, "accuracy": 12},
        permissions=["geolocation"],
    )


def test_an_employee_checks_in_inside_the_fence(checkins_demo: Any, live_url: str, new_page: Any) -> None:
    from terpadu.attendance.demo_checkins import DISKOMINFO
    from terpadu.attendance.models import AttendanceEvent, Device

    page = _phone_at(new_page, float(DISKOMINFO[0]) + 0.0003, float(DISKOMINFO[1]))  # about 33 m north
    errors = collect_errors(page)
    login(page, live_url, "pegawai.kominfo")
    page.get_by_role("link", name="Presensi", exact=True).click()
    expect(page.get_by_role("heading", name="Presensi", exact=True)).to_be_visible()
    expect(page.get_by_text(re.compile(r"Lokasi terbaca \(akurasi ±12 m\)"))).to_be_visible()
    _no_serious_violations(page)
    assert horizontal_overflow(page) == 0

    page.get_by_role("button", name="Masuk", exact=True).click()

    expect(
        page.get_by_text(re.compile(r"Presensi masuk tercatat pada .* WITA di Kantor Diskominfo \(jarak 33 m\)\."))
    ).to_be_visible()
    expect(page.get_by_role("cell", name="Kantor Diskominfo")).to_be_visible()
    event = AttendanceEvent.objects.get()
    assert (event.source, event.distance_m, event.accuracy_m, event.flexible) == ("gps", 33, 12.0, "")
    assert Device.objects.get().status == "active"  # the first phone registered itself
    _no_serious_violations(page)
    assert errors == []


def test_far_outside_the_fence_the_reason_is_shown(checkins_demo: Any, live_url: str, new_page: Any) -> None:
    from terpadu.attendance.models import AttendanceEvent

    page = _phone_at(new_page, -8.6500, 115.2167)  # Denpasar, about 940 km away
    login(page, live_url, "pegawai.kominfo")
    page.goto(live_url + "/absensi/")
    expect(page.get_by_text(re.compile(r"Lokasi terbaca"))).to_be_visible()

    page.get_by_role("button", name="Masuk", exact=True).click()

    refusal = page.get_by_text(
        re.compile(r"Presensi ditolak: Anda berada di luar lokasi kerja: [\d.]+ m dari Kantor Diskominfo \(batas 150 m")
    )
    expect(refusal).to_be_visible()
    expect(page.get_by_text("Belum ada presensi hari ini.")).to_be_visible()
    assert AttendanceEvent.objects.count() == 0
    _no_serious_violations(page)


def test_the_agency_admin_opens_the_qr_screen(checkins_demo: Any, live_url: str, browser_page: Any) -> None:
    page = browser_page
    errors = collect_errors(page)
    login(page, live_url, "admin.kominfo")
    page.goto(live_url + "/absensi/lokasi/")
    expect(page.get_by_role("heading", name="Lokasi kerja dan layar QR")).to_be_visible()
    _no_serious_violations(page)
    page.get_by_role("link", name="Layar lobi Diskominfo").click()
    expect(page.get_by_role("img", name="Kode QR presensi Kantor Diskominfo")).to_be_visible()
    _no_serious_violations(page)
    assert errors == []
