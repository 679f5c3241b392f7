"""The editorial back office at /bien-tap/: editors write, the province administrator approves.
Pages extend web/base.html like the rest of the back office."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cchc.accounts.permissions import has_perm, require
from cchc.orgs.models import Unit
from cchc.plans.models import Plan
from cchc.portal import selectors, services
from cchc.portal.forms import (
    NewsForm,
    PlanPublishForm,
    PublishForm,
    ResultForm,
    ResultsImportForm,
    ReturnForm,
)
from cchc.portal.models import IndexResult, News, NewsStatus, NewsVersion
from cchc.portal.results_io import TEMPLATE_HEADER
from cchc.portal.views import serve_news_image
from cchc.web.forms import attach_service_errors

EDIT = services.EDIT
PUBLISH = services.PUBLISH


def _news_or_404(request, pk: int) -> News:
    try:
        return selectors.backoffice_news_detail(actor=request.user, pk=pk)
    except News.DoesNotExist:
        raise Http404(_("Không có tin bài này.")) from None


def _flash_errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
@require_GET
def home(request):
    status = request.GET.get("trang-thai") or None
    if status not in NewsStatus.values:
        status = None
    context = {
        "news_items": selectors.backoffice_news(actor=request.user, status=status)[:200],
        "counts": selectors.backoffice_counts(actor=request.user),
        "statuses": NewsStatus.choices,
        "status": status,
        "can_publish": has_perm(request.user, PUBLISH),
    }
    return render(request, "portal_admin/home.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def news_create(request):
    require(request.user, EDIT)
    form = NewsForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            news = services.news_create(
                actor=request.user,
                title=data["title"],
                category=data["category"],
                summary=data["summary"],
                body=data["body"],
                image=data["image"] or None,
                image_alt=data["image_alt"],
            )
        except ValidationError as exc:
            attach_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu bản nháp."))
            return redirect("portal_admin:news_detail", pk=news.pk)
    return render(request, "portal_admin/news_form.html", {"form": form, "news": None})


@login_required
@require_http_methods(["GET", "POST"])
def news_edit(request, pk: int):
    news = _news_or_404(request, pk)
    initial = {n: getattr(news, n) for n in ("title", "category", "summary", "body", "image_alt")}
    form = NewsForm(request.POST or None, request.FILES or None, initial=initial, has_image=bool(news.image))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.news_update(
                actor=request.user,
                news=news,
                title=data["title"],
                category=data["category"],
                summary=data["summary"],
                body=data["body"],
                image_alt=data["image_alt"],
                image=data["image"] or None,
                remove_image=data.get("remove_image", False),
            )
        except ValidationError as exc:
            attach_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("portal_admin:news_detail", pk=news.pk)
    return render(request, "portal_admin/news_form.html", {"form": form, "news": news})


@login_required
@require_GET
def news_detail(request, pk: int):
    news = _news_or_404(request, pk)
    can_publish = has_perm(request.user, PUBLISH)
    context = {
        "news": news,
        "history": selectors.news_history(actor=request.user, news=news),
        "can_publish": can_publish,
        "can_edit": news.status == NewsStatus.DRAFT or can_publish,
        "publish_form": PublishForm(),
        "return_form": ReturnForm(),
    }
    return render(request, "portal_admin/news_detail.html", context)


@login_required
@require_GET
def news_version(request, pk: int, number: int):
    news = _news_or_404(request, pk)
    try:
        version = selectors.news_version(actor=request.user, news=news, number=number)
    except NewsVersion.DoesNotExist:
        raise Http404(_("Không có phiên bản này.")) from None
    return render(request, "portal_admin/news_version.html", {"news": news, "version": version})


@login_required
@require_GET
def news_image(request, pk: int, size: str):
    """The image of any item, published or not, for the editors' preview."""
    response = serve_news_image(_news_or_404(request, pk), size)
    response["Cache-Control"] = "private, no-cache"
    return response


@login_required
@require_POST
def news_submit(request, pk: int):
    news = _news_or_404(request, pk)
    try:
        services.news_submit(actor=request.user, news=news)
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(request, _("Đã gửi duyệt. Quản trị cấp tỉnh sẽ xem và xuất bản."))
    return redirect("portal_admin:news_detail", pk=news.pk)


