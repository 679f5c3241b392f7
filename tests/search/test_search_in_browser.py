"""A real browser finds a public plan on the public search page with a query typed without
diacritics, and the match is highlighted."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's Chromium: apt-get install chromium"),
]


def test_a_citizen_finds_a_plan_without_typing_diacritics(transactional_db, live_server, make_plan):
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import expect, sync_playwright

    plan = make_plan(
        "Tuyên truyền cải cách thủ tục hành chính năm 2025", tasks=["Cải tạo đường vào bộ phận một cửa"]
    )
    make_plan("Kế hoạch chuyển đổi số")
    ARTIFACTS.mkdir(exist_ok=True)
    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="vi-VN")
        page.on("console", lambda m: m.type == "error" and problems.append(m.text))
        page.on("response", lambda r: r.status >= 400 and problems.append(f"{r.status} {r.url}"))
        page.goto(f"{live_server.url}/cong-thong-tin/tim-kiem/")
        page.get_by_label("Từ khóa").fill("cai cach thu tuc")
        page.locator("main").get_by_role("button", name="Tìm").click()
        result = page.locator(".search-hits li")
        expect(result).to_have_count(1)
        expect(result.locator("mark").first).to_have_text("cải")
        page.screenshot(path=str(ARTIFACTS / "search-results.png"), full_page=True)
        result.get_by_role("link").click()
        page.wait_for_url(f"**/cong-thong-tin/ke-hoach/{plan.pk}/")
        browser.close()
    assert problems == []
