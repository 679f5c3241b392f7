"""Browser tests' shared fixtures, loaded by tests/conftest.py: Debian's Chromium through
Playwright's sync API, against pytest-django's `live_server`.

- `browser` (session): Chromium, launched once for the whole test run, on the first test that
  needs it; the test is skipped, with the reason, where Chromium or Playwright is missing.
- `page`: a page in a fresh browser context (its own cookies, so nobody is signed in), with
  `page.problems`: console errors and responses >= 400, where a CSP refusal or a missing asset
  shows up. Tests end with `assert page.problems == []`.
- `new_page(**context_options)`: more pages, each in its own context (several people at once,
  a phone next to a desktop); the options go to `Browser.new_context` over
  `browser_context_args`.
- `browser_context_args`: the options of every context (desktop size, Vietnamese locale); a test
  module overrides this fixture to change them for all of its tests.
- `sign_in(page, live_server, username, password, next="/…/")`: through the sign-in form.
- `ARTIFACTS`: test-artifacts/, where tests save screenshots for a person to look at.

A test module marks itself `pytestmark = pytest.mark.browser` and asks for `page` or `new_page`.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlencode

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's Chromium: apt-get install chromium")
    sync_api = pytest.importorskip("playwright.sync_api", reason="needs Playwright: make test installs it")
    ARTIFACTS.mkdir(exist_ok=True)
    # Playwright's sync API keeps an event loop running in this thread while the browser lives;
    # the tests' own database calls are synchronous all the same, so Django may allow them.
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_api.sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()
    finally:
        if before is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture
def browser_context_args() -> dict:
    return {"viewport": {"width": 1360, "height": 900}, "locale": "vi-VN"}


@pytest.fixture
def new_page(browser, browser_context_args):
    contexts = []

    def make(**context_options):
        context = browser.new_context(**{**browser_context_args, **context_options})
        contexts.append(context)
        page = context.new_page()
        page.problems = []
        page.on("console", lambda m: m.type == "error" and page.problems.append(m.text))
        page.on("response", lambda r: r.status >= 400 and page.problems.append(f"{r.status} {r.url}"))
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


def sign_in(page, live_server, username: str, password: str, *, next: str = "/") -> None:
    """Sign in through Django's sign-in form and wait until it has sent the browser on to `next`
    (a path, with its query string if any)."""
    from django.urls import reverse

    page.goto(f"{live_server.url}{reverse('accounts:login')}?{urlencode({'next': next})}")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    target = f"{live_server.url}{next}"
    page.wait_for_url(lambda url: url == target)
