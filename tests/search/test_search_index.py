"""One search over news, public plans, legal documents and published answers, kept current by
the apps' own writes, typed with or without diacritics."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cchc.search.selectors import search

pytestmark = pytest.mark.django_db


def kinds_and_titles(hits):
    return [(hit.kind, hit.title) for hit in hits]


def test_a_query_without_diacritics_finds_a_plan_by_its_task(make_plan):
    make_plan("Kế hoạch chuyển đổi số năm 2025", tasks=["Nâng cấp đường truyền mạng"])
    plan = make_plan("Tuyên truyền cải cách hành chính", tasks=["Rà soát cải cách thủ tục hành chính"])
    [hit] = search("cai cach thu tuc")
    assert (hit.kind, hit.object_id) == ("plan", plan.pk)
    assert "<mark>cải</mark> <mark>cách</mark> <mark>thủ</mark> <mark>tục</mark>" in hit.snippet_html
    assert hit.url == f"/cong-thong-tin/ke-hoach/{plan.pk}/"


def test_d_is_folded_as_a_letter(make_plan):
    make_plan("Chuyển đổi số", tasks=["Nâng cấp đường truyền"])
    [hit] = search("duong")
    assert "<mark>đường</mark>" in hit.snippet_html
    assert [h.kind for h in search("ĐƯỜNG")] == ["plan"]


def test_it_finds_every_kind_and_narrows_to_some(make_plan, make_news, make_answer, make_document):
    plan = make_plan("Cải cách hành chính năm 2025")
    make_news("Hội nghị cải cách hành chính", body="<p>Sở Nội vụ tổ chức hội nghị.</p>")
    make_document("76/NQ-CP", cited_by=plan)  # a public plan cites it: the portal shows it
    make_answer(
        "Hỏi về cải cách hành chính", "Nội dung hỏi về cải cách hành chính ở xã.", "Đã trả lời cụ thể."
    )
    assert {hit.kind for hit in search("cai cach hanh chinh")} == {"plan", "news", "answer"}
    assert kinds_and_titles(search("76 nq cp")) == [("document", "Nghị quyết số 76/NQ-CP")]
    assert {hit.kind for hit in search("cai cach", kinds=["news", "answer"])} == {"news", "answer"}


def test_titles_outrank_bodies(make_plan):
    make_plan("Kế hoạch khác", tasks=["Có nhắc tới chuyển đổi số ở phần nhiệm vụ"])
    make_plan("Chuyển đổi số trong cải cách hành chính")
    hits = search("chuyen doi so")
    assert [hit.title for hit in hits][0] == "Chuyển đổi số trong cải cách hành chính"
    assert hits[0].score >= hits[1].score


def test_unpublished_things_are_not_found(make_plan, make_news, make_answer):
    make_plan("Kế hoạch nội bộ về lưu trữ", public=False)
    make_news("Bản nháp về lưu trữ", published=False)
    make_answer("Lưu trữ hồ sơ", "Nội dung về lưu trữ hồ sơ điện tử.", "Trả lời riêng.", consent=False)
    assert search("luu tru") == []


def test_scheduled_news_appears_when_its_time_comes(make_news):
    item = make_news("Tin hẹn giờ về số hóa", at=timezone.now() + timedelta(hours=2))
    assert search("so hoa") == []
    item.published_at = timezone.now() - timedelta(minutes=1)
    item.save()
    assert [hit.object_id for hit in search("so hoa")] == [item.pk]


def test_the_index_follows_changes_and_deletions(make_plan, make_news):
    from cchc.portal.models import PublishedPlan

    plan = make_plan("Tuyên truyền pháp luật")
    news = make_news("Tin về pháp luật")
    assert {hit.kind for hit in search("phap luat")} == {"plan", "news"}
    PublishedPlan.objects.filter(plan=plan).delete()  # no longer public
    news.title = "Tin về chuyển đổi số"
    news.save()
    assert search("phap luat") == []
    news.delete()
    assert search("chuyen doi so") == []


def test_reindex_rebuilds_from_the_data(make_plan, make_news):
    from cchc.search.index import reindex
    from cchc.search.models import SearchDocument

    make_plan("Kế hoạch số hóa")
    make_news("Tin số hóa")
    SearchDocument.objects.all().delete()
    assert search("so hoa") == []
    counts = reindex()
    assert counts["plan"] == 1 and counts["news"] == 1
    assert len(search("so hoa")) == 2


def test_markup_in_the_data_is_escaped_in_results(make_news):
    make_news("Tin <script>alert(1)</script> cải cách", summary="a < b & cải cách")
    [hit] = search("cai cach")
    assert "<script>" not in hit.title_html and "&lt;script&gt;" in hit.title_html
    assert "&lt; b &amp;" in hit.snippet_html


@pytest.mark.parametrize("query", ["", "   ", "!!!", '"', "*", "AND OR NOT", "a" * 500, "' OR 1=1 --"])
def test_odd_queries_never_break_the_search(make_plan, query):
    make_plan("Cải cách hành chính")
    assert isinstance(search(query), list)


def test_the_database_own_full_text_search_answers_without_falling_back(make_plan):
    """SQLite's FTS5 table or PostgreSQL's tsvector with unaccent, called directly: a broken
    backend would otherwise hide behind the plain-scan fallback."""
    from django.db import connection

    from cchc.search import backends
    from cchc.search.models import SearchDocument

    plan = make_plan("Nâng cấp Đường giao thông", tasks=["Cải cách thủ tục"])
    finder = {"sqlite": backends.sqlite_fts, "postgresql": backends.postgres_fts}.get(connection.vendor)
    if finder is None:
        pytest.skip(f"no full-text backend for {connection.vendor}")
    row = SearchDocument.objects.get(kind="plan", object_id=plan.pk)
    for query in ("ĐƯỜNG giao", "duong giao", "cai cach thu", "Cải cách thủ tục"):
        assert [pk for pk, _ in finder(query, None, 10)] == [row.pk], query
    assert finder("duong", ["news"], 10) == []
