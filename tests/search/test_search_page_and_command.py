"""The public search page and `cchc search`."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_page_shows_ranked_highlighted_results(client, make_plan, make_news):
    plan = make_plan("Tuyên truyền cải cách thủ tục hành chính")
    make_news("Tin khác hẳn")
    page = client.get(reverse("search:results"), {"q": "cai cach thu tuc"}).content.decode()
    assert "1 kết quả" in page
    assert f'href="/cong-thong-tin/ke-hoach/{plan.pk}/"' in page
    assert "<mark>cải</mark>" in page


def test_the_page_escapes_the_query_and_says_when_nothing_matched(client):
    page = client.get(reverse("search:results"), {"q": "<script>x</script>"}).content.decode()
    assert "<script>x</script>" not in page and "Không tìm thấy kết quả" in page


def test_the_command_prints_json(make_plan):
    plan = make_plan("Cải cách thủ tục hành chính")
    out = io.StringIO()
    call_command("search", "cai cach thu tuc", "--format", "json", "--kind", "plan", stdout=out)
    data = json.loads(out.getvalue())
    assert data["backend"] in ("sqlite-fts5", "postgresql-fts")
    [result] = data["results"]
    assert result["object_id"] == plan.pk and result["kind"] == "plan"
    assert "<mark>" in result["title_html"]


def test_the_command_prints_text_and_reindexes(make_plan):
    from cchc.search.models import SearchDocument

    make_plan("Cải cách thủ tục hành chính")
    SearchDocument.objects.all().delete()
    out = io.StringIO()
    call_command("search", "--reindex", stdout=out)
    assert "Kế hoạch: 1" in out.getvalue()
    out = io.StringIO()
    call_command("search", "thu tuc", stdout=out)
    assert "[Kế hoạch] Cải cách «thủ» «tục» hành chính" in out.getvalue()


def test_the_command_prints_ranked_highlighted_json(make_plan, make_news):
    make_news("Tin có nhắc tới", body="<p>Bài viết có nhắc tới chuyển đổi số ở cuối.</p>")
    best = make_plan("Chuyển đổi số năm 2025", tasks=["Chuyển đổi số trong cải cách hành chính"])
    out = io.StringIO()
    call_command("search", "chuyen doi so", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["query"] == "chuyen doi so" and data["count"] == 2
    first, second = data["results"]
    assert (first["rank"], second["rank"]) == (1, 2)
    assert (first["kind"], first["object_id"]) == ("plan", best.pk)
    assert first["score"] >= second["score"]
    assert first["title_html"] == "<mark>Chuyển</mark> <mark>đổi</mark> <mark>số</mark> năm 2025"
    assert "<mark>chuyển</mark> <mark>đổi</mark> <mark>số</mark>" in second["snippet_html"]
    assert first["url"] == f"/cong-thong-tin/ke-hoach/{best.pk}/"
    assert second["url"].startswith("/cong-thong-tin/tin-tuc/")


def test_reindex_reports_progress_and_keeps_json_clean(make_news, monkeypatch):
    from cchc.search import index

    monkeypatch.setattr(index, "REINDEX_BATCH", 2)
    for n in range(5):
        make_news(f"Tin số {n} về số hóa")
    out, err = io.StringIO(), io.StringIO()
    call_command("search", "--reindex", "--kind", "news", "--format", "json", stdout=out, stderr=err)
    assert json.loads(out.getvalue()) == {"reindexed": {"news": 5}}
    progress = err.getvalue().splitlines()
    assert progress == [
        "Tin tức: 5 mục cần lập chỉ mục…",
        "Tin tức: 2/5 (40%)",
        "Tin tức: 4/5 (80%)",
        "Tin tức: 5/5 (100%)",
    ]
    assert len(search_hits("so hoa")) == 5


def search_hits(query):
    from cchc.search.selectors import search

    return search(query)


def test_results_come_a_page_at_a_time(client, make_news):
    from cchc.search.views import PAGE_SIZE

    for n in range(PAGE_SIZE + 3):
        make_news(f"Tin số hóa thứ {n}")
    url = reverse("search:results")
    first = client.get(url, {"q": "so hoa"}).content.decode()
    assert f"Kết quả 1–{PAGE_SIZE}" in first and first.count("search-hit__title") == PAGE_SIZE
    assert 'rel="next" href="?q=so+hoa&amp;trang=2"' in first and 'rel="prev"' not in first
    second = client.get(url, {"q": "so hoa", "trang": 2}).content.decode()
    assert f"Kết quả {PAGE_SIZE + 1}–{PAGE_SIZE + 3}" in second and second.count("search-hit__title") == 3
    assert 'rel="prev" href="?q=so+hoa&amp;trang=1"' in second and 'rel="next"' not in second
    # A page past the end, or a page number that is not one, still answers.
    assert "Không còn kết quả" in client.get(url, {"q": "so hoa", "trang": 9}).content.decode()
    assert client.get(url, {"q": "so hoa", "trang": "x"}).status_code == 200


def test_a_cached_result_page_is_dropped_when_the_index_changes(client, make_news):
    url = reverse("search:results")
    assert "Không tìm thấy kết quả" in client.get(url, {"q": "tiem chung"}).content.decode()
    news = make_news("Lịch tiêm chủng mở rộng")
    page = client.get(url, {"q": "tiem chung"}).content.decode()
    assert "1 kết quả" in page and "<mark>tiêm</mark> <mark>chủng</mark>" in page
    news.delete()
    assert "Không tìm thấy kết quả" in client.get(url, {"q": "tiem chung"}).content.decode()


def test_result_pages_are_served_from_the_cache(client, make_news, django_assert_num_queries):
    make_news("Hội nghị cải cách hành chính")
    url = reverse("search:results")
    client.get(url, {"q": "cai cach"})
    with django_assert_num_queries(0):
        page = client.get(url, {"q": "cai cach"}).content.decode()
    assert "1 kết quả" in page
    # Typed differently, the same words: its own page, the same hit.
    assert "1 kết quả" in client.get(url, {"q": "Cải cách"}).content.decode()


def test_paragraphs_of_a_news_body_stay_apart_in_snippets(make_news):
    from cchc.search.selectors import search

    make_news("Tổ công nghệ số", body="<p>Các tổ ra mắt.</p><p>Mỗi tổ có năm thành viên.</p>")
    [hit] = search("thanh vien")
    assert "ra mắt. Mỗi tổ" in hit.snippet_html


def test_the_search_page_marks_no_other_menu_entry_as_current(client):
    page = client.get(reverse("search:results"), {"q": "x"}).content.decode()
    assert 'aria-current="page"' not in page
