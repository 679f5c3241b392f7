"""A real browser uploads a plan, watches the progress bar move (script under the CSP), lands on
the review screen when the worker is done, corrects the title and confirms."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from plan_documents import plan_text

from browser_support import ARTIFACTS, sign_in

pytestmark = pytest.mark.browser


def test_it_uploads_follows_progress_reviews_and_confirms_a_plan(
    transactional_db, live_server, personas, persona_password, page, settings, tmp_path
):
    from playwright.sync_api import expect

    from cchc.plans.models import Plan

    settings.CCHC_JOBS_INLINE = False  # the job waits for the worker this test starts below
    document = tmp_path / "ke-hoach-kim-dong.txt"
    document.write_text(plan_text(), encoding="utf-8")

    sign_in(page, live_server, personas.officer_a.username, persona_password, next="/ke-hoach/nhap/")
    page.get_by_label("Tệp văn bản").set_input_files(str(document))
    page.get_by_role("button", name="Tải lên và phân tích").click()

    expect(page.locator("progress")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "plan-import-progress.png")
    call_command("worker", "--until-empty", stdout=io.StringIO())

    # progress.js notices the end of the job and opens the review screen by itself.
    expect(page.get_by_role("heading", name="Rà soát kết quả trích xuất")).to_be_visible(timeout=15000)
    expect(page.locator(".source-text")).to_contain_text("Phòng Nội vụ")
    page.screenshot(path=ARTIFACTS / "plan-import-review.png")
    page.get_by_label("Trích yếu").fill("Tuyên truyền cải cách hành chính năm 2025 (đã rà soát)")
    page.get_by_role("button", name="Xác nhận, lưu thành kế hoạch").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Tuyên truyền cải cách hành chính năm 2025 (đã rà soát)"
    )
    expect(page.get_by_role("cell", name="Đăng tin, bài về cải cách hành chính")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "plan-detail.png", full_page=True)
    assert Plan.objects.get().current_version.tasks.count() == 2
    assert page.problems == []
