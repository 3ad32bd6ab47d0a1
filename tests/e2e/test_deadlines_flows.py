"""The deadlines module in the browser, on the demo data: an OPD finishes and sends its answer before the
Sekda's deadline; the Bupati reads the escalation report of the overdue LPPD request. axe on each page."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.e2e.helpers import PHONE, collect_errors, describe_violations, horizontal_overflow, login, serious_violations

AXE = Axe()
OPEN_TITLE = "Input Program Kerja dan Kebutuhan Anggaran 2027"
OVERDUE_TITLE = "Data LPPD Tahun 2025"


@pytest.fixture
def deadlines_demo(demo: Any) -> Any:
    from terpadu.deadlines.demo import seed_demo_deadlines

    seed_demo_deadlines(demo.pk)
    return demo


def _no_serious_violations(page: Any) -> None:
    violations = serious_violations(AXE.run(page).response)
    assert violations == [], describe_violations(violations)


def test_an_agency_operator_finishes_and_sends_its_answer(
    deadlines_demo: Any, live_url: str, browser_page: Any
) -> None:
    page = browser_page
    errors = collect_errors(page)
    # given the Diskominfo operator on the home page, with the Sekda's request in "Tenggat saya"
    login(page, live_url, "operator.kominfo")
    page.get_by_role("link", name=OPEN_TITLE).first.click()
    assert page.get_by_role("heading", name="Jawaban Diskominfo").is_visible()
    _no_serious_violations(page)
    # when the operator tries to send with required items empty
    page.get_by_role("button", name="Kirim jawaban").click()
    # then the missing items are listed and nothing was sent
    assert page.get_by_text(
        "Butir wajib yang belum diisi: Kebutuhan anggaran 2027 (Rp); Jumlah kegiatan prioritas"
    ).first.is_visible()
    _no_serious_violations(page)
    # when the operator fills them in and sends
    page.get_by_label("Kebutuhan anggaran 2027 (Rp) (wajib)").fill("3.250.000.000")
    page.get_by_label("Jumlah kegiatan prioritas (wajib)").fill("7")
    page.get_by_role("button", name="Kirim jawaban").click()
    # then the answer is sent on time
    assert page.get_by_text("Jawaban terkirim.").is_visible()
    assert page.locator(".badge", has_text="Terkirim").first.is_visible()
    assert [e for e in errors if "status of 422" not in e] == []  # the refused send answers 422 on purpose


def test_the_bupati_reads_the_escalation_report_on_a_phone(deadlines_demo: Any, live_url: str, new_page: Any) -> None:
    page = new_page(**PHONE)
    errors = collect_errors(page)
    # given the Bupati, whose home page reports the overdue request
    login(page, live_url, "bupati")
    page.get_by_role("link", name=f"Laporan eskalasi: {OVERDUE_TITLE}").click()
    # then the report lists the agencies that did not comply, fits the phone and passes axe
    assert page.get_by_role("heading", name="OPD yang tidak memenuhi tenggat").is_visible()
    assert page.get_by_role("cell", name="3.04 — Dinas PUPR").is_visible()
    assert horizontal_overflow(page) == 0
    _no_serious_violations(page)
    pdf = page.request.get(live_url + (page.get_by_role("link", name="Unduh PDF (berkop)").get_attribute("href") or ""))
    assert (pdf.status, pdf.headers["content-type"], pdf.body()[:4]) == (200, "application/pdf", b"%PDF")
    assert errors == []


def test_the_sekda_request_form_passes_axe(deadlines_demo: Any, live_url: str, browser_page: Any) -> None:
    page = browser_page
    login(page, live_url, "sekda")
    page.goto(live_url + "/tenggat/baru/")
    assert page.get_by_role("group", name="OPD tujuan").is_visible()
    _no_serious_violations(page)
    page.goto(live_url + "/tenggat/")
    page.get_by_role("link", name=OPEN_TITLE).click()
    _no_serious_violations(page)
