"""Builders shared by the tracking tests (a module of its own: conftest.py files are not importable
by name when several exist)."""

from __future__ import annotations

from datetime import date

QUARTERS_2024 = {
    "raw": "Quý II, III/2024",
    "kind": "periods",
    "periods": [
        {"start": "2024-04-01", "end": "2024-06-30", "label": "Quý II/2024"},
        {"start": "2024-07-01", "end": "2024-09-30", "label": "Quý III/2024"},
    ],
    "note": None,
}
YEAR_2024 = {
    "raw": "Năm 2024",
    "kind": "periods",
    "periods": [{"start": "2024-01-01", "end": "2024-12-31", "label": "Năm 2024"}],
    "note": None,
}
ONGOING_2024 = {
    "raw": "Thường xuyên",
    "kind": "continuous",
    "periods": [{"start": "2024-01-01", "end": "2024-12-31", "label": "Năm 2024"}],
    "note": None,
}


def build_plan(personas, merged, tasks=None, number="15/KH-SNV"):
    from cchc.plans.models import Plan, PlanTask, PlanVersion, TaskAgency

    plan = Plan.objects.create(
        number=number,
        number_key=number.lower(),
        issuer="Sở Nội vụ (kiểm thử)",
        issuer_key="so noi vu kiem thu",
        issuer_unit=personas.home_affairs,
        issue_date=date(2024, 1, 15),
        plan_year=2024,
        title="Tuyên truyền cải cách hành chính năm 2024",
        sha256=f"sha-{number}",
    )
    version = PlanVersion.objects.create(plan=plan, number=1, data={}, created_by=personas.admin)
    rows = tasks or [
        (
            "1",
            "Tuyên truyền trên báo",
            "02 phóng sự, 10 tin, bài",
            "Quý II, III/2024",
            QUARTERS_2024,
            [
                ("lead", personas.unit_a, False, personas.unit_a.name),
                ("coordinator", personas.unit_b, False, personas.unit_b.name),
            ],
        ),
        (
            "2",
            "Tổ chức hội nghị",
            "01 hội nghị",
            "Năm 2024",
            YEAR_2024,
            [("lead", None, True, "Các sở, ban, ngành tỉnh")],
        ),
        (
            "3",
            "Cập nhật trang tin",
            "Tin bài",
            "Thường xuyên",
            ONGOING_2024,
            [("lead", merged, False, merged.name)],
        ),
    ]
    for order, (stt, text, products, timeframe, schedule, agencies) in enumerate(rows):
        task = PlanTask.objects.create(
            version=version,
            order=order,
            stt=stt,
            task=text,
            products=products,
            timeframe=timeframe,
            schedule=schedule,
        )
        for j, (role, unit, is_group, raw) in enumerate(agencies):
            TaskAgency.objects.create(task=task, role=role, order=j, raw=raw, unit=unit, is_group=is_group)
    plan.current_version = version
    plan.save(update_fields=["current_version"])
    return plan


def amend(plan, personas, *, keep_task=lambda task: True, keep_agency=lambda task, agency: True, then=None):
    """A new version of the plan copying the current one's tasks and agencies, except those the
    predicates leave out; `then(version)` may add more before the version becomes current.
    Returns the old version."""
    from cchc.plans.models import PlanTask, PlanVersion, TaskAgency

    old = plan.current_version
    version = PlanVersion.objects.create(plan=plan, number=old.number + 1, data={}, created_by=personas.admin)
    for task in old.tasks.prefetch_related("agencies"):
        if not keep_task(task):
            continue
        copy = PlanTask.objects.create(
            version=version,
            order=task.order,
            stt=task.stt,
            task=task.task,
            products=task.products,
            timeframe=task.timeframe,
            schedule=task.schedule,
        )
        for agency in task.agencies.all():
            if keep_agency(task, agency):
                TaskAgency.objects.create(
                    task=copy, role=agency.role, raw=agency.raw, unit=agency.unit, is_group=agency.is_group
                )
    if then is not None:
        then(version)
    plan.current_version = version
    plan.save(update_fields=["current_version"])
    return old


def amend_without_coordinator(plan, personas):
    """A new version of the plan whose task 1 has lost its coordinator."""
    return amend(
        plan,
        personas,
        keep_agency=lambda task, agency: not (task.stt == "1" and agency.role == "coordinator"),
    )
