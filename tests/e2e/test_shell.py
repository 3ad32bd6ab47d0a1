"""The page shell (header, menu, skip link) in the browser: keyboard, phone layout, clean console."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.e2e.helpers import HOME_PATH, LOGIN_PATH, PHONE, collect_errors, horizontal_overflow, login


def test_the_skip_link_is_the_first_stop_and_jumps_to_the_content(demo: Any, live_url: str, browser_page: Any) -> None:
    # given a logged-in user on the home page
    login(browser_page, live_url, "pegawai.kominfo")
    assert browser_page.url == live_url + HOME_PATH
    skip = browser_page.get_by_role("link", name="Lewati ke konten utama")
    expect(skip).not_to_be_in_viewport()
    # when they press Tab from the start of the page
    browser_page.keyboard.press("Tab")
    # then the skip link has the focus, is on screen and shows the focus ring
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    expect(skip).to_have_css("outline-style", "solid")
    expect(skip).to_have_css("outline-width", "3px")
    # when they press Enter
    browser_page.keyboard.press("Enter")
    # then the main content has the focus, and the next Tab stays inside it
    expect(browser_page.locator("main#konten")).to_be_focused()
    browser_page.keyboard.press("Tab")
    assert browser_page.evaluate("document.activeElement.parentElement.closest('main#konten') !== null") is True


def test_on_a_phone_the_menu_button_opens_and_closes_the_menu(demo: Any, live_url: str, new_page: Any) -> None:
    # given a logged-in user on a phone
    page = new_page(**PHONE)
    login(page, live_url, "admin.kominfo")
    assert page.url == live_url + HOME_PATH
    button = page.get_by_role("button", name="Menu")
    menu = page.get_by_role("navigation", name="Menu utama")
    # then the menu starts closed, behind the "Menu" button
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_hidden()
    # when they press the button
    button.click()
    # then the menu opens
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(menu).to_be_visible()
    expect(menu.get_by_role("link", name="Beranda", exact=True)).to_be_visible()
    assert horizontal_overflow(page) == 0
    # when they press it again
    button.click()
    # then it closes
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_hidden()


def test_on_a_phone_escape_closes_the_menu_and_returns_to_the_button(demo: Any, live_url: str, new_page: Any) -> None:
    # given a phone user who opened the menu with the keyboard
    page = new_page(**PHONE)
    login(page, live_url, "pegawai.kominfo")
    button = page.get_by_role("button", name="Menu")
    button.focus()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    page.get_by_role("navigation", name="Menu utama").get_by_role("link", name="Beranda", exact=True).focus()
    # when they press Escape
    page.keyboard.press("Escape")
    # then the menu closes and the focus is back on the button
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_role("navigation", name="Menu utama")).to_be_hidden()
    expect(button).to_be_focused()


def test_on_a_phone_no_page_scrolls_sideways(demo: Any, live_url: str, new_page: Any) -> None:
    # given a phone
    page = new_page(**PHONE)
    # when the login page, the login error and the home page are shown
    page.goto(live_url + LOGIN_PATH)
    login_overflow = horizontal_overflow(page)
    login(page, live_url, "kadis.kominfo", password="salah-sekali")
    error_overflow = horizontal_overflow(page)
    login(page, live_url, "kadis.kominfo")
    assert page.url == live_url + HOME_PATH
    home_overflow = horizontal_overflow(page)
    # then none of them is wider than the screen, and the "Keluar" button stays reachable
    assert (login_overflow, error_overflow, home_overflow) == (0, 0, 0)
    expect(page.get_by_role("button", name="Keluar")).to_be_in_viewport()


def test_pages_load_without_console_errors_or_blocked_resources(demo: Any, live_url: str, browser_page: Any) -> None:
    # given a browser recording console errors (a CSP violation is one) and failed requests
    errors = collect_errors(browser_page)
    failed: list[str] = []
    browser_page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    browser_page.on("requestfailed", lambda r: failed.append(f"failed {r.url}"))
    # when the login page and, after logging in, the home page load
    login(browser_page, live_url, "sekda")
    assert browser_page.url == live_url + HOME_PATH
    browser_page.wait_for_load_state("load")
    # then nothing went wrong
    assert errors == []
    assert failed == []
