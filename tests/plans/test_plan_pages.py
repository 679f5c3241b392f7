"""The plan pages through the browser's eyes: upload, progress, review, confirm, read."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from plan_documents import plan_text, province_plan_text, upload

from cchc.plans.models import ImportItem, ItemStatus, LegalDocument, Plan

pytestmark = pytest.mark.django_db


def review_post_data(forms, **overrides) -> dict:
    """What the browser sends back from an untouched review form, plus `overrides`."""
    data = {}
    for formset in (forms.bases, forms.tasks):
        for field in formset.management_form:
            data[field.html_name] = field.value()
    for form in [forms.header, *forms.bases.forms, *forms.tasks.forms]:
        for field in form.visible_fields():
            value = field.value()
            if value not in (None, False):
                data[field.html_name] = value
    data.update(overrides)
    return data


@pytest.fixture
def uploaded(client_for, django_capture_on_commit_callbacks):
    def send(persona: str, text: str, name: str = "ke-hoach.txt"):
        client = client_for(persona)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("plans:import_upload"), {"files": [upload(text, name)]})
        return client, response

    return send


def test_uploading_a_file_leads_to_its_review_screen(uploaded):
    client, response = uploaded("officer_a", plan_text())
    item = ImportItem.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:import_item", args=[item.pk])
    page = client.get(response["Location"])
    assert page.status_code == 200
    body = page.content.decode()
    assert "Văn bản nguồn" in body and "Phòng Nội vụ" in body
    assert 'name="tasks-0-task"' in body and 'name="tasks-1-lead"' in body
    assert 'name="confirm"' in body


def test_uploading_several_files_at_once_lists_them(uploaded, client_for, django_capture_on_commit_callbacks):
    client = client_for("admin")
    files = [upload(plan_text(number="1/KH-UBND"), "a.txt"), upload(plan_text(number="2/KH-UBND"), "b.txt")]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("plans:import_upload"), {"files": files})
    assert response["Location"] == reverse("plans:import_list")
    listing = client.get(response["Location"]).content.decode()
    assert "a.txt" in listing and "b.txt" in listing


def test_uploading_an_unsupported_file_shows_a_message_not_an_error_page(client_for):
    response = client_for("officer_a").post(reverse("plans:import_upload"), {"files": [upload("x", "a.exe")]})
    assert response.status_code == 200
    assert "không được hỗ trợ" in response.content.decode()
    assert ImportItem.objects.count() == 0


def test_a_queued_import_shows_a_progress_bar_polled_by_an_external_script(settings, uploaded):
    settings.CCHC_JOBS_INLINE = False
    client, response = uploaded("officer_a", plan_text())
    page = client.get(response["Location"]).content.decode()
    assert "<progress" in page
    assert re.search(r'<script src="[^"]*plans/progress\.js"', page)
    assert not re.search(r"<script>(?!\s*</script>)", page)  # CSP: no inline script
    assert '<meta http-equiv="refresh"' in page  # inside <noscript>, for browsers without script
    item = ImportItem.objects.get()
    status = client.get(reverse("plans:import_status", args=[item.pk])).json()
    assert status["status"] == ItemStatus.QUEUED and status["done"] is False


def test_the_status_endpoint_reports_completion_with_the_review_address(uploaded):
    client, _ = uploaded("officer_a", plan_text())
    item = ImportItem.objects.get()
    status = client.get(reverse("plans:import_status", args=[item.pk])).json()
    assert status == {**status, "status": "review", "done": True, "progress": 100}
    assert status["url"] == reverse("plans:import_item", args=[item.pk])


def test_confirming_from_the_review_screen_saves_the_edited_plan(uploaded):
    client, response = uploaded("officer_a", plan_text())
    page = client.get(response["Location"])
    data = review_post_data(
        page.context["forms"], **{"header-title": "Tiêu đề đã sửa", "tasks-1-DELETE": "on", "confirm": "1"}
    )
    done = client.post(response["Location"], data)
    plan = Plan.objects.get()
    assert done.status_code == 302 and done["Location"] == reverse("plans:detail", args=[plan.pk])
    assert plan.title == "Tiêu đề đã sửa"
    assert plan.current_version.tasks.count() == 1


def test_saving_the_review_without_confirming_creates_no_plan(uploaded):
    client, response = uploaded("officer_a", plan_text())
    page = client.get(response["Location"])
    data = review_post_data(page.context["forms"], **{"tasks-0-timeframe": "Tháng 9/2025", "save": "1"})
    client.post(response["Location"], data)
    item = ImportItem.objects.get()
    assert item.parsed["tasks"][0]["timeframe"] == "Tháng 9/2025"
    assert item.parsed["tasks"][0]["schedule"]["periods"][0]["start"] == "2025-09-01"
    assert Plan.objects.count() == 0


def test_a_bad_date_in_the_review_form_is_shown_beside_the_field(uploaded):
    client, response = uploaded("officer_a", plan_text())
    page = client.get(response["Location"])
    data = review_post_data(page.context["forms"], **{"header-issue_date": "31/02/2025", "confirm": "1"})
    again = client.post(response["Location"], data)
    assert again.status_code == 200
    assert "dd/mm/yyyy" in again.content.decode()
    assert Plan.objects.count() == 0


def test_another_units_officer_cannot_open_the_review(uploaded, client_for):
    uploaded("officer_a", plan_text())
    item = ImportItem.objects.get()
    assert client_for("officer_b").get(reverse("plans:import_item", args=[item.pk])).status_code == 403


def test_a_failed_import_explains_what_went_wrong(uploaded):
    client, response = uploaded("officer_a", "không phải PDF", "hong.pdf")
    page = client.get(response["Location"]).content.decode()
    assert "hong.pdf" in page and "Lỗi" in page


def test_the_plan_page_shows_tasks_agencies_schedules_and_legal_bases(confirmed_plan, client_for):
    plan = confirmed_plan(plan_text())
    body = client_for("editor").get(reverse("plans:detail", args=[plan.pk])).content.decode()
    document = LegalDocument.objects.get(number="76/NQ-CP")
    assert "Đăng tin, bài về cải cách hành chính" in body
    assert "Phòng Văn hóa và Thông tin" in body
    assert "01/04/2025 – 30/06/2025" in body  # "Quý II/2025", normalized
    assert reverse("plans:legal_detail", args=[document.pk]) in body
    assert "MỤC ĐÍCH, YÊU CẦU" in body


def test_the_original_document_can_be_downloaded(confirmed_plan, client_for):
    plan = confirmed_plan(plan_text(), name="goc.txt")
    response = client_for("leader").get(reverse("plans:download", args=[plan.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).decode() == plan_text()
    assert "goc.txt" in response["Content-Disposition"]


def test_the_legal_document_page_lists_the_plans_citing_it(confirmed_plan, client_for):
    first = confirmed_plan(province_plan_text(), name="tinh.txt")
    second = confirmed_plan(plan_text(), name="huyen.txt")
    document = LegalDocument.objects.get(number="76/NQ-CP")
    body = client_for("officer_b").get(reverse("plans:legal_detail", args=[document.pk])).content.decode()
    assert reverse("plans:detail", args=[first.pk]) in body
    assert reverse("plans:detail", args=[second.pk]) in body


def test_the_plan_list_filters_by_year(confirmed_plan, client_for):
    plan_2025 = confirmed_plan(plan_text(), name="a.txt")
    plan_2024 = confirmed_plan(
        plan_text(number="7/KH-UBND", day="05/01/2024", title="Tuyên truyền cải cách hành chính năm 2024"),
        name="b.txt",
    )
    body = client_for("admin").get(reverse("plans:list"), {"nam": "2024"}).content.decode()
    assert reverse("plans:detail", args=[plan_2024.pk]) in body
    assert reverse("plans:detail", args=[plan_2025.pk]) not in body
    # Years are codes here, not quantities: no thousands separator ("2.024") in the choices.
    assert '<option value="2024" selected>2024</option>' in body


def test_amending_from_the_web_adds_a_version_shown_in_the_history(confirmed_plan, client_for, personas):
    plan = confirmed_plan(plan_text(), actor=personas.officer_a)
    client = client_for("officer_a")
    page = client.get(reverse("plans:amend", args=[plan.pk]))
    data = review_post_data(
        page.context["forms"], **{"header-place": "Phố Nối", "note": "Điều chỉnh địa danh"}
    )
    response = client.post(reverse("plans:amend", args=[plan.pk]), data)
    assert response.status_code == 302
    detail = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "Điều chỉnh địa danh" in detail and "Phố Nối" in detail
    old = client.get(reverse("plans:detail", args=[plan.pk]), {"phien_ban": 1}).content.decode()
    assert "không phải phiên bản hiện hành" in old


def test_linking_a_parent_by_hand_from_the_plan_page(confirmed_plan, client_for, personas):
    parent = confirmed_plan(province_plan_text(), name="tinh.txt")
    child = confirmed_plan(plan_text(), actor=personas.officer_a, name="huyen.txt")
    response = client_for("officer_a").post(
        reverse("plans:link_parent", args=[child.pk]), {"parent": parent.pk}
    )
    child.refresh_from_db()
    assert response.status_code == 302
    assert child.parent == parent
    cascade = client_for("editor").get(reverse("plans:cascade")).content.decode()
    assert cascade.index(reverse("plans:detail", args=[parent.pk])) < cascade.index(
        reverse("plans:detail", args=[child.pk])
    )


def test_an_unknown_plan_is_a_not_found_page(client_for):
    assert client_for("admin").get(reverse("plans:detail", args=[999999])).status_code == 404


def test_the_cascade_page_shows_which_units_have_issued_their_plan(confirmed_plan, client_for, personas):
    plan = confirmed_plan(plan_text(), actor=personas.officer_a)
    assert plan.issuer_unit == personas.unit_a  # the issuer is not in the registry: the uploader's unit
    body = client_for("leader").get(reverse("plans:cascade"), {"nam": "2025"}).content.decode()

    def entry_of(unit):
        start = body.index(unit.name)
        return body[start : body.index("</li>", start)]

    assert "41/KH-UBND · 20/01/2025" in entry_of(personas.unit_a)
    assert "chưa có kế hoạch" in entry_of(personas.unit_b)
    assert "1/5" in body


def test_discarding_from_the_review_screen_removes_it_from_the_list(uploaded):
    client, response = uploaded("officer_a", plan_text())
    item = ImportItem.objects.get()
    assert "Hủy văn bản nhập này" in client.get(response["Location"]).content.decode()
    done = client.post(reverse("plans:import_discard", args=[item.pk]))
    assert done["Location"] == reverse("plans:import_list")
    assert reverse("plans:import_item", args=[item.pk]) not in client.get(done["Location"]).content.decode()
    assert Plan.objects.count() == 0
