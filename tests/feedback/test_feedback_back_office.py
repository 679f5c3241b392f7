"""The back-office pages: the administrator assigns, the unit's officer starts and answers,
every step shows in the item's history."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_admin_assigns_and_the_officer_answers_through_the_pages(client_for, personas, submit):
    from cchc.feedback.models import Status

    feedback = submit()
    admin, officer = client_for("admin"), client_for("officer_a")
    response = admin.post(
        reverse("feedback_admin:assign", args=[feedback.pk]),
        {"unit": personas.unit_a.pk, "note": "Xử lý gấp"},
    )
    assert response.status_code == 302
    detail = officer.get(reverse("feedback_admin:detail", args=[feedback.pk])).content.decode()
    assert "Bắt đầu xử lý" in detail and "Soạn trả lời" in detail
    assert officer.post(reverse("feedback_admin:start", args=[feedback.pk])).status_code == 302
    response = officer.post(
        reverse("feedback_admin:answer", args=[feedback.pk]), {"answer": "Đơn vị đã tiếp thu và xử lý."}
    )
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.status == Status.ANSWERED and feedback.answered_by == personas.officer_a
    history = admin.get(reverse("feedback_admin:detail", args=[feedback.pk])).content.decode()
    for step in ("Tiếp nhận", "Chuyển đơn vị xử lý", "Bắt đầu xử lý", "Trả lời", "Xử lý gấp"):
        assert step in history


def test_an_empty_answer_is_shown_back_with_its_error(client_for, feedback_of_a):
    response = client_for("officer_a").post(
        reverse("feedback_admin:answer", args=[feedback_of_a.pk]), {"answer": "ngắn"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["answer"]


def test_the_api_gives_the_history_to_the_unit_and_hides_it_from_others(client_for, feedback_of_a):
    data = client_for("officer_a").get(reverse("api:feedback_detail", args=[feedback_of_a.pk])).json()
    assert data["code"] == feedback_of_a.code
    assert [step["kind"] for step in data["history"]] == ["submitted", "assigned"]
    assert (
        client_for("officer_b").get(reverse("api:feedback_detail", args=[feedback_of_a.pk])).status_code
        == 403
    )


def test_the_list_filters_by_status(client_for, feedback_of_a, submit):
    submit(title="Chưa được chuyển xử lý")
    page = (
        client_for("admin").get(reverse("feedback_admin:list"), {"trang_thai": "received"}).content.decode()
    )
    assert "Chưa được chuyển xử lý" in page and feedback_of_a.title not in page
