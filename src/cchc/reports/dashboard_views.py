"""Thin views of the dashboard (thống kê): read the filters, call the selectors, shape the
charts, render."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cchc.accounts.permissions import require
from cchc.core.periods import Period, periods_of_year
from cchc.orgs.models import Unit, UnitKind
from cchc.reports import dashboard_charts as charts
from cchc.reports import dashboard_selectors as selectors
from cchc.tracking.models import ProgressStatus


def _int_param(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _period_param(value: str | None, years: list[int], today) -> Period:
    if value:
        try:
            return Period.parse(value)
        except ValueError:
            pass
    return selectors.default_period(years, today)


def _percent(value: float) -> str:
    return f"{value:.0f}%"


def _url_pattern(name: str):
    marker = 987654321
    template = reverse(name, args=[marker])
    return lambda pk: template.replace(str(marker), str(pk))


def _query(**params) -> str:
    return "?" + urlencode({k: v for k, v in params.items() if v not in (None, "")})


# The two long tables (a row per unit; a cell per unit and period) are written here with
# format_html: for a province's hundred units the template engine spent most of the page's
# time on them. format_html escapes every value it is given.


def _unit_rows_html(rows) -> str:
    return format_html_join(
        "\n",
        '<tr data-unit="{}"><th scope="row">{}<a class="row-link" href="{}">{}</a></th>'
        '<td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td>'
        '<td class="num">{}</td><td class="num">{}</td></tr>',
        (
            (
                row.unit.pk,
                format_html('<a href="{}">{}</a> ', row.drill, row.unit.name)
                if row.drill
                else format_html("{} {}", row.unit.name, row.own_note),
                row.detail,
                _("nhiệm vụ, minh chứng"),
                localize(row.assignments),
                localize(row.reported),
                localize(row.done),
                _percent(row.completion),
                _percent(row.average_percent),
                localize(row.overdue),
            )
            for row in rows
        ),
    )


def _grid_rows_html(grid_rows) -> str:
    return format_html_join(
        "\n",
        '<tr data-unit="{}"><th scope="row">{}</th>{}</tr>',
        (
            (
                unit.pk,
                unit.name,
                format_html_join(
                    "",
                    '<td class="state state--{}">{}{}</td>',
                    (
                        (
                            state,
                            label,
                            format_html(' <span class="muted">{}</span>', on.strftime("%d/%m")) if on else "",
                        )
                        for state, label, on in cells
                    ),
                ),
            )
            for unit, cells in grid_rows
        ),
    )


def _readable_path(user, path):
    """The breadcrumb of the drilled-down unit, from the highest unit the user may read."""
    if getattr(user, "is_province_admin", False):
        return path
    for index, node in enumerate(path):
        if node.pk == user.unit_id:
            return path[index:]
    return path[-1:]


@login_required
@require_GET
def index(request):
    require(request.user, selectors.VIEW)
    today = timezone.localdate()
    years = selectors.plan_years()
    period = _period_param(request.GET.get("ky"), years, today)
    kind = request.GET.get("cap", "")
    kind = kind if kind in UnitKind.values else ""
    unit_id = _int_param(request.GET.get("don_vi"))
    tree = selectors.UnitTree.load()
    try:
        scope = selectors.scope_for(actor=request.user, tree=tree, unit_id=unit_id, kind=kind)
    except Unit.DoesNotExist:
        raise Http404(_("Không có cơ quan, đơn vị này.")) from None

    index_url = reverse("dashboard:index")
    unit_rows = selectors.completion_by_unit(scope, period, today)
    own_note = (
        format_html('<span class="muted">({})</span>', _("việc của đơn vị")) if len(unit_rows) > 1 else ""
    )
    for row in unit_rows:
        row.own_note = own_note
        row.drill = "" if row.own else index_url + _query(don_vi=row.unit.pk, ky=period.code, cap=kind)
        row.detail = reverse("dashboard:unit", args=[row.unit.pk]) + _query(ky=period.code)
    unit_chart = charts.hbar_chart(
        [
            (
                charts.short_label(row.unit.name)
                + (" – " + _("việc của đơn vị") if row.own and len(unit_rows) > 1 else ""),
                row.completion,
                f"{_percent(row.completion)} ({row.done}/{row.assignments})",
            )
            for row in unit_rows
        ]
    )
    task_rows, task_count = selectors.completion_by_task(scope, period, tree, today)
    task_chart = charts.hbar_chart(
        [
            (
                charts.short_label(f"{t.stt}. {t.text}" if t.stt else t.text, 60),
                t.completion,
                f"{_percent(t.completion)} ({t.done}/{t.assignments})",
            )
            for t in task_rows
        ]
    )
    series = selectors.deliverables_over_time(scope, period.year)
    deliverable_chart = charts.column_chart(
        [(p.code.split("-")[1], series.totals.get(p.code, 0)) for p in series.periods]
    )
    grid = selectors.submission_grid(scope, period.year, today)
    grid_periods = periods_of_year(period.year)
    state_labels = {
        selectors.ON_TIME: _("Đúng hạn"),
        selectors.LATE: _("Muộn"),
        selectors.MISSING: _("Chưa gửi"),
        selectors.PENDING: _("Chưa đến hạn"),
    }
    grid_chart = charts.grid_chart(
        [charts.short_label(r.unit.name, 40) for r in grid],
        [p.code.split("-")[1] for p in grid_periods],
        [[(state, f"{p.code}: {state_labels[state]}") for p, state, _on in r.cells] for r in grid],
    )
    bars_desc = _("Biểu đồ thanh ngang; số liệu chi tiết ở bảng bên cạnh.")
    # The chart functions escape every text they write (see dashboard_charts).
    svgs = {
        "units_svg": charts.hbar_svg(
            unit_chart, chart_id="chart-units", title=_("Tỷ lệ hoàn thành theo đơn vị"), desc=bars_desc
        ),
        "tasks_svg": charts.hbar_svg(
            task_chart, chart_id="chart-tasks", title=_("Tỷ lệ hoàn thành theo nhiệm vụ"), desc=bars_desc
        ),
        "deliverables_svg": charts.columns_svg(
            deliverable_chart,
            chart_id="chart-deliverables",
            title=_("Sản phẩm lũy kế theo quý"),
            desc=_("Biểu đồ cột; số liệu theo loại sản phẩm ở bảng bên cạnh."),
        ),
        "grid_svg": charts.grid_svg(
            grid_chart,
            chart_id="chart-grid",
            title=_("Lưới gửi báo cáo theo đơn vị và kỳ"),
            desc=_("Mỗi ô là báo cáo của một đơn vị trong một kỳ; trạng thái ghi ở bảng bên dưới."),
        ),
    }
    grid_rows = [
        (row.unit, [(state, state_labels[state], on) for _p, state, on in row.cells]) for row in grid
    ]
    overdue = selectors.overdue_assignments(scope, today)
    # Reversing two URLs per row costs more than the rest of the row: reverse once, fill in.
    detail_url = _url_pattern("tracking:assignment_detail")
    unit_url = _url_pattern("dashboard:unit")
    for a in overdue:
        a.detail_url = detail_url(a.pk)
        a.unit_url = unit_url(a.unit_id) + _query(ky=period.code)
    all_years = sorted(set(years) | {period.year}, reverse=True)
    context = {
        "period": period,
        "period_choices": [(p.code, p.label_vi) for y in all_years for p in periods_of_year(y)],
        "kind": kind,
        "kind_choices": selectors.kinds_in(tree, scope),
        "scope": scope,
        "path": _readable_path(request.user, scope.path),
        "unit_id": scope.root.pk if scope.root else None,
        "child_choices": [node for node in scope.rows if node.pk != scope.own_row],
        "unit_rows": unit_rows,
        "totals": selectors.totals(unit_rows),
        "unit_chart": unit_chart,
        "task_rows": task_rows,
        "task_count": task_count,
        "task_chart": task_chart,
        "series": series,
        "deliverable_chart": deliverable_chart,
        "grid": grid,
        "grid_periods": grid_periods,
        "grid_chart": grid_chart,
        "state_labels": state_labels,
        "grid_rows_html": _grid_rows_html(grid_rows),
        "unit_rows_html": _unit_rows_html(unit_rows),
        "overdue": overdue,
        **{name: mark_safe(svg) for name, svg in svgs.items()},  # noqa: S308 - escaped when built
        "overdue_limit": selectors.OVERDUE_LIMIT,
        "today": today,
        "index_url": index_url,
    }
    return render(request, "dashboard/index.html", context)


@login_required
@require_GET
def unit_detail(request, pk: int):
    try:
        unit = selectors.unit_for_drilldown(actor=request.user, pk=pk)
    except Unit.DoesNotExist:
        raise Http404(_("Không có cơ quan, đơn vị này.")) from None
    today = timezone.localdate()
    period = _period_param(request.GET.get("ky"), selectors.plan_years(), today)
    assignments = selectors.unit_assignments(actor=request.user, unit=unit, period=period)
    page = Paginator(assignments, selectors.ASSIGNMENT_PAGE).get_page(request.GET.get("trang"))
    context = {
        "unit": unit,
        "period": period,
        "page": page,
        "today": today,
        "statuses": ProgressStatus.choices,
        "back": reverse("dashboard:index") + _query(don_vi=unit.pk, ky=period.code),
    }
    return render(request, "dashboard/unit.html", context)
