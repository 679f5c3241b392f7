"""Amendments make versions; plans find their parent plan from what they cite."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from plan_documents import plan_text, province_plan_text

from cchc.audit.models import AuditEntry
from cchc.plans import services
from cchc.plans.models import LegalDocument, Plan, PlanTask

pytestmark = pytest.mark.django_db


def test_an_amendment_adds_a_version_and_keeps_the_old_one(personas, confirmed_plan):
    plan = confirmed_plan(plan_text())
    version = services.plan_amend(
        plan=plan,
        data={
            "title": "Tuyên truyền CCHC năm 2025 (sửa đổi)",
            "tasks": [{"stt": "1", "task": "Chỉ còn một việc"}],
        },
        actor=personas.admin,
        note="Theo chỉ đạo mới",
    )
    plan.refresh_from_db()
    assert version.number == 2
    assert plan.current_version == version
    assert plan.title == "Tuyên truyền CCHC năm 2025 (sửa đổi)"
    assert [t.task for t in version.tasks.all()] == ["Chỉ còn một việc"]
    first = plan.versions.get(number=1)
    assert first.tasks.count() == 2
    assert first.data["title"] == "Tuyên truyền cải cách hành chính năm 2025"
    assert AuditEntry.objects.filter(action="plans.plan.amended", object_id=str(plan.pk)).exists()


def test_an_amendment_is_refused_to_an_officer_of_another_unit(personas, confirmed_plan):
    plan = confirmed_plan(plan_text(), actor=personas.officer_a)
    with pytest.raises(PermissionDenied):
        services.plan_amend(plan=plan, data={"title": "x"}, actor=personas.officer_b)
    assert plan.versions.count() == 1


def test_an_amendment_cannot_take_the_number_of_another_plan(personas, confirmed_plan):
    confirmed_plan(plan_text(number="1/KH-UBND"), name="a.txt")
    second = confirmed_plan(plan_text(number="2/KH-UBND"), name="b.txt")
    with pytest.raises(ValidationError):
        services.plan_amend(plan=second, data={"number": "1/KH-UBND"}, actor=personas.admin)
    second.refresh_from_db()
    assert second.number == "2/KH-UBND"
    assert PlanTask.objects.filter(version__plan=second).count() == 2


def test_a_plan_links_to_the_plan_it_implements_when_that_one_is_already_there(confirmed_plan):
    province = confirmed_plan(province_plan_text(), name="tinh.txt")
    district = confirmed_plan(plan_text(implements="230/KH-UBND ngày 28/12/2024"), name="huyen.txt")
    assert district.parent == province
    assert district.parent_linked_automatically
    assert AuditEntry.objects.filter(action="plans.plan.parent_linked", object_id=str(district.pk)).exists()


def test_a_plan_adopts_the_plans_that_already_cite_it(confirmed_plan):
    district = confirmed_plan(plan_text(implements="230/KH-UBND ngày 28/12/2024"), name="huyen.txt")
    assert district.parent is None
    province = confirmed_plan(province_plan_text(), name="tinh.txt")
    district.refresh_from_db()
    assert district.parent == province


def test_a_citation_with_another_date_does_not_link(confirmed_plan):
    confirmed_plan(province_plan_text(day="28/12/2024"), name="tinh.txt")
    district = confirmed_plan(plan_text(implements="230/KH-UBND ngày 05/01/2023"), name="huyen.txt")
    assert district.parent is None


def test_a_parent_set_by_hand_is_kept_over_citations(personas, confirmed_plan):
    chosen = confirmed_plan(province_plan_text(number="9/KH-UBND", day="01/12/2024"), name="khac.txt")
    district = confirmed_plan(plan_text(implements="230/KH-UBND ngày 28/12/2024"), name="huyen.txt")
    services.plan_link_parent(plan=district, parent=chosen, actor=personas.admin)
    confirmed_plan(province_plan_text(), name="tinh.txt")
    district.refresh_from_db()
    assert district.parent == chosen
    assert not district.parent_linked_automatically


def test_linking_a_plan_under_its_own_descendant_is_refused(personas, confirmed_plan):
    province = confirmed_plan(province_plan_text(), name="tinh.txt")
    district = confirmed_plan(plan_text(implements="230/KH-UBND ngày 28/12/2024"), name="huyen.txt")
    with pytest.raises(ValidationError, match="vòng lặp"):
        services.plan_link_parent(plan=province, parent=district, actor=personas.admin)


def test_one_cited_document_is_one_registry_entry_cited_by_every_plan(confirmed_plan):
    first = confirmed_plan(province_plan_text(), name="tinh.txt")
    second = confirmed_plan(plan_text(), name="huyen.txt")
    [document] = LegalDocument.objects.filter(number="76/NQ-CP")
    citing = {c.version.plan for c in document.citations.select_related("version__plan")}
    assert citing == {first, second}
    assert Plan.objects.count() == 2
