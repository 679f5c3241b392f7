from django.urls import path

from cchc.orgs import views

app_name = "orgs"

urlpatterns = [
    path("", views.tree, name="tree"),
    path("don-vi/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("don-vi/them/", views.unit_create, name="unit_create"),
    path("don-vi/<int:pk>/sua/", views.unit_edit, name="unit_edit"),
    path("su-kien/them/", views.succession_create, name="succession_create"),
    path("xuat/", views.export, name="export"),
    path("nhap/", views.import_registry, name="import"),
]
