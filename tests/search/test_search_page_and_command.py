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
