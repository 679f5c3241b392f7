"""Thin views of the dashboard (thống kê): read the filters, call the selectors, shape the
charts, render."""

from __future__ import annotations

from html import escape
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, localize
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cchc.accounts.permissions import require
from cchc.core.periods import Period, periods_of_year
from cchc.orgs.models import Unit, UnitKind
from cchc.reports import dashboard_selectors as selectors
from cchc.tracking.models import ProgressStatus
from cchc.web import charts


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


# The two long tables (a row per unit; a cell per unit and period) are written here as plain
# string joins: for a province's hundred units the template engine spent most of the page's
# time on them, and a format_html call per cell most of what was left. Every value goes
# through `escape` (html.escape, as format_html does); `own_note` is already safe markup.


def _unit_rows_html(rows) -> str:
    link_text = escape(_("nhiệm vụ, minh chứng"))
    out = []
    for row in rows:
        name = escape(row.unit.name)
        if row.drill:
            heading = f'<a href="{escape(row.drill)}">{name}</a> '
        else:
            heading = f"{name} {row.own_note}"
        out.append(
            f'<tr data-unit="{row.unit.pk}"><th scope="row">{heading}<a class="row-link" '
            f'href="{escape(row.detail)}">{link_text}</a></th>'
            f'<td class="num">{escape(localize(row.assignments))}</td>'
            f'<td class="num">{escape(localize(row.reported))}</td>'
            f'<td class="num">{escape(localize(row.done))}</td>'
            f'<td class="num">{_percent(row.completion)}</td>'
            f'<td class="num">{_percent(row.average_percent)}</td>'
            f'<td class="num">{escape(localize(row.overdue))}</td></tr>'
        )
    return mark_safe("\n".join(out))  # noqa: S308 - every value escaped above


def _grid_rows_html(grid_rows) -> str:
    out = []
    cell_html: dict[tuple[str, str], str] = {}  # (state, label) → the cell without a date
    for unit, cells in grid_rows:
        parts = [f'<tr data-unit="{unit.pk}"><th scope="row">{escape(unit.name)}</th>']
        for state, label, on in cells:
            if on:
                parts.append(
                    f'<td class="state state--{escape(state)}">{escape(label)} '
                    f'<span class="muted">{escape(on.strftime("%d/%m"))}</span></td>'
                )
            else:
                key = (state, label)
                html = cell_html.get(key)
                if html is None:
                    html = cell_html[key] = f'<td class="state state--{escape(state)}">{escape(label)}</td>'
                parts.append(html)
        parts.append("</tr>")
        out.append("".join(parts))
    return mark_safe("\n".join(out))  # noqa: S308 - every value escaped above


def _overdue_rows_html(overdue) -> str:
    """The overdue table's rows, byte for byte what the template's loop wrote (its filters:
    date "d/m/Y", truncatechars 140, numbers localized), indentation included."""
    out = []
    for a in overdue:
        out.append(
            f'\n        <tr data-assignment="{a.pk}">'
            f"\n          <td>{escape(date_format(a.due_date, 'd/m/Y'))}</td>"
            f'\n          <td><a href="{escape(a.unit_url)}">{escape(a.unit.name)}</a></td>'
            f'\n          <th scope="row"><a href="{escape(a.detail_url)}">'
            f"{escape(Truncator(str(a.task.task)).chars(140))}</a></th>"
            f"\n          <td>{escape(str(a.get_status_display()))}</td>"
            f'\n          <td class="num">{escape(localize(a.percent))}%</td>'
            "\n        </tr>\n      "
        )
    return mark_safe("".join(out))  # noqa: S308 - every value escaped above


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
    # Reverse and encode once, fill in each row's id: the same URLs as
    # `index_url + _query(don_vi=pk, ky=…, cap=…)` and `reverse("dashboard:unit", …) + _query(ky=…)`.
    drill_query = _query(ky=period.code, cap=kind)[1:]
    detail_query = _query(ky=period.code)
    unit_url = _url_pattern("dashboard:unit")
    for row in unit_rows:
        row.own_note = own_note
        row.drill = "" if row.own else f"{index_url}?don_vi={row.unit.pk}&{drill_query}"
        row.detail = unit_url(row.unit.pk) + detail_query
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
    # The chart functions escape every text they write (see cchc.web.charts).
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
    for a in overdue:
        a.detail_url = detail_url(a.pk)
        a.unit_url = unit_url(a.unit_id) + detail_query
    all_years = sorted(set(years) | {period.year}, reverse=True)
    context = {
        "period": period,
        "period_choices": [(p.code, p.label) for y in all_years for p in periods_of_year(y)],
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
        "overdue_rows_html": _overdue_rows_html(overdue),
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
