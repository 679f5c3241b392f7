"""Thin views of the reports app: parse the request, call a selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cchc.accounts.permissions import DENIED_MESSAGES, units_readable_by
from cchc.core.periods import Period
from cchc.orgs.models import Unit
from cchc.reports import exports, selectors, services
from cchc.reports.forms import DraftForm, ReportEditForm, ReturnForm, default_period, period_choices
from cchc.reports.models import UnitReport, VersionStatus
from cchc.web.forms import attach_service_errors


def _int(value) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _report_or_404(request, pk: int) -> UnitReport:
    try:
        return selectors.report_detail(actor=request.user, pk=pk)
    except UnitReport.DoesNotExist:
        raise Http404(_("Không có báo cáo này.")) from None


def _period_param(request, name: str = "ky") -> Period:
    code = request.GET.get(name, "").strip()
    if not code:
        return default_period()
    try:
        return Period.parse(code)
    except ValueError:
        raise Http404(_("Kỳ báo cáo không hợp lệ.")) from None


def _format_param(request) -> str:
    fmt = request.GET.get("dinh_dang", "docx")
    if fmt not in exports.FORMATS:
        raise Http404(_("Định dạng không hỗ trợ."))
    return fmt


def _download(result) -> HttpResponse:
    filename, mimetype, payload = result
    response = HttpResponse(payload, content_type=mimetype)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


# --- a unit's reports ---------------------------------------------------------------------------


@login_required
@require_GET
def report_list(request):
    period = request.GET.get("ky", "").strip()
    unit_id = _int(request.GET.get("don_vi"))
    units = selectors.units_for_drafting(request.user)
    readable = units_readable_by(request.user).order_by("name")
    context = {
        "reports": selectors.report_list(actor=request.user, period=period, unit_id=unit_id),
        "period": period,
        "unit_id": unit_id,
        "period_choices": period_choices(),
        "units": readable,
        "can_draft": bool(units),
        # The aggregate and the evidence pages need a unit to read (an editor has none).
        "can_aggregate": readable.exists(),
        "draft_form": DraftForm(units=units) if units else None,
    }
    return render(request, "reports/report_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def report_create(request):
    units = selectors.units_for_drafting(request.user)
    if not units:
        raise PermissionDenied(DENIED_MESSAGES["unit.act"])
    form = DraftForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_draft(
                unit=form.cleaned_data["unit"], period=form.cleaned_data["period"], actor=request.user
            )
        except ValidationError as exc:
            attach_service_errors(form, exc)
        else:
            messages.success(
                request, _("Đã soạn sẵn báo cáo từ tiến độ đã cập nhật; rà soát, chỉnh sửa rồi gửi.")
            )
            return redirect("reports:edit", pk=report.pk)
    return render(request, "reports/report_create.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_GET
def report_detail(request, pk: int):
    report = _report_or_404(request, pk)
    version = selectors.report_version(
        actor=request.user, report=report, number=_int(request.GET.get("phien_ban"))
    )
    if version is None:
        raise Http404(_("Không có phiên bản này."))
    can_edit = selectors.can_edit(request.user, report)
    context = {
        "report": report,
        "period": report.period_obj,
        "version": version,
        "is_current": version.pk == report.current_version_id,
        "history": selectors.report_history(actor=request.user, report=report),
        "sections": [(exports.SECTION_HEADINGS[k], v) for k, v in version.narrative().items()],
        "can_edit": can_edit
        and version.status == VersionStatus.DRAFT
        and version.pk == report.current_version_id,
        "can_amend": can_edit
        and report.current_version_id == report.submitted_version_id
        and report.submitted_version_id is not None,
        "can_review": selectors.can_review(request.user)
        and version.status == VersionStatus.SUBMITTED
        and version.pk == report.current_version_id,
        "return_form": ReturnForm(),
        "formats": exports.FORMATS,
    }
    return render(request, "reports/report_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request, pk: int):
    report = _report_or_404(request, pk)
    if not selectors.can_edit(request.user, report):
        raise PermissionDenied(DENIED_MESSAGES["unit.act"])
    version = report.current_version
    if version is None or version.status != VersionStatus.DRAFT:
        messages.warning(
            request, _("Báo cáo đã gửi không sửa được; dùng “Sửa đổi, bổ sung” để lập phiên bản mới.")
        )
        return redirect("reports:detail", pk=report.pk)
    form = ReportEditForm(request.POST or None, instance=version)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in services.EDITABLE_FIELDS}
        try:
            services.report_update(version=version, actor=request.user, **values)
            if "gui" in request.POST:
                services.report_submit(version=version, actor=request.user)
        except ValidationError as exc:
            attach_service_errors(form, exc)
        else:
            if "gui" in request.POST:
                messages.success(request, _("Đã gửi báo cáo tới Sở Nội vụ."))
                return redirect("reports:detail", pk=report.pk)
            messages.success(request, _("Đã lưu bản soạn thảo."))
            return redirect("reports:edit", pk=report.pk)
    context = {"report": report, "period": report.period_obj, "version": version, "form": form}
    return render(request, "reports/report_edit.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def report_refresh(request, pk: int):
    report = _report_or_404(request, pk)
    if report.current_version is None:
        raise Http404(_("Báo cáo chưa có nội dung."))
    try:
        services.report_refresh(
            version=report.current_version, actor=request.user, refill=request.POST.get("soan_lai") == "1"
        )
    except ValidationError as exc:
        _errors(request, exc)
        return redirect("reports:detail", pk=report.pk)
    messages.success(request, _("Đã cập nhật bảng nhiệm vụ theo tiến độ mới nhất."))
    return redirect("reports:edit", pk=report.pk)


@login_required
@require_POST
def report_submit(request, pk: int):
    report = _report_or_404(request, pk)
    if report.current_version is None:
        raise Http404(_("Báo cáo chưa có nội dung."))
    try:
        services.report_submit(version=report.current_version, actor=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Đã gửi báo cáo tới Sở Nội vụ."))
    return redirect("reports:detail", pk=report.pk)


@login_required
@require_POST
def report_return(request, pk: int):
    report = _report_or_404(request, pk)
    form = ReturnForm(request.POST)
    if report.current_version is None:
        raise Http404(_("Báo cáo chưa có nội dung."))
    try:
        services.report_return(
            version=report.current_version,
            actor=request.user,
            reason=form.data.get("reason", ""),
        )
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Đã trả lại báo cáo; đơn vị sẽ sửa trên phiên bản mới."))
    return redirect("reports:detail", pk=report.pk)


@login_required
@require_POST
def report_amend(request, pk: int):
    report = _report_or_404(request, pk)
    try:
        services.report_amend(report=report, actor=request.user, note=request.POST.get("ghi_chu", ""))
    except ValidationError as exc:
        _errors(request, exc)
        return redirect("reports:detail", pk=report.pk)
    messages.success(request, _("Đã mở phiên bản sửa đổi, bổ sung."))
    return redirect("reports:edit", pk=report.pk)


@login_required
@require_GET
def report_export(request, pk: int):
    report = _report_or_404(request, pk)
    version = selectors.report_version(
        actor=request.user, report=report, number=_int(request.GET.get("phien_ban"))
    )
    if version is None:
        raise Http404(_("Không có phiên bản này."))
    return _download(
        exports.export_unit_report(report, version, _format_param(request), base_url=_base_url(request))
    )


# --- the aggregate ------------------------------------------------------------------------------


def _aggregate_root(request) -> Unit | None:
    unit_id = _int(request.GET.get("don_vi"))
    if unit_id is None:
        return None
    root = Unit.objects.filter(pk=unit_id).first()
    if root is None:
        raise Http404(_("Không có cơ quan, đơn vị này."))
    return root


@login_required
@require_GET
def aggregate(request):
    period = _period_param(request)
    root = _aggregate_root(request)
    data = selectors.aggregate(actor=request.user, period=period, root=root)
    context = {
        "data": data,
        "period": period,
        "root": root,
        "period_choices": period_choices(),
        "units": units_readable_by(request.user).order_by("name"),
        "formats": exports.FORMATS,
        "query": request.GET.urlencode(),
    }
    return render(request, "reports/aggregate.html", context)


def _issuer(request, root: Unit | None) -> tuple[str, str | None]:
    unit = root or getattr(request.user, "unit", None)
    if unit is None:
        return "Sở Nội vụ", None
    return unit.name, (unit.parent.name if unit.parent_id else None)


@login_required
@require_GET
def aggregate_export(request):
    period = _period_param(request)
    root = _aggregate_root(request)
    data = selectors.aggregate(actor=request.user, period=period, root=root)
    issuer, superior = _issuer(request, root)
    return _download(
        exports.export_aggregate(
            data, _format_param(request), issuer=issuer, superior=superior, today=timezone.localdate()
        )
    )


# --- PAR-Index evidence -------------------------------------------------------------------------


def _evidence_params(request) -> tuple[Unit, int]:
    unit_id = _int(request.GET.get("don_vi")) or getattr(request.user, "unit_id", None)
    unit = Unit.objects.select_related("parent").filter(pk=unit_id).first() if unit_id else None
    if unit is None:
        if unit_id:
            raise Http404(_("Không có cơ quan, đơn vị này."))
        raise PermissionDenied(DENIED_MESSAGES["unit.read"])
    year = _int(request.GET.get("nam")) or timezone.localdate().year
    if not 1990 <= year <= 2200:
        raise Http404(_("Năm không hợp lệ."))
    return unit, year


@login_required
@require_GET
def evidence(request):
    unit, year = _evidence_params(request)
    data = selectors.par_evidence(actor=request.user, unit=unit, year=year)
    this_year = timezone.localdate().year
    context = {
        "data": data,
        "unit": unit,
        "year": year,
        "years": list(range(this_year + 1, this_year - 5, -1)),
        "units": units_readable_by(request.user).order_by("name"),
    }
    return render(request, "reports/evidence.html", context)


@login_required
@require_GET
def evidence_export(request):
    unit, year = _evidence_params(request)
    data = selectors.par_evidence(actor=request.user, unit=unit, year=year)
    fmt = request.GET.get("dinh_dang", "xlsx")
    if fmt not in exports.FORMATS:
        raise Http404(_("Định dạng không hỗ trợ."))
    return _download(exports.export_evidence(data, fmt, base_url=_base_url(request)))
