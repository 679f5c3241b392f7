"""A real browser: officer A signs in, opens "Nhiệm vụ của tôi", records progress for the 6-month
period with deliverables and an evidence file, and finds both on the task's page."""

from __future__ import annotations

import pytest

from browser_support import ARTIFACTS, sign_in

pytestmark = pytest.mark.browser


def test_an_officer_records_progress_with_an_evidence_file(
    transactional_db, live_server, personas, merged_department, persona_password, page, tmp_path
):
    from playwright.sync_api import expect
    from tracking_fixtures import build_plan

    from cchc.tracking.models import Evidence, ProgressEntry

    build_plan(personas, merged_department)  # confirming it gives the tasks to the units (the hook)
    evidence = tmp_path / "bai-dang-bao-hung-yen.pdf"
    evidence.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n")

    sign_in(page, live_server, personas.officer_a.username, persona_password, next="/nhiem-vu/")
    expect(page.get_by_role("heading", name="Nhiệm vụ của tôi")).to_be_visible()
    expect(page.get_by_role("link", name="Tuyên truyền trên báo")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "tracking-my-tasks.png", full_page=True)

    page.get_by_role("link", name="Cập nhật").first.click()
    page.get_by_label("Kỳ báo cáo").select_option("2024-H1")
    page.get_by_label("Trạng thái").select_option("in_progress")
    page.get_by_label("Tỷ lệ hoàn thành (%)").fill("45")
    page.get_by_label("Kết quả thực hiện, ghi chú").fill("Đã đăng 4 tin và 1 phóng sự trên Báo Hưng Yên.")
    page.get_by_label("Tin, bài", exact=True).fill("4")
    page.get_by_label("Phóng sự", exact=True).fill("1")
    page.get_by_label("Tệp minh chứng").set_input_files(str(evidence))
    page.get_by_label("Tên minh chứng").fill("Bài đăng trên Báo Hưng Yên")
    page.screenshot(path=ARTIFACTS / "tracking-progress-form.png", full_page=True)
    page.get_by_role("button", name="Lưu tiến độ").click()

    expect(page.get_by_text("Đã lưu tiến độ kỳ 2024-H1.")).to_be_visible()
    expect(page.get_by_role("link", name="Bài đăng trên Báo Hưng Yên")).to_be_visible()
    expect(page.get_by_text("4 tin, bài; 1 phóng sự")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "tracking-assignment.png", full_page=True)

    entry = ProgressEntry.objects.get()
    assert (entry.period, entry.status, entry.percent) == ("2024-H1", "in_progress", 45)
    assert Evidence.objects.get().original_name == "bai-dang-bao-hung-yen.pdf"
    assert page.problems == []
