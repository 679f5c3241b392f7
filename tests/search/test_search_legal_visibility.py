"""Legal documents are found only while the public page shows them (cited by the current
version of a public plan), so no hit leads to a "not found" page; the index follows plans
being published, unpublished and given a new version."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cchc.search.selectors import search

pytestmark = pytest.mark.django_db


def document_hits(query: str) -> list[int]:
    return [hit.object_id for hit in search(query, kinds=["document"])]


def test_a_document_cited_only_by_a_plan_not_made_public_is_not_found(make_plan, make_document):
    internal = make_plan("Kế hoạch nội bộ", public=False)
    make_document("12/2024/NĐ-CP", doc_type="Nghị định", cited_by=internal)
    make_document("99/QĐ-TTg", doc_type="Quyết định")  # cited by nothing
    assert document_hits("nghi dinh 12") == []
    assert document_hits("99 qd ttg") == []


def test_every_document_hit_opens_on_the_public_page(client, make_plan, make_document):
    public = make_plan("Kế hoạch công khai")
    internal = make_plan("Kế hoạch nội bộ", public=False)
    shown = make_document("76/NQ-CP", cited_by=public)
    make_document("77/NQ-CP", cited_by=internal)
    hits = search("nghi quyet", kinds=["document"])
    assert [hit.object_id for hit in hits] == [shown.pk]
    for hit in hits:
        assert hit.url == reverse("portal:legal_detail", args=[hit.object_id])
        assert client.get(hit.url).status_code == 200
    # The page lists the same documents the public legal library does.
    page = client.get(reverse("search:results"), {"q": "nghi quyet"}).content.decode()
    assert f'href="{reverse("portal:legal_detail", args=[shown.pk])}"' in page
    assert "77/NQ-CP" not in page


def test_publishing_and_unpublishing_a_plan_shows_and_hides_what_it_cites(personas, make_plan, make_document):
    from cchc.portal.services import plan_publish, plan_unpublish

    plan = make_plan("Kế hoạch cải cách hành chính năm 2025", public=False)
    document = make_document("61/2018/NĐ-CP", doc_type="Nghị định", cited_by=plan)
    assert document_hits("61 2018 nd cp") == []

    plan_publish(actor=personas.admin, plan=plan)
    assert document_hits("61 2018 nd cp") == [document.pk]
    # Its citation in the plan is what the entry says about it ("… của Chính phủ").
    [hit] = search("nghi dinh 61", kinds=["document"])
    assert "<mark>Nghị</mark> <mark>định</mark>" in hit.title_html

    plan_unpublish(actor=personas.admin, plan=plan)
    assert document_hits("61 2018 nd cp") == []


def test_a_document_stays_while_another_public_plan_still_cites_it(personas, make_plan, make_document):
    from cchc.portal.services import plan_unpublish

    first, second = make_plan("Kế hoạch thứ nhất"), make_plan("Kế hoạch thứ hai")
    document = make_document("76/NQ-CP", cited_by=first)
    make_document.cite(second, document)
    plan_unpublish(actor=personas.admin, plan=first)
    assert document_hits("76 nq cp") == [document.pk]
    plan_unpublish(actor=personas.admin, plan=second)
    assert document_hits("76 nq cp") == []


def test_a_new_version_that_no_longer_cites_a_document_hides_it(make_plan, make_document):
    from cchc.plans.models import PlanVersion

    plan = make_plan("Kế hoạch sửa đổi")
    document = make_document("30c/NQ-CP", cited_by=plan)
    assert document_hits("30c nq cp") == [document.pk]
    plan.current_version = PlanVersion.objects.create(plan=plan, number=2, data={})
    plan.save(update_fields=["current_version"])
    assert document_hits("30c nq cp") == []


def test_reindex_keeps_only_public_documents(make_plan, make_document):
    from cchc.search.index import reindex
    from cchc.search.models import SearchDocument

    shown = make_document("76/NQ-CP", cited_by=make_plan("Kế hoạch công khai"))
    make_document("77/NQ-CP", cited_by=make_plan("Kế hoạch nội bộ", public=False))
    SearchDocument.objects.all().delete()
    assert reindex(["document"]) == {"document": 1}
    assert document_hits("nghi quyet") == [shown.pk]
