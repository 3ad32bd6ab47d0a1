"""axe-core in the browser: no "serious" or "critical" accessibility violation on the shell pages."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from terpadu.core.roles import Role
from terpadu.directory.tests.factories import user_with_role
from tests.e2e.helpers import (
    HOME_PATH,
    LOGIN_PATH,
    PHONE,
    describe_violations,
    login,
    serious_violations,
)

AXE = Axe()


def _axe(page: Any) -> list[dict[str, Any]]:
    return serious_violations(AXE.run(page).response)


def test_the_login_page_has_no_serious_violations(live_url: str, browser_page: Any) -> None:
    # given the login page, empty and then with a login error
    browser_page.goto(live_url + LOGIN_PATH)
    empty = _axe(browser_page)
    login(browser_page, live_url, "tidak.ada", password="salah-sekali")
    with_error = _axe(browser_page)
    # then axe finds nothing serious on either
    assert empty == [], describe_violations(empty)
    assert with_error == [], describe_violations(with_error)


@pytest.mark.parametrize("username", ["admin", "kadis.kominfo", "pegawai.kominfo", "inspektur"])
def test_the_home_page_has_no_serious_violations(username: str, demo: Any, live_url: str, browser_page: Any) -> None:
    # given a demo account on its home page
    login(browser_page, live_url, username)
    assert browser_page.url == live_url + HOME_PATH
    # when axe checks the page
    violations = _axe(browser_page)
    # then it finds nothing serious
    assert violations == [], describe_violations(violations)


def test_the_two_factor_setup_page_has_no_serious_violations(live_url: str, browser_page: Any, settings: Any) -> None:
    # given an agency head without a TOTP device, outside demo mode, sent to the two-factor set-up
    settings.TERPADU_DEMO = False
    user_with_role(Role.AGENCY_HEAD, username="kepala.uji")
    login(browser_page, live_url, "kepala.uji", password="rahasia-uji-123")
    assert browser_page.url == f"{live_url}{reverse('directory:two_factor_setup')}?next={HOME_PATH}"
    # when axe checks the page
    violations = _axe(browser_page)
    # then it finds nothing serious
    assert violations == [], describe_violations(violations)


def test_the_phone_home_page_with_the_menu_open_has_no_serious_violations(
    demo: Any, live_url: str, new_page: Any
) -> None:
    # given a phone user with the menu open
    page = new_page(**PHONE)
    login(page, live_url, "pegawai.kominfo")
    page.get_by_role("button", name="Menu").click()
    # when axe checks the page
    violations = _axe(page)
    # then it finds nothing serious
    assert violations == [], describe_violations(violations)
