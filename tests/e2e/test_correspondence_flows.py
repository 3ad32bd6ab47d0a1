"""E-Surat in the browser: a staff member drafts a letter, the division chief initials it, the head signs
it (the number is shown), it is sent to another agency, whose head disposes it to a chief who disposes it
to a staff member; the staff member records the follow-up and the tree shows it closed from the leaves;
the public verification page of the signed letter says it is valid."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from terpadu.correspondence.models import InboxItem, Letter
from terpadu.correspondence.tests.org import build_org
from tests.e2e.helpers import describe_violations, login, serious_violations

PASSWORD = "rahasia-uji-123"  # of users made by user_with_role
AXE = Axe()
#: the flash messages belong to the shell (see test_directory_flows)
OUTSIDE_THESE_PAGES = {"exclude": [[".messages"]]}


@pytest.fixture(autouse=True)
def _no_two_factor(settings: Any) -> None:
    settings.TWO_FACTOR_REQUIRED = False  # the heads would otherwise be sent to the TOTP set-up


def _no_serious_violations(page: Any) -> None:
    violations = serious_violations(AXE.run(page, context=OUTSIDE_THESE_PAGES).response)
    assert violations == [], describe_violations(violations)


def _as(new_page: Any, live_url: str, user: Any) -> Any:
    page = new_page()
    login(page, live_url, user.username, password=PASSWORD)
    return page


def _click(page: Any, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()


def _open_from_box(page: Any, live_url: str, box: str, subject: str) -> None:
    page.goto(f"{live_url}/surat/?box={box}")
    page.get_by_role("link", name=subject).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(subject)


def _dispose(page: Any, to: str) -> None:
    page.get_by_label(to).check()
    page.get_by_label("Tindak lanjuti").check()
    page.get_by_label("Catatan disposisi").fill("Mohon segera ditangani")
    _click(page, "Kirim disposisi")
    expect(page.get_by_role("status")).to_contain_text("Disposisi terkirim kepada 1 orang.")


def test_a_letter_from_draft_to_follow_up(live_url: str, new_page: Any) -> None:
    org = build_org()
    subject = "Undangan rapat koordinasi jaringan"

    # the staff member drafts the letter and submits it
    staff = _as(new_page, live_url, org.kominfo.staff)
    staff.goto(live_url + "/surat/")
    _no_serious_violations(staff)
    staff.get_by_role("link", name="Tulis naskah").first.click()
    staff.get_by_label("Jenis naskah").select_option("surat_dinas")
    staff.get_by_label("Kode klasifikasi").fill("000.1.5")
    staff.get_by_label("Hal", exact=True).fill(subject)
    staff.get_by_label("Isi naskah").fill("Dengan hormat,\n\nKami mengundang Saudara menghadiri rapat koordinasi.")
    staff.get_by_label("Kepada: OPD").select_option(str(org.dinkes.agency.pk))
    staff.get_by_label("Pemaraf 1").select_option(str(org.kominfo.chief.employee_id))
    staff.get_by_label("Penanda tangan").select_option(str(org.kominfo.head.employee_id))
    _no_serious_violations(staff)
    _click(staff, "Simpan konsep")
    expect(staff.get_by_role("heading", level=1)).to_have_text(subject)
    letter = Letter.objects.get(subject=subject)
    letter_url = f"{live_url}/surat/naskah/{letter.pk}/"
    assert staff.url == letter_url
    _click(staff, "Ajukan")
    expect(staff.get_by_role("status")).to_contain_text("Naskah diajukan.")

    # the chief initials it from the box "Perlu diparaf"
    chief = _as(new_page, live_url, org.kominfo.chief)
    _open_from_box(chief, live_url, "to_review", subject)
    _no_serious_violations(chief)
    _click(chief, "Paraf")
    expect(chief.get_by_role("status")).to_contain_text("Naskah telah Anda paraf.")

    # the head signs it: the number is shown
    head = _as(new_page, live_url, org.kominfo.head)
    _open_from_box(head, live_url, "to_sign", subject)
    _click(head, "Tandatangani")
    letter.refresh_from_db()
    assert letter.status == "signed" and letter.number
    expect(head.get_by_role("status")).to_contain_text(f"Nomor naskah: {letter.number}.")
    expect(head.locator("dl.details").first).to_contain_text(letter.number)
    _no_serious_violations(head)

    # the drafter sends it to Dinkes
    staff.goto(letter_url)
    _click(staff, "Kirim")
    expect(staff.get_by_role("status")).to_contain_text("Naskah terkirim.")

    # the receiving head disposes it to the chief, who disposes it to the staff member
    dinkes_head = _as(new_page, live_url, org.dinkes.head)
    _open_from_box(dinkes_head, live_url, "follow_up", subject)
    expect(dinkes_head.locator("main")).to_contain_text("agenda 1/")
    _no_serious_violations(dinkes_head)
    _dispose(dinkes_head, f"{org.dinkes.chief.employee.full_name} — Kepala Bidang, dinkes")
    dinkes_chief = _as(new_page, live_url, org.dinkes.chief)
    _open_from_box(dinkes_chief, live_url, "dispositions_pending", subject)
    _dispose(dinkes_chief, f"{org.dinkes.staff.employee.full_name} — Analis, dinkes")

    # the staff member records the follow-up
    dinkes_staff = _as(new_page, live_url, org.dinkes.staff)
    _open_from_box(dinkes_staff, live_url, "dispositions_unread", subject)
    dinkes_staff.get_by_label("Tindak lanjut", exact=True).fill("Bahan rapat sudah disiapkan")
    _click(dinkes_staff, "Simpan tindak lanjut")
    expect(dinkes_staff.get_by_role("status")).to_contain_text("Tindak lanjut tercatat.")

    # the tree shows both dispositions followed up, and the head's own item is closed
    dinkes_head.goto(letter_url)
    tree = dinkes_head.locator("ul.tree").first
    expect(tree.get_by_text("Sudah ditindaklanjuti")).to_have_count(2)
    expect(tree).to_contain_text("Bahan rapat sudah disiapkan")
    head_item = InboxItem.objects.get(letter=letter, kind="to")
    assert head_item.follow_up_status == "done"
    _no_serious_violations(dinkes_head)

    # the Sekda's follow-up report counts nothing left for Dinkes
    sekda = _as(new_page, live_url, org.sekda)
    sekda.goto(live_url + "/surat/tindak-lanjut/")
    expect(sekda.get_by_role("heading", level=1)).to_have_text("Tindak lanjut surat")
    expect(sekda.locator("main")).to_contain_text("Semua surat sudah ditindaklanjuti.")
    _no_serious_violations(sekda)

    # the public verification page of the signed letter says it is valid
    link = head.get_by_role("link", name="Halaman verifikasi publik")
    head.goto(letter_url)
    verify_url = link.get_attribute("href")
    assert verify_url == f"/verifikasi/{letter.verification_token}/"
    public = new_page()
    public.goto(live_url + verify_url)
    expect(public.get_by_role("status")).to_contain_text("Naskah ini sah")
    expect(public.locator("main")).to_contain_text(letter.number)
