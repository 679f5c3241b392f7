"""The REST API: list my assignments, get one with its entries, post a progress entry, upload
evidence files to a recorded entry (multipart, the same checks as the web form)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.tracking.models import Evidence, ProgressEntry

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


# --- evidence files through the API (multipart, the same checks as the web form) -----------------

PDF = b"%PDF-1.4\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


@pytest.fixture
def entry_of_a(assignment_of_a, personas):
    from cchc.tracking.services import progress_record

    return progress_record(
        assignment=assignment_of_a,
        period="2024-H1",
        status="in_progress",
        percent=40,
        actor=personas.officer_a,
    )


def _evidence_url(entry, period=None):
    return reverse("api:tracking_add_evidence", args=[entry.assignment_id, period or entry.period])


def _stored_files(media_root):
    return sorted(p.name for p in media_root.rglob("*") if p.is_file()) if media_root.exists() else []


def test_a_script_uploads_evidence_files_with_its_api_key(entry_of_a, personas, media_root):
    from django.test import Client

    from cchc.api.services import api_token_create
    from cchc.audit.models import AuditEntry

    _token, key = api_token_create(user=personas.officer_a, actor=personas.admin)
    client = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {key}")
    response = client.post(
        _evidence_url(entry_of_a),
        data={
            "files": [SimpleUploadedFile("bao-cao.pdf", PDF), SimpleUploadedFile("anh-chup.png", PNG)],
            "title": "Bài đăng ngày 12/5",
        },
    )
    assert response.status_code == 201, response.content
    added = response.json()
    assert [(e["original_name"], e["size"], e["title"]) for e in added] == [
        ("bao-cao.pdf", len(PDF), "Bài đăng ngày 12/5"),
        ("anh-chup.png", len(PNG), "Bài đăng ngày 12/5"),
    ]
    stored = {e.original_name: e for e in Evidence.objects.filter(entry=entry_of_a)}
    assert (media_root / stored["bao-cao.pdf"].file.name).read_bytes() == PDF
    assert stored["anh-chup.png"].content_type == "image/png"
    assert AuditEntry.objects.filter(action="tracking.evidence.added").count() == 2
    # The entry lists the files with a download address that checks the same permission.
    detail = client.get(reverse("api:tracking_get_assignment", args=[entry_of_a.assignment_id])).json()
    [listed_entry] = detail["entries"]
    pdf = next(e for e in listed_entry["evidence"] if e["original_name"] == "bao-cao.pdf")
    assert pdf["url"] == "" and pdf["download_url"] == reverse(
        "api:tracking_download_evidence", args=[stored["bao-cao.pdf"].pk]
    )
    download = client.get(pdf["download_url"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert 'attachment; filename="bao-cao.pdf"' in download["Content-Disposition"]
    assert download["Content-Type"] == "application/pdf"


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (lambda: SimpleUploadedFile("virus.exe", b"MZ\x90\x00"), "không được nhận"),
        (lambda: SimpleUploadedFile("gia-mao.pdf", b"MZ\x90\x00 not a pdf"), "không đúng định dạng .pdf"),
        (lambda: SimpleUploadedFile("rong.pdf", b""), "rỗng"),
    ],
    ids=["type", "content", "empty"],
)
def test_a_refused_file_stores_none_of_the_files_sent_with_it(
    entry_of_a, client_for, media_root, upload, message
):
    response = client_for("officer_a").post(
        _evidence_url(entry_of_a), data={"files": [SimpleUploadedFile("tot.pdf", PDF), upload()]}
    )
    assert response.status_code == 400 and message in response.json()["detail"]
    assert not Evidence.objects.exists()
    assert _stored_files(media_root) == []


def test_a_file_over_the_size_limit_is_refused(entry_of_a, client_for, media_root, monkeypatch):
    from cchc.tracking import services

    monkeypatch.setattr(services, "MAX_EVIDENCE_BYTES", len(PDF) - 1)
    response = client_for("officer_a").post(
        _evidence_url(entry_of_a), data={"files": SimpleUploadedFile("lon.pdf", PDF)}
    )
    assert response.status_code == 400 and "vượt quá" in response.json()["detail"]
    assert not Evidence.objects.exists() and _stored_files(media_root) == []


def test_evidence_needs_files_a_valid_period_and_a_recorded_entry(entry_of_a, client_for):
    client = client_for("officer_a")
    no_file = client.post(_evidence_url(entry_of_a), data={"title": "x"})
    assert no_file.status_code == 400 and "Chưa chọn tệp" in no_file.json()["detail"]
    bad_period = client.post(
        _evidence_url(entry_of_a, "2024-13"), data={"files": SimpleUploadedFile("a.pdf", PDF)}
    )
    assert bad_period.status_code == 400 and "Kỳ báo cáo không hợp lệ" in bad_period.json()["detail"]
    not_recorded = client.post(
        _evidence_url(entry_of_a, "2024-Q3"), data={"files": SimpleUploadedFile("a.pdf", PDF)}
    )
    assert not_recorded.status_code == 404 and "Chưa ghi tiến độ kỳ 2024-Q3" in not_recorded.json()["detail"]
    assert not Evidence.objects.exists()


def test_the_leader_may_read_but_not_upload_evidence(entry_of_a, client_for):
    response = client_for("leader").post(
        _evidence_url(entry_of_a), data={"files": SimpleUploadedFile("a.pdf", PDF)}
    )
    assert response.status_code == 403
    assert not Evidence.objects.exists()


def test_a_link_evidence_downloads_as_a_redirect_and_others_units_files_stay_hidden(
    entry_of_a, client_for, personas
):
    from cchc.tracking.services import evidence_add

    link = evidence_add(entry=entry_of_a, url="https://baohungyen.vn/bai-viet", actor=personas.officer_a)
    url = reverse("api:tracking_download_evidence", args=[link.pk])
    response = client_for("leader").get(url)
    assert response.status_code == 302 and response["Location"] == "https://baohungyen.vn/bai-viet"
    assert client_for("officer_b").get(url).status_code == 403
    assert client_for("anonymous").get(url).status_code == 401
    missing = client_for("admin").get(reverse("api:tracking_download_evidence", args=[999999]))
    assert missing.status_code == 404
