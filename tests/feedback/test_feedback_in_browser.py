"""A real browser: a citizen sends feedback and gets a code, the administrator assigns it to
unit A, the unit's officer answers, and the citizen reads the answer on the status page."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from feedback_helpers import solve

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's Chromium: apt-get install chromium"),
]


@pytest.fixture
def browser():
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield chromium
        chromium.close()


def new_page(browser, problems: list):
    page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN").new_page()
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.on("response", lambda r: r.status >= 400 and problems.append(f"{r.status} {r.url}"))
    return page


def sign_in(page, base: str, path: str, username: str, password: str) -> None:
    page.goto(f"{base}{path}")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(re.escape(path) + "$"))


def test_feedback_goes_from_the_citizen_to_the_unit_and_back(
    transactional_db, live_server, personas, persona_password, browser
):
    from playwright.sync_api import expect

    from cchc.feedback.models import Feedback

    ARTIFACTS.mkdir(exist_ok=True)
    problems: list[str] = []
    citizen = new_page(browser, problems)
    citizen.goto(f"{live_server.url}/cong-thong-tin/phan-anh/")
    citizen.get_by_label("Tiêu đề").fill("Bộ phận một cửa xã đóng cửa sớm")
    citizen.get_by_label("Nội dung phản ánh, kiến nghị").fill(
        "Chiều thứ Sáu bộ phận một cửa của xã đóng cửa từ 16 giờ, người dân không nộp được hồ sơ."
    )
    citizen.get_by_label("Tôi đồng ý công khai").check()
    question = citizen.locator("label.feedback-challenge").inner_text().split(":", 1)[1]
    citizen.get_by_label(re.compile("bằng mấy")).fill(solve(question))
    citizen.screenshot(path=str(ARTIFACTS / "feedback-form.png"), full_page=True)
    citizen.get_by_role("button", name="Gửi phản ánh").click()
    code = citizen.get_by_test_id("feedback-code").inner_text().strip()
    assert re.fullmatch(r"PA-\d{4}-[A-Z0-9]{8}", code)
    feedback = Feedback.objects.get(code=code)

    admin = new_page(browser, problems)
    sign_in(
        admin, live_server.url, f"/xu-ly-phan-anh/{feedback.pk}/", personas.admin.username, persona_password
    )
    admin.get_by_label("Đơn vị xử lý").select_option(label=personas.unit_a.name)
    admin.get_by_role("button", name="Chuyển xử lý").click()
    expect(admin.locator(".messages")).to_contain_text("Đã chuyển phản ánh")

    officer = new_page(browser, problems)
    sign_in(
        officer,
        live_server.url,
        f"/xu-ly-phan-anh/{feedback.pk}/",
        personas.officer_a.username,
        persona_password,
    )
    officer.get_by_role("link", name="Soạn trả lời").click()
    officer.get_by_label("Nội dung trả lời").fill("Từ tuần sau bộ phận một cửa mở cửa đến 17 giờ.")
    officer.get_by_role("button", name="Gửi trả lời").click()
    expect(officer.locator(".messages")).to_contain_text("Đã gửi trả lời")

    citizen.goto(f"{live_server.url}/cong-thong-tin/phan-anh/tra-cuu/")
    citizen.get_by_label("Mã tra cứu").fill(code.lower())
    citizen.get_by_role("button", name="Tra cứu").click()
    expect(citizen.get_by_test_id("feedback-status")).to_have_text("Đã trả lời")
    expect(citizen.get_by_test_id("feedback-answer")).to_contain_text("mở cửa đến 17 giờ")
    citizen.screenshot(path=str(ARTIFACTS / "feedback-status.png"), full_page=True)

    citizen.goto(f"{live_server.url}/cong-thong-tin/phan-anh/tra-loi/")
    expect(citizen.get_by_role("link", name="Bộ phận một cửa xã đóng cửa sớm")).to_be_visible()
    assert problems == []
