"""The editorial back office at /bien-tap/ (editors and the province administrator)."""

from django.urls import path

from cchc.portal import admin_views as views

app_name = "portal_admin"

urlpatterns = [
    path("", views.home, name="home"),
    path("tin/moi/", views.news_create, name="news_create"),
    path("tin/<int:pk>/", views.news_detail, name="news_detail"),
    path("tin/<int:pk>/sua/", views.news_edit, name="news_edit"),
    path("tin/<int:pk>/phien-ban/<int:number>/", views.news_version, name="news_version"),
    path("tin/<int:pk>/anh-<str:size>.jpg", views.news_image, name="news_image"),
    path("tin/<int:pk>/gui-duyet/", views.news_submit, name="news_submit"),
    path("tin/<int:pk>/xuat-ban/", views.news_publish, name="news_publish"),
    path("tin/<int:pk>/tra-lai/", views.news_return, name="news_return"),
    path("tin/<int:pk>/go-xuong/", views.news_unpublish, name="news_unpublish"),
    path("ke-hoach/", views.plans, name="plans"),
    path("ke-hoach/<int:pk>/cong-khai/", views.plan_publish, name="plan_publish"),
    path("ke-hoach/<int:pk>/thoi-cong-khai/", views.plan_unpublish, name="plan_unpublish"),
    path("ket-qua/", views.results, name="results"),
    path("ket-qua/nhap/", views.results_import, name="results_import"),
    path("ket-qua/mau.csv", views.results_template, name="results_template"),
    path("ket-qua/<int:pk>/xoa/", views.result_delete, name="result_delete"),
]
