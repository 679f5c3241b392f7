from django.contrib import admin

from cchc.portal.models import IndexResult, News, NewsVersion, PublishedPlan


@admin.register(News)
class NewsAdmin(admin.ModelAdmin):
    list_display = ("title", "category", "status", "published_at", "author")
    list_filter = ("status", "category")
    search_fields = ("title",)
    # Writes go through the editorial pages (services, audit): the admin only reads.
    readonly_fields = [f.name for f in News._meta.fields]


@admin.register(NewsVersion)
class NewsVersionAdmin(admin.ModelAdmin):
    list_display = ("news", "number", "action", "status", "created_by", "created_at")
    readonly_fields = [f.name for f in NewsVersion._meta.fields]


@admin.register(PublishedPlan)
class PublishedPlanAdmin(admin.ModelAdmin):
    list_display = ("plan", "allow_download", "published_by", "published_at")
    readonly_fields = [f.name for f in PublishedPlan._meta.fields]


@admin.register(IndexResult)
class IndexResultAdmin(admin.ModelAdmin):
    list_display = ("unit", "year", "kind", "score", "rank")
    list_filter = ("year", "kind")
    readonly_fields = [f.name for f in IndexResult._meta.fields]
