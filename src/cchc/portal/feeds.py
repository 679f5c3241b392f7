"""RSS 2.0 and Atom feeds of published news (django.contrib.syndication)."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from cchc.portal.sanitize import plain_text
from cchc.portal.selectors import visible_news

FEED_SIZE = 30


class LatestNewsFeed(Feed):
    title = _("Cải cách hành chính tỉnh Hưng Yên – Tin mới")
    link = reverse_lazy("portal:news_list")
    description = _("Tin, thông báo và cuộc thi về cải cách hành chính của tỉnh Hưng Yên.")
    language = "vi"

    def items(self):
        return visible_news()[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or plain_text(item.body)[:400]

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.get_category_display()]


class LatestNewsAtomFeed(LatestNewsFeed):
    feed_type = Atom1Feed
    subtitle = LatestNewsFeed.description
