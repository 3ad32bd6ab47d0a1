"""Browser tests: real headless Chromium (Debian ``/usr/bin/chromium``) driven by Playwright.

Every test collected under ``tests/e2e`` is marked ``e2e`` (select with ``-m e2e``, skip with
``-m "not e2e"``). Without ``/usr/bin/chromium`` the tests are skipped, or fail when ``CI=true``.

Fixtures for any module's browser tests:

``browser``       one Chromium per pytest(-xdist) worker process (session scope).
``live_url``      base URL of the live test server (``live_server.url``, no trailing slash). It
                  uses ``transactional_db``: data created in a test is committed, so the server
                  thread sees it; the database is emptied after each test.
``demo``          seeds the demo government "Kabupaten Contoh" (``seed_demo_government()``) and sets
                  ``settings.TERPADU_DEMO = True`` so the demo accounts (password "demo") skip 2FA.
                  Returns the :class:`~terpadu.directory.models.Government`.
``browser_page``  a fresh context (no cookies, no cache) and page: viewport 1280x800, default
                  timeout 10 s (``expect`` waits 10 s too), locale ``id-ID``. Closed after the test.
``new_page``      factory for more pages, each in its own fresh context, with any context options:
                  ``new_page(**PHONE)`` for a phone (390x844, touch), ``new_page(storage_state=...)``.

Plain helpers live in :mod:`tests.e2e.helpers` (import them, they are not fixtures):
``login(page, live_url, username, password="demo")`` fills "Username atau NIP" and "Kata sandi"
by their labels, submits and waits for the answer; ``collect_errors(page)`` records console errors
(CSP violations included); ``horizontal_overflow(page)``; ``serious_violations``/``describe_violations``
for axe results; constants ``LOGIN_PATH``, ``HOME_PATH``, ``DESKTOP``, ``PHONE``.

Other test data: create it in the test with the factories of ``terpadu.<app>.tests.factories`` (it
is committed, the live server sees it). Users from ``user_with_role`` have the password
"rahasia-uji-123"; if their role requires 2FA (``TWO_FACTOR_ROLES``) login sends them to the
two-factor pages: use a demo account (with ``demo``) to reach such a role's pages directly.

Example::

    from tests.e2e.helpers import login

    def test_employee_sees_home(demo, live_url, browser_page):
        login(browser_page, live_url, "pegawai.kominfo")
        assert browser_page.url == live_url + "/beranda/"
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from .helpers import CHROMIUM, DEFAULT_TIMEOUT_MS, DESKTOP, LAUNCH_ARGS

# Playwright's sync API runs an event loop in this thread; Django would then refuse ORM calls made
# by the tests (and fixtures) with SynchronousOnlyOperation although they are plain synchronous code.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

E2E_DIR = Path(__file__).parent
expect.set_options(timeout=DEFAULT_TIMEOUT_MS)  # expect(...) waits as long as page actions do


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the browser tests ``e2e`` and run them after the others (same order in every xdist worker).

    Running them last makes fast failures show first and keeps Playwright's event loop, which lives
    until the end of the worker's session, away from the other tests.
    """
    browser_tests = [item for item in items if E2E_DIR in Path(str(item.path)).parents]
    for item in browser_tests:
        item.add_marker(pytest.mark.e2e)
    chosen = set(browser_tests)
    items[:] = [item for item in items if item not in chosen] + browser_tests


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium per worker process."""
    if not os.path.exists(CHROMIUM):
        reason = f"{CHROMIUM} is missing: install Debian chromium (make browser) to run the browser tests"
        if os.environ.get("CI") == "true":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def live_url(live_server: Any, transactional_db: None) -> str:
    return str(live_server.url)


@pytest.fixture
def demo(transactional_db: None, settings: Any) -> Any:
    from terpadu.directory.demo import seed_demo_government

    settings.TERPADU_DEMO = True
    government, _ = seed_demo_government()
    return government


@pytest.fixture
def new_page(browser: Any) -> Iterator[Callable[..., Any]]:
    """Factory: ``new_page(**context_options)`` → a page in a fresh context, closed after the test."""
    contexts: list[Any] = []

    def make(**options: Any) -> Any:
        options.setdefault("viewport", DESKTOP)
        options.setdefault("locale", "id-ID")
        context = browser.new_context(**options)
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def browser_page(new_page: Callable[..., Any]) -> Any:
    return new_page()
