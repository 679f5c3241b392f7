"""The back-office pages under /bien-tap/: forms, flashes and the history of an item."""

import pytest
from django.urls import reverse
from portal_factories import image_upload, make_news

from cchc.portal.models import News, NewsStatus

pytestmark = pytest.mark.django_db


def test_an_editor_writes_with_an_image_then_submits(client_for, personas):
    client = client_for("editor")
    response = client.post(
        reverse("portal_admin:news_create"),
        {
            "title": "Ra quân cải cách hành chính",
            "category": "tin-hoat-dong",
            "summary": "Tóm tắt",
            "body": "Đoạn một.\n\nĐoạn hai.",
            "image": image_upload("anh.jpg", fmt="JPEG"),
            "image_alt": "Cán bộ tại lễ ra quân",
        },
    )
    news = News.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "portal_admin:news_detail", args=[news.pk]
    )
    assert news.body == "<p>Đoạn một.</p><p>Đoạn hai.</p>" and news.thumbnail
    client.post(reverse("portal_admin:news_submit", args=[news.pk]))
    news.refresh_from_db()
    assert news.status == NewsStatus.REVIEW
    page = client.get(reverse("portal_admin:news_detail", args=[news.pk])).content.decode()
    assert "Tin đang chờ quản trị cấp tỉnh duyệt" in page and "Duyệt và xuất bản" not in page


def test_the_form_shows_a_rejected_image_on_its_field(client_for, personas):
    response = client_for("editor").post(
        reverse("portal_admin:news_create"),
        {
            "title": "Ảnh hỏng",
            "category": "tin-hoat-dong",
            "image": image_upload(size=(60, 60)),
            "image_alt": "x",
        },
    )
    assert response.status_code == 200 and "quá nhỏ" in response.content.decode()
    assert not News.objects.exists()


def test_the_admin_schedules_publication_from_the_detail_page(client_for, personas):
    news = make_news(personas, state="review")
    response = client_for("admin").post(
        reverse("portal_admin:news_publish", args=[news.pk]),
        {"published_at": "2099-01-01T08:00"},
        follow=True,
    )
    assert "sẽ hiện trên trang công khai từ 08:00 01/01/2099" in response.content.decode()
    news.refresh_from_db()
    assert news.is_scheduled


def test_the_history_lists_versions_and_audit_entries(client_for, personas):
    news = make_news(personas, state="published")
    page = client_for("editor").get(reverse("portal_admin:news_detail", args=[news.pk])).content.decode()
    assert "portal.news.published" in page and "portal.news.submitted" in page
    version = client_for("editor").get(reverse("portal_admin:news_version", args=[news.pk, 1]))
    assert "Tin kiểm thử" in version.content.decode()


def test_the_back_office_nav_shows_the_editorial_link_to_editors_only(client_for, personas):
    link = f'href="{reverse("portal_admin:home")}"'
    assert link in client_for("editor").get(reverse("web:home")).content.decode()
    assert link not in client_for("officer_a").get(reverse("web:home")).content.decode()
