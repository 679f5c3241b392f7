"""A real browser: a citizen sends feedback and gets a code, the administrator assigns it to
unit A, the unit's officer answers, and the citizen reads the answer on the status page."""

from __future__ import annotations

import re

import pytest
from feedback_helpers import solve

from browser_support import ARTIFACTS, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_context_args():
    return {"viewport": {"width": 1280, "height": 900}, "locale": "vi-VN"}


def test_feedback_goes_from_the_citizen_to_the_unit_and_back(
    transactional_db, live_server, personas, persona_password, new_page
):
    from playwright.sync_api import expect

    from cchc.feedback.models import Feedback

    citizen = new_page()
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

    admin = new_page()
    sign_in(
        admin, live_server, personas.admin.username, persona_password, next=f"/xu-ly-phan-anh/{feedback.pk}/"
    )
    admin.get_by_label("Đơn vị xử lý").select_option(label=personas.unit_a.name)
    admin.get_by_role("button", name="Chuyển xử lý").click()
    expect(admin.locator(".messages")).to_contain_text("Đã chuyển phản ánh")

    officer = new_page()
    sign_in(
        officer,
        live_server,
        personas.officer_a.username,
        persona_password,
        next=f"/xu-ly-phan-anh/{feedback.pk}/",
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
    assert citizen.problems + admin.problems + officer.problems == []
