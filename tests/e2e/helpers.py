"""Plain helpers for the browser tests (import them: ``from tests.e2e.helpers import login``)."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page

CHROMIUM = "/usr/bin/chromium"
#: Debian chromium, driven by the PyPI ``playwright`` package (never ``playwright install``).
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
LOGIN_PATH = "/akun/masuk/"
HOME_PATH = "/beranda/"
DESKTOP = {"width": 1280, "height": 800}
#: context options of a phone (``new_page(**PHONE)``): 390x844, mobile meta-viewport and touch
PHONE: dict[str, Any] = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DEFAULT_TIMEOUT_MS = 10_000


def login(page: Page, live_url: str, username: str, password: str = "demo") -> None:
    """Log in through the real form: open the login page, fill both fields by their labels, submit.

    Returns once the answer to the POST has loaded (the redirect target on success, the form
    again on failure); the caller asserts where it landed.
    """
    page.goto(live_url + LOGIN_PATH)
    page.get_by_label("Username atau NIP").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Masuk", exact=True).click()


def collect_errors(page: Page) -> list[str]:
    """Start recording the page's console errors (CSP violations included) and uncaught exceptions.

    Returns the list the messages are appended to; assert it is empty at the end of the test.
    """
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    return errors


def horizontal_overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than the viewport (0 when there is no horizontal scroll)."""
    return int(page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth"))


def serious_violations(results: dict[str, Any]) -> list[dict[str, Any]]:
    """The axe violations of impact "serious" or "critical" in an axe ``results`` dict."""
    return [v for v in results["violations"] if v.get("impact") in {"serious", "critical"}]


def describe_violations(violations: list[dict[str, Any]]) -> str:
    """One readable block per violation: rule, impact, help and the offending nodes."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} — {v['helpUrl']}")
        for node in v["nodes"]:
            lines.append(f"    {', '.join(map(str, node['target']))}: {node.get('failureSummary', '')}")
    return "\n".join(lines)
