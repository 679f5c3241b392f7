"""Every write of the tracking app: assignments from a plan, progress entries, evidence and
notifications. Each public service checks permission with `require` and records an audit
entry in the same transaction as its change."""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.accounts.permissions import require
from cchc.audit.services import audit_record
from cchc.core import uploads
from cchc.core.periods import Period
from cchc.orgs.resolve import get_index, resolve
from cchc.orgs.succession import Hop, successors_on
from cchc.plans.derive import plan_reference_date
from cchc.plans.models import Plan, PlanTask, TaskAgency
from cchc.tracking import summaries
from cchc.tracking.models import (
    Assignment,
    AssignmentRole,
    DeliverableCount,
    DeliverableKind,
    Evidence,
    Notification,
    ProgressEntry,
    ProgressStatus,
)
from cchc.tracking.rules import WITH_PARTICIPANTS, due_from_schedule, parse_targets, task_key

log = logging.getLogger(__name__)

GENERATE = "plans.manage"  # whoever may confirm or amend the plan may (re)generate its assignments
ACT = "unit.act"
READ = "unit.read"
GENERATE_JOB = "tracking.generate_assignments"

# Below this the registry's guess is not trusted to give a unit work (as in plans.services).
UNIT_CONFIDENCE_FLOOR = 0.85

MAX_EVIDENCE_BYTES = 20 * 1024 * 1024
# What an officer may attach as evidence; the leading bytes of each are checked by
# cchc.core.uploads.
EVIDENCE_TYPES = frozenset(
    {".pdf", ".docx", ".xlsx", ".pptx", ".doc", ".xls", ".jpg", ".jpeg", ".png", ".mp4", ".mp3"}
)
EVIDENCE_WORDING = uploads.Wording(
    not_allowed=gettext_lazy("Định dạng tệp %(name)s không được nhận (nhận: %(extensions)s)."),
    empty=gettext_lazy("Tệp %(name)s rỗng."),
    too_large=gettext_lazy("Tệp %(name)s vượt quá %(mb)s MB."),
    mismatch=gettext_lazy("Nội dung tệp %(name)s không đúng định dạng %(ext)s."),
)


# --- assignments from a plan --------------------------------------------------------------------


@dataclass
class GenerateResult:
    created: int = 0
    updated: int = 0
    removed: int = 0
    deactivated: int = 0
    unresolved: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "created": self.created,
            "updated": self.updated,
            "removed": self.removed,
            "deactivated": self.deactivated,
            "unresolved": self.unresolved,
        }


def plan_date(plan: Plan) -> date:
    """The date the plan speaks of (see plans.derive.plan_reference_date), else today."""
    return plan_reference_date(plan) or timezone.localdate()


def _carried_by(unit_id: int, on: date, *, index) -> tuple[list[int], str]:
    """The unit(s) that carry a unit's work on `on` (cchc.orgs.succession) and a note of the
    way there. A unit still in existence carries its own work. One closed without a recorded
    successor keeps it (with a note), so the work stays visible instead of disappearing."""
    walk = successors_on(unit_id, on, index=index)
    notes = []
    for step in walk.steps:
        if isinstance(step, Hop):
            notes.append(
                f"{index.units[step.unit_id].name} → kế thừa từ {step.event.effective_date:%d/%m/%Y}"
            )
        elif step.end == "no-successor":
            notes.append(f"{index.units[step.unit_id].name} đã hết hiệu lực, chưa có đơn vị kế thừa")
    return walk.unit_ids, "; ".join(notes)


def _named_units(agency: TaskAgency, *, on: date, issuer_id: int | None) -> list[int]:
    if agency.unit_id and not agency.is_group:
        return [agency.unit_id]
    try:
        found = resolve(agency.raw, on=on, issuer=issuer_id)
    except ValueError:
        return []
    if found.indefinite:
        return []
    return [m.unit_id for m in found.units if m.confidence >= UNIT_CONFIDENCE_FLOOR]


