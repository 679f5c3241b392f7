"""The public CCHC page's own content: news (with versions), which plans are public, and the
PAR Index / SIPAS results per unit and year.

Other apps read these names (cchc.search indexes ``News``): ``title``, ``summary``, ``body``
(sanitized HTML, safe to render), ``category``, ``status``, ``published_at``,
``is_published`` (published *and* its time has come) and ``get_absolute_url()``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """Contests and announcements are categories of news: same workflow, same feed."""

    NEWS = "tin-hoat-dong", _("Tin hoạt động")
    ANNOUNCEMENT = "thong-bao", _("Thông báo")
    CONTEST = "cuoc-thi", _("Cuộc thi")
    GUIDE = "hoi-dap", _("Hỏi đáp, hướng dẫn")


class NewsStatus(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    REVIEW = "review", _("Chờ duyệt")
    PUBLISHED = "published", _("Đã xuất bản")


class PublishedNews(models.QuerySet):
    def visible(self, now=None):
        """What a citizen may see now: published, and its publishing time has come."""
        return self.filter(status=NewsStatus.PUBLISHED, published_at__lte=now or timezone.now())


class News(models.Model):
    title = models.CharField(_("tiêu đề"), max_length=300)
    category = models.CharField(
        _("chuyên mục"), max_length=20, choices=Category.choices, default=Category.NEWS, db_index=True
    )
    summary = models.TextField(_("tóm tắt"), max_length=1000, blank=True)
    body = models.TextField(_("nội dung (HTML đã lọc)"), blank=True)
    image = models.ImageField(_("ảnh minh họa"), upload_to="portal/news/%Y/", blank=True)
    thumbnail = models.ImageField(_("ảnh thu nhỏ"), upload_to="portal/news/%Y/thumbs/", blank=True)
    image_alt = models.CharField(_("mô tả ảnh (cho người khiếm thị)"), max_length=300, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=NewsStatus.choices, default=NewsStatus.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(_("thời điểm đăng"), null=True, blank=True, db_index=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người viết"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="portal_news",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người duyệt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="portal_news_approved",
    )
    review_note = models.TextField(_("ý kiến người duyệt"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = PublishedNews.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("tin bài")
        verbose_name_plural = _("tin bài")
        indexes = [models.Index(fields=["status", "published_at"], name="portal_news_public")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("portal:news_detail", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return (
            self.status == NewsStatus.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_scheduled(self) -> bool:
        return self.status == NewsStatus.PUBLISHED and not self.is_published


class NewsVersion(models.Model):
    """A snapshot of a news item after each change; nothing here is ever edited."""

    news = models.ForeignKey(
        News, verbose_name=_("tin bài"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("phiên bản số"))
    title = models.CharField(_("tiêu đề"), max_length=300)
    category = models.CharField(_("chuyên mục"), max_length=20, choices=Category.choices)
    summary = models.TextField(_("tóm tắt"), blank=True)
    body = models.TextField(_("nội dung (HTML đã lọc)"), blank=True)
    status = models.CharField(_("trạng thái"), max_length=16, choices=NewsStatus.choices)
    action = models.CharField(_("thao tác"), max_length=60)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        ordering = ["news", "-number"]
        verbose_name = _("phiên bản tin bài")
        verbose_name_plural = _("phiên bản tin bài")
        constraints = [models.UniqueConstraint(fields=["news", "number"], name="portal_newsversion_unique")]

    def __str__(self) -> str:
        return f"{self.news} – phiên bản {self.number}"


class PublishedPlan(models.Model):
    """A plan shown on the public page. The plans app stays untouched: a plan without a row
    here is not public."""

    plan = models.OneToOneField(
        "plans.Plan", verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="publication"
    )
    allow_download = models.BooleanField(
        _("cho tải tệp gốc"),
        default=False,
        help_text=_("Người dân tải được văn bản gốc của kế hoạch."),
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người công khai"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("công khai lúc"), default=timezone.now)

    class Meta:
        ordering = ["-published_at"]
        verbose_name = _("kế hoạch công khai")
        verbose_name_plural = _("kế hoạch công khai")

    def __str__(self) -> str:
        return str(self.plan)


class IndexKind(models.TextChoices):
    PAR = "par", _("Chỉ số CCHC (PAR Index)")
    SIPAS = "sipas", _("Chỉ số hài lòng (SIPAS)")


class IndexResult(models.Model):
    """One unit's score in one index for one year, as announced (percent, 0–100)."""

    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("cơ quan, đơn vị"), on_delete=models.PROTECT, related_name="index_results"
    )
    year = models.PositiveSmallIntegerField(
        _("năm"), validators=[MinValueValidator(2000), MaxValueValidator(2100)], db_index=True
    )
    kind = models.CharField(_("chỉ số"), max_length=8, choices=IndexKind.choices)
    score = models.DecimalField(
        _("điểm (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    rank = models.PositiveSmallIntegerField(_("xếp hạng"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        ordering = ["-year", "kind", "rank", "-score"]
        verbose_name = _("kết quả chỉ số")
        verbose_name_plural = _("kết quả chỉ số")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "kind"], name="portal_indexresult_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year} – {self.unit}: {self.score}"
