"""Who carries out which task of a plan, and how far they have got.

Schema (field names are stable; other apps read them):

* ``Assignment`` — one task of a plan's current version given to one real unit in one role.
  ``plan``, ``task`` (the PlanTask of the version it was last generated from), ``task_key``
  (stable across amendments: STT + task text), ``role`` ("lead" | "coordinator", as
  plans.AgencyRole), ``agency_raw`` (the text of the plan's cell), ``named_unit`` (the unit the
  plan meant on its date, group phrases expanded), ``unit`` (the unit that carries the work
  today, after following succession; permissions and "my tasks" use this one),
  ``due_date`` (the last due date, null for "Thường xuyên"/recurring/undated work),
  ``due_dates`` (every due date as ISO strings), ``recurring`` (reported every period, no single
  due date), ``schedule_kind``/``timeframe``, ``targets`` ({deliverable kind: count} parsed from
  the task's products), and the latest reported ``status``/``percent``/``last_period``
  (denormalized from ProgressEntry for cheap lists). ``active`` turns False when an amendment
  removed the task or the unit but progress had already been recorded.
* ``ProgressEntry`` — one report of one assignment for one reporting period (``period`` is a
  code "2024-Q1", "2024-H1", "2024-9M", "2024-Y"; one entry per assignment and period, edited in
  place; the audit log keeps the history). Quantities are cumulative from the start of the
  plan year to the end of the period, so the latest entry is compared with the targets.
* ``DeliverableCount`` — a quantity of one deliverable kind in an entry (tin/bài, phóng sự …),
  with participants for training courses and conferences.
* ``Evidence`` — an uploaded file (under MEDIA_ROOT/tracking/evidence/) or a link for an entry.
* ``Notification`` — an in-app message for one user (reminders, digests); ``key`` makes each
  reminder happen once per user; ``emailed_at`` records the e-mail copy.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class AssignmentRole(models.TextChoices):
    LEAD = "lead", _("Chủ trì")
    COORDINATOR = "coordinator", _("Phối hợp")


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Chưa triển khai")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    DONE = "done", _("Hoàn thành")
    LATE = "late", _("Chậm tiến độ")
    FAILED = "failed", _("Không thực hiện được")


class DeliverableKind(models.TextChoices):
    NEWS = "news", _("Tin, bài")
    REPORTAGE = "reportage", _("Phóng sự")
    BROADCAST = "broadcast", _("Chuyên mục phát thanh, truyền hình")
    LEAFLET = "leaflet", _("Tờ rơi, tờ gấp")
    POSTER = "poster", _("Pano, áp phích")
    TRAINING = "training", _("Lớp tập huấn")
    CONFERENCE = "conference", _("Hội nghị")
    CONTEST = "contest", _("Cuộc thi")
    OTHER = "other", _("Khác")


class Assignment(models.Model):
    plan = models.ForeignKey(
        "plans.Plan", verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="assignments"
    )
    task = models.ForeignKey(
        "plans.PlanTask", verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE, related_name="assignments"
    )
    task_key = models.CharField(_("khóa nhiệm vụ"), max_length=64, db_index=True)
    role = models.CharField(_("vai trò"), max_length=16, choices=AssignmentRole.choices)
    agency = models.ForeignKey(
        "plans.TaskAgency",
        verbose_name=_("cơ quan ghi trong kế hoạch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assignments",
    )
    agency_raw = models.CharField(_("tên như trong văn bản"), max_length=500, blank=True)
    named_unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("đơn vị được giao (ngày ban hành)"),
        on_delete=models.PROTECT,
        related_name="assignments_named",
    )
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("đơn vị thực hiện hiện nay"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    resolution_note = models.CharField(_("ghi chú xác định đơn vị"), max_length=500, blank=True)
    due_date = models.DateField(_("hạn hoàn thành"), null=True, blank=True, db_index=True)
    due_dates = models.JSONField(_("các mốc hạn"), default=list, blank=True)
    recurring = models.BooleanField(_("thực hiện thường xuyên, báo cáo theo kỳ"), default=False)
    schedule_kind = models.CharField(_("loại thời gian"), max_length=16, blank=True)
    timeframe = models.CharField(_("thời gian thực hiện"), max_length=300, blank=True)
    targets = models.JSONField(_("chỉ tiêu sản phẩm"), default=dict, blank=True)
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=ProgressStatus.choices,
        default=ProgressStatus.NOT_STARTED,
        db_index=True,
    )
    percent = models.PositiveSmallIntegerField(
        _("tỷ lệ hoàn thành (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    last_period = models.CharField(_("kỳ báo cáo gần nhất"), max_length=16, blank=True)
    active = models.BooleanField(_("còn hiệu lực"), default=True, db_index=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        ordering = ["plan", "task__order", "role", "unit__name", "id"]
        verbose_name = _("nhiệm vụ được giao")
        verbose_name_plural = _("nhiệm vụ được giao")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "task_key", "role", "unit"], name="tracking_assignment_unique_unit_role"
            )
        ]
        indexes = [
            models.Index(fields=["unit", "active", "due_date"], name="tracking_assign_unit_due"),
            # The dashboard counts every unit's active and overdue assignments from this index alone.
            models.Index(fields=["unit", "active", "status", "due_date"], name="tracking_assign_counts"),
            # The overdue list (ORDER BY due_date, id LIMIT 50): PostgreSQL stops after 50 rows instead of
            # sorting every assignment sharing the earliest due date (national: 49 ms → 1.5 ms).
            models.Index(fields=["due_date", "id"], name="tracking_assign_overdue"),
        ]

    def __str__(self) -> str:
        return f"{self.task} – {self.unit} ({self.get_role_display()})"


class ProgressEntry(models.Model):
    assignment = models.ForeignKey(
        Assignment, verbose_name=_("nhiệm vụ được giao"), on_delete=models.CASCADE, related_name="entries"
    )
    period = models.CharField(_("kỳ báo cáo"), max_length=16, db_index=True)
    status = models.CharField(_("trạng thái"), max_length=16, choices=ProgressStatus.choices)
    percent = models.PositiveSmallIntegerField(
        _("tỷ lệ hoàn thành (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    reason = models.TextField(_("lý do không thực hiện được"), blank=True)
    note = models.TextField(_("kết quả, ghi chú"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người cập nhật"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="progress_entries",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        ordering = ["assignment", "-period", "-id"]
        verbose_name = _("tiến độ theo kỳ")
        verbose_name_plural = _("tiến độ theo kỳ")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "period"], name="tracking_entry_unique_period")
        ]

    def __str__(self) -> str:
        return f"{self.assignment} – {self.period}"


class DeliverableCount(models.Model):
    entry = models.ForeignKey(
        ProgressEntry, verbose_name=_("tiến độ"), on_delete=models.CASCADE, related_name="deliverables"
    )
    kind = models.CharField(_("loại sản phẩm"), max_length=16, choices=DeliverableKind.choices)
    quantity = models.PositiveIntegerField(_("số lượng"), default=0)
    participants = models.PositiveIntegerField(_("số người tham dự"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    class Meta:
        ordering = ["entry", "kind"]
        verbose_name = _("sản phẩm đã thực hiện")
        verbose_name_plural = _("sản phẩm đã thực hiện")
        constraints = [models.UniqueConstraint(fields=["entry", "kind"], name="tracking_deliverable_unique")]

    def __str__(self) -> str:
        return f"{self.quantity} {self.get_kind_display()}"


class Evidence(models.Model):
    entry = models.ForeignKey(
        ProgressEntry, verbose_name=_("tiến độ"), on_delete=models.CASCADE, related_name="evidence"
    )
    title = models.CharField(_("tên minh chứng"), max_length=255, blank=True)
    file = models.FileField(_("tệp minh chứng"), upload_to="tracking/evidence/%Y/%m/", blank=True)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"), default=0)
    content_type = models.CharField(_("kiểu tệp"), max_length=100, blank=True)
    url = models.URLField(_("đường dẫn"), max_length=1000, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="progress_evidence",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        ordering = ["entry", "id"]
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")

    def __str__(self) -> str:
        return self.title or self.original_name or self.url

    @property
    def is_link(self) -> bool:
        return not self.file and bool(self.url)


class NotificationKind(models.TextChoices):
    DUE_SOON = "due_soon", _("Sắp đến hạn")
    OVERDUE = "overdue", _("Quá hạn")
    CUTOFF = "cutoff", _("Sắp chốt số liệu báo cáo")
    DIGEST = "digest", _("Tổng hợp đơn vị chậm")
    ASSIGNED = "assigned", _("Được giao nhiệm vụ")


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("loại thông báo"), max_length=16, choices=NotificationKind.choices)
    key = models.CharField(_("khóa chống trùng"), max_length=200)
    title = models.CharField(_("tiêu đề"), max_length=300)
    body = models.TextField(_("nội dung"), blank=True)
    link = models.CharField(_("liên kết"), max_length=500, blank=True)
    assignment = models.ForeignKey(
        Assignment,
        verbose_name=_("nhiệm vụ được giao"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("đã gửi thư lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="tracking_notification_unique_key")
        ]
        indexes = [models.Index(fields=["user", "read_at"], name="tracking_notif_unread")]

    def __str__(self) -> str:
        return self.title


# --- summaries for the dashboard ----------------------------------------------------------------
# Derived rows, kept exactly in step with the entries by `cchc.tracking.summaries.refresh`, which
# every write of progress (and every change of an assignment's `active`) calls in its own
# transaction; `cchc tracking-summaries` rebuilds or checks them from scratch.


class UnitPeriodSummary(models.Model):
    """The progress entries of one unit's active assignments for one period, added up: how many
    were reported, done, late, failed, the sum of their percents, and the quantity of each
    deliverable kind (a column per kind, named as the kind: one row per unit and period, so the
    national series sums a few thousand rows rather than one per kind)."""

    # The unique (unit, period) index serves every lookup; no separate index on the unit.
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="+", db_index=False
    )
    period = models.CharField(_("kỳ báo cáo"), max_length=16)
    reported = models.PositiveIntegerField(_("số nhiệm vụ đã báo cáo"), default=0)
    done = models.PositiveIntegerField(_("số nhiệm vụ hoàn thành"), default=0)
    late = models.PositiveIntegerField(_("số nhiệm vụ chậm tiến độ"), default=0)
    failed = models.PositiveIntegerField(_("số nhiệm vụ không thực hiện được"), default=0)
    percent_sum = models.PositiveBigIntegerField(_("tổng tỷ lệ hoàn thành"), default=0)
    news = models.PositiveBigIntegerField(DeliverableKind.NEWS.label, default=0)
    reportage = models.PositiveBigIntegerField(DeliverableKind.REPORTAGE.label, default=0)
    broadcast = models.PositiveBigIntegerField(DeliverableKind.BROADCAST.label, default=0)
    leaflet = models.PositiveBigIntegerField(DeliverableKind.LEAFLET.label, default=0)
    poster = models.PositiveBigIntegerField(DeliverableKind.POSTER.label, default=0)
    training = models.PositiveBigIntegerField(DeliverableKind.TRAINING.label, default=0)
    conference = models.PositiveBigIntegerField(DeliverableKind.CONFERENCE.label, default=0)
    contest = models.PositiveBigIntegerField(DeliverableKind.CONTEST.label, default=0)
    other = models.PositiveBigIntegerField(DeliverableKind.OTHER.label, default=0)

    COUNTS = ("reported", "done", "late", "failed", "percent_sum")
    KINDS = tuple(DeliverableKind.values)  # a column each (a test checks none is missing)

    class Meta:
        verbose_name = _("tổng hợp tiến độ theo đơn vị và kỳ")
        verbose_name_plural = _("tổng hợp tiến độ theo đơn vị và kỳ")
        constraints = [models.UniqueConstraint(fields=["unit", "period"], name="tracking_unitsummary_unique")]

    def __str__(self) -> str:
        return f"{self.unit_id} – {self.period}"


class UnitDueSummary(models.Model):
    """The active assignments of one unit that count in one year (of a plan for that year, or
    with progress recorded in it: `reports.selectors.assignments_for_period`'s rule), grouped by
    due date: how many, and how many are still open (not started, in progress, late). Overdue
    depends on today, so the dashboard sums `open` over the rows due before today; a unit has a
    row per year and distinct due date (null: recurring or undated work, never overdue)."""

    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    due_date = models.DateField(_("hạn hoàn thành"), null=True, blank=True)
    assignments = models.PositiveIntegerField(_("số nhiệm vụ được giao"), default=0)
    open = models.PositiveIntegerField(_("số nhiệm vụ chưa xong"), default=0)

    class Meta:
        verbose_name = _("tổng hợp nhiệm vụ theo đơn vị, năm và hạn")
        verbose_name_plural = _("tổng hợp nhiệm vụ theo đơn vị, năm và hạn")
        indexes = [
            # The dashboard reads a year's rows from this index alone.
            models.Index(
                fields=["year", "unit", "due_date", "assignments", "open"], name="tracking_duesummary_read"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} – {self.year} – {self.due_date}"


class TaskPeriodSummary(models.Model):
    """One task of a plan issued by a unit at the top of the tree (a province's committee: the
    plans the dashboard ranks by task for the whole country) in one period of the plan's year,
    over all the task's active assignments: how many assignments, how many reported for the
    period, done, late, failed, and the sum of their percents. A row for every period of the
    plan's year once the task has an active assignment, reported or not, so the ranking reads a
    row per task instead of joining each assignment with its entry (thirty thousand index
    lookups at national scale)."""

    plan = models.ForeignKey(
        "plans.Plan", verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="+", db_index=False
    )
    task = models.ForeignKey(
        "plans.PlanTask",
        verbose_name=_("nhiệm vụ"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )
    period = models.CharField(_("kỳ báo cáo"), max_length=16)
    assignments = models.PositiveIntegerField(_("số lượt giao"), default=0)
    reported = models.PositiveIntegerField(_("số lượt đã báo cáo"), default=0)
    done = models.PositiveIntegerField(_("số lượt hoàn thành"), default=0)
    late = models.PositiveIntegerField(_("số lượt chậm tiến độ"), default=0)
    failed = models.PositiveIntegerField(_("số lượt không thực hiện được"), default=0)
    percent_sum = models.PositiveBigIntegerField(_("tổng tỷ lệ hoàn thành"), default=0)

    COUNTS = ("assignments", "reported", "done", "late", "failed", "percent_sum")

    class Meta:
        verbose_name = _("tổng hợp tiến độ theo nhiệm vụ và kỳ")
        verbose_name_plural = _("tổng hợp tiến độ theo nhiệm vụ và kỳ")
        constraints = [models.UniqueConstraint(fields=["task", "period"], name="tracking_tasksummary_unique")]
        # The dashboard reads one period of a few plans.
        indexes = [models.Index(fields=["plan", "period"], name="tracking_tasksummary_read")]

    def __str__(self) -> str:
        return f"{self.task_id} – {self.period}"
