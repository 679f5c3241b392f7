"""Reads of the reports app. Every selector checks permission first.

The task table of a unit's report is read from tracking: the unit's active assignments of the
period's year, each with its latest progress entry of that year up to the period (entries are
cumulative from the start of the year, so the H1 report may take a Q2 entry), the deliverables
of that entry and every evidence item recorded in the year up to the period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from cchc.accounts.permissions import has_perm, require, units_readable_by
from cchc.core.periods import Period
from cchc.orgs.models import Unit
from cchc.reports import content
from cchc.reports.models import ReportVersion, UnitReport, VersionStatus
from cchc.tracking.models import Assignment, DeliverableCount, Evidence, ProgressEntry

READ = "unit.read"
ACT = "unit.act"
REVIEW = "reports.review"


def _evidence_url(evidence: Evidence) -> str:
    if evidence.url:
        return evidence.url
    for name in ("tracking:evidence_download", "tracking:evidence"):
        try:
            return reverse(name, args=[evidence.pk])
        except NoReverseMatch:
            continue
    return ""


def _entry_for(entries: list[ProgressEntry], period: Period) -> ProgressEntry | None:
    best, best_key = None, None
    for entry in entries:
        try:
            code = Period.parse(entry.period)
        except ValueError:
            continue
        if code.year != period.year or code.end > period.end:
            continue
        key = (code.end, code == period, code.sort_key)
        if best_key is None or key > best_key:
            best, best_key = entry, key
    return best


def _plan_label(plan) -> str:
    if plan.number:
        return f"{plan.doc_type or 'KH'} số {plan.number}"
    return (plan.title or "")[:80] or f"Kế hoạch #{plan.pk}"


def assignments_for_period(unit: Unit, period: Period) -> QuerySet[Assignment]:
    """The unit's active assignments that belong to the period's year."""
    year_entries = ProgressEntry.objects.filter(
        assignment=OuterRef("pk"), period__startswith=f"{period.year}-"
    )
    in_year = (
        Q(plan__plan_year=period.year)
        | Q(plan__plan_year__isnull=True, plan__issue_date__year=period.year)
        | Q(Exists(year_entries))
    )
    return (
        Assignment.objects.filter(unit=unit, active=True)
        .filter(in_year)
        .select_related("plan", "task")
        .prefetch_related(
            Prefetch(
                "entries",
                queryset=ProgressEntry.objects.filter(period__startswith=f"{period.year}-").prefetch_related(
                    Prefetch("deliverables", queryset=DeliverableCount.objects.order_by("kind")),
                    Prefetch("evidence", queryset=Evidence.objects.order_by("id")),
                ),
            )
        )
        .order_by("plan__issue_date", "plan_id", "task__order", "role", "id")
    )


def task_rows(unit: Unit, period: Period) -> list[dict]:
    """The report's task table, read from tracking (no permission check: services call it)."""
    rows = []
    for assignment in assignments_for_period(unit, period):
        entries = list(assignment.entries.all())
        entry = _entry_for(entries, period)
        evidence = []
        for item in entries:
            try:
                if Period.parse(item.period).end > period.end:
                    continue
            except ValueError:
                continue
            for ev in item.evidence.all():
                evidence.append({"title": str(ev) or ev.original_name or ev.url, "url": _evidence_url(ev)})
        status = entry.status if entry else "not_started"
        rows.append(
            {
                "assignment_id": assignment.pk,
                "plan_id": assignment.plan_id,
                "plan": _plan_label(assignment.plan),
                "stt": assignment.task.stt if assignment.task_id else "",
                "task": assignment.task.task if assignment.task_id else "",
                "role": assignment.role,
                "role_label": content.ROLE_LABELS.get(assignment.role, assignment.role),
                "timeframe": assignment.timeframe,
                "due_date": assignment.due_date.isoformat() if assignment.due_date else None,
                "status": status,
                "status_label": content.STATUS_LABELS.get(status, status),
                "percent": entry.percent if entry else 0,
                "entry_period": entry.period if entry else "",
                "deliverables": {d.kind: d.quantity for d in entry.deliverables.all()} if entry else {},
                "participants": (
                    {d.kind: d.participants for d in entry.deliverables.all() if d.participants}
                    if entry
                    else {}
                ),
                "targets": dict(assignment.targets or {}),
                "note": entry.note if entry else "",
                "reason": entry.reason if entry else "",
                "evidence": evidence,
            }
        )
    return rows


# --- reports ------------------------------------------------------------------------------------


def report_list(*, actor, period: str = "", unit_id: int | None = None) -> QuerySet[UnitReport]:
    """Reports of the units the actor may read, newest period first."""
    reports = UnitReport.objects.filter(unit__in=units_readable_by(actor)).select_related(
        "unit", "current_version", "submitted_version"
    )
    if period:
        reports = reports.filter(period=period)
    if unit_id:
        reports = reports.filter(unit_id=unit_id)
    return reports.order_by("-period", "unit__name", "pk")


