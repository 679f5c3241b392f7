"""Issue 6 item 9 as one continuous story in a real browser, on a real corpus plan: the province's
2024 plan (corpus 000) is imported and confirmed, which gives its tasks to the units of the shipped
registry. An officer of Sở Tư pháp signs in, opens "Nhiệm vụ của tôi", records progress on a task
with deliverables and an evidence file uploaded through the form, drafts and submits the 6-month
report; the administrator signs in, finds it in the aggregate and downloads the DOCX, which
python-docx reads back."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from cycle_corpus import PDF, SHARED_CORPUS, import_corpus_plan, load_registry, officer
from docx import Document

from browser_support import ARTIFACTS, sign_in

TASK = "Triển khai thực hiện Ngày Pháp luật"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not (SHARED_CORPUS / "docs").is_dir(), reason="needs the shared corpus"),
]


@pytest.fixture(autouse=True)
def _cycle_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CCHC_JOBS_INLINE = True
    settings.CCHC_JOB_WORKERS = 0


def test_one_reporting_cycle_in_the_browser(
    transactional_db,
    live_server,
    personas,
    persona_password,
    django_capture_on_commit_callbacks,
    page,
    tmp_path,
):
    from playwright.sync_api import expect

    from cchc.reports.models import UnitReport
    from cchc.tracking.models import Evidence, ProgressEntry

    load_registry()
    import_corpus_plan("000", personas.admin, django_capture_on_commit_callbacks)
    clerk = officer("hy-so-tu-phap", "canbo_stp", "Vũ Văn Pháp", persona_password)
    evidence = tmp_path / "ke-hoach-ngay-phap-luat.pdf"
    evidence.write_bytes(PDF)

    # -- the officer: my tasks → progress with an evidence file
    sign_in(page, live_server, clerk.username, persona_password, next="/nhiem-vu/")
    expect(page.get_by_role("heading", name="Nhiệm vụ của tôi")).to_be_visible()
    row = page.get_by_role("row").filter(has_text=TASK)
    expect(row).to_have_count(1)
    page.screenshot(path=ARTIFACTS / "cycle-my-tasks.png", full_page=True)
    row.get_by_role("link", name="Cập nhật").click()
    page.get_by_label("Kỳ báo cáo").select_option("2024-H1")
    page.get_by_label("Trạng thái").select_option("done")
    page.get_by_label("Kết quả thực hiện, ghi chú").fill("Tổ chức mít tinh hưởng ứng Ngày Pháp luật.")
    page.get_by_label("Hội nghị", exact=True).fill("2")
    page.get_by_label("Tin, bài", exact=True).fill("6")
    page.get_by_label("Tệp minh chứng").set_input_files(str(evidence))
    page.get_by_label("Tên minh chứng").fill("Kế hoạch hưởng ứng Ngày Pháp luật")
    page.get_by_role("button", name="Lưu tiến độ").click()
    expect(page.get_by_text("Đã lưu tiến độ kỳ 2024-H1.")).to_be_visible()
    expect(page.get_by_role("link", name="Kế hoạch hưởng ứng Ngày Pháp luật")).to_be_visible()
    entry = ProgressEntry.objects.get(assignment__unit=clerk.unit)
    assert (entry.period, entry.status, entry.percent) == ("2024-H1", "done", 100)
    assert Evidence.objects.get(entry=entry).original_name == "ke-hoach-ngay-phap-luat.pdf"

    # -- the officer drafts and submits the 6-month report
    page.goto(f"{live_server.url}/bao-cao/soan-moi/")
    page.get_by_label("Kỳ báo cáo").select_option(label="6 tháng đầu năm 2024")
    page.get_by_role("button", name="Soạn báo cáo").click()
    page.wait_for_url(re.compile(r"/bao-cao/\d+/soan/$"))
    expect(page.get_by_role("link", name="Kế hoạch hưởng ứng Ngày Pháp luật")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "cycle-report-edit.png", full_page=True)
    page.get_by_role("button", name="Lưu và gửi Sở Nội vụ").click()
    expect(page.get_by_text("Đã gửi báo cáo tới Sở Nội vụ.")).to_be_visible()
    report = UnitReport.objects.get(unit=clerk.unit, period="2024-H1")
    totals = report.submitted_version.totals
    assert totals["done"] == 1 and totals["deliverables"] == {"news": 6, "conference": 2}
    page.get_by_role("button", name="Đăng xuất").click()

    # -- the administrator: the aggregate, and its DOCX
    sign_in(
        page, live_server, personas.admin.username, persona_password, next="/bao-cao/tong-hop/?ky=2024-H1"
    )
    # Submitted now for a 2024 period: late. One task of the unit's done, the rate beside it.
    rate = f"{100 * totals['done'] / totals['tasks']:.1f}".replace(".", ",") + "%"
    own_row = page.get_by_role("row").filter(has_text=clerk.unit.name)
    expect(own_row).to_contain_text("Gửi muộn")
    expect(own_row).to_contain_text(rate)
    expect(page.get_by_role("row").filter(has_text="Sở Nội vụ tỉnh Hưng Yên")).to_contain_text("Chưa báo cáo")
    page.screenshot(path=ARTIFACTS / "cycle-aggregate.png", full_page=True)
    with page.expect_download() as info:
        page.get_by_role("link", name="Tải DOCX").click()
    download = info.value
    assert download.suggested_filename == "tong-hop-bao-cao-2024-H1.docx"
    document = Document(io.BytesIO(Path(download.path()).read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "BÁO CÁO" in text and "đơn vị đã gửi báo cáo" in text
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert clerk.unit.name in cells and "Chưa báo cáo" in cells
    assert page.problems == []
