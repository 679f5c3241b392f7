"""The search index: one row per searchable thing (a news item, a plan, a legal document, a
published answer to a citizen's feedback), holding its text as shown and as folded words.

The rows are kept current by signals (see cchc.search.index) and rebuilt by
`cchc search --reindex`. On SQLite an FTS5 table mirrors the folded columns through triggers;
on PostgreSQL a GIN expression index over to_tsvector('simple', …) serves the same queries.
Both are created by this app's migration, each only on its own database.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    NEWS = "news", _("Tin tức")
    PLAN = "plan", _("Kế hoạch")
    DOCUMENT = "document", _("Văn bản pháp lý")
    ANSWER = "answer", _("Trả lời phản ánh, kiến nghị")


class SearchDocument(models.Model):
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices, db_index=True)
    object_id = models.PositiveBigIntegerField(_("mã đối tượng"))
    title = models.TextField(_("tiêu đề"))
    body = models.TextField(_("nội dung"), blank=True)
    title_folded = models.TextField(_("tiêu đề (không dấu)"))
    body_folded = models.TextField(_("nội dung (không dấu)"), blank=True)
    date = models.DateField(_("ngày"), null=True, blank=True)
    # A news item scheduled for later is indexed when saved and found from this moment on.
    visible_from = models.DateTimeField(_("hiện từ lúc"), null=True, blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("mục chỉ mục tìm kiếm")
        verbose_name_plural = _("chỉ mục tìm kiếm")
        ordering = ["kind", "object_id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_unique_object")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title[:80]}"
