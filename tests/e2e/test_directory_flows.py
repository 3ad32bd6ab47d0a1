"""Directory flows in the browser: an agency admin adds an employee (NIP checked), moves them to
another unit, and another agency's admin cannot open the record."""

from __future__ import annotations

import re
from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from terpadu.core.models import AuditEvent
from terpadu.directory.models import Employee
from tests.e2e.helpers import PHONE, describe_violations, login, serious_violations

EMPLOYEES = "/direktori/pegawai/"
BAD_NIP = "199506302020033042"  # gender digit 3
GOOD_NIP = "199506302020032042"
NIP_ERROR = "Kode jenis kelamin pada NIP (angka ke-15) harus 1 (laki-laki) atau 2 (perempuan)."
AXE = Axe()


#: The flash messages of the shell (base.html: <ul role="status"> around <li>) are the shell's to fix;
#: these tests check the directory pages themselves.
OUTSIDE_THESE_PAGES = {"exclude": [[".messages"]]}


def _no_serious_violations(page: Any) -> None:
    violations = serious_violations(AXE.run(page, context=OUTSIDE_THESE_PAGES).response)
    assert violations == [], describe_violations(violations)


def _submit(page: Any, name: str = "Simpan") -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()


def _fill_new_employee(page: Any, nip: str) -> None:
    page.get_by_label("NIP").fill(nip)
    page.get_by_label("Nama", exact=False).first.fill("Siti Aminah")
    page.get_by_label("Gelar belakang").fill("S.Kom")
    page.get_by_label("Jabatan").select_option(label="Pengadministrasi Perkantoran — Subbagian Umum dan Kepegawaian")
    page.get_by_label("TMT").fill("2024-02-01")


def test_an_agency_admin_adds_moves_and_another_agency_cannot_see_the_employee(
    demo: Any, live_url: str, browser_page: Any, new_page: Any
) -> None:
    page = browser_page
    login(page, live_url, "admin.kominfo")
    employees = Employee.objects.count()

    # when the admin adds an employee with an invalid NIP
    page.goto(live_url + EMPLOYEES)
    page.get_by_role("link", name="Tambah pegawai").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tambah pegawai — Diskominfo")
    _fill_new_employee(page, BAD_NIP)
    _submit(page)
    # then the rule's message stands next to the NIP, the input is kept and nothing is saved
    expect(page.locator("#id_nip_error")).to_have_text(NIP_ERROR)
    expect(page.locator("#id_nip")).to_have_value(BAD_NIP)
    expect(page.locator("#id_name")).to_have_value("Siti Aminah")
    assert Employee.objects.count() == employees
    _no_serious_violations(page)

    # when they fix the NIP and save
    page.locator("#id_nip").fill(GOOD_NIP)
    _submit(page)
    # then the employee's page shows the record
    expect(page.get_by_role("heading", level=1)).to_have_text("Siti Aminah, S.Kom")
    expect(page.get_by_role("status")).to_have_text("Pegawai baru tersimpan.")
    employee = Employee.objects.get(nip=GOOD_NIP)
    detail_url = page.url
    assert detail_url == f"{live_url}{EMPLOYEES}{employee.pk}/"

    # when they move her to a position in another unit (mutasi)
    page.get_by_role("link", name="Mutasi / promosi").click()
    page.get_by_label("Jabatan").select_option(label="Analis — Bidang Aplikasi Informatika")
    page.get_by_label("TMT").fill("2024-08-01")
    page.get_by_label("Nomor SK").fill("800/45/BKPSDM/2024")
    _submit(page)
    # then the history shows the new placement above the closed one
    assert page.url == detail_url
    rows = page.get_by_role("table").get_by_role("row")
    expect(rows).to_have_count(3)
    expect(rows.nth(1)).to_contain_text("1 Agustus 2024")
    expect(rows.nth(1)).to_contain_text("Mutasi")
    expect(rows.nth(1)).to_contain_text("Analis")
    expect(rows.nth(1)).to_contain_text("800/45/BKPSDM/2024")
    expect(rows.nth(2)).to_contain_text("Pengangkatan")
    expect(rows.nth(2)).to_contain_text("Pengadministrasi Perkantoran")
    assert AuditEvent.objects.filter(object_id=str(employee.pk), action="employee.place.mutasi").count() == 1
    _no_serious_violations(page)

    # when the admin of another agency opens the same address
    other = new_page()
    login(other, live_url, "admin.dinkes")
    response = other.goto(detail_url)
    # then it does not exist for them
    assert response is not None and response.status == 404
    expect(other.get_by_role("heading", level=1)).to_have_text("Tidak ditemukan")
    expect(other.locator("main")).not_to_contain_text("Siti Aminah")


def test_the_employee_filter_updates_the_table_in_place_and_the_url(demo: Any, live_url: str, new_page: Any) -> None:
    # given the platform admin on a phone, on the employee list
    page = new_page(**PHONE)
    login(page, live_url, "admin")
    page.goto(live_url + EMPLOYEES)
    first_row = page.locator("#hasil-pegawai tbody tr").first
    expect(first_row).to_be_visible()
    # when they choose an OPD (no submit button pressed)
    page.get_by_label("OPD", exact=True).select_option(label="Dinkes")
    # then the results and the units follow without a page load, and the URL records the filter
    expect(page.locator("#saring-unit select option").nth(1)).to_have_text("Pimpinan")
    expect(page.locator("#hasil-pegawai tbody tr td:nth-child(5)").first).to_have_text("Dinkes")
    expect(page).to_have_url(re.compile(rf"{EMPLOYEES}\?.*opd={_agency_id('Dinkes')}(&|$)"))
    _no_serious_violations(page)


def _agency_id(short_name: str) -> int:
    from terpadu.directory.models import Agency

    return Agency.objects.get(short_name=short_name).pk


def test_the_directory_and_audit_pages_have_no_serious_violations_on_a_phone(
    demo: Any, live_url: str, new_page: Any
) -> None:
    # given the platform admin on a phone
    page = new_page(**PHONE)
    login(page, live_url, "admin")
    agency = _agency_id("Diskominfo")
    employee = Employee.objects.filter(agency_id=agency).order_by("pk").first()
    assert employee is not None
    paths = [
        "/direktori/opd/",
        f"/direktori/opd/{agency}/",
        f"/direktori/opd/{agency}/jabatan/baru/",
        f"/direktori/pegawai/{employee.pk}/",
        f"/direktori/pegawai/{employee.pk}/mutasi/",
        "/direktori/pegawai/baru/",
        "/direktori/pemda/",
        "/direktori/pemda/ubah/",
        "/audit/?periksa=1",
    ]
    for path in paths:
        # when each page is opened
        response = page.goto(live_url + path)
        # then it answers and axe finds nothing serious
        assert response is not None and response.status == 200, path
        violations = serious_violations(AXE.run(page, context=OUTSIDE_THESE_PAGES).response)
        assert violations == [], f"{path}\n{describe_violations(violations)}"
    page.goto(live_url + "/audit/?periksa=1")
    expect(page.get_by_role("main")).to_contain_text("Rantai hash utuh:")
