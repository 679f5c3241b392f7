from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("tai-khoan/", include("cchc.accounts.urls")),
    path("nhat-ky/", include("cchc.audit.urls")),
    path("to-chuc/", include("cchc.orgs.urls")),
    path("ke-hoach/", include("cchc.plans.urls")),
    # Back office: carrying plans out, statutory reports, dashboards.
    path("nhiem-vu/", include("cchc.tracking.urls")),
    path("bao-cao/", include("cchc.reports.urls")),
    path("thong-ke/", include("cchc.reports.dashboard_urls")),
    # Back office side of the public page: editorial work and citizens' feedback handling.
    path("bien-tap/", include("cchc.portal.admin_urls")),
    path("xu-ly-phan-anh/", include("cchc.feedback.admin_urls")),
    # The public CCHC information page: its own views, no sign-in.
    path("cong-thong-tin/phan-anh/", include("cchc.feedback.urls")),
    path("cong-thong-tin/tim-kiem/", include("cchc.search.urls")),
    path("cong-thong-tin/", include("cchc.portal.urls")),
    path("api/", include("cchc.api.urls")),
    path("", include("cchc.web.urls")),
]
