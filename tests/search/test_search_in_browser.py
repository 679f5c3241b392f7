"""A real browser finds a public plan on the public search page with a query typed without
diacritics, and the match is highlighted."""

from __future__ import annotations

import pytest

from browser_support import ARTIFACTS

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_context_args():
    return {"viewport": {"width": 1280, "height": 900}, "locale": "vi-VN"}


def test_a_citizen_finds_a_plan_without_typing_diacritics(transactional_db, live_server, make_plan, page):
    from playwright.sync_api import expect

    plan = make_plan(
        "Tuyên truyền cải cách thủ tục hành chính năm 2025", tasks=["Cải tạo đường vào bộ phận một cửa"]
    )
    make_plan("Kế hoạch chuyển đổi số")
    page.goto(f"{live_server.url}/cong-thong-tin/tim-kiem/")
    page.get_by_label("Từ khóa").fill("cai cach thu tuc")
    page.locator("main").get_by_role("button", name="Tìm").click()
    result = page.locator(".search-hits li")
    expect(result).to_have_count(1)
    expect(result.locator("mark").first).to_have_text("cải")
    page.screenshot(path=str(ARTIFACTS / "search-results.png"), full_page=True)
    result.get_by_role("link").click()
    page.wait_for_url(f"**/cong-thong-tin/ke-hoach/{plan.pk}/")
    assert page.problems == []
