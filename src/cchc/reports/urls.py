from django.urls import path

from cchc.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("soan-moi/", views.report_create, name="create"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/soan/", views.report_edit, name="edit"),
    path("<int:pk>/cap-nhat-so-lieu/", views.report_refresh, name="refresh"),
    path("<int:pk>/gui/", views.report_submit, name="submit"),
    path("<int:pk>/tra-lai/", views.report_return, name="return"),
    path("<int:pk>/sua-doi/", views.report_amend, name="amend"),
    path("<int:pk>/xuat/", views.report_export, name="export"),
    path("tong-hop/", views.aggregate, name="aggregate"),
    path("tong-hop/xuat/", views.aggregate_export, name="aggregate_export"),
    path("minh-chung/", views.evidence, name="evidence"),
    path("minh-chung/xuat/", views.evidence_export, name="evidence_export"),
]
