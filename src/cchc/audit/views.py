from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from cchc.audit import selectors
from cchc.audit.forms import AuditFilterForm

PAGE_SIZE = 50


@login_required
def audit_list(request):
    object_types = selectors.audit_object_types(actor=request.user)
    form = AuditFilterForm(request.GET or None, object_types=object_types)
    filters = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "action_prefix": data["action"],
            "actor_username": data["actor"],
            "object_type": data["object_type"],
            "date_from": data["date_from"],
            "date_to": data["date_to"],
        }
    entries = selectors.audit_entries(actor=request.user, **filters)
    if form.is_bound and not form.is_valid():
        # A mistyped date must not silently widen the list to everything.
        entries = entries.none()
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    # Page links keep the filters but not the old page number.
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/audit_list.html",
        {"form": form, "page": page, "filter_query": query.urlencode(), "total": page.paginator.count},
    )