def _desired_rows(plan: Plan, *, today: date) -> tuple[dict, list[str]]:
    """(task_key, role, current unit id) → what the assignment should hold."""
    on = plan_date(plan)
    index = get_index()
    tasks = PlanTask.objects.filter(version_id=plan.current_version_id).prefetch_related(
        Prefetch("agencies", queryset=TaskAgency.objects.order_by("role", "order"))
    )
    rows: dict[tuple[str, str, int], dict] = {}
    unresolved: list[str] = []
    tasks = list(tasks)
    # One STT split into sub-rows (same number and text, other products and agencies, as corpus
    # 000 STT 6) gives each sub-row its own key, or one sub-row's units would overwrite the other's.
    repeated = Counter(task_key(t.stt, t.task) for t in tasks)
    for task in tasks:
        key = task_key(task.stt, task.task)
        if repeated[key] > 1:
            key = task_key(task.stt, f"{task.task}|{task.products or ''}")
        due = due_from_schedule(task.schedule)
        targets = parse_targets(task.products)
        for agency in task.agencies.all():
            role = AssignmentRole.LEAD if agency.role == "lead" else AssignmentRole.COORDINATOR
            named = _named_units(agency, on=on, issuer_id=plan.issuer_unit_id)
            if not named:
                unresolved.append(f"{task.stt or task.order + 1}: {agency.raw}")
                continue
            for named_id in named:
                current_ids, note = _carried_by(named_id, today, index=index)
                for unit_id in current_ids:
                    previous = rows.get((key, role, unit_id))
                    # A unit named itself beats the same unit reached through a predecessor.
                    if previous is not None and (previous["named_unit_id"] == unit_id or named_id != unit_id):
                        continue
                    rows[(key, role, unit_id)] = {
                        "task": task,
                        "agency": agency,
                        "agency_raw": agency.raw[:500],
                        "named_unit_id": named_id,
                        "resolution_note": note[:500],
                        "due_date": due.last,
                        "due_dates": [d.isoformat() for d in due.dates],
                        "recurring": due.recurring,
                        "schedule_kind": due.kind[:16],
                        "timeframe": (task.timeframe or "")[:300],
                        "targets": targets if role == AssignmentRole.LEAD else {},
                    }
    # The lead is not also its own coordinator: "Sở Tư pháp" leads while "các sở, ban, ngành"
    # coordinate (corpus 000 STT 7–10), which would otherwise list the task twice for the lead.
    for key, role, unit_id in list(rows):
        if role == AssignmentRole.COORDINATOR and (key, AssignmentRole.LEAD, unit_id) in rows:
            del rows[(key, role, unit_id)]
    return rows, unresolved


@transaction.atomic
def assignments_generate(*, plan: Plan, actor, today: date | None = None) -> GenerateResult:
    """Give every task of the plan's current version to the units that carry it, lead and
    coordinators alike. Idempotent: running it again after an amendment creates what is new,
    updates what moved and removes what the plan no longer asks; an assignment with progress
    already recorded is kept as inactive rather than deleted."""
    plan = Plan.objects.select_for_update(of=("self",)).select_related("issuer_unit").get(pk=plan.pk)
    require(actor, GENERATE, plan.issuer_unit)
    result = GenerateResult()
    if plan.current_version_id is None:
        return result
    rows, result.unresolved = _desired_rows(plan, today=today or timezone.localdate())
    existing = {(a.task_key, a.role, a.unit_id): a for a in Assignment.objects.filter(plan=plan)}
    to_create = []
    summary_units = set()  # units whose assignments turned active or inactive (see summaries)
    due_units = set()  # units whose assignments were created, removed or got another due date
    for (key, role, unit_id), values in rows.items():
        current = existing.pop((key, role, unit_id), None)
        if current is None:
            to_create.append(Assignment(plan=plan, task_key=key, role=role, unit_id=unit_id, **values))
            due_units.add(unit_id)
            continue
        changed = []
        for name, value in {**values, "active": True}.items():
            attribute = "task_id" if name == "task" else ("agency_id" if name == "agency" else name)
            new = value.pk if name in ("task", "agency") else value
            if getattr(current, attribute) != new:
                setattr(current, attribute, new)
                changed.append(attribute)
        if changed:
            current.save()
            result.updated += 1
            if "active" in changed:
                summary_units.add(unit_id)
            if "due_date" in changed:
                due_units.add(unit_id)
    Assignment.objects.bulk_create(to_create)
    result.created = len(to_create)
    for stale in existing.values():
        if stale.entries.exists():
            if stale.active:
                stale.active = False
                stale.save(update_fields=["active", "updated_at"])
                result.deactivated += 1
                summary_units.add(stale.unit_id)
        else:
            stale.delete()
            result.removed += 1
            due_units.add(stale.unit_id)
    summaries.refresh(summary_units, task_ids=())  # their due-date rows as well
    summaries.refresh_due(due_units - summary_units)
    summaries.refresh_tasks(plan_ids=[plan.pk])  # every task of the plan: counts may have moved
    audit_record(
        actor=actor,
        action="tracking.assignments.generated",
        obj=plan,
        changes={**result.as_dict(), "version": plan.current_version_id},
    )
    return result


