"""The public CCHC page: no sign-in, its own templates (portal/base.html), only what is
published. Thin views: selectors decide what is visible."""

from __future__ import annotations

from django.core.cache import cache as django_cache
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cchc.plans.models import LegalDocument, Plan
from cchc.portal import cache, selectors
from cchc.portal.charts import Bar, bar_chart_svg
from cchc.portal.models import Category, News

NEWS_PER_PAGE = 12
IMAGE_SIZES = {"lon": "image", "nho": "thumbnail"}


def _int_param(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@require_GET
def home(request):
    """Served from the cache: the same HTML for every visitor (see cchc.portal.cache)."""
    key = cache.home_key(get_language() or "vi")
    html = django_cache.get(key)
    if html is None:
        data = selectors.home_data()
        html = render_to_string("portal/home.html", data, request=request)
        django_cache.set(key, html, cache.timeout_until(data["next_scheduled"]))
    return HttpResponse(html)


@require_GET
def news_list(request):
    category = request.GET.get("chuyen-muc") or None
    if category not in Category.values:
        category = None
    page = Paginator(selectors.news_list_page(category=category), NEWS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "news_items": page.object_list,
        "categories": Category.choices,
        "category": category,
        "category_label": Category(category).label if category else None,
        "filter_query": f"chuyen-muc={category}" if category else "",
    }
    return render(request, "portal/news_list.html", context)


@require_GET
def news_detail(request, pk: int):
    try:
        news = selectors.visible_news_detail(pk)
    except News.DoesNotExist:
        raise Http404(_("Không có tin bài này.")) from None
    return render(request, "portal/news_detail.html", {"news": news, "related": selectors.related_news(news)})


def serve_news_image(news: News, size: str):
    field = IMAGE_SIZES.get(size)
    if field is None:
        raise Http404(_("Không có kích thước ảnh này."))
    image = getattr(news, field)
    if not image:
        raise Http404(_("Tin bài này không có ảnh."))
    try:
        handle = image.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404(_("Ảnh không còn trên máy chủ.")) from None
    return FileResponse(handle, content_type="image/jpeg")


@require_GET
def news_image(request, pk: int, size: str):
    try:
        news = selectors.visible_news_detail(pk)
    except News.DoesNotExist:
        raise Http404(_("Không có tin bài này.")) from None
    response = serve_news_image(news, size)
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_GET
def plan_list(request):
    year = _int_param(request.GET.get("nam"))
    context = {
        "plans": selectors.public_plans(year=year).order_by("-plan_year", "-issue_date", "-id"),
        "years": selectors.public_plan_years(),
        "year": year,
    }
    return render(request, "portal/plan_list.html", context)


def _public_plan_or_404(pk: int) -> Plan:
    try:
        return selectors.public_plan_detail(pk)
    except Plan.DoesNotExist:
        raise Http404(_("Không có kế hoạch công khai này.")) from None


@require_GET
def plan_detail(request, pk: int):
    plan = _public_plan_or_404(pk)
    context = {"plan": plan, "version": selectors.public_plan_version(plan)}
    return render(request, "portal/plan_detail.html", context)


@require_GET
def plan_download(request, pk: int):
    plan = _public_plan_or_404(pk)
    if not plan.publication.allow_download:
        raise Http404(_("Văn bản gốc của kế hoạch này không được công khai để tải."))
    try:
        handle = plan.source_file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404(_("Tệp gốc của kế hoạch này không còn trên máy chủ.")) from None
    return FileResponse(handle, as_attachment=True, filename=plan.original_name or None)


@require_GET
def legal_list(request):
    query = request.GET.get("q", "").strip()
    context = {"documents": selectors.public_legal_documents(query=query), "query": query}
    return render(request, "portal/legal_list.html", context)


@require_GET
def legal_detail(request, pk: int):
    try:
        document = selectors.public_legal_detail(pk)
    except LegalDocument.DoesNotExist:
        raise Http404(_("Không có văn bản này.")) from None
    context = {"document": document, "citations": selectors.citing_public_plans(document)}
    return render(request, "portal/legal_detail.html", context)


@require_GET
def results(request):
    overview = selectors.results_overview(_int_param(request.GET.get("nam")))
    for table in overview["tables"]:
        table["chart"] = bar_chart_svg(
            [Bar(r.unit.name, r.score) for r in table["results"]],
            title=f"{table['label']} {overview['year']}",
            description=_("Điểm của từng cơ quan, đơn vị (%); số liệu chi tiết ở bảng bên cạnh."),
            id_prefix=f"chart-{table['kind']}",
        )
    return render(request, "portal/results.html", overview)
