"""The pages: "Nhiệm vụ của tôi" with due dates, statuses, overdue marks and filters; the progress
form with an evidence file; the plan's roll-up; the bell; a fixed number of queries per page."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.tracking.models import Assignment, Evidence, Notification, ProgressEntry
from cchc.tracking.services import assignments_generate, progress_record

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


def test_my_tasks_lists_the_units_work_with_due_dates_and_overdue_marks(assigned, client_for):
    page = client_for("officer_a").get(reverse("tracking:my_tasks")).content.decode()
    assert "Tuyên truyền trên báo" in page
    assert "30/09/2024" in page
    assert "Quá hạn" in page and 'class="is-overdue"' in page  # today is after 30/09/2024
    assert "Tổ chức hội nghị" not in page  # unit A is not a department
    assert "Cập nhật</a>" in page


def test_the_assignment_page_lists_targets_in_the_fixed_kind_order(assignment_of_a, client_for):
    url = reverse("tracking:assignment_detail", args=[assignment_of_a.pk])
    page = client_for("officer_a").get(url).content.decode()
    assert "10 tin, bài, 2 phóng sự" in page  # the same on SQLite and on PostgreSQL (jsonb)


def test_the_leader_sees_the_subtree_without_record_buttons(assigned, client_for):
    page = client_for("leader").get(reverse("tracking:my_tasks")).content.decode()
    assert "Tuyên truyền trên báo" in page and "Tổ chức hội nghị" in page
    assert "/tien-do/" not in page


def test_my_tasks_filters_by_plan_status_and_period(assigned, client_for, personas):
    a = Assignment.objects.get(unit=personas.unit_a)
    progress_record(assignment=a, period="2024-H1", status="done", actor=personas.officer_a)
    client = client_for("admin")
    url = reverse("tracking:my_tasks")
    done = client.get(url, {"trang_thai": "done"}).context["rows"]
    assert [r["a"].pk for r in done] == [a.pk]
    assert len(client.get(url, {"ke_hoach": assigned.pk}).context["rows"]) == 6
    assert len(client.get(url, {"ke_hoach": 999999}).context["rows"]) == 0
    h1 = client.get(url, {"ky": "2024-H1"})
    by_pk = {r["a"].pk: r for r in h1.context["rows"]}
    assert by_pk[a.pk]["period_entry"].status == "done"
    assert "Chưa báo cáo" in h1.content.decode()
    assert client.get(url, {"ky": "bogus", "trang_thai": "bogus"}).status_code == 200


def test_an_officer_records_progress_with_an_evidence_file_through_the_form(
    assignment_of_a, client_for, settings
):
    url = reverse("tracking:progress_edit", args=[assignment_of_a.pk])
    client = client_for("officer_a")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "period": "2024-H1",
            "status": "in_progress",
            "percent": "40",
            "note": "Đã đăng 4 tin trên Báo Hưng Yên.",
            "qty_news": "4",
            "qty_training": "1",
            "people_training": "60",
            "evidence_file": SimpleUploadedFile("anh-chup.pdf", PDF),
            "evidence_title": "Bài đăng ngày 12/5",
        },
    )
    assert response.status_code == 302
    entry = ProgressEntry.objects.get()
    assert (entry.period, entry.percent) == ("2024-H1", 40)
    evidence = Evidence.objects.get()
    assert (settings.MEDIA_ROOT / evidence.file.name).read_bytes() == PDF
    detail = client.get(response["Location"]).content.decode()
    assert "Bài đăng ngày 12/5" in detail and "60 người" in detail
    download = client.get(reverse("tracking:evidence_download", args=[evidence.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]


def test_the_form_shows_service_errors_and_saves_nothing(assignment_of_a, client_for):
    url = reverse("tracking:progress_edit", args=[assignment_of_a.pk])
    client = client_for("officer_a")
    response = client.post(url, {"period": "2024-H1", "status": "failed", "percent": "0"})
    assert response.status_code == 200
    assert "lý do không thực hiện được" in response.content.decode()
    response = client.post(
        url,
        {"period": "2024-H1", "status": "done", "evidence_file": SimpleUploadedFile("virus.exe", b"MZ")},
    )
    assert "không được nhận" in response.content.decode()
    assert not ProgressEntry.objects.exists()  # the entry rolled back with the refused file


def test_the_plan_page_rolls_tasks_up(assigned, client_for, personas):
    a = Assignment.objects.get(unit=personas.unit_a)
    progress_record(
        assignment=a,
        period="2024-H1",
        status="in_progress",
        percent=50,
        deliverables={"reportage": 1},
        actor=personas.officer_a,
    )
    page = client_for("officer_b").get(reverse("tracking:plan_progress", args=[assigned.pk])).content.decode()
    assert "Phóng sự: 1 / 2" in page
    assert "hoàn thành 17%" in page  # (50 + 0 + 0) / 3
    assert "Giao nhiệm vụ cho đơn vị" not in page


def test_the_plan_page_of_the_plans_app_links_to_its_progress_page(plan, client_for):
    page = client_for("officer_b").get(reverse("plans:detail", args=[plan.pk])).content.decode()
    progress_url = reverse("tracking:plan_progress", args=[plan.pk])
    assert f'href="{progress_url}"' in page and "Tiến độ thực hiện" in page
    assert client_for("officer_b").get(progress_url).status_code == 200


def test_the_generate_button_reports_what_it_did(plan, client_for):
    response = client_for("admin").post(reverse("tracking:generate", args=[plan.pk]), follow=True)
    assert "6 mới" in response.content.decode()
    assert Assignment.objects.filter(plan=plan).count() == 6


def test_the_bell_counts_unread_notifications_and_they_can_be_marked_read(assigned, client_for, personas):
    from cchc.tracking.reminders import remind

    remind(today=date(2024, 6, 10))
    client = client_for("officer_a")
    home = client.get(reverse("web:home")).content.decode()
    assert 'class="nav-bell"' in home and "1 thông báo chưa đọc" in home
    page = client.get(reverse("tracking:notifications")).content.decode()
    assert "Chốt số liệu 6 tháng đầu năm 2024" in page
    client.post(reverse("tracking:notifications_read"))
    assert not Notification.objects.filter(user=personas.officer_a, read_at=None).exists()
    assert 'class="nav-bell"' not in client.get(reverse("web:home")).content.decode()
    # Someone else's notification cannot be marked through the form.
    other = Notification.objects.filter(user=personas.officer_b).first()
    client.post(reverse("tracking:notifications_read"), {"id": other.pk})
    other.refresh_from_db()
    assert other.read_at is None


def _more_plans(personas, merged, count):
    from tracking_fixtures import build_plan

    for i in range(count):
        p = build_plan(personas, merged, number=f"{100 + i}/KH-SNV")
        assignments_generate(plan=p, actor=personas.admin, today=date(2025, 6, 1))
        for a in Assignment.objects.filter(plan=p, unit=personas.unit_a):
            progress_record(
                assignment=a,
                period="2024-H1",
                status="in_progress",
                percent=10,
                deliverables={"news": 1},
                actor=personas.officer_a,
            )


@pytest.mark.parametrize(
    ("persona", "url_of", "queries"),
    [
        ("officer_a", lambda plan, a: reverse("tracking:my_tasks"), 7),
        ("admin", lambda plan, a: reverse("tracking:my_tasks") + "?ky=2024-H1", 7),
        ("leader", lambda plan, a: reverse("tracking:plan_progress", args=[plan.pk]), 9),
        ("officer_a", lambda plan, a: reverse("tracking:assignment_detail", args=[a.pk]), 7),
    ],
)
def test_the_main_pages_take_a_fixed_number_of_queries(
    assigned,
    assignment_of_a,
    personas,
    merged_department,
    client_for,
    django_assert_num_queries,
    persona,
    url_of,
    queries,
):
    client = client_for(persona)
    url = url_of(assigned, assignment_of_a)
    for period in ("2024-Q1", "2024-H1"):
        progress_record(
            assignment=assignment_of_a,
            period=period,
            status="in_progress",
            percent=20,
            deliverables={"news": 2, "training": (1, 30)},
            actor=personas.officer_a,
        )
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    _more_plans(personas, merged_department, 3)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


def test_my_tasks_pages_through_long_lists_keeping_the_filters(assigned, client_for, monkeypatch):
    from cchc.tracking import views

    monkeypatch.setattr(views, "PAGE_SIZE", 4)
    client = client_for("admin")
    first = client.get(reverse("tracking:my_tasks"), {"ke_hoach": assigned.pk})
    assert len(first.context["rows"]) == 4
    assert f"ke_hoach={assigned.pk}&amp;trang=2" in first.content.decode()
    second = client.get(reverse("tracking:my_tasks"), {"ke_hoach": assigned.pk, "trang": 2})
    assert len(second.context["rows"]) == 2
    assert "6 nhiệm vụ" in second.content.decode()