def report_detail(*, actor, pk: int) -> UnitReport:
    report = UnitReport.objects.select_related("unit", "current_version", "submitted_version").get(pk=pk)
    require(actor, READ, report.unit)
    return report


def report_version(*, actor, report: UnitReport, number: int | None = None) -> ReportVersion | None:
    require(actor, READ, report.unit)
    versions = report.versions.select_related("created_by", "submitted_by", "returned_by")
    if number is None:
        return versions.filter(pk=report.current_version_id).first()
    return versions.filter(number=number).first()


def report_history(*, actor, report: UnitReport) -> QuerySet[ReportVersion]:
    require(actor, READ, report.unit)
    return report.versions.select_related("created_by", "submitted_by", "returned_by").order_by("-number")


def units_for_drafting(actor) -> list[Unit]:
    """Units the actor may write reports for: the own unit for officers, any for administrators."""
    if getattr(actor, "is_province_admin", False):
        return list(Unit.objects.filter(valid_to__isnull=True).order_by("name"))
    unit = getattr(actor, "unit", None)
    return [unit] if unit is not None and has_perm(actor, ACT, unit) else []


def can_edit(actor, report: UnitReport) -> bool:
    return has_perm(actor, ACT, report.unit)


def can_review(actor) -> bool:
    return has_perm(actor, REVIEW)


# --- the aggregate ------------------------------------------------------------------------------


@dataclass
class Scope:
    root: Unit | None  # None: the whole province (administrators)
    units: QuerySet[Unit]

    @property
    def label(self) -> str:
        return self.root.name if self.root is not None else "toàn tỉnh"


def aggregate_scope(*, actor, root: Unit | None = None) -> Scope:
    """Whose reports the actor may combine: administrators anything (default: everything), a leader
    the own unit and below, an officer the own unit."""
    readable = units_readable_by(actor)
    if root is None and not getattr(actor, "is_province_admin", False):
        root = getattr(actor, "unit", None)
        if root is None:
            require(actor, READ, None)  # raises with the usual message
    if root is None:
        return Scope(root=None, units=readable)
    require(actor, READ, root)
    subtree = _subtree_ids(root.pk)
    return Scope(root=root, units=readable.filter(pk__in=subtree))


def _subtree_ids(root_id: int) -> set[int]:
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Unit.objects.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found, frontier = {root_id}, [root_id]
    while frontier:
        for child in children.get(frontier.pop(), ()):
            if child not in found:
                found.add(child)
                frontier.append(child)
    return found


def aggregate(*, actor, period: Period, root: Unit | None = None, today: date | None = None) -> dict:
    """The combined picture of a period, in a fixed number of queries whatever the unit count.

    Units expected to report are those with active assignments in the period's year, plus any
    unit that started a report for the period."""
    scope = aggregate_scope(actor=actor, root=root)
    today = today or timezone.localdate()
    reports = {
        r.unit_id: r
        for r in UnitReport.objects.filter(period=period.code, unit__in=scope.units).select_related(
            "submitted_version", "current_version"
        )
    }
    returned = set(
        ReportVersion.objects.filter(
            report__in=[r.pk for r in reports.values()], status=VersionStatus.RETURNED
        ).values_list("report_id", flat=True)
    )
    year_entries = ProgressEntry.objects.filter(
        assignment=OuterRef("pk"), period__startswith=f"{period.year}-"
    )
    assigned = set(
        Assignment.objects.filter(active=True, unit__in=scope.units)
        .filter(
            Q(plan__plan_year=period.year)
            | Q(plan__plan_year__isnull=True, plan__issue_date__year=period.year)
            | Q(Exists(year_entries))
        )
        .values_list("unit_id", flat=True)
        .distinct()
    )
    unit_ids = assigned | set(reports)
    units = Unit.objects.filter(pk__in=unit_ids).select_related("parent").order_by("name")
    rows = []
    for unit in units:
        report = reports.get(unit.pk)
        submitted = report.submitted_version if report else None
        current = report.current_version if report else None
        rows.append(
            {
                "id": unit.pk,
                "name": unit.name,
                "parent": unit.parent.name if unit.parent_id else "",
                "report_id": report.pk if report else None,
                "submitted_on": (
                    timezone.localtime(report.first_submitted_at).date()
                    if report and submitted and report.first_submitted_at
                    else None
                ),
                "version": submitted.number if submitted else None,
                "returned": bool(report and report.pk in returned),
                "has_draft": bool(current and current.status == VersionStatus.DRAFT),
                "totals": submitted.totals if submitted else None,
                "achievements": submitted.achievements if submitted else "",
            }
        )
    return content.build_aggregate(
        period=period.as_dict() | {"label_vi": period.label_vi},
        scope=scope.label,
        units=rows,
        today=today,
        deadline=period.deadline,
    )


