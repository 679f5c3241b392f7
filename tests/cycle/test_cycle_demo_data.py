"""Issue 6, "Done when", on generated data: `cchc demo-data --scale small`, then the same cycle
steps: one unit's officer records progress, drafts and submits the 6-month report, the province
administrator's aggregate counts it, and the dashboard shows the same figures as the aggregate."""

from __future__ import annotations

import io
from datetime import date

import pytest

pytestmark = pytest.mark.django_db

PERIOD = "2024-H1"
AS_OF = date(2024, 6, 25)


@pytest.fixture(autouse=True)
def _cycle_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CCHC_JOBS_INLINE = True
    settings.CCHC_JOB_WORKERS = 0


def _row(aggregate, name):
    [row] = [r for r in aggregate["units"] if r["name"] == name]
    return row


def test_the_reporting_cycle_runs_on_small_demo_data(db, persona_password, tmp_path):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from cchc.core.periods import Period
    from cchc.orgs.models import Unit
    from cchc.reports import dashboard_selectors as dash
    from cchc.reports import selectors
    from cchc.reports.models import UnitReport
    from cchc.tracking.models import Assignment

    out = io.StringIO()
    call_command("demo_data", scale="small", stdout=out)  # `cchc demo-data`
    assert Unit.objects.filter(code__startswith="demo-").exists()
    period = Period.parse(PERIOD)
    users = get_user_model().objects
    admin = users.create_user(username="qt_demo", password=persona_password, role="province_admin")

    before = selectors.aggregate(actor=admin, period=period, today=AS_OF)
    assert before["expected"] == 7 and before["reported"] == 6
    [missing] = before["not_reported"]
    unit = Unit.objects.get(name=missing)
    officer = users.create_user(
        username="cb_demo", password=persona_password, role="unit_officer", unit=unit, full_name="Cán bộ demo"
    )

    # The officer records progress on every assignment of the unit for the 6-month period.
    from cchc.reports.services import report_draft, report_submit
    from cchc.tracking.services import evidence_add, progress_record

    work = list(Assignment.objects.filter(unit=unit, active=True, plan__plan_year=2024).order_by("id"))
    assert work
    first = progress_record(
        assignment=work[0], period=PERIOD, status="done", deliverables={"news": 7}, actor=officer
    )
    evidence_add(entry=first, url="https://demo.gov.vn/tin-cchc", title="Chuyên mục CCHC", actor=officer)
    for assignment in work[1:]:
        progress_record(assignment=assignment, period=PERIOD, status="in_progress", percent=50, actor=officer)

    report = report_draft(unit=unit, period=PERIOD, actor=officer)
    report_submit(version=report.current_version, actor=officer)
    report.refresh_from_db()
    totals = report.submitted_version.totals
    assert (totals["tasks"], totals["done"], totals["evidence"]) == (len(work), 1, 1)

    after = selectors.aggregate(actor=admin, period=period, today=AS_OF)
    assert after["reported"] == 7 and after["not_reported"] == []
    row = _row(after, unit.name)
    assert (row["tasks"], row["done"], row["deliverables"]) == (len(work), 1, {"news": 7})
    assert after["tasks"] == before["tasks"] + len(work) and after["done"] == before["done"] + 1
    assert after["deliverables"]["news"] == before["deliverables"].get("news", 0) + 7

    # The dashboard's figures for the period agree with the aggregate's, unit by unit.
    tree = dash.UnitTree.load()
    for agg_row in after["units"]:
        scope = dash.scope_for(actor=admin, tree=tree, unit_id=agg_row["id"])
        [own] = [r for r in dash.completion_by_unit(scope, period, AS_OF) if r.own]
        assert (own.assignments, own.done) == (agg_row["tasks"], agg_row["done"]), agg_row["name"]

    # `cchc report --aggregate --period 2024-H1 --format xlsx` on the same data.
    from openpyxl import load_workbook

    target = tmp_path / "tong-hop-demo.xlsx"
    out = io.StringIO()
    call_command("report", aggregate=True, period=PERIOD, format="xlsx", output=str(target), stdout=out)
    assert "(7/7 đơn vị đã báo cáo)" in out.getvalue()
    values = [c.value for r in load_workbook(target).active.iter_rows() for c in r]
    assert unit.name in values and UnitReport.objects.filter(period=PERIOD).count() == 7
