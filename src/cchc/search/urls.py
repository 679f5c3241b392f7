"""The public search page, under /cong-thong-tin/tim-kiem/ (no sign-in)."""

from django.urls import path

from cchc.search import views

app_name = "search"

urlpatterns = [path("", views.results, name="results")]
