"""The public page: its own layout, only published content, feeds and sitemap, a cached home
page that is fast and never stale after publishing."""

import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from portal_factories import make_news, make_plan, make_public_plan

from cchc.portal import services
from cchc.portal.demo import SAMPLE_MARK, add_demo_news
from cchc.portal.models import News

pytestmark = pytest.mark.django_db


def get(url):
    return Client().get(url)


def test_the_home_page_has_its_own_layout_header_navigation_and_contact_footer(personas):
    make_news(personas, state="published", title="Tin đầu trang")
    html = get(reverse("portal:home")).content.decode()
    assert "portal/portal.css" in html and "web/app.css" not in html
    assert "Ủy ban nhân dân tỉnh Hưng Yên" in html.upper() or "ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN" in html.upper()
    assert 'aria-label="Điều hướng chính"' in html and "Liên hệ" in html and "Sở Nội vụ tỉnh Hưng Yên" in html
    assert "Tin đầu trang" in html
    assert 'name="viewport"' in html and 'type="application/rss+xml"' in html


def test_the_stylesheet_adapts_to_phones_and_prints(client):
    css = b"".join(client.get("/static/portal/portal.css").streaming_content).decode()
    assert "@media print" in css and "@media (min-width" in css


def test_the_home_page_is_cached_and_refreshed_on_publish(
    personas, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    make_news(personas, state="published", title="Tin thứ nhất")
    assert "Tin thứ nhất" in get(reverse("portal:home")).content.decode()
    with django_assert_max_num_queries(0):
        get(reverse("portal:home"))
    news = make_news(personas, state="review", title="Tin vừa duyệt")
    assert "Tin vừa duyệt" not in get(reverse("portal:home")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the cache is dropped once the change commits
        services.news_publish(actor=personas.admin, news=news)
    assert "Tin vừa duyệt" in get(reverse("portal:home")).content.decode()


def test_the_home_page_renders_within_100_ms_with_the_cache(personas):
    for index in range(12):
        make_news(personas, state="published", title=f"Tin số {index}", image=index < 3)
    make_public_plan(personas)
    client = Client()
    client.get(reverse("portal:home"))  # fill the cache
    timings = []
    for _ in range(20):
        started = time.perf_counter()
        response = client.get(reverse("portal:home"))
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200
    timings.sort()
    assert timings[len(timings) // 2] < 0.1, timings


def test_a_scheduled_item_does_not_stay_hidden_behind_the_cache(personas):
    from cchc.portal.cache import CACHE_SECONDS, timeout_until

    soon = timezone.now() + timedelta(seconds=5)
    assert timeout_until(soon) <= 6
    assert timeout_until(None) == CACHE_SECONDS


def test_news_list_filters_by_category_and_shows_thumbnails(personas):
    make_news(personas, state="published", title="Thông báo lịch họp", category="thong-bao", image=True)
    make_news(personas, state="published", title="Tin hội nghị")
    html = get(reverse("portal:news_list") + "?chuyen-muc=thong-bao").content.decode()
    assert "Thông báo lịch họp" in html and "Tin hội nghị" not in html
    assert "anh-nho.jpg" in html and 'alt="Ảnh minh họa kiểm thử"' in html


def test_news_detail_shows_the_sanitized_body(personas):
    news = make_news(
        personas, state="published", body="<h2>Mục</h2><p onclick='x()'>Đoạn</p><script>alert(1)</script>"
    )
    html = get(reverse("portal:news_detail", args=[news.pk])).content.decode()
    assert "<h2>Mục</h2><p>Đoạn</p>" in html and "alert(1)" not in html


def test_the_image_is_served_as_jpeg_with_a_cache_header(personas):
    news = make_news(personas, state="published", image=True)
    response = get(reverse("portal:news_image", args=[news.pk, "lon"]))
    assert response["Content-Type"] == "image/jpeg" and "public" in response["Cache-Control"]
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
    assert get(reverse("portal:news_image", args=[news.pk, "khac"])).status_code == 404


def test_feeds_and_sitemap_list_published_news(personas):
    news = make_news(personas, state="published", title="Tin cho RSS")
    rss = get(reverse("portal:feed_rss")).content.decode()
    atom = get(reverse("portal:feed_atom")).content.decode()
    sitemap = get(reverse("portal:sitemap")).content.decode()
    assert "<rss" in rss and "Tin cho RSS" in rss
    assert "http://www.w3.org/2005/Atom" in atom and "Tin cho RSS" in atom
    assert news.get_absolute_url() in sitemap and reverse("portal:results") in sitemap


def test_plans_not_made_public_and_their_documents_stay_hidden(personas):
    plan = make_plan(personas)
    assert get(reverse("portal:plan_detail", args=[plan.pk])).status_code == 404
    assert get(reverse("portal:plan_download", args=[plan.pk])).status_code == 404
    assert plan.title not in get(reverse("portal:plan_list")).content.decode()
    assert "76/NQ-CP" not in get(reverse("portal:legal_list")).content.decode()


def test_a_public_plan_shows_its_tasks_and_citations_and_downloads_only_if_allowed(personas):
    plan = make_public_plan(personas, allow_download=False)
    html = get(reverse("portal:plan_detail", args=[plan.pk])).content.decode()
    assert "76/NQ-CP" in html and reverse("portal:plan_download", args=[plan.pk]) not in html
    assert get(reverse("portal:plan_download", args=[plan.pk])).status_code == 404
    services.plan_publish(actor=personas.admin, plan=plan, allow_download=True)
    response = get(reverse("portal:plan_download", args=[plan.pk]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]


def test_the_documents_library_says_which_public_plans_cite_each_document(personas):
    from cchc.plans.models import LegalDocument

    plan = make_public_plan(personas)
    document = LegalDocument.objects.get()
    html = get(reverse("portal:legal_detail", args=[document.pk])).content.decode()
    assert "Được trích dẫn bởi" in html and reverse("portal:plan_detail", args=[plan.pk]) in html


def test_demo_news_is_added_once_and_marked_as_sample(personas):
    assert add_demo_news() == 4
    call_command("portal-demo", stdout=__import__("io").StringIO())
    assert News.objects.count() == 4
    assert all(SAMPLE_MARK in n.title and n.is_published for n in News.objects.all())


def test_the_menu_marks_the_section_of_the_page_and_only_it():
    results = get(reverse("portal:results")).content.decode()
    assert results.count('aria-current="page"') == 1
    assert f'<a href="{reverse("portal:results")}" aria-current="page">' in results
    plans = get(reverse("portal:plan_list")).content.decode()
    assert f'<a href="{reverse("portal:plan_list")}" aria-current="page">' in plans
