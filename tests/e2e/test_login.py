"""Logging in and out through the real login form, for every demo role."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from terpadu.core.roles import ROLE_LABELS, Role
from terpadu.directory.demo import DEMO_ACCOUNTS, DemoAccount
from terpadu.directory.models import User
from terpadu.directory.tests.factories import user_with_role
from tests.e2e.helpers import HOME_PATH, LOGIN_PATH, collect_errors, login


@pytest.mark.parametrize("account", DEMO_ACCOUNTS, ids=[a.username for a in DEMO_ACCOUNTS])
def test_every_demo_role_logs_in_and_sees_its_home_page(
    account: DemoAccount, demo: Any, live_url: str, browser_page: Any
) -> None:
    # given the demo government and one of its accounts
    user = User.objects.get(username=account.username)
    # when the account logs in through the login form
    login(browser_page, live_url, account.username)
    # then it lands on its home page, greeted by name, with its role badge and the menu
    assert browser_page.url == live_url + HOME_PATH
    expect(browser_page.get_by_role("heading", level=1)).to_have_text(f"Selamat datang, {user.display_name}")
    expect(browser_page.locator("p.lead .badge")).to_have_text([ROLE_LABELS[account.role]])
    menu = browser_page.get_by_role("navigation", name="Menu utama")
    expect(menu).to_be_visible()
    expect(menu.get_by_role("link", name="Beranda", exact=True)).to_have_attribute("aria-current", "page")
    expect(browser_page).to_have_title("Beranda · Terpadu")


def test_an_employee_logs_in_with_the_nip(demo: Any, live_url: str, browser_page: Any) -> None:
    # given the employee behind pegawai.kominfo
    user = User.objects.select_related("employee").get(username="pegawai.kominfo")
    assert user.employee is not None
    nip = user.employee.nip
    # when they type their 18-digit NIP instead of the username
    login(browser_page, live_url, nip)
    # then they are in, as themselves
    assert browser_page.url == live_url + HOME_PATH
    expect(browser_page.get_by_role("heading", level=1)).to_have_text(f"Selamat datang, {user.employee.full_name}")
    expect(browser_page.locator("p.lead .badge")).to_have_text([ROLE_LABELS[Role.EMPLOYEE]])


def test_a_wrong_password_keeps_the_user_out(demo: Any, live_url: str, browser_page: Any) -> None:
    # when a demo account logs in with a wrong password
    login(browser_page, live_url, "pegawai.kominfo", password="salah-sekali")
    # then the login form is shown again with one error, the username kept and the password cleared
    assert browser_page.url == live_url + LOGIN_PATH
    expect(browser_page.get_by_role("alert")).to_have_text("Username/NIP atau kata sandi salah.")
    expect(browser_page.get_by_label("Username atau NIP")).to_have_value("pegawai.kominfo")
    expect(browser_page.get_by_label("Kata sandi")).to_have_value("")
    # and the home page still sends them to the login page
    browser_page.goto(live_url + HOME_PATH)
    assert browser_page.url == f"{live_url}{LOGIN_PATH}?next={quote(HOME_PATH)}"


def test_logout_returns_to_the_login_page(demo: Any, live_url: str, browser_page: Any) -> None:
    # given a logged-in employee
    login(browser_page, live_url, "pegawai.kominfo")
    assert browser_page.url == live_url + HOME_PATH
    # when they press "Keluar"
    with browser_page.expect_navigation():
        browser_page.get_by_role("button", name="Keluar").click()
    # then they are on the login page, logged out
    assert browser_page.url == live_url + LOGIN_PATH
    expect(browser_page.get_by_role("heading", level=1)).to_have_text("Masuk ke Terpadu")
    expect(browser_page.get_by_role("navigation", name="Menu utama")).to_have_count(0)
    browser_page.goto(live_url + HOME_PATH)
    assert browser_page.url == f"{live_url}{LOGIN_PATH}?next={quote(HOME_PATH)}"


def test_after_login_the_user_goes_to_the_page_they_asked_for(demo: Any, live_url: str, browser_page: Any) -> None:
    # given an anonymous visitor sent to the login page from the home page
    browser_page.goto(live_url + HOME_PATH)
    assert browser_page.url == f"{live_url}{LOGIN_PATH}?next={quote(HOME_PATH)}"
    # when they log in on that page
    browser_page.get_by_label("Username atau NIP").fill("sekda")
    browser_page.get_by_label("Kata sandi").fill("demo")
    with browser_page.expect_navigation():
        browser_page.get_by_role("button", name="Masuk", exact=True).click()
    # then they land where they were going
    assert browser_page.url == live_url + HOME_PATH


def test_a_role_requiring_two_factor_is_sent_to_the_two_factor_page(
    live_url: str, browser_page: Any, settings: Any
) -> None:
    # given an agency head without a TOTP device, outside demo mode
    settings.TERPADU_DEMO = False
    user_with_role(Role.AGENCY_HEAD, username="kepala.uji")
    errors = collect_errors(browser_page)
    # when they log in with the right password
    login(browser_page, live_url, "kepala.uji", password="rahasia-uji-123")
    # then they are sent to set up two-factor before anything else, on a page that loads cleanly
    setup = reverse("directory:two_factor_setup")
    assert browser_page.url == f"{live_url}{setup}?next={HOME_PATH}"
    assert errors == []
    browser_page.goto(live_url + HOME_PATH)
    assert browser_page.url == f"{live_url}{setup}?next={HOME_PATH}"
