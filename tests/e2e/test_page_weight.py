"""Page weight: what a first visit really transfers (HTML + CSS + JS + images), measured by Chromium."""

from __future__ import annotations

import time
from typing import Any

from tests.e2e.helpers import DEFAULT_TIMEOUT_MS, DESKTOP, HOME_PATH, LOGIN_PATH, login

BUDGET = 100 * 1024


def _transferred(browser: Any, url: str, storage_state: Any = None) -> tuple[int, dict[str, int]]:
    """Bytes received over the network (headers + encoded bodies) loading ``url`` in a fresh, cacheless context."""
    context = browser.new_context(viewport=DESKTOP, storage_state=storage_state)
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        urls: dict[str, str] = {}
        pending: set[str] = set()
        sizes: dict[str, int] = {}

        def sent(event: dict[str, Any]) -> None:
            urls[event["requestId"]] = event["request"]["url"]
            pending.add(event["requestId"])

        def finished(event: dict[str, Any]) -> None:
            request_url = urls.get(event["requestId"], event["requestId"])
            sizes[request_url] = sizes.get(request_url, 0) + int(event["encodedDataLength"])
            pending.discard(event["requestId"])

        cdp.on("Network.requestWillBeSent", sent)
        cdp.on("Network.loadingFinished", finished)
        cdp.on("Network.loadingFailed", lambda event: pending.discard(event["requestId"]))
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        page.goto(url, wait_until="load")
        deadline = time.monotonic() + DEFAULT_TIMEOUT_MS / 1000
        while pending and time.monotonic() < deadline:  # the last loadingFinished may trail the load event
            page.wait_for_timeout(20)
        assert pending == set(), f"requests never finished: {[urls[r] for r in pending]}"
        return sum(sizes.values()), sizes
    finally:
        context.close()


def _report(name: str, total: int, sizes: dict[str, int], live_url: str) -> str:
    parts = ", ".join(f"{u.removeprefix(live_url)} {n / 1024:.1f}" for u, n in sorted(sizes.items()))
    return f"{name}: {total / 1024:.1f} KB transferred in {len(sizes)} requests ({parts})"


def test_the_login_page_transfers_under_100_kb(live_url: str, browser: Any) -> None:
    # when an anonymous visitor opens the login page with an empty cache
    total, sizes = _transferred(browser, live_url + LOGIN_PATH)
    report = _report("Login page", total, sizes, live_url)
    print(report)
    # then it loads only the page and the stylesheet (no script), under 100 KB in all
    assert total < BUDGET, report
    assert sorted(url.removeprefix(live_url) for url in sizes) == [LOGIN_PATH, "/static/core/terpadu.css"], report


def test_the_home_page_transfers_under_100_kb(demo: Any, live_url: str, browser: Any, browser_page: Any) -> None:
    # given a logged-in platform admin (the role with the largest menu), whose session moves to a fresh context
    login(browser_page, live_url, "admin")
    assert browser_page.url == live_url + HOME_PATH
    session = browser_page.context.storage_state()
    # when the home page loads with an empty cache
    total, sizes = _transferred(browser, live_url + HOME_PATH, storage_state=session)
    report = _report("Home page", total, sizes, live_url)
    print(report)
    # then everything it loads weighs under 100 KB, and it really was the home page
    assert total < BUDGET, report
    assert live_url + HOME_PATH in sizes, report
