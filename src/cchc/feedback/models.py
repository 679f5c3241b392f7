"""Citizens' feedback and recommendations (phản ánh, kiến nghị): what was sent, who handles it,
the answer, and every step on the way.

received → assigned (to a unit) → in progress → answered; or closed / rejected (spam) by an
administrator. The answer is published on the public page only when the citizen agreed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    RECEIVED = "received", _("Đã tiếp nhận")
    ASSIGNED = "assigned", _("Đã chuyển đơn vị xử lý")
    IN_PROGRESS = "in_progress", _("Đang xử lý")
    ANSWERED = "answered", _("Đã trả lời")
    CLOSED = "closed", _("Đã đóng")
    REJECTED = "rejected", _("Không xử lý (thư rác, không hợp lệ)")


OPEN_STATUSES = (Status.RECEIVED, Status.ASSIGNED, Status.IN_PROGRESS)


class Topic(models.TextChoices):
    PROCEDURE = "procedure", _("Thủ tục hành chính")
    PUBLIC_SERVICE = "public_service", _("Dịch vụ công trực tuyến")
    CONDUCT = "conduct", _("Thái độ, tác phong cán bộ, công chức")
    ONE_STOP = "one_stop", _("Bộ phận một cửa, trung tâm phục vụ hành chính công")
    PROPAGANDA = "propaganda", _("Tuyên truyền cải cách hành chính")
    POLICY = "policy", _("Cơ chế, chính sách")
    OTHER = "other", _("Khác")


class Feedback(models.Model):
    code = models.CharField(_("mã tra cứu"), max_length=24, unique=True)
    name = models.CharField(_("họ và tên"), max_length=120, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    topic = models.CharField(_("lĩnh vực"), max_length=32, choices=Topic.choices, default=Topic.OTHER)
    unit_concerned = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("cơ quan, đơn vị được phản ánh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback_about",
    )
    title = models.CharField(_("tiêu đề"), max_length=200)
    content = models.TextField(_("nội dung"))
    consent_publish = models.BooleanField(_("đồng ý công khai nội dung và trả lời"), default=False)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=Status.choices, default=Status.RECEIVED, db_index=True
    )
    assigned_unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("đơn vị xử lý"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="feedback_assigned",
    )
    assigned_at = models.DateTimeField(_("chuyển xử lý lúc"), null=True, blank=True)
    answer = models.TextField(_("nội dung trả lời"), blank=True)
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người trả lời"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback_answered",
    )
    # A keyed hash of the sender's address, not the address: enough to see floods, not to track people.
    client_hash = models.CharField(_("dấu vết địa chỉ gửi"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("phản ánh, kiến nghị")
        verbose_name_plural = _("phản ánh, kiến nghị")

    def __str__(self) -> str:
        return f"{self.code} – {self.title}"

    @property
    def is_published(self) -> bool:
        """Shown in the public list of answers: answered (closed afterwards or not), and the
        citizen agreed."""
        return (
            self.consent_publish
            and self.status in (Status.ANSWERED, Status.CLOSED)
            and bool(self.answer.strip())
        )

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


def attachment_path(instance, filename: str) -> str:
    # Never the sender's file name on disk: a random one, with the checked extension.
    import secrets
    from pathlib import Path

    return f"feedback/{instance.feedback.created_at:%Y/%m}/{secrets.token_hex(16)}{Path(filename).suffix.lower()}"


class Attachment(models.Model):
    feedback = models.ForeignKey(
        Feedback, verbose_name=_("phản ánh"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("tệp"), upload_to=attachment_path)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(_("kiểu tệp"), max_length=100)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))

    class Meta:
        ordering = ["feedback", "id"]
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")

    def __str__(self) -> str:
        return self.original_name


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", _("Tiếp nhận")
    ASSIGNED = "assigned", _("Chuyển đơn vị xử lý")
    STARTED = "started", _("Bắt đầu xử lý")
    ANSWERED = "answered", _("Trả lời")
    CLOSED = "closed", _("Đóng")
    REJECTED = "rejected", _("Không xử lý")


class Event(models.Model):
    """One step in the life of a feedback item. The public status page shows the steps without
    who did them and without internal notes; the back office shows everything."""

    feedback = models.ForeignKey(
        Feedback, verbose_name=_("phản ánh"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("loại bước"), max_length=16, choices=EventKind.choices)
    status = models.CharField(_("trạng thái sau bước"), max_length=16, choices=Status.choices)
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("ghi chú nội bộ"), blank=True)
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        ordering = ["feedback", "created_at", "id"]
        verbose_name = _("bước xử lý phản ánh")
        verbose_name_plural = _("bước xử lý phản ánh")

    def __str__(self) -> str:
        return f"{self.feedback.code}: {self.get_kind_display()}"
