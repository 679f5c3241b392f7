"""A real browser (Debian's Chromium through Playwright) signs in, browses the organization
tree, opens a unit and saves screenshots to test-artifacts/ for a person to look at."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's Chromium: apt-get install chromium"),
]


@pytest.fixture
def browser():
    # Playwright's sync API runs an event loop in this thread; the test's own database
    # calls are still synchronous, so Django may allow them.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def seen_problems():
    """Console errors and refused requests: a CSP violation or a missing asset shows up here."""
    return []


def open_page(browser, seen_problems, width: int, height: int):
    page = browser.new_page(viewport={"width": width, "height": height}, locale="vi-VN")
    page.on("console", lambda message: message.type == "error" and seen_problems.append(message.text))
    page.on(
        "response",
        lambda response: response.status >= 400 and seen_problems.append(f"{response.status} {response.url}"),
    )
    return page


def sign_in(page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/to-chuc/")
    # Not signed in yet: the tree sends us to the sign-in form first, then back.
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(r"/to-chuc/$"))


def test_it_signs_in_browses_the_tree_and_opens_a_unit(
    transactional_db, live_server, personas, persona_password, browser, seen_problems
):
    from playwright.sync_api import expect

    ARTIFACTS.mkdir(exist_ok=True)
    page = open_page(browser, seen_problems, 1280, 860)
    sign_in(page, live_server.url, personas.admin.username, persona_password)

    expect(page.get_by_role("heading", level=1)).to_have_text("Cơ quan, đơn vị")
    unit_a_link = page.get_by_role("link", name=personas.unit_a.name)
    expect(unit_a_link).to_be_hidden()

    # Expand the department above unit A: click its disclosure marker, not its link.
    department = page.locator("summary", has=page.get_by_role("link", name=personas.parent_of_a.name))
    department.click(position={"x": 4, "y": 10})
    expect(unit_a_link).to_be_visible()
    page.screenshot(path=ARTIFACTS / "tree-desktop.png", full_page=True)

    unit_a_link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(personas.unit_a.name)
    expect(page.locator(".breadcrumbs")).to_contain_text(personas.parent_of_a.name)
    page.screenshot(path=ARTIFACTS / "unit-desktop.png", full_page=True)

    assert seen_problems == []


def test_it_works_on_a_phone_with_the_menu_folded(
    transactional_db, live_server, personas, persona_password, browser, seen_problems
):
    from playwright.sync_api import expect

    ARTIFACTS.mkdir(exist_ok=True)
    page = open_page(browser, seen_problems, 375, 740)
    sign_in(page, live_server.url, personas.officer_a.username, persona_password)

    menu_link = page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Tài khoản")
    expect(menu_link).to_be_hidden()
    page.screenshot(path=ARTIFACTS / "tree-phone.png", full_page=True)

    page.get_by_text("Menu").click()
    expect(menu_link).to_be_visible()
    page.screenshot(path=ARTIFACTS / "menu-phone.png")

    # The page never scrolls sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert seen_problems == []


def test_it_shows_the_dashboard_and_the_audit_log(
    transactional_db, live_server, personas, persona_password, browser, seen_problems
):
    from playwright.sync_api import expect

    ARTIFACTS.mkdir(exist_ok=True)
    page = open_page(browser, seen_problems, 1280, 860)
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng nhập")
    page.screenshot(path=ARTIFACTS / "sign-in-desktop.png")
    page.get_by_label("Tên đăng nhập").fill(personas.admin.username)
    page.get_by_label("Mật khẩu").fill(persona_password)
    page.get_by_role("button", name="Đăng nhập").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text(personas.admin.full_name)
    expect(page.get_by_text("Quản trị cấp tỉnh (Sở Nội vụ)")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "home-desktop.png", full_page=True)

    page.get_by_role("link", name="Nhật ký", exact=True).click()
    expect(page.get_by_role("cell", name="accounts.user.signed_in").first).to_be_visible()
    page.set_viewport_size({"width": 375, "height": 740})
    page.screenshot(path=ARTIFACTS / "audit-phone.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert seen_problems == []
