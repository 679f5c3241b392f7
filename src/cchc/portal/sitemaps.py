"""sitemap.xml of the public page: its fixed pages, published news, public plans and the
documents they cite. Nothing unpublished is listed."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from cchc.plans.models import Plan
from cchc.portal import selectors


class PagesSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return ["portal:home", "portal:news_list", "portal:plan_list", "portal:legal_list", "portal:results"]

    def location(self, item):
        return reverse(item)


class NewsSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return selectors.visible_news().only("id", "updated_at", "published_at")

    def lastmod(self, item):
        return item.updated_at


class PlanSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Plan.objects.filter(publication__isnull=False).only("id", "updated_at").order_by("pk")

    def location(self, item):
        return reverse("portal:plan_detail", args=[item.pk])

    def lastmod(self, item):
        return item.updated_at


class LegalSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.3

    def items(self):
        return selectors.public_legal_documents()

    def location(self, item):
        return reverse("portal:legal_detail", args=[item.pk])


SITEMAPS = {"trang": PagesSitemap, "tin-tuc": NewsSitemap, "ke-hoach": PlanSitemap, "van-ban": LegalSitemap}
