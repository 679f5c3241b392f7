"""Plans, their versions and content, the import queue that feeds them, and the registry
of legal documents they cite."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ItemStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    PARSING = "parsing", _("Đang phân tích")
    REVIEW = "review", _("Chờ rà soát")
    CONFIRMED = "confirmed", _("Đã xác nhận")
    FAILED = "failed", _("Lỗi")
    DUPLICATE = "duplicate", _("Trùng văn bản đã có")
    DISCARDED = "discarded", _("Đã hủy")


class ImportBatch(models.Model):
    """One upload (one or many files) by one person for one unit."""

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="plan_import_batches",
    )
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plan_import_batches",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("lượt nhập văn bản")
        verbose_name_plural = _("lượt nhập văn bản")

    def __str__(self) -> str:
        return f"#{self.pk} {self.created_at:%d/%m/%Y %H:%M}"


class ImportItem(models.Model):
    """One uploaded file on its way to becoming a plan: parsed, reviewed, then confirmed."""

    batch = models.ForeignKey(
        ImportBatch, verbose_name=_("lượt nhập"), on_delete=models.CASCADE, related_name="items"
    )
    file = models.FileField(_("tệp gốc"), upload_to="plans/imports/%Y/%m/")
    original_name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"), default=0)
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64, db_index=True)
    text_sha256 = models.CharField(_("mã băm nội dung chữ"), max_length=64, blank=True, db_index=True)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=ItemStatus.choices, default=ItemStatus.QUEUED, db_index=True
    )
    parsed = models.JSONField(_("nội dung trích xuất"), null=True, blank=True)
    source_text = models.TextField(_("văn bản nguồn"), blank=True)
    warnings = models.JSONField(_("cảnh báo"), default=list, blank=True)
    message = models.TextField(_("thông báo"), blank=True)
    plan = models.ForeignKey(
        "Plan",
        verbose_name=_("kế hoạch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="import_items",
        help_text=_("Kế hoạch tạo ra khi xác nhận, hoặc kế hoạch đã có mà tệp này trùng."),
    )
    job = models.ForeignKey(
        "jobs.Job",
        verbose_name=_("tác vụ nền"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("văn bản nhập")
        verbose_name_plural = _("văn bản nhập")

    def __str__(self) -> str:
        return self.original_name

    @property
    def unit(self):
        return self.batch.unit

    @property
    def in_progress(self) -> bool:
        return self.status in (ItemStatus.QUEUED, ItemStatus.PARSING)


class Plan(models.Model):
    """A confirmed plan. Its content lives in versions; `current_version` is the one in force."""

    doc_type = models.CharField(_("loại văn bản"), max_length=16, default="KH")
    number = models.CharField(_("số, ký hiệu"), max_length=80, blank=True)
    number_key = models.CharField(_("số, ký hiệu (chuẩn hóa)"), max_length=80, blank=True, db_index=True)
    issuer = models.CharField(_("cơ quan ban hành (như trong văn bản)"), max_length=255, blank=True)
    issuer_key = models.CharField(_("cơ quan ban hành (chuẩn hóa)"), max_length=255, blank=True)
    issuer_unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("cơ quan ban hành"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans",
    )
    issue_date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    place = models.CharField(_("địa danh"), max_length=120, blank=True)
    title = models.TextField(_("trích yếu"), blank=True)
    plan_year = models.PositiveSmallIntegerField(_("năm kế hoạch"), null=True, blank=True, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("kế hoạch cấp trên"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    parent_linked_automatically = models.BooleanField(_("liên kết cấp trên tự động"), default=False)
    source_file = models.FileField(_("tệp gốc"), upload_to="plans/sources/%Y/")
    original_name = models.CharField(_("tên tệp gốc"), max_length=255, blank=True)
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64, unique=True)
    # The same words in another file (re-saved, another format, trailing spaces) are the same plan.
    text_sha256 = models.CharField(_("mã băm nội dung chữ"), max_length=64, blank=True, db_index=True)
    current_version = models.ForeignKey(
        "PlanVersion",
        verbose_name=_("phiên bản hiện hành"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xác nhận"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="confirmed_plans",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        ordering = ["-plan_year", "-issue_date", "-id"]
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        constraints = [
            # The same number from the same issuer is the same document, whatever file it came in.
            models.UniqueConstraint(
                fields=["number_key", "issuer_key"],
                condition=~Q(number_key=""),
                name="plans_plan_unique_number_issuer",
            )
        ]

    def __str__(self) -> str:
        label = f"Kế hoạch số {self.number}" if self.number else "Kế hoạch (chưa rõ số)"
        return f"{label} – {self.issuer}" if self.issuer else label


class PlanVersion(models.Model):
    """The content of a plan at one point in time. An amendment adds a version; none is ever edited."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("phiên bản số"))
    data = models.JSONField(_("nội dung (JSON)"))
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="plan_versions",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        ordering = ["plan", "-number"]
        verbose_name = _("phiên bản kế hoạch")
        verbose_name_plural = _("phiên bản kế hoạch")
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plans_version_unique_number")]

    def __str__(self) -> str:
        return f"{self.plan} – phiên bản {self.number}"


