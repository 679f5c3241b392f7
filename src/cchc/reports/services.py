"""Every write of the reports app. Each public service checks permission with `require` and
records an audit entry in the same transaction as its change.

Life of a unit's report for a period::

    report_draft ──▶ draft v1 ──report_update/report_refresh──▶ … ──report_submit──▶ submitted v1
         submitted v1 ──report_return (Sở Nội vụ)──▶ returned v1 + draft v2 (a copy to correct)
         submitted v1 ──report_amend (the unit)────▶ draft v2; submitting v2 supersedes v1

A submitted version is never changed again except for its status; history is every version.
Lateness is judged on the first submission (``UnitReport.first_submitted_at``) against the
period's deadline.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.accounts.permissions import require
from cchc.audit.services import audit_record, field_changes
from cchc.core.periods import Period
from cchc.orgs.models import Unit
from cchc.reports import content, selectors
from cchc.reports.models import NARRATIVE_FIELDS, ReportVersion, UnitReport, VersionStatus

ACT = "unit.act"
REVIEW = "reports.review"

EDITABLE_FIELDS = (*NARRATIVE_FIELDS, "doc_number", "signer_position", "signer_name")
MAX_TEXT = 20000
DEFAULT_SIGNER = "Thủ trưởng cơ quan"


def parse_period(code: str) -> Period:
    try:
        return Period.parse(code)
    except ValueError:
        raise ValidationError(
            _("Kỳ báo cáo không hợp lệ: %(code)s (ví dụ 2024-Q1, 2024-H1, 2024-9M, 2024-Y).") % {"code": code}
        ) from None


def _snapshot(unit: Unit, period: Period) -> tuple[list[dict], dict]:
    rows = selectors.task_rows(unit, period)
    return rows, content.task_totals(rows)


def _locked(report: UnitReport) -> UnitReport:
    return UnitReport.objects.select_for_update(of=("self",)).select_related("unit").get(pk=report.pk)


def _copy(version: ReportVersion, *, number: int, actor, note: str) -> ReportVersion:
    return ReportVersion.objects.create(
        report=version.report,
        number=number,
        status=VersionStatus.DRAFT,
        doc_number=version.doc_number,
        signer_position=version.signer_position,
        signer_name=version.signer_name,
        tasks=version.tasks,
        totals=version.totals,
        data_as_of=version.data_as_of,
        note=note[:500],
        created_by=actor,
        **version.narrative(),
    )


def _next_number(report: UnitReport) -> int:
    last = report.versions.order_by("-number").values_list("number", flat=True).first()
    return (last or 0) + 1


@transaction.atomic
def report_draft(*, unit: Unit, period: str, actor) -> UnitReport:
    """Start the unit's report for the period, prefilled from its recorded progress.

    Idempotent while a draft is open (the open draft is returned as it is). A report already
    submitted is changed with `report_amend`, not drafted again."""
    require(actor, ACT, unit)
    the_period = parse_period(period)
    report, created = UnitReport.objects.get_or_create(
        unit=unit, period=the_period.code, defaults={"created_by": actor}
    )
    report = _locked(report)
    if not created and report.current_version_id is not None:
        if report.current_version.status == VersionStatus.DRAFT:
            return report
        raise ValidationError(
            _("Báo cáo %(period)s của đơn vị đã được gửi; dùng “Sửa đổi, bổ sung” để lập phiên bản mới.")
            % {"period": the_period.label}
        )
    rows, totals = _snapshot(unit, the_period)
    narrative = content.prefill_narrative(rows, totals, unit_name=unit.name, period_label=the_period.label_vi)
    version = ReportVersion.objects.create(
        report=report,
        number=1,
        tasks=rows,
        totals=totals,
        data_as_of=timezone.now(),
        signer_position=DEFAULT_SIGNER,
        created_by=actor,
        **narrative,
    )
    report.current_version = version
    report.save(update_fields=["current_version", "updated_at"])
    audit_record(
        actor=actor,
        action="reports.report.drafted",
        obj=report,
        changes={"period": the_period.code, "unit": unit, "version": 1, "tasks": totals["tasks"]},
    )
    return report


def _editable(version: ReportVersion, actor) -> ReportVersion:
    version = (
        ReportVersion.objects.select_for_update(of=("self",))
        .select_related("report__unit")
        .get(pk=version.pk)
    )
    require(actor, ACT, version.report.unit)
    if version.status != VersionStatus.DRAFT or version.report.current_version_id != version.pk:
        raise ValidationError(_("Phiên bản này đã gửi hoặc không còn là bản đang soạn; không sửa được nữa."))
    return version


@transaction.atomic
def report_update(*, version: ReportVersion, actor, **values) -> ReportVersion:
    """Edit the narrative (and number, signer) of a draft."""
    version = _editable(version, actor)
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"cannot edit {', '.join(sorted(unknown))}")
    cleaned = {}
    for name, value in values.items():
        text = (value or "").replace("\r\n", "\n").strip()
        limit = MAX_TEXT if name in NARRATIVE_FIELDS else 200
        if len(text) > limit:
            raise ValidationError({name: _("Nội dung quá dài (tối đa %(n)s ký tự).") % {"n": limit}})
        cleaned[name] = text
    changes = field_changes(version, cleaned)
    if not changes:
        return version
    for name, value in cleaned.items():
        setattr(version, name, value)
    version.save()
    audit_record(
        actor=actor,
        action="reports.report.edited",
        obj=version.report,
        changes={"version": version.number, "fields": sorted(changes)},
    )
    return version


@transaction.atomic
def report_refresh(*, version: ReportVersion, actor, refill: bool = False) -> ReportVersion:
    """Take the task table again from the progress recorded now; with `refill`, also rewrite
    the narrative from it (the officer's edits are lost)."""
    version = _editable(version, actor)
    report = version.report
    period = report.period_obj
    rows, totals = _snapshot(report.unit, period)
    version.tasks, version.totals, version.data_as_of = rows, totals, timezone.now()
    if refill:
        for name, value in content.prefill_narrative(
            rows, totals, unit_name=report.unit.name, period_label=period.label_vi
        ).items():
            setattr(version, name, value)
    version.save()
    audit_record(
        actor=actor,
        action="reports.report.refreshed",
        obj=report,
        changes={"version": version.number, "tasks": totals["tasks"], "refill": refill},
    )
    return version


@transaction.atomic
def report_submit(*, version: ReportVersion, actor) -> ReportVersion:
    """Send the draft to Sở Nội vụ. It is locked from then on."""
    version = _editable(version, actor)
    report = _locked(version.report)
    if not version.achievements.strip():
        raise ValidationError({"achievements": _("Chưa có nội dung “Kết quả đạt được”.")})
    now = timezone.now()
    previous = report.submitted_version
    if previous is not None and previous.pk != version.pk:
        previous.status = VersionStatus.SUPERSEDED
        previous.save(update_fields=["status", "updated_at"])
    version.status = VersionStatus.SUBMITTED
    version.submitted_at, version.submitted_by = now, actor
    version.save()
    report.submitted_version = version
    if report.first_submitted_at is None:
        report.first_submitted_at = now
    report.save(update_fields=["submitted_version", "first_submitted_at", "updated_at"])
    late = report.period_obj.is_late(timezone.localtime(report.first_submitted_at).date())
    audit_record(
        actor=actor,
        action="reports.report.submitted",
        obj=report,
        changes={
            "version": version.number,
            "late": late,
            "supersedes": previous.number if previous is not None and previous.pk != version.pk else None,
        },
    )
    return version


@transaction.atomic
def report_return(*, version: ReportVersion, actor, reason: str) -> ReportVersion:
    """Sở Nội vụ sends a submitted report back for correction: the version is marked returned
    and a new draft (a copy of it) is opened for the unit. Returns the new draft."""
    require(actor, REVIEW)
    version = (
        ReportVersion.objects.select_for_update(of=("self",))
        .select_related("report__unit")
        .get(pk=version.pk)
    )
    report = _locked(version.report)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Vui lòng nêu lý do trả lại để đơn vị sửa.")})
    if version.status != VersionStatus.SUBMITTED or report.submitted_version_id != version.pk:
        raise ValidationError(_("Chỉ trả lại được phiên bản đã gửi đang có hiệu lực."))
    if report.current_version_id != version.pk:
        raise ValidationError(_("Đơn vị đang soạn phiên bản sửa đổi; không trả lại phiên bản cũ được."))
    now = timezone.now()
    version.status = VersionStatus.RETURNED
    version.returned_at, version.returned_by, version.return_reason = now, actor, reason[:MAX_TEXT]
    version.save()
    draft = _copy(
        version, number=_next_number(report), actor=actor, note=_("Sửa theo yêu cầu: %(r)s") % {"r": reason}
    )
    report.submitted_version = None
    report.current_version = draft
    report.save(update_fields=["submitted_version", "current_version", "updated_at"])
    audit_record(
        actor=actor,
        action="reports.report.returned",
        obj=report,
        changes={"version": version.number, "reason": reason, "new_version": draft.number},
    )
    return draft


@transaction.atomic
def report_amend(*, report: UnitReport, actor, note: str = "") -> ReportVersion:
    """The unit opens an amendment of its submitted report: a new draft copied from it. The
    submitted version stays in force until the amendment is submitted."""
    report = _locked(report)
    require(actor, ACT, report.unit)
    current = report.current_version
    if current is None or current.status == VersionStatus.DRAFT:
        raise ValidationError(_("Báo cáo đang có bản soạn thảo; sửa trực tiếp bản đó."))
    if report.submitted_version_id is None:
        raise ValidationError(_("Báo cáo chưa được gửi."))
    draft = _copy(
        report.submitted_version,
        number=_next_number(report),
        actor=actor,
        note=(note or "").strip() or _("Sửa đổi, bổ sung sau khi gửi"),
    )
    report.current_version = draft
    report.save(update_fields=["current_version", "updated_at"])
    audit_record(
        actor=actor,
        action="reports.report.amendment_started",
        obj=report,
        changes={"from_version": report.submitted_version.number, "version": draft.number},
    )
    return draft