@login_required
@require_POST
def news_publish(request, pk: int):
    require(request.user, PUBLISH)
    news = _news_or_404(request, pk)
    form = PublishForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("portal_admin:news_detail", pk=news.pk)
    try:
        news = services.news_publish(
            actor=request.user, news=news, published_at=form.cleaned_data["published_at"]
        )
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        if news.is_scheduled:
            messages.success(
                request,
                _("Đã duyệt; tin sẽ hiện trên trang công khai từ %(when)s.")
                % {"when": news.published_at.astimezone().strftime("%H:%M %d/%m/%Y")},
            )
        else:
            messages.success(request, _("Đã xuất bản trên trang công khai."))
    return redirect("portal_admin:news_detail", pk=news.pk)


@login_required
@require_POST
def news_return(request, pk: int):
    require(request.user, PUBLISH)
    news = _news_or_404(request, pk)
    try:
        services.news_return(actor=request.user, news=news, note=request.POST.get("note", ""))
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(request, _("Đã trả lại cho biên tập viên."))
    return redirect("portal_admin:news_detail", pk=news.pk)


@login_required
@require_POST
def news_unpublish(request, pk: int):
    require(request.user, PUBLISH)
    news = _news_or_404(request, pk)
    try:
        services.news_unpublish(actor=request.user, news=news, note=request.POST.get("note", ""))
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(request, _("Đã gỡ tin khỏi trang công khai; tin trở về bản nháp."))
    return redirect("portal_admin:news_detail", pk=news.pk)


# --- plans -------------------------------------------------------------------------------------


@login_required
@require_GET
def plans(request):
    context = {
        "plans": selectors.plans_for_publishing(actor=request.user),
        "can_publish": has_perm(request.user, PUBLISH),
    }
    return render(request, "portal_admin/plans.html", context)


def _plan_or_404(pk: int) -> Plan:
    try:
        return Plan.objects.get(pk=pk)
    except Plan.DoesNotExist:
        raise Http404(_("Không có kế hoạch này.")) from None


@login_required
@require_POST
def plan_publish(request, pk: int):
    require(request.user, PUBLISH)
    plan = _plan_or_404(pk)
    form = PlanPublishForm(request.POST)
    form.is_valid()
    services.plan_publish(
        actor=request.user, plan=plan, allow_download=form.cleaned_data.get("allow_download", False)
    )
    messages.success(request, _("Đã công khai kế hoạch “%(plan)s”.") % {"plan": plan})
    return redirect("portal_admin:plans")


@login_required
@require_POST
def plan_unpublish(request, pk: int):
    require(request.user, PUBLISH)
    plan = _plan_or_404(pk)
    services.plan_unpublish(actor=request.user, plan=plan)
    messages.success(request, _("Đã thôi công khai kế hoạch “%(plan)s”.") % {"plan": plan})
    return redirect("portal_admin:plans")


# --- PAR Index and SIPAS results ------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def results(request):
    require(request.user, PUBLISH)
    form = ResultForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.result_save(actor=request.user, **data)
        except ValidationError as exc:
            attach_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu kết quả."))
            return redirect("portal_admin:results")
    context = {
        "form": form,
        "import_form": ResultsImportForm(),
        "results": selectors.backoffice_results(actor=request.user)[:500],
    }
    return render(request, "portal_admin/results.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def results_import(request):
    require(request.user, PUBLISH)
    form = ResultsImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = services.results_import(actor=request.user, data=upload.read(), filename=upload.name)
        except ValidationError as exc:
            attach_service_errors(form, exc, "file")
        else:
            if not report.errors:
                messages.success(
                    request,
                    _("Đã nhập %(n)s dòng (%(c)s mới, %(u)s cập nhật).")
                    % {"n": report.saved, "c": report.created, "u": report.updated},
                )
                return redirect("portal_admin:results")
    return render(request, "portal_admin/results_import.html", {"form": form, "report": report})


@login_required
@require_GET
def results_template(request):
    require(request.user, PUBLISH)
    example = Unit.objects.order_by("name").values_list("name", flat=True).first() or "Sở Nội vụ"
    lines = [
        ",".join(TEMPLATE_HEADER),
        f'2024,"{example}",PAR INDEX,"87,50",1,',
        f'2024,"{example}",SIPAS,"85,10",,',
    ]
    response = HttpResponse("\ufeff" + "\r\n".join(lines) + "\r\n", content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="ket-qua-chi-so-mau.csv"'
    return response


@login_required
@require_POST
def result_delete(request, pk: int):
    require(request.user, PUBLISH)
    try:
        result = IndexResult.objects.get(pk=pk)
    except IndexResult.DoesNotExist:
        raise Http404(_("Không có kết quả này.")) from None
    services.result_delete(actor=request.user, result=result)
    messages.success(request, _("Đã xóa kết quả."))
    return redirect("portal_admin:results")