class PlanSection(models.Model):
    version = models.ForeignKey(
        PlanVersion, verbose_name=_("phiên bản"), on_delete=models.CASCADE, related_name="sections"
    )
    order = models.PositiveIntegerField(_("thứ tự"))
    number = models.CharField(_("số mục"), max_length=16, blank=True)
    title = models.TextField(_("tên mục"))
    level = models.PositiveSmallIntegerField(_("cấp"), default=1)
    heading = models.TextField(_("tiêu đề đầy đủ"))

    class Meta:
        ordering = ["version", "order"]
        verbose_name = _("mục của kế hoạch")
        verbose_name_plural = _("mục của kế hoạch")

    def __str__(self) -> str:
        return self.heading


class PlanTask(models.Model):
    """One row of the task table."""

    version = models.ForeignKey(
        PlanVersion, verbose_name=_("phiên bản"), on_delete=models.CASCADE, related_name="tasks"
    )
    order = models.PositiveIntegerField(_("thứ tự"))
    stt = models.CharField(_("STT"), max_length=16, blank=True)
    task = models.TextField(_("nhiệm vụ"))
    products = models.TextField(_("sản phẩm"), blank=True)
    timeframe = models.CharField(_("thời gian thực hiện"), max_length=300, blank=True)
    schedule = models.JSONField(_("thời gian (chuẩn hóa)"), null=True, blank=True)
    extra = models.JSONField(_("cột khác"), default=dict, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    uncertain = models.BooleanField(_("cần kiểm tra lại"), default=False)

    class Meta:
        ordering = ["version", "order"]
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")

    def __str__(self) -> str:
        return f"{self.stt}. {self.task[:80]}" if self.stt else self.task[:80]

    def agencies_in(self, role: str) -> list[TaskAgency]:
        return [a for a in self.agencies.all() if a.role == role]

    @property
    def leads(self) -> list[TaskAgency]:
        return self.agencies_in(AgencyRole.LEAD)

    @property
    def coordinators(self) -> list[TaskAgency]:
        return self.agencies_in(AgencyRole.COORDINATOR)


class AgencyRole(models.TextChoices):
    LEAD = "lead", _("Chủ trì")
    COORDINATOR = "coordinator", _("Phối hợp")


class TaskAgency(models.Model):
    """An agency named in a task's cell, with the registry unit it was resolved to (if any)."""

    task = models.ForeignKey(
        PlanTask, verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE, related_name="agencies"
    )
    role = models.CharField(_("vai trò"), max_length=16, choices=AgencyRole.choices)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    raw = models.CharField(_("tên như trong văn bản"), max_length=500)
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("cơ quan, đơn vị"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_task_roles",
    )
    is_group = models.BooleanField(_("là nhóm cơ quan"), default=False)
    confidence = models.FloatField(_("độ tin cậy"), null=True, blank=True)

    class Meta:
        ordering = ["task", "role", "order"]
        verbose_name = _("cơ quan thực hiện nhiệm vụ")
        verbose_name_plural = _("cơ quan thực hiện nhiệm vụ")

    def __str__(self) -> str:
        return self.raw


class Responsibility(models.Model):
    """An agency's duties from the "Tổ chức thực hiện" part."""

    version = models.ForeignKey(
        PlanVersion, verbose_name=_("phiên bản"), on_delete=models.CASCADE, related_name="responsibilities"
    )
    order = models.PositiveIntegerField(_("thứ tự"))
    agency = models.CharField(_("cơ quan"), max_length=500)
    duties = models.JSONField(_("nhiệm vụ được giao"), default=list, blank=True)

    class Meta:
        ordering = ["version", "order"]
        verbose_name = _("trách nhiệm thực hiện")
        verbose_name_plural = _("trách nhiệm thực hiện")

    def __str__(self) -> str:
        return self.agency


class LegalDocument(models.Model):
    """A document cited by plans, identified by its number; one page each, with who cites it."""

    doc_type = models.CharField(_("loại văn bản"), max_length=60, blank=True)
    number = models.CharField(_("số, ký hiệu"), max_length=80)
    number_key = models.CharField(_("số, ký hiệu (chuẩn hóa)"), max_length=80, unique=True)
    date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "number"]
        verbose_name = _("văn bản pháp lý")
        verbose_name_plural = _("văn bản pháp lý")

    def __str__(self) -> str:
        return f"{self.doc_type} số {self.number}".strip() if self.doc_type else self.number


class CitationRole(models.TextChoices):
    BASIS = "basis", _("Căn cứ")
    CONTENT_REFERENCE = "content_reference", _("Trích dẫn trong nội dung")


class Citation(models.Model):
    version = models.ForeignKey(
        PlanVersion, verbose_name=_("phiên bản"), on_delete=models.CASCADE, related_name="citations"
    )
    legal_document = models.ForeignKey(
        LegalDocument,
        verbose_name=_("văn bản được trích dẫn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="citations",
    )
    order = models.PositiveIntegerField(_("thứ tự"))
    role = models.CharField(
        _("vai trò"), max_length=20, choices=CitationRole.choices, default=CitationRole.BASIS
    )
    raw = models.TextField(_("trích dẫn như trong văn bản"))
    malformed = models.BooleanField(_("số hiệu có vẻ sai"), default=False)

    class Meta:
        ordering = ["version", "order"]
        verbose_name = _("trích dẫn")
        verbose_name_plural = _("trích dẫn")

    def __str__(self) -> str:
        return self.raw[:120]
