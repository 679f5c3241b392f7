"""Drafting a unit's plan from the province plan it implements."""

from __future__ import annotations

import pytest
from derive_fixtures import make_science_department, province_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def science_department(personas):
    return make_science_department(personas)


@pytest.fixture
def province_plan(confirmed_plan):
    return confirmed_plan(province_text(), name="tinh.txt")


def test_the_unit_keeps_a_task_it_leads_word_for_word(province_plan, personas, science_department):
    from cchc.plans.derive import plan_derive

    draft = plan_derive(parent=province_plan, unit=science_department, actor=personas.admin)
    led = [t for t in draft.tasks if t.task == province_plan.current_version.data["tasks"][0]["task"]]
    assert led and led[0].lead == [science_department.name]


def test_a_task_it_coordinates_is_worded_as_working_with_the_lead(
    province_plan, personas, science_department
):
    from cchc.plans.derive import plan_derive

    draft = plan_derive(parent=province_plan, unit=science_department, actor=personas.admin)
    coordinated = [t for t in draft.tasks if t.task.startswith("Phối hợp với Sở Tư pháp")]
    assert len(coordinated) == 1


def test_tasks_given_only_to_other_units_are_left_out(province_plan, personas, science_department):
    from cchc.plans.derive import plan_derive

    draft = plan_derive(parent=province_plan, unit=science_department, actor=personas.admin)
    assert [t.stt for t in draft.tasks] == ["1", "2"]


def test_the_first_basis_cites_the_parent_plan_by_number_and_date(
    province_plan, personas, science_department
):
    from cchc.plans.derive import plan_derive

    draft = plan_derive(parent=province_plan, unit=science_department, actor=personas.admin)
    first = draft.legal_bases[0]
    assert (first.number, first.date) == (province_plan.number, province_plan.issue_date.isoformat())


def test_the_parents_own_bases_follow_it(province_plan, personas, science_department):
    from cchc.plans.derive import plan_derive

    draft = plan_derive(parent=province_plan, unit=science_department, actor=personas.admin)
    parent_bases = [c["number"] for c in province_plan.current_version.data["legal_bases"] if c.get("number")]
    assert [c.number for c in draft.legal_bases[1:]] == parent_bases


def test_responsibilities_are_addressed_to_the_units_divisions(province_plan, personas, science_department):
    from cchc.plans.derive import plan_derive

    draft = plan_derive(parent=province_plan, unit=science_department, actor=personas.admin)
    divisions = set(science_department.children.values_list("name", flat=True))
    assert {r.agency for r in draft.responsibilities} == divisions


def test_the_header_is_the_units(province_plan, personas, science_department):
    from cchc.plans.derive import plan_derive

    draft = plan_derive(parent=province_plan, unit=science_department, actor=personas.admin)
    assert (draft.issuer, draft.parent_body) == (science_department.name, personas.province.name)


def test_the_same_stored_data_gives_the_same_draft(province_plan, personas, science_department):
    from cchc.plans.derive import plan_derive

    first = plan_derive(parent=province_plan, unit=science_department, actor=personas.admin)
    second = plan_derive(parent=province_plan, unit=science_department, actor=personas.admin)
    assert first.to_dict() == second.to_dict()


def test_the_saved_draft_waits_in_the_review_queue_and_is_audited(
    province_plan, personas, science_department
):
    from cchc.audit.models import AuditEntry
    from cchc.plans.derive import derive_draft
    from cchc.plans.models import ItemStatus

    item = derive_draft(parent=province_plan, unit=science_department, actor=personas.admin)
    assert item.status == ItemStatus.REVIEW and len(item.parsed["tasks"]) == 2
    assert AuditEntry.objects.filter(action="plans.plan.derived").count() == 1


def test_a_confirmed_draft_becomes_the_units_plan(province_plan, personas, science_department):
    from cchc.plans.derive import derive_draft
    from cchc.plans.services import import_confirm

    item = derive_draft(parent=province_plan, unit=science_department, actor=personas.admin)
    plan = import_confirm(item=item, actor=personas.admin)
    assert plan.current_version.tasks.count() == 2


def test_the_draft_exports_as_docx(province_plan, personas, science_department):
    from cchc.exports.docx_plan import export_plan_docx
    from cchc.plans.derive import plan_derive

    _name, mimetype, payload = export_plan_docx(
        plan_derive(parent=province_plan, unit=science_department, actor=personas.admin)
    )
    assert payload[:2] == b"PK" and mimetype.endswith("document")


def test_an_officer_of_another_unit_cannot_derive_for_it(province_plan, personas, science_department):
    from django.core.exceptions import PermissionDenied

    from cchc.plans.derive import plan_derive

    with pytest.raises(PermissionDenied):
        plan_derive(parent=province_plan, unit=science_department, actor=personas.officer_b)


def test_the_derive_page_puts_the_draft_on_the_review_screen(province_plan, science_department, client_for):
    from django.urls import reverse

    from cchc.plans.models import ImportItem

    response = client_for("admin").post(
        reverse("plans:derive", args=[province_plan.pk]), {"don_vi": science_department.pk}
    )
    item = ImportItem.objects.get(batch__unit=science_department)
    assert response["Location"] == reverse("plans:import_item", args=[item.pk])


def test_the_review_screen_offers_the_draft_as_docx(province_plan, personas, science_department, client_for):
    from django.urls import reverse

    from cchc.plans.derive import derive_draft

    item = derive_draft(parent=province_plan, unit=science_department, actor=personas.admin)
    response = client_for("admin").get(reverse("plans:draft_docx", args=[item.pk]))
    assert response.content[:2] == b"PK"
