"""A script imports a plan through the API alone: upload, follow the job, confirm, read it back."""

from __future__ import annotations

import pytest
from django.test import Client
from plan_documents import plan_text, upload

pytestmark = pytest.mark.django_db

TASKS = (
    ("1", "Viết bài giới thiệu dịch vụ công trực tuyến", "Bài viết", "Phòng Nội vụ", "", "Quý I/2025"),
    (
        "2",
        "Tập huấn kỹ năng tuyên truyền cho công chức",
        "Lớp tập huấn",
        "Phòng Tư pháp",
        "Phòng Nội vụ",
        "Năm 2025",
    ),
)


@pytest.fixture
def script(api_key_for) -> Client:
    return Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {api_key_for('officer_a')}")


def test_a_plan_goes_from_upload_to_detail_through_the_api(script, django_capture_on_commit_callbacks):
    text = plan_text(number="57/KH-UBND", title="Tuyên truyền cải cách hành chính năm 2025", tasks=TASKS)
    with django_capture_on_commit_callbacks(execute=True):
        created = script.post("/api/imports", {"files": [upload(text, "ke-hoach-57.txt")]})
    assert created.status_code == 201, created.content[:300]
    [item] = created.json()
    assert item["job_id"]

    status = script.get(f"/api/imports/{item['id']}").json()
    assert status["done"] and status["status"] == "review", status
    assert status["progress"] == 100
    assert status["parsed"]["number"] == "57/KH-UBND"

    confirmed = script.post(f"/api/imports/{item['id']}/confirm")
    assert confirmed.status_code == 200, confirmed.content[:300]
    plan_id = confirmed.json()["id"]

    detail = script.get(f"/api/plans/{plan_id}").json()
    assert detail["number"] == "57/KH-UBND"
    assert [t["task"] for t in detail["tasks"]] == [row[1] for row in TASKS]
    assert [v["number"] for v in detail["versions"]] == [1]
    assert any("76/NQ-CP" in basis["raw"] for basis in detail["bases"])

    tasks = script.get(f"/api/plans/{plan_id}/tasks").json()
    roles = {a["raw"]: a["role"] for a in tasks[1]["agencies"]}
    assert roles == {"Phòng Tư pháp": "lead", "Phòng Nội vụ": "coordinator"}


def test_the_confirmed_plan_is_found_by_the_filters(script, personas, confirmed_by_api):
    plan_id = confirmed_by_api(script)
    found = script.get("/api/plans?year=2025&q=57%2FKH").json()
    assert [p["id"] for p in found["items"]] == [plan_id]
    assert found["count"] == 1
    assert script.get("/api/plans?year=1999").json()["count"] == 0


def test_the_cited_legal_document_lists_the_plan_as_citing_it(script, confirmed_by_api):
    plan_id = confirmed_by_api(script)
    documents = script.get("/api/legal-documents?q=76").json()["items"]
    [document] = [d for d in documents if "76/NQ-CP" in d["number"]]
    detail = script.get(f"/api/legal-documents/{document['id']}").json()
    assert [c["plan"]["id"] for c in detail["cited_by"]] == [plan_id]


def test_a_second_upload_of_the_same_file_is_reported_as_a_duplicate(
    script, confirmed_by_api, django_capture_on_commit_callbacks
):
    confirmed_by_api(script)
    with django_capture_on_commit_callbacks(execute=True):
        [item] = script.post(
            "/api/imports", {"files": [upload(plan_text(number="57/KH-UBND"), "lai.txt")]}
        ).json()
    assert script.get(f"/api/imports/{item['id']}").json()["status"] == "duplicate"


@pytest.fixture
def confirmed_by_api(django_capture_on_commit_callbacks):
    def run(client: Client) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            [item] = client.post("/api/imports", {"files": [upload(plan_text(number="57/KH-UBND"))]}).json()
        return client.post(f"/api/imports/{item['id']}/confirm").json()["id"]

    return run


def test_the_registry_resolves_a_unit_name(script, personas):
    answer = script.get("/api/orgs/resolve", {"name": personas.unit_b.name}).json()
    assert [u["unit_id"] for u in answer["units"]] == [personas.unit_b.pk]
