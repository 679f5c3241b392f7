"""The API docs page in a real browser (Debian's Chromium through Playwright), under the
project's strict CSP: Swagger UI renders every operation, and nothing is refused or fetched
from outside."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's Chromium: apt-get install chromium"),
]


@pytest.fixture
def page(live_server):
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.problems = []
        page.requested_hosts = set()
        page.on("console", lambda m: m.type == "error" and page.problems.append(m.text))
        page.on("request", lambda r: page.requested_hosts.add(urlparse(r.url).netloc))
        page.on("response", lambda r: r.status >= 400 and page.problems.append(f"{r.status} {r.url}"))
        yield page
        browser.close()


def test_the_docs_page_renders_every_operation_without_csp_errors(live_server, page):
    page.goto(f"{live_server.url}/api/docs")
    page.wait_for_selector(".opblock", timeout=15_000)
    rendered = page.locator(".opblock").count()
    assert rendered >= 9
    # A CSP refusal or a missing asset shows up as a console error or a failed response.
    assert page.problems == []


def test_the_docs_page_contacts_no_other_host(live_server, page):
    page.goto(f"{live_server.url}/api/docs")
    page.wait_for_selector(".opblock", timeout=15_000)
    assert page.requested_hosts == {urlparse(live_server.url).netloc}
