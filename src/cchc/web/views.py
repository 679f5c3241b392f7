from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from cchc.web import selectors


@login_required
def home(request):
    return render(request, "web/home.html", {"dashboard": selectors.dashboard(actor=request.user)})


@login_required
def search(request):
    query = request.GET.get("q", "").strip()
    results = selectors.search(actor=request.user, query=query) if query else None
    return render(request, "web/search.html", {"query": query, "results": results})
