"""A small, fully known picture for the dashboard: one plan of the province (2024) with three
tasks, given to the persona units, and progress for 2024-Q2.

    assignment  task  unit          role         due          Q2 entry              current
    a1          T1    unit A        lead         30/6/2024    done 100 % (10 tin)   done
    a2          T2    unit A        lead         31/12/2024   in progress 50 %      in progress (overdue)
    a3          T1    unit B        coordinator  30/6/2024    late 40 %             late (overdue)
    a4          T3    parent of A   lead         –            (none)                not started
    a5          T2    home affairs  lead         31/12/2024   done 100 % (2 phóng sự) done
    a6          T3    unit B        lead         –            –                     inactive: never counted

Reports: unit B sent 2024-Q1 on 15/3/2024 (on time), the parent of A on 25/3/2024 (late),
unit B has a draft for 2024-H1 never sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pytest
from django.utils import timezone


@dataclass
class Picture:
    plan: object
    tasks: list
    a1: object
    a2: object
    a3: object
    a4: object
    a5: object
    a6: object


def _aware(day: date):
    return timezone.make_aware(datetime(day.year, day.month, day.day, 10, 0))


@pytest.fixture
def picture(personas) -> Picture:
    from cchc.plans.models import Plan, PlanTask, PlanVersion
    from cchc.reports.models import ReportVersion, UnitReport, VersionStatus
    from cchc.tracking.models import Assignment, DeliverableCount, ProgressEntry

    plan = Plan.objects.create(
        number="20/KH-UBND",
        number_key="20/kh-ubnd",
        issuer=personas.province.name,
        issuer_key="ubnd tinh kiem thu",
        issuer_unit=personas.province,
        issue_date=date(2024, 1, 10),
        plan_year=2024,
        title="Tuyên truyền cải cách hành chính năm 2024",
        sha256="dashboard-plan",
    )
    version = PlanVersion.objects.create(plan=plan, number=1, data={})
    plan.current_version = version
    plan.save(update_fields=["current_version"])
    texts = [
        "Đăng tin, bài về cải cách hành chính",
        "Tổ chức hội nghị triển khai",
        "Cập nhật chuyên mục CCHC",
    ]
    tasks = [
        PlanTask.objects.create(version=version, order=i, stt=str(i + 1), task=text, products="")
        for i, text in enumerate(texts)
    ]

    def assign(task, unit, role, due, status, percent, active=True):
        return Assignment.objects.create(
            plan=plan,
            task=task,
            task_key=f"k{task.pk}",
            role=role,
            named_unit=unit,
            unit=unit,
            due_date=due,
            recurring=due is None,
            status=status,
            percent=percent,
            last_period="2024-Q2" if status != "not_started" else "",
            active=active,
        )

    t1, t2, t3 = tasks
    june, december = date(2024, 6, 30), date(2024, 12, 31)
    a1 = assign(t1, personas.unit_a, "lead", june, "done", 100)
    a2 = assign(t2, personas.unit_a, "lead", december, "in_progress", 50)
    a3 = assign(t1, personas.unit_b, "coordinator", june, "late", 40)
    a4 = assign(t3, personas.parent_of_a, "lead", None, "not_started", 0)
    a5 = assign(t2, personas.home_affairs, "lead", december, "done", 100)
    a6 = assign(t3, personas.unit_b, "lead", None, "in_progress", 30, active=False)
    for assignment, status, percent in (
        (a1, "done", 100),
        (a2, "in_progress", 50),
        (a3, "late", 40),
        (a5, "done", 100),
    ):
        entry = ProgressEntry.objects.create(
            assignment=assignment, period="2024-Q2", status=status, percent=percent
        )
        if assignment is a1:
            DeliverableCount.objects.create(entry=entry, kind="news", quantity=10)
        if assignment is a5:
            DeliverableCount.objects.create(entry=entry, kind="reportage", quantity=2)
    # The inactive assignment's entry must not count anywhere.
    inactive = ProgressEntry.objects.create(assignment=a6, period="2024-Q2", status="in_progress", percent=30)
    DeliverableCount.objects.create(entry=inactive, kind="news", quantity=99)

    def report(unit, period, sent):
        r = UnitReport.objects.create(
            unit=unit, period=period, first_submitted_at=_aware(sent) if sent else None
        )
        v = ReportVersion.objects.create(
            report=r,
            number=1,
            status=VersionStatus.SUBMITTED if sent else VersionStatus.DRAFT,
            submitted_at=_aware(sent) if sent else None,
        )
        r.current_version = v
        r.submitted_version = v if sent else None
        r.save()

    report(personas.unit_b, "2024-Q1", date(2024, 3, 15))
    report(personas.parent_of_a, "2024-Q1", date(2024, 3, 25))
    report(personas.unit_b, "2024-H1", None)
    # The rows above are written directly, not through the tracking services that keep the
    # dashboard's summaries in step: bring them up to date as `cchc tracking-summaries` would.
    from cchc.tracking import summaries

    summaries.rebuild()
    return Picture(plan=plan, tasks=tasks, a1=a1, a2=a2, a3=a3, a4=a4, a5=a5, a6=a6)
