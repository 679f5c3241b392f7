"""A real browser (Debian's Chromium through Playwright) signs in, browses the organization
tree, opens a unit and saves screenshots to test-artifacts/ for a person to look at."""

from __future__ import annotations

import pytest

from browser_support import ARTIFACTS, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_context_args():
    return {"viewport": {"width": 1280, "height": 860}, "locale": "vi-VN"}


def test_it_signs_in_browses_the_tree_and_opens_a_unit(
    transactional_db, live_server, personas, persona_password, page
):
    from playwright.sync_api import expect

    sign_in(page, live_server, personas.admin.username, persona_password, next="/to-chuc/")

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

    assert page.problems == []


def test_it_works_on_a_phone_with_the_menu_folded(
    transactional_db, live_server, personas, persona_password, new_page
):
    from playwright.sync_api import expect

    page = new_page(viewport={"width": 375, "height": 740})
    sign_in(page, live_server, personas.officer_a.username, persona_password, next="/to-chuc/")

    menu_link = page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Tài khoản")
    expect(menu_link).to_be_hidden()
    page.screenshot(path=ARTIFACTS / "tree-phone.png", full_page=True)

    page.get_by_text("Menu").click()
    expect(menu_link).to_be_visible()
    page.screenshot(path=ARTIFACTS / "menu-phone.png")

    # The page never scrolls sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert page.problems == []


def test_it_shows_the_dashboard_and_the_audit_log(
    transactional_db, live_server, personas, persona_password, page
):
    from playwright.sync_api import expect

    # Signs in by hand: the sign-in page is what this test looks at first.
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
    assert page.problems == []
