"""REST endpoints of this app, mounted on the project API (cchc.api.api) at /api/reports/.

Operation names start with "reports_" (their URL names, e.g. "api:reports_list"), so the
app's own persona matrix covers them (see tests/web/test_permissions_matrix.py). Same
selectors, services and permission rules as the pages.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from cchc.api.api import ERRORS
from cchc.reports import exports, selectors, services
from cchc.reports.models import UnitReport

router = Router(tags=["Báo cáo định kỳ"])


class UnitOut(Schema):
    id: int
    name: str


class ReportSummary(Schema):
    id: int
    unit: UnitOut
    period: str
    period_label: str
    version: int | None
    status: str | None
    submitted_version: int | None
    first_submitted_at: datetime | None
    late: bool


class ReportDetail(Schema):
    id: int
    unit: dict[str, Any]
    period: dict[str, Any]
    first_submitted_at: datetime | None
    late: bool
    version: dict[str, Any]
    versions: list[dict[str, Any]]


def _summary(report: UnitReport) -> dict:
    current = report.current_version
    return {
        "id": report.pk,
        "unit": {"id": report.unit_id, "name": report.unit.name},
        "period": report.period,
        "period_label": report.period_obj.label_vi,
        "version": current.number if current else None,
        "status": current.status if current else None,
        "submitted_version": report.submitted_version.number if report.submitted_version else None,
        "first_submitted_at": report.first_submitted_at,
        "late": report.is_late,
    }


def _report_or_404(request, report_id: int) -> UnitReport:
    try:
        return selectors.report_detail(actor=request.user, pk=report_id)
    except UnitReport.DoesNotExist:
        raise Http404(_("Không có báo cáo mã số %(id)s.") % {"id": report_id}) from None


@router.get(
    "/aggregate",
    response={200: dict[str, Any], **ERRORS},
    url_name="reports_aggregate",
    summary="Tổng hợp báo cáo của một kỳ",
)
def reports_aggregate(request, period: str, unit: int | None = None):
    """Tổng hợp các báo cáo đã gửi (mới nhất) của kỳ `period` (ví dụ 2024-H1) trong phạm vi đơn vị
    `unit` và cấp dưới (mặc định: toàn tỉnh với quản trị, đơn vị mình với người khác)."""
    from cchc.orgs.models import Unit

    root = None
    if unit is not None:
        root = Unit.objects.filter(pk=unit).first()
        if root is None:
            raise Http404(_("Không có cơ quan, đơn vị mã số %(id)s.") % {"id": unit})
    return selectors.aggregate(actor=request.user, period=services.parse_period(period), root=root)


@router.get(
    "/",
    response={200: list[ReportSummary], **ERRORS},
    url_name="reports_list",
    summary="Danh sách báo cáo",
)
@paginate(PageNumberPagination, page_size=50)
def reports_list(request, period: str = "", unit: int | None = None):
    """Báo cáo của các đơn vị mà người gọi được xem; lọc theo kỳ (`period`) và đơn vị (`unit`)."""
    if period:
        period = services.parse_period(period).code
    return [_summary(r) for r in selectors.report_list(actor=request.user, period=period, unit_id=unit)]


@router.get(
    "/{report_id}",
    response={200: ReportDetail, **ERRORS},
    url_name="reports_get",
    summary="Chi tiết một báo cáo",
)
def reports_get(request, report_id: int, version: int | None = None):
    """Phiên bản mới nhất (hoặc phiên bản `version`): thuyết minh, bảng nhiệm vụ, số liệu, lịch sử."""
    report = _report_or_404(request, report_id)
    found = selectors.report_version(actor=request.user, report=report, number=version)
    if found is None:
        raise Http404(_("Không có phiên bản này."))
    data = exports.unit_report_dict(report, found)
    data["versions"] = [
        {"number": v.number, "status": v.status, "submitted_at": v.submitted_at, "note": v.note}
        for v in selectors.report_history(actor=request.user, report=report)
    ]
    return data


@router.post(
    "/{report_id}/submit",
    response={200: ReportSummary, **ERRORS},
    url_name="reports_submit",
    summary="Gửi báo cáo (bản đang soạn)",
)
def reports_submit(request, report_id: int):
    report = _report_or_404(request, report_id)
    if report.current_version is None:
        raise Http404(_("Báo cáo chưa có nội dung."))
    services.report_submit(version=report.current_version, actor=request.user)
    return _summary(selectors.report_detail(actor=request.user, pk=report.pk))
