from datetime import date, datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cchc.accounts.permissions import has_perm, require
from cchc.orgs import selectors, services
from cchc.orgs.forms import ImportForm, SuccessionForm, UnitForm
from cchc.orgs.models import Unit
from cchc.web.forms import attach_service_errors


def _date_param(value: str | None) -> tuple[date, str]:
    """`?on=dd/mm/yyyy` (or yyyy-mm-dd); today and an error message when unreadable."""
    if not value:
        return date.today(), ""
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(value.strip(), fmt).date(), ""
        except ValueError:
            continue
    return date.today(), _('Ngày "%(value)s" không hợp lệ; hiển thị theo ngày hôm nay.') % {"value": value}


@login_required
def tree(request):
    on, error = _date_param(request.GET.get("on"))
    if error:
        messages.warning(request, error)
    query = request.GET.get("q", "").strip()
    context = {
        "on": on,
        "query": query,
        "roots": selectors.unit_tree(actor=request.user, on=on),
        "results": selectors.unit_search(actor=request.user, query=query) if query else None,
        "can_manage": has_perm(request.user, services.MANAGE),
    }
    return render(request, "orgs/tree.html", context)


@login_required
def unit_detail(request, pk: int):
    try:
        unit = selectors.unit_detail(actor=request.user, pk=pk)
    except Unit.DoesNotExist:
        raise Http404(_("Không có cơ quan, đơn vị này.")) from None
    context = {
        "unit": unit,
        "history": selectors.unit_history(unit=unit),
        "children": unit.children.order_by("name"),
        "can_manage": has_perm(request.user, services.MANAGE),
    }
    return render(request, "orgs/unit_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def unit_create(request):
    require(request.user, services.MANAGE)
    form = UnitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.unit_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            attach_service_errors(form, exc)
        else:
            messages.success(request, _("Đã thêm %(name)s.") % {"name": unit.name})
            return redirect("orgs:unit_detail", pk=unit.pk)
    return render(request, "orgs/unit_form.html", {"form": form, "unit": None})


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request, pk: int):
    require(request.user, services.MANAGE)
    unit = Unit.objects.filter(pk=pk).first()
    if unit is None:
        raise Http404(_("Không có cơ quan, đơn vị này."))
    form = UnitForm(request.POST or None, initial=UnitForm.initial_for(unit))
    form.fields["parent"].queryset = Unit.objects.exclude(pk=unit.pk).order_by("name")
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        aliases = data.pop("aliases")
        try:
            services.unit_update(actor=request.user, unit=unit, aliases=aliases, **data)
        except ValidationError as exc:
            attach_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("orgs:unit_detail", pk=unit.pk)
    return render(request, "orgs/unit_form.html", {"form": form, "unit": unit})


@login_required
@require_http_methods(["GET", "POST"])
def succession_create(request):
    require(request.user, services.MANAGE)
    initial = {}
    if request.GET.get("from", "").isdigit():
        initial["predecessors"] = Unit.objects.filter(pk=int(request.GET["from"]))
    form = SuccessionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            event = services.succession_record(
                actor=request.user,
                kind=data["kind"],
                effective_date=data["effective_date"],
                predecessors=data["predecessors"],
                successors=data["successors"],
                note=data["note"],
                verified=data["verified"],
                source_note=data["source_note"],
            )
        except ValidationError as exc:
            attach_service_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận sự kiện %(event)s.") % {"event": event})
            return redirect("orgs:unit_detail", pk=data["predecessors"][0].pk)
    return render(request, "orgs/succession_form.html", {"form": form})


@login_required
def export(request):
    require(request.user, "orgs.view")
    fmt = request.GET.get("format", "json")
    if fmt not in ("json", "csv"):
        return HttpResponse(
            _("Định dạng phải là json hoặc csv."), status=400, content_type="text/plain; charset=utf-8"
        )
    stamp = date.today().strftime("%Y%m%d")
    if fmt == "json":
        response = HttpResponse(services.registry_to_json(), content_type="application/json; charset=utf-8")
    else:
        # The byte-order mark lets Excel open the Vietnamese text as UTF-8.
        response = HttpResponse("\ufeff" + services.registry_to_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="danh-muc-to-chuc-{stamp}.{fmt}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def import_registry(request):
    require(request.user, services.MANAGE)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            data = services.parse_registry(upload.read(), filename=upload.name)
            report = services.registry_import(actor=request.user, data=data)
        except services.RegistryImportError as exc:
            form.add_error("file", str(exc))
        else:
            messages.success(request, report.summary())
            return redirect("orgs:tree")
    return render(request, "orgs/import.html", {"form": form})
