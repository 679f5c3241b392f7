"""The REST API: list my assignments, get one with its entries, post a progress entry."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cchc.tracking.models import ProgressEntry

pytestmark = pytest.mark.django_db


def test_it_lists_the_callers_assignments_with_filters(assigned, client_for, personas):
    client = client_for("officer_a")
    body = client.get(reverse("api:tracking_list_assignments")).json()
    assert body["count"] == 1
    [item] = body["items"]
    assert item["unit"]["id"] == personas.unit_a.pk
    assert item["due_date"] == "2024-09-30" and item["targets"] == {"reportage": 2, "news": 10}
    assert item["overdue"] is True and item["status"] == "not_started"
    admin = client_for("admin")
    assert admin.get(reverse("api:tracking_list_assignments"), {"status": "done"}).json()["count"] == 0
    assert admin.get(reverse("api:tracking_list_assignments"), {"plan": assigned.pk}).json()["count"] == 6
    bad = admin.get(reverse("api:tracking_list_assignments"), {"period": "2024-13"})
    assert bad.status_code == 400 and "Kỳ báo cáo không hợp lệ" in bad.json()["detail"]


def test_it_records_progress_and_returns_it_with_the_assignment(assignment_of_a, client_for):
    client = client_for("officer_a")
    url = reverse("api:tracking_record_progress", args=[assignment_of_a.pk])
    response = client.post(
        url,
        data={
            "period": "2024-H1",
            "status": "in_progress",
            "percent": 55,
            "note": "Đã phát 1 phóng sự.",
            "deliverables": [{"kind": "reportage", "quantity": 1}],
            "links": ["https://baohungyen.vn/phong-su-cchc"],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    entry = response.json()
    assert entry["period"] == "2024-H1" and entry["percent"] == 55
    assert entry["deliverables"] == [{"kind": "reportage", "quantity": 1, "participants": None}]
    assert entry["evidence"][0]["url"] == "https://baohungyen.vn/phong-su-cchc"
    detail = client.get(reverse("api:tracking_get_assignment", args=[assignment_of_a.pk])).json()
    assert detail["status"] == "in_progress" and detail["last_period"] == "2024-H1"
    assert [e["period"] for e in detail["entries"]] == ["2024-H1"]


def test_a_refused_link_rolls_the_entry_back(assignment_of_a, client_for):
    response = client_for("officer_a").post(
        reverse("api:tracking_record_progress", args=[assignment_of_a.pk]),
        data={"period": "2024-H1", "status": "done", "links": ["ftp://x"]},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert not ProgressEntry.objects.exists()


def test_a_failed_status_without_a_reason_is_a_400(assignment_of_a, client_for):
    response = client_for("officer_a").post(
        reverse("api:tracking_record_progress", args=[assignment_of_a.pk]),
        data={"period": "2024-H1", "status": "failed"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "lý do" in response.json()["detail"]


def test_an_unknown_assignment_is_a_404(assigned, client_for):
    assert client_for("admin").get(reverse("api:tracking_get_assignment", args=[999999])).status_code == 404
