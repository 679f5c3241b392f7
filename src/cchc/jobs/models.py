from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang chạy")
    DONE = "done", _("Hoàn thành")
    FAILED = "failed", _("Lỗi")


class Job(models.Model):
    """A piece of long work (parsing an upload, rendering a report) that runs outside the request.

    The payload holds primary keys only, never objects: the job reads fresh rows when it
    starts, so it never acts on data that changed while it waited in the queue.
    """

    kind = models.CharField(_("loại tác vụ"), max_length=100, db_index=True)
    payload = models.JSONField(_("tham số"), default=dict, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED, db_index=True
    )
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    message = models.CharField(_("thông báo"), max_length=300, blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần chạy"), default=0)
    claimed_by = models.CharField(_("tiến trình xử lý"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("tác vụ nền")
        verbose_name_plural = _("tác vụ nền")
        indexes = [models.Index(fields=["status", "id"], name="jobs_status_id")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.kind} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)
