"""The API docs page in a real browser (Debian's Chromium through Playwright), under the
project's strict CSP: Swagger UI renders every operation, and nothing is refused or fetched
from outside."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_context_args():
    return {}  # Playwright's own defaults: the docs page needs no particular size or language


@pytest.fixture
def page(page):
    page.requested_hosts = set()
    page.on("request", lambda r: page.requested_hosts.add(urlparse(r.url).netloc))
    return page


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
