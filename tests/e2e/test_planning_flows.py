"""E-Planning in the browser, on the demo data: Bappeda opens a round for Diskominfo; Diskominfo's operator
fills its Renja (a sub kegiatan from its mandate, an indicator, a budget line, the KAK/TOR) and submits;
Bappeda returns it with a note; the operator revises and submits again; Bappeda accepts it and reads what
changed between the versions. The Bupati reads the demo round's escalation. axe on each page."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from terpadu.planning.models import PlanningRound, WorkPlan
from tests.e2e.helpers import PHONE, collect_errors, describe_violations, horizontal_overflow, login, serious_violations

AXE = Axe()
OUTSIDE_THESE_PAGES = {"exclude": [[".messages"]]}
TITLE = "Renja Perubahan 2027 Diskominfo"
SUB = "2.16.03.2.02.0010"
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture
def planning_demo(demo: Any) -> Any:
    from terpadu.deadlines.demo import seed_demo_deadlines
    from terpadu.planning.demo import seed_demo_planning

    seed_demo_deadlines(demo.pk)
    seed_demo_planning(demo.pk)
    return demo


def _no_serious_violations(page: Any) -> None:
    violations = serious_violations(AXE.run(page, context=OUTSIDE_THESE_PAGES).response)
    assert violations == [], describe_violations(violations)


def _open_round(page: Any, live_url: str) -> PlanningRound:
    login(page, live_url, "admin.bappeda")
    page.get_by_role("navigation", name="Menu utama").get_by_role("link", name="Perencanaan").click()
    page.get_by_role("link", name="Buka putaran baru").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Buka putaran perencanaan")
    _no_serious_violations(page)
    page.get_by_label("Judul").fill(TITLE)
    page.locator("input[name=agency_ids]").evaluate_all("boxes => boxes.forEach(box => { box.checked = false; })")
    page.get_by_role("checkbox", name="3.01 — Dinas Komunikasi dan Informatika").check()
    page.get_by_label("Pagu indikatif 3.01 — Dinas Komunikasi dan Informatika").fill("250.000.000")
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan konsep").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    with page.expect_navigation():
        page.get_by_role("button", name="Terbitkan ke OPD").click()
    expect(page.get_by_role("status")).to_contain_text("Putaran diterbitkan")
    return PlanningRound.objects.get(obligation__title=TITLE)


def _fill_and_submit(page: Any, live_url: str, planning_round: PlanningRound) -> None:
    login(page, live_url, "operator.kominfo")
    page.goto(f"{live_url}/perencanaan/putaran/{planning_round.pk}/")
    page.get_by_role("link", name="3.01 — Dinas Komunikasi dan Informatika").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Mulai isi Renja").click()
    page.get_by_role("link", name="Tambah sub kegiatan").click()
    page.get_by_label("Cari kode atau nama sub kegiatan").fill("Jaringan Intra")
    page.get_by_role("button", name="Cari").click()
    _no_serious_violations(page)
    with page.expect_navigation():
        page.get_by_role("button", name=f"Tambah {SUB}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(SUB)
    page.get_by_label("Lokasi").fill("Seluruh OPD Kabupaten Contoh")
    page.get_by_label("Kelompok sasaran").fill("Perangkat daerah")
    page.get_by_label("Target baris 1").fill("10")
    page.get_by_label("Kode rekening baris 1").fill("5.2.02.10.01.0002")
    page.get_by_label("Uraian baris 1").fill("Perangkat jaringan")
    page.get_by_label("Maret baris 1").fill("75.000.000")
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan sub kegiatan").click()
    expect(page.get_by_role("status")).to_contain_text(f"Sub kegiatan {SUB} tersimpan.")
    assert horizontal_overflow(page) == 0  # the twelve months scroll inside their table, not the page
    _no_serious_violations(page)
    page.get_by_label("Berkas KAK/TOR").set_input_files(
        {"name": "KAK.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Unggah", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Data dukung tersimpan.")
    page.get_by_role("link", name="‹ Renja Diskominfo 2027").click()
    expect(page.locator("main")).to_contain_text("Rp 75.000.000")
    _no_serious_violations(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Kirim Renja ke Bappeda").click()
    expect(page.get_by_role("status")).to_contain_text("Renja terkirim")


def test_the_whole_round_open_fill_submit_return_revise_accept(
    planning_demo: Any, live_url: str, new_page: Any
) -> None:
    bappeda = new_page()
    errors = collect_errors(bappeda)
    planning_round = _open_round(bappeda, live_url)

    agency = new_page()
    agency_errors = collect_errors(agency)
    _fill_and_submit(agency, live_url, planning_round)
    plan = WorkPlan.objects.get(round=planning_round)
    assert (plan.status, plan.revision) == ("submitted", 1)

    bappeda.goto(f"{live_url}/perencanaan/renja/{plan.pk}/")
    _no_serious_violations(bappeda)
    bappeda.get_by_label("Catatan untuk OPD").fill("Target 10 OPD terlalu rendah; seluruh 15 OPD harus terhubung.")
    with bappeda.expect_navigation():
        bappeda.get_by_role("button", name="Kembalikan dengan catatan").click()
    expect(bappeda.get_by_role("status")).to_contain_text("Renja dikembalikan kepada OPD.")

    agency.reload()
    expect(agency.locator("main")).to_contain_text("seluruh 15 OPD harus terhubung")
    agency.get_by_role("link", name=SUB).click()
    agency.get_by_label("Target baris 1").fill("15")
    with agency.expect_navigation():
        agency.get_by_role("button", name="Simpan sub kegiatan").click()
    agency.get_by_role("link", name="‹ Renja Diskominfo 2027").click()
    with agency.expect_navigation():
        agency.get_by_role("button", name="Kirim Renja ke Bappeda").click()
    expect(agency.get_by_role("status")).to_contain_text("Renja terkirim")

    bappeda.reload()
    with bappeda.expect_navigation():
        bappeda.get_by_role("button", name="Terima dan kunci").click()
    expect(bappeda.get_by_role("status")).to_contain_text("Renja diterima dan dikunci.")
    bappeda.get_by_role("link", name="Versi dan perubahan").click()
    expect(bappeda.locator("main table").last).to_contain_text("Target")
    _no_serious_violations(bappeda)
    plan.refresh_from_db()
    assert (plan.status, plan.revision) == ("accepted", 2)
    assert errors == [] and agency_errors == []


def test_the_bupati_sees_who_did_not_comply_on_a_phone(planning_demo: Any, live_url: str, new_page: Any) -> None:
    page = new_page(**PHONE)
    errors = collect_errors(page)
    login(page, live_url, "bupati")
    page.goto(live_url + "/perencanaan/")
    page.get_by_role("link", name="Renja 2027: program kerja, kebutuhan anggaran dan data dukung").click()
    expect(page.locator("main")).to_contain_text("Lewat tenggat")
    _no_serious_violations(page)
    page.get_by_role("link", name="Laporan eskalasi ke Bupati").click()
    expect(page.get_by_role("heading", name="OPD yang tidak memenuhi tenggat")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Dinsos")
    assert horizontal_overflow(page) == 0
    assert errors == []
