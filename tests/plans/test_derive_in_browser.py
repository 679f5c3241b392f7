"""Issue 5 end to end in a real browser: an officer uploads the province's 2024 plan from the
corpus, watches the progress bar, corrects a cell of the task table in review, confirms, drafts
the plan of Sở Khoa học và Công nghệ from it and downloads that draft as DOCX."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from docx import Document

from browser_support import ARTIFACTS, sign_in

CORPUS_DOCS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "docs"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CORPUS_DOCS.is_dir(), reason="needs the shared corpus"),
]


def test_it_imports_a_corpus_plan_corrects_it_derives_a_units_plan_and_downloads_it(
    transactional_db,
    live_server,
    personas,
    persona_password,
    page,
    settings,
    tmp_path,
):
    from playwright.sync_api import expect

    from cchc.orgs.resolve import invalidate_index
    from cchc.orgs.services import load_shipped_registry
    from cchc.plans.models import Plan

    load_shipped_registry()
    invalidate_index()
    settings.CCHC_JOBS_INLINE = False  # the job waits for the worker this test starts below
    [document] = sorted(CORPUS_DOCS.glob("000_*.txt"))  # the province's plan for 2024

    sign_in(page, live_server, personas.admin.username, persona_password, next="/ke-hoach/nhap/")
    page.get_by_label("Tệp văn bản").set_input_files(str(document))
    page.get_by_role("button", name="Tải lên và phân tích").click()
    expect(page.locator("progress")).to_be_visible()
    call_command("worker", "--until-empty", stdout=io.StringIO())

    expect(page.get_by_role("heading", name="Rà soát kết quả trích xuất")).to_be_visible(timeout=15000)
    # Row 3 ("Tổ chức cuộc thi tìm kiếm sáng kiến …") prints no time; the officer fills it in.
    expect(page.locator("#id_tasks-2-task")).to_contain_text("cuộc thi tìm kiếm sáng kiến")
    page.locator("#id_tasks-2-timeframe").fill("Quý III/2024")
    page.get_by_role("button", name="Xác nhận, lưu thành kế hoạch").click()

    contest_row = page.get_by_role("row").filter(has_text="Tổ chức cuộc thi tìm kiếm sáng kiến")
    expect(contest_row).to_contain_text("Quý III/2024")
    plan = Plan.objects.get()
    assert plan.current_version.data["tasks"][2]["timeframe"] == "Quý III/2024"

    page.get_by_role("link", name="Lập kế hoạch của đơn vị").click()
    page.get_by_label("Đơn vị lập kế hoạch").select_option(label="Sở Khoa học và Công nghệ tỉnh Hưng Yên")
    page.get_by_role("button", name="Lập dự thảo").click()
    expect(page.get_by_role("heading", name="Rà soát kết quả trích xuất")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "plan-derived-draft.png")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="tải bản DOCX (theo nội dung đã lưu)").click()
    target = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(target)

    assert target.suffix == ".docx"
    docx = Document(str(target))
    header = docx.tables[0].cell(0, 0)
    assert [p.text for p in header.paragraphs if p.text] == ["UBND TỈNH HƯNG YÊN", "SỞ KHOA HỌC VÀ CÔNG NGHỆ"]
    rows = [[cell.text for cell in row.cells] for row in docx.tables[-1].rows]
    # The corrected cell travels into the unit's plan, worded for a coordinator…
    [contest] = [r for r in rows if "cuộc thi tìm kiếm sáng kiến" in r[1]]
    assert contest[1].startswith("Phối hợp với Sở Nội vụ") and contest[5] == "Quý III/2024"
    # …and a row the 2024 plan gave Sở Thông tin và Truyền thông, merged into it in 2025, is its own.
    assert any(r[1].startswith("Tuyên truyền công tác cải cách tổ chức bộ máy") for r in rows)
    assert all(r[3] in ("Cơ quan chủ trì", "Sở Khoa học và Công nghệ tỉnh Hưng Yên") for r in rows)
    assert page.problems == []
