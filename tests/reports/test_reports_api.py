"""The REST API of reports: list, get one (with history), submit, aggregate; same rules as the pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_lists_only_readable_reports_and_filters_by_period(draft_a, client_for, personas):
    url = reverse("api:reports_list")
    data = client_for("officer_a").get(url, {"period": "2024-h1"}).json()
    assert [(r["unit"]["id"], r["period"], r["status"]) for r in data["items"]] == [
        (personas.unit_a.pk, "2024-H1", "draft")
    ]
    assert client_for("officer_b").get(url).json()["items"] == []
    assert client_for("officer_a").get(url, {"period": "2024-Q9"}).status_code == 400


def test_it_gives_one_report_with_its_versions(submitted_a, client_for, personas):
    data = client_for("leader").get(reverse("api:reports_get", args=[submitted_a.pk])).json()
    assert data["version"]["status"] == "submitted" and data["version"]["totals"]["done"] == 1
    assert data["period"]["deadline"] == "2024-06-20"
    assert [v["number"] for v in data["versions"]] == [1]
    assert client_for("admin").get(reverse("api:reports_get", args=[999999])).status_code == 404


def test_it_submits_a_draft_once(draft_a, client_for):
    client = client_for("officer_a")
    url = reverse("api:reports_submit", args=[draft_a.pk])
    answer = client.post(url)
    assert answer.status_code == 200 and answer.json()["status"] == "submitted"
    assert answer.json()["submitted_version"] == 1
    again = client.post(url)
    assert again.status_code == 400 and "không sửa được" in again.json()["detail"]


def test_it_aggregates_a_period(submitted_a, client_for, personas):
    data = client_for("admin").get(reverse("api:reports_aggregate"), {"period": "2024-H1"}).json()
    assert data["reported"] == 1 and data["expected"] == 2
    leader = client_for("leader").get(reverse("api:reports_aggregate"), {"period": "2024-H1"}).json()
    assert [u["name"] for u in leader["units"]] == [personas.unit_a.name]
    assert client_for("admin").get(reverse("api:reports_aggregate"), {"period": "x"}).status_code == 400
