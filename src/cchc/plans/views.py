"""Thin views: parse the request, call a selector or service, render."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cchc.accounts.permissions import has_perm, require
from cchc.plans import selectors, services
from cchc.plans.forms import ReviewForms, UploadForm
from cchc.plans.models import ImportItem, ItemStatus, LegalDocument, Plan


def _int_param(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _plan_or_404(request, pk: int) -> Plan:
    try:
        return selectors.plan_detail(actor=request.user, pk=pk)
    except Plan.DoesNotExist:
        raise Http404(_("Không có kế hoạch này.")) from None


def _item_or_404(request, pk: int) -> ImportItem:
    try:
        return selectors.import_item(actor=request.user, pk=pk)
    except ImportItem.DoesNotExist:
        raise Http404(_("Không có văn bản nhập này.")) from None


def _messages_from(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


# --- plans -------------------------------------------------------------------------------------


@login_required
@require_GET
def plan_list(request):
    year = _int_param(request.GET.get("nam"))
    unit_id = _int_param(request.GET.get("don_vi"))
    query = request.GET.get("q", "").strip()
    context = {
        "plans": selectors.plan_list(actor=request.user, year=year, unit_id=unit_id, query=query),
        "years": selectors.plan_years(actor=request.user),
        "units": selectors.plan_issuer_units(actor=request.user),
        "year": year,
        "unit_id": unit_id,
        "query": query,
        "can_import": has_perm(request.user, services.IMPORT),
    }
    return render(request, "plans/plan_list.html", context)


@login_required
@require_GET
def plan_detail(request, pk: int):
    plan = _plan_or_404(request, pk)
    number = _int_param(request.GET.get("phien_ban"))
    version = selectors.plan_version(actor=request.user, plan=plan, number=number)
    if version is None:
        raise Http404(_("Không có phiên bản này."))
    context = {
        "plan": plan,
        "version": version,
        "is_current": version.pk == plan.current_version_id,
        "history": selectors.plan_history(actor=request.user, plan=plan),
        "children": plan.children.select_related("issuer_unit").order_by("issuer"),
        "can_manage": selectors.can_manage(request.user, plan.issuer_unit),
        "can_derive": selectors.can_derive(request.user),
        "parent_choices": selectors.parent_candidates(actor=request.user, plan=plan),
    }
    return render(request, "plans/plan_detail.html", context)


@login_required
@require_GET
def plan_download(request, pk: int):
    plan = _plan_or_404(request, pk)
    try:
        handle = plan.source_file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404(_("Tệp gốc của kế hoạch này không còn trên máy chủ.")) from None
    return FileResponse(handle, as_attachment=True, filename=plan.original_name or None)


@login_required
@require_http_methods(["GET", "POST"])
def plan_amend(request, pk: int):
    plan = _plan_or_404(request, pk)
    require(request.user, services.MANAGE, plan.issuer_unit)
    document = plan.current_version.data if plan.current_version else {}
    forms = ReviewForms(request.POST or None, document=document)
    note = request.POST.get("note", "").strip()
    errors: list[str] = []
    if request.method == "POST" and forms.is_valid():
        try:
            version = services.plan_amend(plan=plan, data=forms.data(), actor=request.user, note=note)
        except ValidationError as exc:
            errors = _messages_from(exc)
        else:
            messages.success(request, _("Đã lưu phiên bản %(n)s của kế hoạch.") % {"n": version.number})
            return redirect("plans:detail", pk=plan.pk)
    return render(
        request, "plans/plan_amend.html", {"plan": plan, "forms": forms, "errors": errors, "note": note}
    )


@login_required
@require_POST
def plan_link_parent(request, pk: int):
    plan = _plan_or_404(request, pk)
    parent_id = _int_param(request.POST.get("parent"))
    parent = Plan.objects.filter(pk=parent_id).first() if parent_id else None
    if parent_id and parent is None:
        messages.error(request, _("Không có kế hoạch cấp trên đã chọn."))
        return redirect("plans:detail", pk=plan.pk)
    try:
        services.plan_link_parent(plan=plan, parent=parent, actor=request.user)
    except ValidationError as exc:
        for message in _messages_from(exc):
            messages.error(request, message)
    else:
        messages.success(request, _("Đã cập nhật kế hoạch cấp trên."))
    return redirect("plans:detail", pk=plan.pk)


@login_required
@require_GET
def cascade(request):
    years = selectors.plan_years(actor=request.user)
    year = _int_param(request.GET.get("nam")) or (years[0] if years else date.today().year)
    coverage, stats = selectors.unit_plan_coverage(actor=request.user, year=year)
    context = {
        "roots": selectors.cascade_tree(actor=request.user),
        "coverage": coverage,
        "stats": stats,
        "year": year,
        "years": years,
    }
    return render(request, "plans/cascade.html", context)


# --- legal documents ---------------------------------------------------------------------------


@login_required
@require_GET
def legal_list(request):
    query = request.GET.get("q", "").strip()
    documents = selectors.legal_document_list(actor=request.user, query=query)
    return render(request, "plans/legal_list.html", {"documents": documents, "query": query})


@login_required
@require_GET
def legal_detail(request, pk: int):
    try:
        document = selectors.legal_document_detail(actor=request.user, pk=pk)
    except LegalDocument.DoesNotExist:
        raise Http404(_("Không có văn bản này trong danh mục.")) from None
    context = {
        "document": document,
        "citations": selectors.citing_plans(actor=request.user, document=document),
        "as_plan": selectors.plan_for_number(document.number_key),
    }
    return render(request, "plans/legal_detail.html", context)


# --- import ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request):
    require(request.user, services.IMPORT)
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            items = services.import_create(
                files=form.cleaned_data["files"], actor=request.user, unit=form.cleaned_data.get("unit")
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã nhận %(n)s tệp; hệ thống đang phân tích.") % {"n": len(items)})
            if len(items) == 1:
                return redirect("plans:import_item", pk=items[0].pk)
            return redirect("plans:import_list")
    return render(request, "plans/import_upload.html", {"form": form})


@login_required
@require_GET
def import_list(request):
    items = selectors.import_items(actor=request.user)[:200]
    return render(request, "plans/import_list.html", {"items": items})


@login_required
@require_http_methods(["GET", "POST"])
def import_item(request, pk: int):
    """While parsing: a progress bar. Then: the review screen (source beside the editable structure)."""
    item = _item_or_404(request, pk)
    if item.in_progress:
        return render(request, "plans/import_progress.html", {"item": item, "status_url": _status_url(item)})
    if item.status != ItemStatus.REVIEW:
        return render(request, "plans/import_result.html", {"item": item})
    can_manage = selectors.can_manage(request.user, item.batch.unit)
    forms = ReviewForms(request.POST or None, document=item.parsed or {})
    errors: list[str] = []
    if request.method == "POST":
        require(request.user, services.MANAGE, item.batch.unit)
        if forms.is_valid():
            try:
                services.import_update_review(item=item, data=forms.data(), actor=request.user)
                if "confirm" in request.POST:
                    plan = services.import_confirm(item=item, actor=request.user)
                    messages.success(request, _("Đã lưu kế hoạch: %(plan)s.") % {"plan": plan})
                    return redirect("plans:detail", pk=plan.pk)
            except ValidationError as exc:
                errors = _messages_from(exc)
            else:
                messages.success(request, _("Đã lưu các chỉnh sửa."))
                return redirect("plans:import_item", pk=item.pk)
    context = {"item": item, "forms": forms, "errors": errors, "can_manage": can_manage}
    return render(request, "plans/import_review.html", context)


@login_required
@require_POST
def import_discard(request, pk: int):
    item = _item_or_404(request, pk)
    try:
        services.import_discard(item=item, actor=request.user)
    except ValidationError as exc:
        for message in _messages_from(exc):
            messages.error(request, message)
        return redirect("plans:import_item", pk=item.pk)
    messages.success(request, _("Đã hủy văn bản nhập %(name)s.") % {"name": item.original_name})
    return redirect("plans:import_list")


def _status_url(item: ImportItem) -> str:
    return reverse("plans:import_status", args=[item.pk])


@login_required
@require_GET
def import_status(request, pk: int):
    item = _item_or_404(request, pk)
    job = item.job
    return JsonResponse(
        {
            "status": item.status,
            "status_label": item.get_status_display(),
            "progress": 100 if not item.in_progress else (job.progress if job else 0),
            "message": (job.message if job and item.in_progress else item.message),
            "done": not item.in_progress,
            "url": reverse("plans:import_item", args=[item.pk]),
        }
    )


@login_required
@require_GET
def import_source(request, pk: int):
    item = _item_or_404(request, pk)
    try:
        handle = item.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404(_("Tệp đã tải lên không còn trên máy chủ.")) from None
    return FileResponse(handle, as_attachment=True, filename=item.original_name)
