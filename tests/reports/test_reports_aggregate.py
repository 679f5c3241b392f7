"""Sở Nội vụ's aggregate for a period: latest submitted reports only, completion by unit and
overall, deliverables by kind, late and not-yet-reporting units against the deadline; a
leader sees the subtree; the page costs the same number of queries for 2 units or 8."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cchc.core.periods import Period
from cchc.reports import selectors, services
from cchc.reports.models import UnitReport

pytestmark = pytest.mark.django_db
H1 = Period.parse("2024-H1")


def _by_name(data):
    return {row["name"]: row for row in data["units"]}


def test_it_counts_only_submitted_reports_and_lists_who_has_not_reported(submitted_a, personas):
    UnitReport.objects.filter(pk=submitted_a.pk).update(
        first_submitted_at=datetime(2024, 6, 18, 3, tzinfo=UTC)
    )
    data = selectors.aggregate(actor=personas.admin, period=H1, today=date(2024, 6, 25))
    rows = _by_name(data)
    assert set(rows) == {personas.unit_a.name, personas.unit_b.name}
    a, b = rows[personas.unit_a.name], rows[personas.unit_b.name]
    assert (a["standing"], a["tasks"], a["done"], a["completion_rate"]) == ("on_time", 2, 1, 50.0)
    assert a["submitted_on"] == "2024-06-18" and a["version"] == 1
    assert b["standing"] == "missing" and b["version"] is None
    assert data["expected"] == 2 and data["reported"] == 1 and data["report_rate"] == 50.0
    assert data["not_reported"] == [personas.unit_b.name] and data["late"] == [] and data["overdue"]
    assert (data["tasks"], data["done"], data["completion_rate"]) == (2, 1, 50.0)
    assert data["deliverables"] == {"news": 12, "reportage": 2}
    assert data["targets"] == {"news": 10, "reportage": 2, "conference": 1}
    assert any("Nhiều tin, bài nhất" in h for h in data["highlights"])


def test_a_report_sent_after_the_deadline_is_late(submitted_a, personas):
    UnitReport.objects.filter(pk=submitted_a.pk).update(
        first_submitted_at=datetime(2024, 6, 21, 3, tzinfo=UTC)
    )
    data = selectors.aggregate(actor=personas.admin, period=H1, today=date(2024, 7, 1))
    assert data["late"] == [personas.unit_a.name] and data["reported"] == 1


def test_drafts_and_returned_reports_do_not_count(submitted_a, personas):
    services.report_return(version=submitted_a.current_version, actor=personas.admin, reason="Thiếu số liệu")
    services.report_draft(unit=personas.unit_b, period="2024-H1", actor=personas.officer_b)
    rows = _by_name(selectors.aggregate(actor=personas.admin, period=H1))
    assert rows[personas.unit_a.name]["standing"] == "returned"
    assert rows[personas.unit_b.name]["standing"] == "draft"
    data = selectors.aggregate(actor=personas.admin, period=H1)
    assert data["reported"] == 0 and data["tasks"] == 0 and data["completion_rate"] is None


def test_an_amendment_counts_once_submitted(submitted_a, personas):
    draft = services.report_amend(report=submitted_a, actor=personas.officer_a)
    draft.tasks = draft.tasks[:1]
    draft.save()
    assert _by_name(selectors.aggregate(actor=personas.admin, period=H1))[personas.unit_a.name]["tasks"] == 2
    services.report_submit(version=draft, actor=personas.officer_a)
    row = _by_name(selectors.aggregate(actor=personas.admin, period=H1))[personas.unit_a.name]
    assert row["version"] == 2


def test_a_leader_sees_the_subtree_and_an_officer_the_own_unit(submitted_a, personas):
    leader = selectors.aggregate(actor=personas.leader, period=H1)
    assert [r["name"] for r in leader["units"]] == [personas.unit_a.name]
    assert leader["scope"] == personas.parent_of_a.name
    officer_b = selectors.aggregate(actor=personas.officer_b, period=H1)
    assert [r["name"] for r in officer_b["units"]] == [personas.unit_b.name]
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        selectors.aggregate(actor=personas.leader, period=H1, root=personas.unit_b)
    with pytest.raises(PermissionDenied):
        selectors.aggregate(actor=personas.editor, period=H1)


def _units_with_reports(personas, make_plan, count: int, start: int = 0):
    """`count` extra departments, each the lead of one task with progress and a submitted report."""
    from cchc.orgs.models import Unit, UnitKind
    from cchc.tracking.models import Assignment
    from cchc.tracking.services import assignments_generate, progress_record

    units = [
        Unit.objects.create(
            code=f"kiemthu-so-{i}", name=f"Sở thử {i:02d}", kind=UnitKind.DEPARTMENT, parent=personas.province
        )
        for i in range(start, start + count)
    ]
    rows = [
        (str(i + 1), f"Nhiệm vụ {i}", "05 tin, bài", make_plan.year, [("lead", unit)])
        for i, unit in enumerate(units)
    ]
    plan = make_plan(number=f"{count}/KH-THU", rows=rows)
    assignments_generate(plan=plan, actor=personas.admin)
    for unit in units:
        progress_record(
            assignment=Assignment.objects.get(plan=plan, unit=unit),
            period="2024-H1",
            status="done",
            deliverables={"news": 5},
            actor=personas.admin,
        )
        report = services.report_draft(unit=unit, period="2024-H1", actor=personas.admin)
        services.report_submit(version=report.current_version, actor=personas.admin)
    return units


def _page_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("reports:aggregate") + "?ky=2024-H1")
    assert response.status_code == 200
    return len(queries)


def test_the_aggregate_page_has_no_n_plus_one(submitted_a, personas, client_for, make_plan):
    client = client_for("admin")
    _units_with_reports(personas, make_plan, 2)
    few = _page_queries(client)
    _units_with_reports(personas, make_plan, 6, start=2)
    many = _page_queries(client)
    print(f"aggregate page queries: {few} (3 units) vs {many} (9 units)")
    assert many == few, (few, many)
    assert few <= 15
    response = client.get(reverse("reports:aggregate") + "?ky=2024-H1")
    assert "Sở thử 05" in response.content.decode() and response.context["data"]["reported"] == 9
