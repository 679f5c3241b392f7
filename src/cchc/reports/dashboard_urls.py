from django.urls import path

from cchc.reports import dashboard_views as views

app_name = "dashboard"

urlpatterns = [
    path("", views.index, name="index"),
    path("don-vi/<int:pk>/", views.unit_detail, name="unit"),
]
