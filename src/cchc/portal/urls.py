"""The public page at /cong-thong-tin/: anyone may read, nobody signs in."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from cchc.portal import views
from cchc.portal.feeds import LatestNewsAtomFeed, LatestNewsFeed
from cchc.portal.sitemaps import SITEMAPS

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("tin-tuc/", views.news_list, name="news_list"),
    path("tin-tuc/<int:pk>/", views.news_detail, name="news_detail"),
    path("tin-tuc/<int:pk>/anh-<str:size>.jpg", views.news_image, name="news_image"),
    path("ke-hoach/", views.plan_list, name="plan_list"),
    path("ke-hoach/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("ke-hoach/<int:pk>/tep-goc/", views.plan_download, name="plan_download"),
    path("van-ban/", views.legal_list, name="legal_list"),
    path("van-ban/<int:pk>/", views.legal_detail, name="legal_detail"),
    path("ket-qua-chi-so/", views.results, name="results"),
    path("rss.xml", LatestNewsFeed(), name="feed_rss"),
    path("atom.xml", LatestNewsAtomFeed(), name="feed_atom"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
]