# --- progress -----------------------------------------------------------------------------------


def _period(code: str) -> Period:
    try:
        return Period.parse(code)
    except ValueError:
        raise ValidationError(
            _("Kỳ báo cáo không hợp lệ: %(code)s (ví dụ 2024-Q1, 2024-H1, 2024-9M, 2024-Y).") % {"code": code}
        ) from None


def _clean_deliverables(deliverables) -> list[DeliverableCount]:
    rows = []
    for kind, value in (deliverables or {}).items():
        if kind not in DeliverableKind.values:
            raise ValidationError(_("Loại sản phẩm không hợp lệ: %(kind)s.") % {"kind": kind})
        if isinstance(value, dict):
            quantity, participants = value.get("quantity") or 0, value.get("participants")
        elif isinstance(value, tuple | list):
            quantity, participants = (list(value) + [None])[:2]
        else:
            quantity, participants = value, None
        try:
            quantity = int(quantity or 0)
            participants = int(participants) if participants not in (None, "") else None
        except (TypeError, ValueError):
            raise ValidationError(_("Số lượng sản phẩm phải là số nguyên.")) from None
        if quantity < 0 or (participants is not None and participants < 0):
            raise ValidationError(_("Số lượng sản phẩm không được âm."))
        if kind not in WITH_PARTICIPANTS:
            participants = None
        if quantity or participants:
            rows.append(DeliverableCount(kind=kind, quantity=quantity, participants=participants))
    return rows


@transaction.atomic
def progress_record(
    *,
    assignment: Assignment,
    period: str,
    status: str,
    percent: int | None = None,
    reason: str = "",
    note: str = "",
    deliverables: dict | None = None,
    actor,
) -> ProgressEntry:
    """Record (or correct) a unit's progress on one assignment for one reporting period.

    Quantities are cumulative from the start of the plan year to the end of the period."""
    assignment = (
        Assignment.objects.select_for_update(of=("self",)).select_related("unit").get(pk=assignment.pk)
    )
    require(actor, ACT, assignment.unit)
    if not assignment.active:
        raise ValidationError(_("Nhiệm vụ này không còn trong kế hoạch hiện hành."))
    the_period = _period(period)
    if status not in ProgressStatus.values:
        raise ValidationError(_("Trạng thái không hợp lệ: %(s)s.") % {"s": status})
    reason, note = (reason or "").strip(), (note or "").strip()
    if status == ProgressStatus.FAILED and not reason:
        raise ValidationError(_("Vui lòng nêu lý do không thực hiện được."))
    if percent is None or percent == "":
        percent = 100 if status == ProgressStatus.DONE else 0
    try:
        percent = int(percent)
    except (TypeError, ValueError):
        raise ValidationError(_("Tỷ lệ hoàn thành phải là số từ 0 đến 100.")) from None
    if not 0 <= percent <= 100:
        raise ValidationError(_("Tỷ lệ hoàn thành phải là số từ 0 đến 100."))
    if status == ProgressStatus.DONE:
        percent = 100
    elif status == ProgressStatus.NOT_STARTED:
        percent = 0
    counts = _clean_deliverables(deliverables)
    # Before writing: concurrent writers of one unit's summary take turns (see summaries).
    summaries.lock_units([assignment.unit_id])
    entry, created = ProgressEntry.objects.update_or_create(
        assignment=assignment,
        period=the_period.code,
        defaults={
            "status": status,
            "percent": percent,
            "reason": reason if status == ProgressStatus.FAILED else "",
            "note": note,
            "recorded_by": actor,
        },
    )
    entry.deliverables.all().delete()
    for row in counts:
        row.entry = entry
    DeliverableCount.objects.bulk_create(counts)
    latest = _latest_period(assignment)
    if latest == the_period.code:
        assignment.status, assignment.percent, assignment.last_period = status, percent, latest
        assignment.save(update_fields=["status", "percent", "last_period", "updated_at"])
    # After the assignment's status: the unit's due-date summary counts the open ones.
    summaries.refresh([assignment.unit_id], [the_period.code], lock=False, task_ids=[assignment.task_id])
    audit_record(
        actor=actor,
        action="tracking.progress.recorded" if created else "tracking.progress.corrected",
        obj=entry,
        changes={
            "period": the_period.code,
            "status": status,
            "percent": percent,
            "deliverables": {r.kind: r.quantity for r in counts},
        },
    )
    return entry


