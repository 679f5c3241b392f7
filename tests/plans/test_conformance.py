"""Comparing a department's plan with the province plan it implements."""

from __future__ import annotations

import pytest
from derive_fixtures import department_text, make_science_department, province_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def science_department(personas):
    return make_science_department(personas)


@pytest.fixture
def pair(confirmed_plan, science_department):
    parent = confirmed_plan(province_text(), name="tinh.txt")
    child = confirmed_plan(department_text(), name="so.txt")
    return child, parent


def test_a_parent_task_covered_in_other_words_is_matched_and_explained(pair):
    from cchc.plans.conformance import check_conformance

    report = check_conformance(*pair)
    [led] = [c for c in report.checks if c.role == "lead"]
    assert led.matches and "chung các từ" in led.matches[0].explanation


def test_a_parent_task_with_no_counterpart_is_missing(pair):
    from cchc.plans.conformance import check_conformance

    report = check_conformance(*pair)
    assert [c.role for c in report.missing] == ["coordinator"]


def test_a_child_task_with_no_parent_is_extra(pair):
    from cchc.plans.conformance import check_conformance

    report = check_conformance(*pair)
    assert [e["child_stt"] for e in report.extra] == ["2"]


def test_a_plan_issued_within_the_grace_period_is_on_time(pair):
    from cchc.plans.conformance import check_conformance

    assert check_conformance(*pair).on_time is True


def test_a_plan_issued_after_the_grace_period_is_late(pair):
    from cchc.plans.conformance import check_conformance

    assert check_conformance(*pair, grace_days=5).on_time is False


def test_a_citation_whose_date_differs_from_the_registry_is_flagged(confirmed_plan, science_department):
    from cchc.plans.conformance import check_conformance

    parent = confirmed_plan(province_text(), name="tinh.txt")
    child = confirmed_plan(department_text(implements="230/KH-UBND ngày 30/12/2024"), name="so.txt")
    kinds = [p.kind for p in check_conformance(child, parent).citation_problems]
    assert "date_mismatch" in kinds


def test_citing_an_amended_plan_is_flagged_as_superseded(pair, personas):
    from cchc.plans.conformance import check_conformance
    from cchc.plans.services import plan_amend

    child, parent = pair
    plan_amend(plan=parent, data=dict(parent.current_version.data), actor=personas.admin, note="Sửa đổi")
    parent.refresh_from_db()
    kinds = [p.kind for p in check_conformance(child, parent).citation_problems]
    assert "superseded" in kinds


def test_the_report_is_plain_json(pair):
    import json

    from cchc.plans.conformance import check_conformance

    data = json.loads(json.dumps(check_conformance(*pair).to_dict()))
    assert data["missing"] == [1] and data["child_task_count"] == 2


def test_a_parent_without_a_task_table_gives_a_note_not_an_error(confirmed_plan, science_department):
    from cchc.plans.conformance import check_conformance

    parent = confirmed_plan(province_text().split("Phụ lục")[0], name="tinh.txt")
    child = confirmed_plan(department_text(), name="so.txt")
    report = check_conformance(child, parent)
    assert report.checks == [] and any("bảng nhiệm vụ" in n for n in report.notes)


def test_the_conformance_page_lists_the_missing_task(pair, client_for):
    from django.urls import reverse

    child, parent = pair
    response = client_for("officer_b").get(
        reverse("plans:conformance", args=[child.pk]), {"cap_tren": parent.pk}
    )
    assert "Thiếu" in response.content.decode()


def test_the_conformance_page_exports_csv(pair, client_for):
    from django.urls import reverse

    child, parent = pair
    response = client_for("officer_b").get(
        reverse("plans:conformance", args=[child.pk]), {"cap_tren": parent.pk, "dinh_dang": "csv"}
    )
    assert response["Content-Type"].startswith("text/csv") and "Thêm" in response.content.decode("utf-8-sig")
