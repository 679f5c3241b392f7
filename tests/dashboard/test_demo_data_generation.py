"""`cchc demo-data`: marked demo rows, the counts it reports, refusal and --replace."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from cchc.core import demo_data

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    from cchc.orgs.models import Unit
    from cchc.plans.models import Plan, PlanTask
    from cchc.reports.models import UnitReport
    from cchc.tracking.models import Assignment, DeliverableCount, Evidence, ProgressEntry

    units = Unit.objects.filter(code__startswith="demo-")
    return {
        "units": units.count(),
        "plans": Plan.objects.filter(issuer_unit__in=units).count(),
        "tasks": PlanTask.objects.filter(version__plan__issuer_unit__in=units).count(),
        "assignments": Assignment.objects.filter(unit__in=units).count(),
        "entries": ProgressEntry.objects.filter(assignment__unit__in=units).count(),
        "deliverables": DeliverableCount.objects.filter(entry__assignment__unit__in=units).count(),
        "evidence": Evidence.objects.filter(entry__assignment__unit__in=units).count(),
        "reports": UnitReport.objects.filter(unit__in=units).count(),
    }


def test_small_scale_writes_what_it_reports(db):
    summary = demo_data.generate(scale="small", seed=7, out=lambda line: None)
    counts = _counts()
    assert counts == {name: getattr(summary, name) for name in counts}
    spec = demo_data.SCALES["small"]
    assert summary.units == 1 + spec.bodies + spec.communes
    assert summary.plans == summary.units  # one plan per unit and year
    assert (
        summary.tasks
        == spec.tasks_committee + spec.bodies * spec.tasks_body + spec.communes * spec.tasks_commune
    )
    assert summary.assignments >= summary.tasks  # every task has its lead, some coordinators too
    assert 0 < summary.entries <= 7 * summary.assignments  # at most one entry per period of the year


def test_every_demo_row_is_marked(db):
    from cchc.orgs.models import Unit
    from cchc.plans.models import Plan
    from cchc.tracking.models import ProgressEntry

    demo_data.generate(scale="small", seed=7, out=lambda line: None)
    units = Unit.objects.filter(code__startswith="demo-")
    assert units.exists() and not Unit.objects.exclude(code__startswith="demo-").exists()
    assert all(u.name.endswith("(demo)") and not u.verified and "demo" in u.source_note for u in units)
    assert all(p.plan_year == 2024 and "dữ liệu mẫu" in p.title for p in Plan.objects.all())
    assert set(ProgressEntry.objects.values_list("period", flat=True)) <= {
        "2024-Q1",
        "2024-Q2",
        "2024-H1",
        "2024-Q3",
        "2024-9M",
        "2024-Q4",
        "2024-Y",
    }


def test_the_same_seed_gives_the_same_data(db):
    from cchc.orgs.models import Unit
    from cchc.tracking.models import ProgressEntry

    def snapshot():
        return (
            sorted(Unit.objects.values_list("code", "name")),
            sorted(
                ProgressEntry.objects.values_list(
                    "assignment__unit__code", "assignment__task__stt", "period", "status", "percent"
                )
            ),
        )

    demo_data.generate(scale="small", seed=11, out=lambda line: None)
    first = snapshot()
    demo_data.generate(scale="small", seed=11, replace=True, out=lambda line: None)
    assert snapshot() == first


def test_it_refuses_to_run_twice_and_replaces_on_request(db):
    call_command("demo_data", scale="small", seed=2, stdout=_Sink())
    before = _counts()
    with pytest.raises(CommandError, match="--replace"):
        call_command("demo_data", scale="small", seed=2, stdout=_Sink())
    assert _counts() == before
    call_command("demo_data", scale="small", seed=2, replace=True, stdout=_Sink())
    assert _counts() == before


def test_delete_leaves_other_data_alone(personas):
    from cchc.orgs.models import Unit

    real = Unit.objects.count()
    demo_data.generate(scale="small", out=lambda line: None)
    call_command("demo_data", delete=True, stdout=_Sink())
    assert not demo_data.demo_exists()
    assert Unit.objects.count() == real
    assert set(_counts().values()) == {0}


def test_an_account_in_a_demo_unit_blocks_the_removal_with_a_clear_message(db):
    from django.contrib.auth import get_user_model

    from cchc.orgs.models import Unit

    demo_data.generate(scale="small", out=lambda line: None)
    unit = Unit.objects.filter(code__startswith="demo-").first()
    get_user_model().objects.create_user(username="canbo-demo", role="unit_officer", unit=unit)
    with pytest.raises(CommandError, match="canbo-demo"):
        call_command("demo_data", scale="small", replace=True, stdout=_Sink())
    assert demo_data.demo_exists()


def test_the_cchc_command_takes_the_hyphenated_name(transactional_db, capsys):
    # transactional_db: a management command run from the command line closes the database
    # connections when it ends, which PostgreSQL's test transaction would not survive.
    from cchc.cli import main

    main(["demo-data", "--scale", "small", "--seed", "5", "--year", "2025"])
    out = capsys.readouterr().out
    assert "[1/1]" in out and "Xong (small, seed 5, năm 2025)" in out
    from cchc.plans.models import Plan

    assert set(Plan.objects.values_list("plan_year", flat=True)) == {2025}


def test_demo_province_names_are_not_real_ones():
    import random

    names = demo_data.province_names(34, random.Random(1))
    assert len(set(names)) == 34
    assert not {demo_data.fold(n) for n in names} & demo_data._REAL_PROVINCES


class _Sink:
    def write(self, *args, **kwargs):
        pass

    def flush(self):
        pass
