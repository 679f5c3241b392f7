"""The report pages end to end with the test client: draft, edit, submit, return, download;
and the PAR-Index evidence page with its exports."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from cchc.reports.models import UnitReport, VersionStatus

pytestmark = pytest.mark.django_db


def test_an_officer_drafts_edits_and_submits_through_the_pages(progress_a, client_for, personas):
    client = client_for("officer_a")
    response = client.post(reverse("reports:create"), {"unit": personas.unit_a.pk, "period": "2024-H1"})
    report = UnitReport.objects.get(unit=personas.unit_a, period="2024-H1")
    assert response.status_code == 302 and response["Location"] == reverse("reports:edit", args=[report.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Đăng tin, bài tuyên truyền CCHC" in page and "được giao 2 nhiệm vụ" in page
    form = {
        name: getattr(report.current_version, name) for name in ("achievements", "shortcomings", "directions")
    }
    form.update(
        causes="Kinh phí bố trí muộn.",
        recommendations="",
        doc_number="05/BC-TTVH",
        signer_position="Giám đốc",
        signer_name="Nguyễn Văn Ký",
        gui="1",
    )
    response = client.post(reverse("reports:edit", args=[report.pk]), form)
    assert response.status_code == 302
    report.refresh_from_db()
    assert (
        report.current_version.status == VersionStatus.SUBMITTED
        and report.current_version.causes.startswith("Kinh phí")
    )
    # Locked: the edit page sends back to the report.
    assert client.get(reverse("reports:edit", args=[report.pk])).status_code == 302
    download = client.get(reverse("reports:export", args=[report.pk]) + "?dinh_dang=docx")
    document = Document(io.BytesIO(download.content))
    assert "Kinh phí bố trí muộn." in "\n".join(p.text for p in document.paragraphs)
    header, signature = document.tables[0], document.tables[1]
    assert header.cell(1, 0).text == "Số: 05/BC-TTVH"
    assert "GIÁM ĐỐC" in signature.cell(0, 1).text and "Nguyễn Văn Ký" in signature.cell(0, 1).text


def test_the_administrator_returns_a_report_from_its_page(submitted_a, client_for):
    admin = client_for("admin")
    page = admin.get(reverse("reports:detail", args=[submitted_a.pk])).content.decode()
    assert "Trả lại báo cáo" in page
    assert (
        "Trả lại báo cáo"
        not in client_for("officer_a").get(reverse("reports:detail", args=[submitted_a.pk])).content.decode()
    )
    admin.post(reverse("reports:return", args=[submitted_a.pk]), {"reason": "Bổ sung minh chứng hội nghị"})
    submitted_a.refresh_from_db()
    assert (
        submitted_a.current_version.number == 2 and submitted_a.current_version.status == VersionStatus.DRAFT
    )
    page = (
        client_for("officer_a")
        .get(reverse("reports:detail", args=[submitted_a.pk]) + "?phien_ban=1")
        .content.decode()
    )
    assert "Bổ sung minh chứng hội nghị" in page


def test_a_bad_period_or_format_is_not_found(client_for, draft_a):
    admin = client_for("admin")
    assert admin.get(reverse("reports:aggregate") + "?ky=2024-H7").status_code == 404
    assert admin.get(reverse("reports:export", args=[draft_a.pk]) + "?dinh_dang=pdf").status_code == 404


def test_the_par_index_evidence_lists_plan_tasks_reports_and_links(submitted_a, client_for, personas):
    from cchc.plans.models import Plan

    Plan.objects.filter(number="15/KH-SNV").update(issuer_unit=personas.unit_a)
    client = client_for("officer_a")
    page = client.get(reverse("reports:evidence") + "?nam=2024")
    data = page.context["data"]
    assert data["plans"] == 1 and (data["done"], data["tasks"]) == (1, 2) and data["reports_sent"] == 1
    kinds = [item["kind"] for item in data["items"]]
    assert kinds.count("plan") == 1 and kinds.count("report") == 1 and "evidence" in kinds
    html = page.content.decode()
    assert (
        "15/01/2024" in html
        and "Hoàn thành 1/2 nhiệm vụ" in html
        and "https://example.gov.vn/tin-cchc" in html
    )
    assert reverse("reports:detail", args=[submitted_a.pk]) in html

    xlsx = client.get(reverse("reports:evidence_export") + "?nam=2024&dinh_dang=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content))["Minh chứng"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert any(row[1] == "Hoàn thành 1/2 nhiệm vụ được giao" for row in values)
    assert any(row[4] and str(row[4]).startswith("http://testserver/ke-hoach/") for row in values)
    docx = client.get(reverse("reports:evidence_export") + "?nam=2024&dinh_dang=docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "Minh chứng tiêu chí tuyên truyền cải cách hành chính năm 2024" in text
    assert "Báo cáo 6 tháng đầu năm 2024: gửi ngày" in text