# --- PAR-Index evidence -------------------------------------------------------------------------


def par_evidence(*, actor, unit: Unit, year: int) -> dict:
    """What a unit shows for the communication criterion of the PAR Index in a year: the plan it
    issued (and when), how many of its tasks it completed, which periodic reports it sent and
    when, with links to each document and piece of evidence."""
    from cchc.plans.models import Plan

    require(actor, READ, unit)
    plans = list(
        Plan.objects.filter(issuer_unit=unit)
        .filter(Q(plan_year=year) | Q(plan_year__isnull=True, issue_date__year=year))
        .order_by("issue_date", "pk")
    )
    rows = task_rows(unit, Period(year, "Y"))
    done = sum(1 for row in rows if row["status"] == "done")
    reports = list(
        UnitReport.objects.filter(unit=unit, period__startswith=f"{year}-").select_related(
            "submitted_version", "current_version"
        )
    )
    reports.sort(key=lambda r: r.period_obj.sort_key)
    items: list[dict] = []
    plan_lines, report_lines, task_lines = [], [], []
    for plan in plans:
        label = f"Ban hành {plan}"
        detail = plan.title or ""
        items.append(
            {
                "kind": "plan",
                "label": label,
                "date": plan.issue_date.isoformat() if plan.issue_date else None,
                "detail": detail,
                "url": reverse("plans:detail", args=[plan.pk]),
            }
        )
        when = f"ngày {plan.issue_date:%d/%m/%Y}" if plan.issue_date else "(chưa rõ ngày)"
        plan_lines.append(f"- {plan} {when}: {detail}".rstrip(": "))
    if not plan_lines:
        plan_lines.append(f"- Chưa có kế hoạch tuyên truyền CCHC năm {year} của đơn vị trong hệ thống.")
    rate = content.rate(done, len(rows))
    items.append(
        {
            "kind": "tasks",
            "label": f"Hoàn thành {done}/{len(rows)} nhiệm vụ được giao",
            "date": None,
            "detail": f"Tỷ lệ {content.format_rate(rate)}",
            "url": "",
        }
    )
    task_lines.append(
        f"Đơn vị được giao {len(rows)} nhiệm vụ, đã hoàn thành {done} nhiệm vụ ({content.format_rate(rate)})."
    )
    for row in rows:
        for ev in row["evidence"]:
            items.append(
                {
                    "kind": "evidence",
                    "label": f"Minh chứng: {ev['title']}",
                    "date": None,
                    "detail": " ".join(row["task"].split())[:200],
                    "url": ev["url"],
                }
            )
    for report in reports:
        submitted = report.submitted_version
        period = report.period_obj
        if submitted is not None and submitted.submitted_at:
            day = timezone.localtime(report.first_submitted_at or submitted.submitted_at).date()
            late = " (muộn)" if period.is_late(day) else ""
            detail = f"Phiên bản {submitted.number}; hạn {period.deadline:%d/%m/%Y}{late}"
            report_lines.append(f"- Báo cáo {period.label_vi}: gửi ngày {day:%d/%m/%Y}{late}.")
        else:
            day, detail = None, "Chưa gửi"
            report_lines.append(f"- Báo cáo {period.label_vi}: chưa gửi.")
        items.append(
            {
                "kind": "report",
                "label": f"Báo cáo {period.label_vi}",
                "date": day.isoformat() if day else None,
                "detail": detail,
                "url": reverse("reports:detail", args=[report.pk]),
            }
        )
    if not report_lines:
        report_lines.append(f"- Chưa gửi báo cáo định kỳ nào của năm {year}.")
    sent = sum(1 for r in reports if r.submitted_version_id)
    summary = (
        f"Năm {year}, {unit.name} ban hành {len(plans)} kế hoạch tuyên truyền cải cách hành chính; "
        f"hoàn thành {done}/{len(rows)} nhiệm vụ được giao; đã gửi {sent} báo cáo định kỳ."
    )
    return {
        "unit": {
            "id": unit.pk,
            "code": unit.code,
            "name": unit.name,
            "parent": unit.parent.name if unit.parent_id else "",
        },
        "year": year,
        "summary": summary,
        "plans": len(plans),
        "tasks": len(rows),
        "done": done,
        "completion_rate": rate,
        "reports_sent": sent,
        "items": items,
        "sections": [
            ("Ban hành kế hoạch tuyên truyền cải cách hành chính", "\n".join(plan_lines)),
            ("Kết quả thực hiện nhiệm vụ", "\n".join(task_lines)),
            ("Báo cáo định kỳ", "\n".join(report_lines)),
        ],
    }
