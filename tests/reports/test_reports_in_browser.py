"""A real browser: an officer whose progress was recorded through tracking drafts the 6-month
report, edits it and submits it; the administrator finds it in the aggregate and downloads the
aggregate DOCX, which python-docx reads back."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from docx import Document

from browser_support import ARTIFACTS, sign_in

pytestmark = pytest.mark.browser


def test_an_officer_submits_and_the_administrator_downloads_the_aggregate(
    transactional_db, live_server, personas, persona_password, progress_a, page
):
    from playwright.sync_api import expect

    from cchc.reports.models import UnitReport

    sign_in(page, live_server, personas.officer_a.username, persona_password, next="/bao-cao/soan-moi/")
    page.get_by_label("Kỳ báo cáo").select_option(label="6 tháng đầu năm 2024")
    page.get_by_role("button", name="Soạn báo cáo").click()
    page.wait_for_url(re.compile(r"/bao-cao/\d+/soan/$"))
    expect(page.get_by_label("Kết quả đạt được")).to_contain_text("được giao 2 nhiệm vụ")
    expect(page.get_by_role("cell", name="https://example.gov.vn/tin-cchc")).to_have_count(0)
    expect(page.get_by_role("link", name="Chuyên mục CCHC")).to_be_visible()
    page.get_by_label("Nguyên nhân").fill("Kinh phí tổ chức hội nghị được bố trí muộn.")
    page.screenshot(path=ARTIFACTS / "report-edit.png", full_page=True)
    page.get_by_role("button", name="Lưu và gửi Sở Nội vụ").click()
    expect(page.get_by_text("Đã gửi báo cáo tới Sở Nội vụ.")).to_be_visible()
    expect(page.locator(".report-status")).to_have_text("Đã gửi")
    report = UnitReport.objects.get(unit=personas.unit_a, period="2024-H1")
    assert report.submitted_version is not None
    page.get_by_role("button", name="Đăng xuất").click()

    sign_in(
        page, live_server, personas.admin.username, persona_password, next="/bao-cao/tong-hop/?ky=2024-H1"
    )
    row = page.get_by_role("row").filter(has_text=personas.unit_a.name)
    expect(row).to_contain_text("50%")
    expect(page.get_by_role("row").filter(has_text=personas.unit_b.name)).to_contain_text("Chưa báo cáo")
    page.screenshot(path=ARTIFACTS / "report-aggregate.png", full_page=True)
    with page.expect_download() as info:
        page.get_by_role("link", name="Tải DOCX").click()
    download = info.value
    assert download.suggested_filename == "tong-hop-bao-cao-2024-H1.docx"
    document = Document(io.BytesIO(Path(download.path()).read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "BÁO CÁO" in text and "1/2 cơ quan, đơn vị đã gửi báo cáo" in text
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert personas.unit_a.name in cells and "Chưa báo cáo" in cells
    assert page.problems == []
