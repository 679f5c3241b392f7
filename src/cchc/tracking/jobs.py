"""Job handlers of the tracking app (registered when the app loads), and the hook that gives a
plan's tasks to units once the plan is confirmed or amended.

The plans app saves `Plan.current_version` with `update_fields=["current_version"]` in exactly
those two services (import_confirm, plan_amend); a post_save receiver here queues
`tracking.generate_assignments` for after the commit, so the plans app needs no knowledge of
tracking and a failure here can never undo a confirmation.
"""

from __future__ import annotations

import logging
from datetime import date

from django.contrib.auth import get_user_model
from django.db.models.signals import post_save
from django.dispatch import receiver

from cchc.jobs.runner import enqueue, handler, report
from cchc.plans.models import Plan, PlanVersion
from cchc.tracking.services import GENERATE_JOB, assignments_generate

log = logging.getLogger(__name__)
REMIND_JOB = "tracking.remind"


@handler(GENERATE_JOB)
def run_generate_assignments(job) -> None:
    plan = Plan.objects.get(pk=job.payload["plan"])
    actor = get_user_model().objects.filter(pk=job.payload.get("actor")).first()
    result = assignments_generate(plan=plan, actor=actor)
    report(job, 100, f"{result.created} mới, {result.updated} cập nhật, {result.removed} bỏ")


@handler(REMIND_JOB)
def run_remind(job) -> None:
    from cchc.tracking.reminders import remind

    today = job.payload.get("today")
    result = remind(today=date.fromisoformat(today) if today else None)
    report(job, 100, f"{result.created} thông báo, {result.emailed} thư")


@receiver(post_save, sender=Plan, dispatch_uid="tracking.plan_version_changed")
def plan_version_changed(sender, instance: Plan, created: bool, update_fields=None, raw=False, **kwargs):
    if raw or not update_fields or "current_version" not in update_fields or not instance.current_version_id:
        return
    actor_id = (
        PlanVersion.objects.filter(pk=instance.current_version_id)
        .values_list("created_by_id", flat=True)
        .first()
    )
    enqueue(GENERATE_JOB, {"plan": instance.pk, "actor": actor_id})
