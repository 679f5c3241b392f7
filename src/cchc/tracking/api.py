"""REST endpoints of this app, mounted on the project API (cchc.api.api) at /api/tracking/.

Operation names start with "tracking_" (their URL names, e.g. "api:tracking_list_assignments"),
so the app's own persona matrix covers them (see tests/tracking/test_tracking_permissions.py).
Same selectors, services and permission rules as the pages: a unit's officer lists and records
its own work, a leader reads the subtree, the province administrator reads everything.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import PageNumberPagination, paginate

from cchc.accounts.permissions import require
from cchc.api.schemas import ErrorOut, UnitRef
from cchc.tracking import selectors, services
from cchc.tracking.models import Assignment, Evidence, ProgressEntry
from cchc.tracking.views import evidence_response

router = Router(tags=["Thực hiện nhiệm vụ"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class AssignmentOut(Schema):
    id: int
    plan_id: int
    plan_number: str
    task_id: int
    stt: str
    task: str
    products: str
    role: str
    agency_raw: str
    named_unit: UnitRef
    unit: UnitRef
    due_date: date | None
    due_dates: list[str]
    recurring: bool
    timeframe: str
    targets: dict[str, int]
    status: str
    status_label: str
    percent: int
    last_period: str
    overdue: bool
    active: bool


class DeliverableOut(Schema):
    kind: str
    quantity: int
    participants: int | None


class EvidenceOut(Schema):
    id: int
    title: str
    original_name: str
    size: int
    url: str
    download_url: str = ""


class EntryOut(Schema):
    id: int
    period: str
    status: str
    percent: int
    reason: str
    note: str
    deliverables: list[DeliverableOut]
    evidence: list[EvidenceOut] = []
    updated_at: datetime


class AssignmentDetailOut(AssignmentOut):
    entries: list[EntryOut]


class DeliverableIn(Schema):
    kind: str
    quantity: int = 0
    participants: int | None = None


class ProgressIn(Schema):
    period: str
    status: str
    percent: int | None = None
    reason: str = ""
    note: str = ""
    deliverables: list[DeliverableIn] = []
    links: list[str] = []


def _unit(unit) -> dict:
    return {"id": unit.pk, "name": unit.name}


def _assignment(a: Assignment) -> dict:
    return {
        "id": a.pk,
        "plan_id": a.plan_id,
        "plan_number": a.plan.number,
        "task_id": a.task_id,
        "stt": a.task.stt,
        "task": a.task.task,
        "products": a.task.products,
        "role": a.role,
        "agency_raw": a.agency_raw,
        "named_unit": _unit(a.named_unit),
        "unit": _unit(a.unit),
        "due_date": a.due_date,
        "due_dates": a.due_dates or [],
        "recurring": a.recurring,
        "timeframe": a.timeframe,
        "targets": a.targets or {},
        "status": a.status,
        "status_label": str(a.get_status_display()),
        "percent": a.percent,
        "last_period": a.last_period,
        "overdue": selectors.is_overdue(a),
        "active": a.active,
    }


def _entry(e: ProgressEntry) -> dict:
    return {
        "id": e.pk,
        "period": e.period,
        "status": e.status,
        "percent": e.percent,
        "reason": e.reason,
        "note": e.note,
        "deliverables": [
            {"kind": d.kind, "quantity": d.quantity, "participants": d.participants}
            for d in e.deliverables.all()
        ],
        "evidence": [_evidence(v) for v in e.evidence.all()],
        "updated_at": e.updated_at,
    }


def _evidence(v: Evidence) -> dict:
    return {
        "id": v.pk,
        "title": v.title,
        "original_name": v.original_name,
        "size": v.size,
        "url": v.url,
        # A file is downloaded through the API (page or script alike), a link is `url` itself.
        "download_url": reverse("api:tracking_download_evidence", args=[v.pk]) if v.file else "",
    }


def _assignment_or_404(request, assignment_id: int) -> Assignment:
    try:
        return selectors.assignment_detail(actor=request.user, pk=assignment_id)
    except Assignment.DoesNotExist:
        raise Http404(_("Không có nhiệm vụ được giao mã số %(id)s.") % {"id": assignment_id}) from None


@router.get(
    "/assignments",
    response={200: list[AssignmentOut], **ERRORS},
    url_name="tracking_list_assignments",
    summary="Nhiệm vụ được giao của tôi",
)
@paginate(PageNumberPagination, page_size=100)
def tracking_list_assignments(
    request, plan: int | None = None, status: str = "", period: str = "", unit: int | None = None
):
    """Nhiệm vụ của đơn vị mình (lãnh đạo: cả các đơn vị trực thuộc; quản trị: tất cả). Lọc theo
    kế hoạch (`plan`), trạng thái (`status`, hoặc `overdue`), kỳ báo cáo (`period`, ví dụ 2024-H1)."""
    if period:
        services._period(period)  # a clear 400 for a malformed code
    return [
        _assignment(a)
        for a in selectors.assignment_list(
            actor=request.user, plan_id=plan, status=status.strip(), period=period.strip(), unit_id=unit
        )
    ]


@router.get(
    "/assignments/{assignment_id}",
    response={200: AssignmentDetailOut, **ERRORS},
    url_name="tracking_get_assignment",
    summary="Chi tiết nhiệm vụ được giao và tiến độ các kỳ",
)
def tracking_get_assignment(request, assignment_id: int):
    assignment = _assignment_or_404(request, assignment_id)
    data = _assignment(assignment)
    data["entries"] = [
        _entry(e) for e in selectors.assignment_entries(actor=request.user, assignment=assignment)
    ]
    return data


@router.post(
    "/assignments/{assignment_id}/progress",
    response={201: EntryOut, **ERRORS},
    url_name="tracking_record_progress",
    summary="Ghi tiến độ một kỳ báo cáo",
)
def tracking_record_progress(request, assignment_id: int, payload: ProgressIn):
    """Trạng thái: not_started, in_progress, done, late, failed (bắt buộc `reason`). Số lượng sản phẩm
    cộng dồn từ đầu năm; `links` là đường dẫn minh chứng. Tệp minh chứng: sau khi ghi, gửi tệp tới
    POST .../progress/{period}/evidence (multipart)."""
    assignment = _assignment_or_404(request, assignment_id)

    with transaction.atomic():
        entry = services.progress_record(
            assignment=assignment,
            period=payload.period,
            status=payload.status,
            percent=payload.percent,
            reason=payload.reason,
            note=payload.note,
            deliverables={
                d.kind: {"quantity": d.quantity, "participants": d.participants} for d in payload.deliverables
            },
            actor=request.user,
        )
        for link in payload.links:
            services.evidence_add(entry=entry, url=link, actor=request.user)
    entry = ProgressEntry.objects.prefetch_related("deliverables", "evidence").get(pk=entry.pk)
    return Status(201, _entry(entry))


@router.post(
    "/assignments/{assignment_id}/progress/{period}/evidence",
    response={201: list[EvidenceOut], **ERRORS},
    url_name="tracking_add_evidence",
    summary="Tải lên tệp minh chứng cho một kỳ đã ghi tiến độ",
)
def tracking_add_evidence(
    request,
    assignment_id: int,
    period: str,
    files: File[list[UploadedFile]] = None,
    title: Form[str] = "",
):
    """Gửi dạng multipart/form-data: một hoặc nhiều tệp trong trường `files`, `title` (tùy chọn)
    là tên minh chứng cho các tệp. Kiểm tra như trên giao diện web (định dạng, dung lượng, nội dung
    tệp); một tệp bị từ chối thì không tệp nào được lưu. Kỳ `period` phải đã được ghi tiến độ."""
    assignment = _assignment_or_404(request, assignment_id)
    # Permission before anything else, so that a leader learns "not allowed", not "no file".
    require(request.user, services.ACT, assignment.unit)
    services._period(period)  # a clear 400 for a malformed code
    try:
        entry = selectors.assignment_entry(actor=request.user, assignment=assignment, period=period)
    except ProgressEntry.DoesNotExist:
        raise Http404(
            _("Chưa ghi tiến độ kỳ %(period)s cho nhiệm vụ này; ghi tiến độ trước khi gửi minh chứng.")
            % {"period": period}
        ) from None
    added = services.evidence_add_files(entry=entry, uploads=files, title=title, actor=request.user)
    return Status(201, [_evidence(v) for v in added])


@router.get(
    "/evidence/{evidence_id}/file",
    response=ERRORS,
    url_name="tracking_download_evidence",
    summary="Tải tệp minh chứng",
    openapi_extra={
        "responses": {
            200: {"description": "Nội dung tệp", "content": {"application/octet-stream": {}}},
            302: {"description": "Minh chứng là đường dẫn: chuyển tới đường dẫn đó"},
        }
    },
)
def tracking_download_evidence(request, evidence_id: int):
    """Tệp minh chứng (người đọc được nhiệm vụ thì tải được); minh chứng là đường dẫn thì chuyển tới
    đường dẫn đó."""
    try:
        evidence = selectors.evidence_for_download(actor=request.user, pk=evidence_id)
    except Evidence.DoesNotExist:
        raise Http404(_("Không có minh chứng mã số %(id)s.") % {"id": evidence_id}) from None
    return evidence_response(evidence)
