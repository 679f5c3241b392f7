from django.urls import path

from cchc.plans import views, views_derive

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/tep-goc/", views.plan_download, name="download"),
    path("<int:pk>/sua-doi/", views.plan_amend, name="amend"),
    path("<int:pk>/cap-tren/", views.plan_link_parent, name="link_parent"),
    path("<int:pk>/xuat/", views_derive.plan_export, name="export"),
    path("<int:pk>/lap-ke-hoach-don-vi/", views_derive.plan_derive, name="derive"),
    path("<int:pk>/doi-chieu/", views_derive.plan_conformance, name="conformance"),
    path("nhap/<int:pk>/du-thao.docx", views_derive.draft_docx, name="draft_docx"),
    path("phan-cap/", views.cascade, name="cascade"),
    path("van-ban/", views.legal_list, name="legal_list"),
    path("van-ban/<int:pk>/", views.legal_detail, name="legal_detail"),
    path("nhap/", views.import_upload, name="import_upload"),
    path("nhap/danh-sach/", views.import_list, name="import_list"),
    path("nhap/<int:pk>/", views.import_item, name="import_item"),
    path("nhap/<int:pk>/trang-thai/", views.import_status, name="import_status"),
    path("nhap/<int:pk>/tep/", views.import_source, name="import_source"),
    path("nhap/<int:pk>/huy/", views.import_discard, name="import_discard"),
]