def _latest_period(assignment: Assignment) -> str:
    codes = list(ProgressEntry.objects.filter(assignment=assignment).values_list("period", flat=True))
    return max(codes, key=lambda c: Period.parse(c).sort_key) if codes else ""


# --- evidence -----------------------------------------------------------------------------------


def _check_evidence_file(upload) -> tuple[str, str]:
    """(name, content type) of an acceptable evidence file; ValidationError otherwise."""
    name = PurePath(upload.name or "").name
    kind = uploads.check_upload(
        upload, allowed=EVIDENCE_TYPES, max_bytes=MAX_EVIDENCE_BYTES, wording=EVIDENCE_WORDING, name=name
    )
    return name, kind.content_type


@transaction.atomic
def evidence_add(*, entry: ProgressEntry, actor, upload=None, url: str = "", title: str = "") -> Evidence:
    """Attach a file (size and type checked) or a link to a progress entry."""
    entry = ProgressEntry.objects.select_related("assignment__unit").get(pk=entry.pk)
    require(actor, ACT, entry.assignment.unit)
    url, title = (url or "").strip(), (title or "").strip()[:255]
    if (upload is None) == (not url):
        raise ValidationError(_("Mỗi minh chứng là một tệp hoặc một đường dẫn."))
    evidence = Evidence(entry=entry, title=title, uploaded_by=actor)
    if upload is not None:
        name, content_type = _check_evidence_file(upload)
        evidence.original_name = name[:255]
        evidence.size = upload.size
        evidence.content_type = content_type
        evidence.file.save(name, upload, save=False)
    else:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise ValidationError(
                _("Đường dẫn minh chứng không hợp lệ (cần http:// hoặc https://).")
            ) from None
        evidence.url = url[:1000]
    evidence.save()
    audit_record(
        actor=actor,
        action="tracking.evidence.added",
        obj=evidence,
        changes={
            "entry": entry.pk,
            "file": evidence.original_name,
            "url": evidence.url,
            "size": evidence.size,
        },
    )
    return evidence


@transaction.atomic
def evidence_add_files(*, entry: ProgressEntry, uploads, actor, title: str = "") -> list[Evidence]:
    """Several files at once (the API), all or none: every file is checked before any is stored,
    so a refused file leaves no stored copy of the others behind."""
    entry = ProgressEntry.objects.select_related("assignment__unit").get(pk=entry.pk)
    require(actor, ACT, entry.assignment.unit)
    uploads = list(uploads or [])
    if not uploads:
        raise ValidationError(_("Chưa chọn tệp minh chứng."))
    for upload in uploads:
        _check_evidence_file(upload)
    return [evidence_add(entry=entry, upload=u, title=title, actor=actor) for u in uploads]


@transaction.atomic
def evidence_delete(*, evidence: Evidence, actor) -> None:
    evidence = Evidence.objects.select_related("entry__assignment__unit").get(pk=evidence.pk)
    require(actor, ACT, evidence.entry.assignment.unit)
    audit_record(
        actor=actor,
        action="tracking.evidence.deleted",
        obj=evidence,
        changes={"entry": evidence.entry_id, "file": evidence.original_name, "url": evidence.url},
    )
    stored = evidence.file.name
    evidence.delete()
    if stored:
        storage = Evidence._meta.get_field("file").storage
        transaction.on_commit(lambda: storage.delete(stored))


# --- notifications ------------------------------------------------------------------------------


def notifications_mark_read(*, actor, pk: int | None = None) -> int:
    """Mark one (or, without `pk`, every) notification of the actor as read. Own ones only."""
    if not getattr(actor, "is_authenticated", False):
        return 0
    unread = Notification.objects.filter(user=actor, read_at=None)
    if pk is not None:
        unread = unread.filter(pk=pk)
    return unread.update(read_at=timezone.now())
