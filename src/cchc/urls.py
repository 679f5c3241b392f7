from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("tai-khoan/", include("cchc.accounts.urls")),
    path("nhat-ky/", include("cchc.audit.urls")),
    path("to-chuc/", include("cchc.orgs.urls")),
    path("ke-hoach/", include("cchc.plans.urls")),
    path("api/", include("cchc.api.urls")),
    path("", include("cchc.web.urls")),
]
