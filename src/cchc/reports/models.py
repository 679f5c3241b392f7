"""Periodic CCHC communication reports of a unit, kept as versions.

* ``UnitReport`` — one unit's report for one period (code "2024-H1", see cchc.core.periods);
  ``current_version`` is the newest version (a draft while the unit is writing), and
  ``submitted_version`` the newest version that was submitted and not returned: the one the
  province's aggregate reads. ``first_submitted_at`` decides lateness against the deadline.
* ``ReportVersion`` — the content at one point: the narrative sections and a snapshot of the
  task table and totals taken from tracking's progress. A submitted version is never edited:
  a correction (returned by Sở Nội vụ) or an amendment (by the unit) is a new version.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cchc.core.periods import CODE_MAX_LENGTH, Period


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã gửi")
    RETURNED = "returned", _("Bị trả lại để sửa")
    SUPERSEDED = "superseded", _("Đã được thay thế")


# The narrative sections of the report, in the order of the CCHC reporting outline.
NARRATIVE_FIELDS = ("achievements", "shortcomings", "causes", "directions", "recommendations")


class UnitReport(models.Model):
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("cơ quan, đơn vị"), on_delete=models.PROTECT, related_name="reports"
    )
    period = models.CharField(_("kỳ báo cáo"), max_length=CODE_MAX_LENGTH, db_index=True)
    current_version = models.ForeignKey(
        "ReportVersion",
        verbose_name=_("phiên bản mới nhất"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_version = models.ForeignKey(
        "ReportVersion",
        verbose_name=_("phiên bản đã gửi có hiệu lực"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    first_submitted_at = models.DateTimeField(_("gửi lần đầu lúc"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="unit_reports",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        ordering = ["-period", "unit__name", "id"]
        verbose_name = _("báo cáo của đơn vị")
        verbose_name_plural = _("báo cáo của đơn vị")
        constraints = [models.UniqueConstraint(fields=["unit", "period"], name="reports_unit_period_unique")]

    def __str__(self) -> str:
        return f"Báo cáo {self.period_obj.label_vi} – {self.unit}"

    @property
    def period_obj(self) -> Period:
        return Period.parse(self.period)

    @property
    def is_late(self) -> bool:
        if self.first_submitted_at is None:
            return False
        return self.period_obj.is_late(self.first_submitted_at.date())


class ReportVersion(models.Model):
    report = models.ForeignKey(
        UnitReport, verbose_name=_("báo cáo"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("phiên bản số"))
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=VersionStatus.choices,
        default=VersionStatus.DRAFT,
        db_index=True,
    )
    doc_number = models.CharField(_("số, ký hiệu"), max_length=80, blank=True)
    achievements = models.TextField(_("kết quả đạt được"), blank=True)
    shortcomings = models.TextField(_("tồn tại, hạn chế"), blank=True)
    causes = models.TextField(_("nguyên nhân"), blank=True)
    directions = models.TextField(_("phương hướng, nhiệm vụ kỳ tới"), blank=True)
    recommendations = models.TextField(_("kiến nghị, đề xuất"), blank=True)
    signer_position = models.CharField(_("chức vụ người ký"), max_length=200, blank=True)
    signer_name = models.CharField(_("họ tên người ký"), max_length=200, blank=True)
    tasks = models.JSONField(_("bảng kết quả nhiệm vụ"), default=list, blank=True)
    totals = models.JSONField(_("số liệu tổng hợp"), default=dict, blank=True)
    data_as_of = models.DateTimeField(_("số liệu lấy lúc"), null=True, blank=True)
    note = models.CharField(_("ghi chú phiên bản"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="report_versions",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người gửi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submitted_report_versions",
    )
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người trả lại"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="returned_report_versions",
    )
    returned_at = models.DateTimeField(_("trả lại lúc"), null=True, blank=True)
    return_reason = models.TextField(_("lý do trả lại"), blank=True)

    class Meta:
        ordering = ["report", "-number"]
        verbose_name = _("phiên bản báo cáo")
        verbose_name_plural = _("phiên bản báo cáo")
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="reports_version_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.report} – phiên bản {self.number}"

    @property
    def is_editable(self) -> bool:
        return self.status == VersionStatus.DRAFT

    def narrative(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in NARRATIVE_FIELDS}
