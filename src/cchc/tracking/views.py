"""Thin views: parse the request, call a selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cchc.accounts.permissions import has_perm, require
from cchc.core.periods import Period
from cchc.plans.models import Plan
from cchc.tracking import selectors, services
from cchc.tracking.forms import ProgressForm, default_period, period_select_choices
from cchc.tracking.models import Assignment, Evidence, ProgressStatus
from cchc.web.forms import attach_service_errors

PAGE_SIZE = 100


def _int_param(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _assignment_or_404(request, pk: int) -> Assignment:
    try:
        return selectors.assignment_detail(actor=request.user, pk=pk)
    except Assignment.DoesNotExist:
        raise Http404(_("Không có nhiệm vụ được giao này.")) from None


def _plan_or_404(pk: int) -> Plan:
    try:
        return Plan.objects.select_related("issuer_unit").get(pk=pk)
    except Plan.DoesNotExist:
        raise Http404(_("Không có kế hoạch này.")) from None


@login_required
@require_GET
def my_tasks(request):
    """ "Nhiệm vụ của tôi": the own unit's work (a leader's subtree, everything for the admin)."""
    today = timezone.localdate()
    plan_id = _int_param(request.GET.get("ke_hoach"))
    status = request.GET.get("trang_thai", "")
    if status not in (*ProgressStatus.values, "overdue"):
        status = ""
    period = request.GET.get("ky", "")
    try:
        period = Period.parse(period).code if period else ""
    except ValueError:
        period = ""
    paginator = Paginator(
        selectors.assignment_list(
            actor=request.user, plan_id=plan_id, status=status, period=period, today=today
        ),
        PAGE_SIZE,
    )
    page = paginator.get_page(request.GET.get("trang"))
    rows = []
    for a in page.object_list:
        entries = getattr(a, "period_entries", None)
        rows.append(
            {
                "a": a,
                "overdue": selectors.is_overdue(a, today),
                "period_entry": entries[0] if entries else None,
                "can_record": a.active and has_perm(request.user, "unit.act", a.unit),
            }
        )
    query = request.GET.copy()
    query.pop("trang", None)
    context = {
        "rows": rows,
        "page": page,
        "query": query.urlencode(),
        "plans": selectors.assignment_plans(actor=request.user),
        "plan_id": plan_id,
        "status": status,
        "statuses": ProgressStatus.choices,
        "period": period,
        "periods": period_select_choices(None),
        "today": today,
        "has_unit": bool(request.user.unit_id) or request.user.is_province_admin,
    }
    return render(request, "tracking/my_tasks.html", context)


@login_required
@require_GET
def assignment_detail(request, pk: int):
    assignment = _assignment_or_404(request, pk)
    context = {
        "a": assignment,
        "entries": selectors.assignment_entries(actor=request.user, assignment=assignment),
        "overdue": selectors.is_overdue(assignment),
        "can_record": selectors.can_record(request.user, assignment),
    }
    return render(request, "tracking/assignment_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def progress_edit(request, pk: int):
    assignment = _assignment_or_404(request, pk)
    require(request.user, services.ACT, assignment.unit)
    year = assignment.plan.plan_year
    if request.method == "POST":
        form = ProgressForm(request.POST, request.FILES, year=year)
        if form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    entry = services.progress_record(
                        assignment=assignment,
                        period=data["period"],
                        status=data["status"],
                        percent=data["percent"],
                        reason=data["reason"],
                        note=data["note"],
                        deliverables=form.deliverables(),
                        actor=request.user,
                    )
                    if data.get("evidence_file"):
                        services.evidence_add(
                            entry=entry,
                            upload=data["evidence_file"],
                            title=data["evidence_title"],
                            actor=request.user,
                        )
                    if data.get("evidence_url"):
                        services.evidence_add(
                            entry=entry,
                            url=data["evidence_url"],
                            title=data["evidence_title"],
                            actor=request.user,
                        )
            except ValidationError as error:
                attach_service_errors(form, error)
            else:
                messages.success(request, _("Đã lưu tiến độ kỳ %(period)s.") % {"period": entry.period})
                return redirect("tracking:assignment_detail", pk=assignment.pk)
    else:
        period = request.GET.get("ky") or default_period()
        existing = assignment.entries.filter(period=period).prefetch_related("deliverables").first()
        initial = {"period": period, "status": assignment.status, "percent": assignment.percent}
        if existing:
            initial.update(
                status=existing.status, percent=existing.percent, reason=existing.reason, note=existing.note
            )
            for d in existing.deliverables.all():
                initial[f"qty_{d.kind}"] = d.quantity
                initial[f"people_{d.kind}"] = d.participants
        form = ProgressForm(initial=initial, year=year)
    return render(request, "tracking/progress_form.html", {"a": assignment, "form": form})


def evidence_response(evidence: Evidence):
    """The evidence as a download (its stored file), or a redirect to it when it is a link; for
    the page and the API alike."""
    if not evidence.file:
        return redirect(evidence.url)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("Tệp minh chứng không còn trên máy chủ.")) from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name or None,
        content_type=evidence.content_type or "application/octet-stream",
    )


@login_required
@require_GET
def evidence_download(request, pk: int):
    try:
        evidence = selectors.evidence_for_download(actor=request.user, pk=pk)
    except Evidence.DoesNotExist:
        raise Http404(_("Không có minh chứng này.")) from None
    return evidence_response(evidence)


@login_required
@require_POST
def evidence_delete(request, pk: int):
    try:
        evidence = selectors.evidence_for_download(actor=request.user, pk=pk)
    except Evidence.DoesNotExist:
        raise Http404(_("Không có minh chứng này.")) from None
    assignment_id = evidence.entry.assignment_id
    services.evidence_delete(evidence=evidence, actor=request.user)
    messages.success(request, _("Đã xóa minh chứng."))
    return redirect("tracking:assignment_detail", pk=assignment_id)


@login_required
@require_GET
def plan_progress(request, pk: int):
    plan = _plan_or_404(pk)
    progress = selectors.plan_progress(actor=request.user, plan=plan)
    context = {
        "plan": plan,
        "progress": progress,
        "can_generate": has_perm(request.user, services.GENERATE, plan.issuer_unit),
    }
    return render(request, "tracking/plan_progress.html", context)


@login_required
@require_POST
def generate(request, pk: int):
    plan = _plan_or_404(pk)
    result = services.assignments_generate(plan=plan, actor=request.user)
    messages.success(
        request,
        _("Đã giao nhiệm vụ: %(c)s mới, %(u)s cập nhật, %(r)s bỏ, %(d)s ngừng theo dõi.")
        % {"c": result.created, "u": result.updated, "r": result.removed, "d": result.deactivated},
    )
    if result.unresolved:
        messages.warning(
            request,
            _("Chưa xác định được đơn vị cho: %(list)s") % {"list": "; ".join(result.unresolved[:10])},
        )
    return redirect("tracking:plan_progress", pk=plan.pk)


@login_required
@require_GET
def notifications(request):
    items = list(selectors.notification_list(actor=request.user)[:200])
    return render(request, "tracking/notifications.html", {"items": items})


@login_required
@require_POST
def notifications_read(request):
    pk = _int_param(request.POST.get("id"))
    services.notifications_mark_read(actor=request.user, pk=pk)
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("tracking:notifications")
