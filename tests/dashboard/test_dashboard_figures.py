"""The dashboard's numbers are those of the data (see conftest.py for the picture), in the
figures handed to the template and in the tables the page shows."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

URL = reverse("dashboard:index")


def _rows(response):
    return {row.unit.pk: row for row in response.context["unit_rows"]}


def _cells(html: str, table_id: str, attribute: str, key) -> list[str]:
    """The text of each cell (th and td) of the row `attribute`=`key` in table `table_id`."""
    table = re.search(rf'<table[^>]*id="{table_id}".*?</table>', html, re.S).group(0)
    row = re.search(rf'<tr {attribute}="{key}">(.*?)</tr>', table, re.S).group(1)
    cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in cells]


def test_the_administrator_sees_the_whole_tree_rolled_up(picture, client_for, personas):
    response = client_for("admin").get(URL + "?ky=2024-Q2")
    assert response.status_code == 200
    [province] = response.context["unit_rows"]
    assert province.unit.pk == personas.province.pk
    # a1..a5 (a6 is inactive); reported: a1, a2, a3, a5; done: a1, a5; overdue: a2, a3.
    assert (province.assignments, province.reported, province.done, province.overdue) == (5, 4, 2, 2)
    assert province.percent_sum == 100 + 50 + 40 + 100
    assert _cells(response.content.decode(), "table-units", "data-unit", personas.province.pk)[1:] == [
        "5",
        "4",
        "2",
        "40%",
        "58%",
        "2",
    ]


def test_drilling_into_the_province_gives_one_row_per_child_with_its_subtree(picture, client_for, personas):
    response = client_for("admin").get(URL + f"?ky=2024-Q2&don_vi={personas.province.pk}")
    rows = _rows(response)
    assert list(rows) == [
        personas.province.pk,  # the province's own work first
        personas.home_affairs.pk,
        personas.unit_b.pk,
        personas.parent_of_a.pk,
    ]
    assert rows[personas.province.pk].assignments == 0
    assert (rows[personas.home_affairs.pk].assignments, rows[personas.home_affairs.pk].done) == (1, 1)
    b = rows[personas.unit_b.pk]
    assert (b.assignments, b.reported, b.done, b.late, b.overdue) == (1, 1, 0, 1, 1)
    parent = rows[personas.parent_of_a.pk]  # a1, a2 of unit A and its own a4
    assert (parent.assignments, parent.reported, parent.done, parent.overdue, parent.percent_sum) == (
        3,
        2,
        1,
        1,
        150,
    )
    html = response.content.decode()
    assert _cells(html, "table-units", "data-unit", personas.parent_of_a.pk)[1:] == [
        "3",
        "2",
        "1",
        "33%",
        "50%",
        "1",
    ]
    # Each child row drills further down and links to the unit's own assignments.
    assert f"?don_vi={personas.parent_of_a.pk}&amp;ky=2024-Q2" in html
    assert reverse("dashboard:unit", args=[personas.parent_of_a.pk]) in html


def test_a_leader_sees_their_unit_and_what_lies_below(picture, client_for, personas):
    rows = _rows(client_for("leader").get(URL + "?ky=2024-Q2"))
    assert list(rows) == [personas.parent_of_a.pk, personas.unit_a.pk]
    assert rows[personas.parent_of_a.pk].own and rows[personas.parent_of_a.pk].assignments == 1
    a = rows[personas.unit_a.pk]
    assert (a.assignments, a.reported, a.done, a.overdue) == (2, 2, 1, 1)


@pytest.mark.parametrize(
    ("persona", "unit", "assignments"), [("officer_a", "unit_a", 2), ("officer_b", "unit_b", 1)]
)
def test_an_officer_sees_their_own_unit_only(picture, client_for, personas, persona, unit, assignments):
    response = client_for(persona).get(URL + "?ky=2024-Q2")
    [row] = response.context["unit_rows"]
    assert row.unit.pk == getattr(personas, unit).pk
    assert row.assignments == assignments
    overdue = {a.pk for a in response.context["overdue"]}
    assert overdue == ({picture.a2.pk} if unit == "unit_a" else {picture.a3.pk})


def test_the_level_filter_counts_only_units_of_that_kind(picture, client_for, personas):
    response = client_for("admin").get(
        URL + f"?ky=2024-Q2&don_vi={personas.province.pk}&cap=public_service_unit"
    )
    rows = _rows(response)
    # Only unit A is a public service unit: it counts towards its parent's row, nothing else shows.
    assert list(rows) == [personas.parent_of_a.pk]
    assert (rows[personas.parent_of_a.pk].assignments, rows[personas.parent_of_a.pk].done) == (2, 1)


def test_completion_by_task_is_counted_over_the_scope(picture, client_for, personas):
    response = client_for("admin").get(URL + "?ky=2024-Q2")
    t1, t2, t3 = picture.tasks
    got = [(t.pk, t.assignments, t.done) for t in response.context["task_rows"]]
    # Least complete first; T1 (50 %, mean 70 %) before T2 (50 %, mean 75 %).
    assert got == [(t3.pk, 1, 0), (t1.pk, 2, 1), (t2.pk, 2, 1)]
    assert response.context["task_count"] == 3
    assert _cells(response.content.decode(), "table-tasks", "data-task", t1.pk)[2:] == ["2", "1", "50%"]
    # The leader sees the province's tasks as carried out below them: T1 and T2 by unit A, T3 by themselves.
    leader = client_for("leader").get(URL + "?ky=2024-Q2")
    assert sorted((t.pk, t.assignments, t.done) for t in leader.context["task_rows"]) == [
        (t1.pk, 1, 1),
        (t2.pk, 1, 0),
        (t3.pk, 1, 0),
    ]


def test_deliverables_are_summed_by_quarter_and_kind(picture, client_for):
    response = client_for("admin").get(URL + "?ky=2024-Q2")
    series = response.context["series"]
    assert [p.code for p in series.periods] == ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"]
    assert series.totals == {"2024-Q2": 12}  # the inactive assignment's 99 news items do not count
    assert {kind: values for kind, _label, values in series.table()} == {
        "news": [0, 10, 0, 0],
        "reportage": [0, 2, 0, 0],
    }
    assert [c.value for c in response.context["deliverable_chart"].columns] == [0, 12, 0, 0]
    assert _cells(response.content.decode(), "table-deliverables", "data-kind", "news")[1:] == [
        "0",
        "10",
        "0",
        "0",
    ]


def test_the_submission_grid_tells_on_time_late_and_missing(picture, client_for, personas):
    response = client_for("admin").get(URL + f"?ky=2024-Q2&don_vi={personas.province.pk}")
    grid = {row.unit.pk: {p.code: state for p, state, _on in row.cells} for row in response.context["grid"]}
    assert grid[personas.unit_b.pk]["2024-Q1"] == "on_time"
    assert grid[personas.parent_of_a.pk]["2024-Q1"] == "late"
    assert grid[personas.unit_b.pk]["2024-H1"] == "missing"  # a draft is not a submission
    assert grid[personas.home_affairs.pk]["2024-Y"] == "missing"
    html = response.content.decode()
    assert _cells(html, "table-grid", "data-unit", personas.unit_b.pk)[1].startswith("Đúng hạn")
    assert 'class="chart__cell chart__cell--late"' in html


def test_the_overdue_list_is_open_work_past_its_due_date(picture, client_for, personas):
    response = client_for("admin").get(URL + "?ky=2024-Q2")
    assert [a.pk for a in response.context["overdue"]] == [picture.a3.pk, picture.a2.pk]  # oldest first
    assert reverse("tracking:assignment_detail", args=[picture.a2.pk]) in response.content.decode()


def test_the_unit_page_lists_assignments_with_the_period_entry(picture, client_for, personas):
    response = client_for("leader").get(reverse("dashboard:unit", args=[personas.unit_a.pk]) + "?ky=2024-Q2")
    assert response.status_code == 200
    rows = {a.pk: (a.entry_status, a.entry_percent) for a in response.context["page"]}
    assert rows == {picture.a1.pk: ("done", 100), picture.a2.pk: ("in_progress", 50)}
    html = response.content.decode()
    assert reverse("tracking:assignment_detail", args=[picture.a1.pk]) in html
    assert _cells(html, "table-assignments", "data-assignment", picture.a1.pk)[4:6] == ["Hoàn thành", "100%"]


def test_figures_are_fresh_after_a_change(picture, client_for, personas):
    from cchc.tracking.services import progress_record

    client = client_for("admin")
    before = client.get(URL + "?ky=2024-Q2")
    # A correction through the service updates the summaries in its own transaction: the
    # next page load shows it, nothing to expire.
    progress_record(
        assignment=picture.a2,
        period="2024-Q2",
        status="done",
        deliverables={"news": 5},
        actor=personas.officer_a,
    )
    after = client.get(URL + "?ky=2024-Q2")
    old, new = _rows(before)[personas.province.pk], _rows(after)[personas.province.pk]
    assert (old.done, new.done) == (2, 3)
    assert (old.percent_sum, new.percent_sum) == (290, 340)
    quarter = "2024-Q2"
    assert before.context["series"].quantity[(quarter, "news")] == 10
    assert after.context["series"].quantity[(quarter, "news")] == 15


def test_the_page_has_no_inline_script_or_style_and_each_chart_has_its_table(picture, client_for, personas):
    html = client_for("admin").get(URL + f"?ky=2024-Q2&don_vi={personas.province.pk}").content.decode()
    assert "<script" not in html
    assert " style=" not in html and "<style" not in html
    assert html.count('<svg class="chart') == 4
    assert html.count('role="img"') == 4
    for table in ("table-units", "table-tasks", "table-deliverables", "table-grid"):
        assert re.search(rf'<table[^>]*id="{table}".*?<caption>', html, re.S), table
    assert 'scope="row"' in html and 'scope="col"' in html


def test_a_bad_period_falls_back_to_the_default(picture, client_for):
    response = client_for("admin").get(URL + "?ky=khong-hop-le")
    assert response.status_code == 200
    assert response.context["period"].year == 2024


def test_the_whole_trees_ranking_by_task_equals_counting_the_assignments(personas):
    """For the administrator's whole tree the ranking reads the per-task summary of the top plans;
    it must give what counting every assignment and its entry gives, for every period."""
    from datetime import date

    from cchc.core import demo_data
    from cchc.core.periods import periods_of_year
    from cchc.reports import dashboard_selectors as selectors
    from cchc.tracking.models import Assignment

    demo_data.generate(scale="small", seed=5, year=2024, out=lambda line: None)
    tree = selectors.UnitTree.load()
    scope = selectors.scope_for(actor=personas.admin, tree=tree)
    assert scope.units is None  # the summary's case
    today = date(2024, 11, 1)
    done_somewhere = 0
    for period in periods_of_year(2024):
        rows, count = selectors.completion_by_task(scope, period, tree, today)
        live = selectors._assignment_figures(
            Assignment.objects.filter(active=True, plan__issuer_unit__in=tree.roots, plan__plan_year=2024),
            period,
            today,
            "task_id",
        )
        assert count == len(live) > 0
        ranked = sorted(
            live, key=lambda f: (f["done"] / f["n"], (f["percent_sum"] or 0) / f["n"], f["task_id"])
        )
        assert [(r.pk, r.assignments, r.done, r.percent_sum) for r in rows] == [
            (f["task_id"], f["n"], f["done"], f["percent_sum"] or 0) for f in ranked[: selectors.TASK_LIMIT]
        ]
        done_somewhere += sum(f["done"] for f in live)
    assert done_somewhere > 0
