"""Pages for exporting a plan, drafting a unit's plan from it, and checking a plan against its parent."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cchc.accounts.permissions import DENIED_MESSAGES, has_perm
from cchc.exports.docx_plan import export_plan_docx
from cchc.orgs.models import Unit
from cchc.plans import selectors
from cchc.plans.conformance import check_conformance, conformance_docx
from cchc.plans.derive import MANAGE, derive_draft
from cchc.plans.documents import plan_document_from_dict, plan_document_of
from cchc.plans.models import Plan
from cchc.plans.views import _int_param, _item_or_404, _plan_or_404


def _docx_response(document) -> HttpResponse:
    filename, mimetype, payload = export_plan_docx(document)
    response = HttpResponse(payload, content_type=mimetype)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def plan_export(request, pk: int):
    plan = _plan_or_404(request, pk)
    if plan.current_version_id is None:
        raise Http404(_("Kế hoạch này chưa có nội dung để xuất."))
    if request.GET.get("dinh_dang") == "json":
        response = JsonResponse(
            plan.current_version.data, json_dumps_params={"ensure_ascii": False, "indent": 2}
        )
        response["Content-Disposition"] = f'attachment; filename="ke-hoach-{plan.pk}.json"'
        return response
    return _docx_response(plan_document_of(plan))


def _units_for_derive(user):
    units = Unit.objects.order_by("name")
    if getattr(user, "is_province_admin", False):
        return list(units)
    return [u for u in units.filter(pk=user.unit_id)] if user.unit_id else []


@login_required
@require_http_methods(["GET", "POST"])
def plan_derive(request, pk: int):
    parent = _plan_or_404(request, pk)
    units = [u for u in _units_for_derive(request.user) if has_perm(request.user, MANAGE, u)]
    if not units:
        raise PermissionDenied(DENIED_MESSAGES[MANAGE])
    errors: list[str] = []
    if request.method == "POST":
        chosen = next((u for u in units if u.pk == _int_param(request.POST.get("don_vi"))), None)
        if chosen is None:
            errors.append(_("Hãy chọn đơn vị lập kế hoạch."))
        else:
            try:
                item = derive_draft(parent=parent, unit=chosen, actor=request.user)
            except ValidationError as exc:
                errors = [str(m) for m in exc.messages]
            else:
                messages.success(request, _("Đã lập dự thảo; rà soát, chỉnh sửa rồi xác nhận hoặc tải DOCX."))
                return redirect("plans:import_item", pk=item.pk)
    context = {"plan": parent, "units": units, "errors": errors}
    return render(request, "plans/plan_derive.html", context, status=400 if errors else 200)


@login_required
@require_GET
def draft_docx(request, pk: int):
    """The import under review (a derived draft or an upload) as the official DOCX, edits included."""
    item = _item_or_404(request, pk)
    if not item.parsed:
        raise Http404(_("Văn bản này chưa có nội dung trích xuất."))
    return _docx_response(plan_document_from_dict(item.parsed))


def _report_csv(report) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            "Nhiệm vụ cấp trên (STT)",
            "Nhiệm vụ cấp trên",
            "Vai trò",
            "Tình trạng",
            "Nhiệm vụ cấp dưới (STT)",
            "Điểm",
            "Giải thích",
        ]
    )
    for check in report.checks:
        if not check.matches:
            writer.writerow([check.parent_stt or "", check.parent_task, check.role, "Thiếu", "", "", ""])
        for match in check.matches:
            writer.writerow(
                [
                    check.parent_stt or "",
                    check.parent_task,
                    check.role,
                    "Có",
                    match.child_stt or "",
                    match.score,
                    match.explanation,
                ]
            )
    for extra in report.extra:
        writer.writerow(["", "", "", "Thêm", extra["child_stt"] or "", "", extra["child_task"]])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="doi-chieu.csv"'
    return response


@login_required
@require_GET
def plan_conformance(request, pk: int):
    child = _plan_or_404(request, pk)
    parent_id = _int_param(request.GET.get("cap_tren")) or child.parent_id
    parent = None
    if parent_id and parent_id != child.pk:
        parent = Plan.objects.select_related("current_version", "issuer_unit").filter(pk=parent_id).first()
    report = check_conformance(child, parent) if parent is not None else None
    fmt = request.GET.get("dinh_dang")
    if report is not None and fmt == "json":
        return JsonResponse(report.to_dict(), json_dumps_params={"ensure_ascii": False, "indent": 2})
    if report is not None and fmt == "csv":
        return _report_csv(report)
    if report is not None and fmt == "docx":
        filename, mimetype, payload = conformance_docx(report, child)
        response = HttpResponse(payload, content_type=mimetype)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    context = {
        "plan": child,
        "parent": parent,
        "report": report,
        "parent_choices": selectors.parent_candidates(actor=request.user, plan=child),
    }
    return render(request, "plans/plan_conformance.html", context)
