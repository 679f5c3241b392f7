"""Reminders: in-app notifications and e-mail copies, sent by `cchc remind` (run it daily from
cron, or as the "tracking.remind" job).

* before a due date (DUE_SOON_DAYS ahead) and once when it has passed, to the officers of the unit
  that carries the assignment;
* before each report cut-off (the 14th of a reporting period's last month: Q1, H1, 9M, Y), to the
  officers of every unit with open work;
* a weekly digest of late units for leaders (their subtree) and province administrators (all).

Each reminder has a key (e.g. "due:<assignment>:<date>") unique per user, so running the command
twice on a day, or on every day of the window, never sends one twice.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.accounts.models import Role
from cchc.core.periods import Kind, Period, periods_of_year
from cchc.tracking.models import Assignment, Notification, NotificationKind
from cchc.tracking.selectors import OPEN_STATUSES

DUE_SOON_DAYS = 7
CUTOFF_SOON_DAYS = 7
# The periods units report on (Nghị định 09/2019 cut-offs, as in shared/reference B1–B2).
REPORT_KINDS = (Kind.QUARTER, Kind.HALF, Kind.NINE_MONTHS, Kind.YEAR)
REPORTED = {("Q", 1), ("H", 1), ("9M", 1), ("Y", 1)}


@dataclass
class Planned:
    user_id: int
    email: str
    kind: str
    key: str
    title: str
    body: str
    link: str
    assignment_id: int | None = None


@dataclass
class RemindResult:
    planned: list[Planned] = field(default_factory=list)
    created: int = 0
    emailed: int = 0
    skipped: int = 0

    def summary(self) -> dict[str, int]:
        by_kind: dict[str, int] = defaultdict(int)
        for p in self.planned:
            by_kind[p.kind] += 1
        return {"planned": len(self.planned), "created": self.created, "emailed": self.emailed, **by_kind}


def report_cutoffs(today: date, days: int = CUTOFF_SOON_DAYS) -> list[Period]:
    """Reporting periods whose cut-off falls within `days` from today (inclusive)."""
    found = []
    for year in (today.year, today.year + 1):
        for period in periods_of_year(year, REPORT_KINDS):
            if (period.kind.value, period.number) in REPORTED and today <= period.cutoff <= today + timedelta(
                days=days
            ):
                found.append(period)
    return found


def _officers_by_unit(unit_ids) -> dict[int, list]:
    users = get_user_model().objects.filter(is_active=True, role=Role.UNIT_OFFICER, unit_id__in=set(unit_ids))
    by_unit: dict[int, list] = defaultdict(list)
    for user in users:
        by_unit[user.unit_id].append(user)
    return by_unit


def _my_tasks(**params) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items() if v)
    return reverse("tracking:my_tasks") + (f"?{query}" if query else "")


def plan_reminders(today: date) -> list[Planned]:
    planned: list[Planned] = []
    open_work = Assignment.objects.filter(active=True, status__in=OPEN_STATUSES).order_by()
    soon = today + timedelta(days=DUE_SOON_DAYS)
    dated = list(open_work.exclude(due_date=None).select_related("task"))
    officers = _officers_by_unit(open_work.values_list("unit_id", flat=True).distinct())
    for a in dated:
        upcoming = sorted(d for d in (date.fromisoformat(x) for x in a.due_dates or []) if today <= d <= soon)
        link = reverse("tracking:assignment_detail", args=[a.pk])
        task = str(a.task)[:150]
        for due in upcoming[:1]:
            for user in officers.get(a.unit_id, []):
                planned.append(
                    Planned(
                        user.pk,
                        user.email,
                        NotificationKind.DUE_SOON,
                        f"due:{a.pk}:{due.isoformat()}",
                        _("Sắp đến hạn %(date)s: %(task)s") % {"date": f"{due:%d/%m/%Y}", "task": task},
                        _("Nhiệm vụ của đơn vị đến hạn ngày %(date)s. Vui lòng cập nhật tiến độ.")
                        % {"date": f"{due:%d/%m/%Y}"},
                        link,
                        a.pk,
                    )
                )
        if a.due_date < today:
            for user in officers.get(a.unit_id, []):
                planned.append(
                    Planned(
                        user.pk,
                        user.email,
                        NotificationKind.OVERDUE,
                        f"overdue:{a.pk}:{a.due_date.isoformat()}",
                        _("Quá hạn từ %(date)s: %(task)s") % {"date": f"{a.due_date:%d/%m/%Y}", "task": task},
                        _("Nhiệm vụ đã quá hạn mà chưa báo cáo hoàn thành."),
                        link,
                        a.pk,
                    )
                )
    cutoffs = report_cutoffs(today)
    if cutoffs:
        per_unit: dict[int, int] = defaultdict(int)
        for unit_id in open_work.values_list("unit_id", flat=True):
            per_unit[unit_id] += 1
        for period in cutoffs:
            for unit_id, count in per_unit.items():
                for user in officers.get(unit_id, []):
                    planned.append(
                        Planned(
                            user.pk,
                            user.email,
                            NotificationKind.CUTOFF,
                            f"cutoff:{period.code}",
                            _("Chốt số liệu %(period)s ngày %(date)s")
                            % {"period": period.label, "date": f"{period.cutoff:%d/%m/%Y}"},
                            _(
                                "Đơn vị còn %(n)s nhiệm vụ chưa hoàn thành; vui lòng cập nhật tiến độ kỳ %(code)s."
                            )
                            % {"n": count, "code": period.code},
                            _my_tasks(ky=period.code),
                        )
                    )
    planned.extend(_digests(today, open_work))
    return planned


def _digests(today: date, open_work) -> list[Planned]:
    """Weekly, for leaders (their subtree) and province administrators (everything)."""
    from cchc.accounts.permissions import units_readable_by

    late: dict[int, int] = defaultdict(int)
    names: dict[int, str] = {}
    for unit_id, unit_name, due, status in open_work.values_list(
        "unit_id", "unit__name", "due_date", "status"
    ):
        if status == "late" or (due is not None and due < today):
            late[unit_id] += 1
            names[unit_id] = unit_name
    if not late:
        return []
    year, week, _day = today.isocalendar()
    readers = get_user_model().objects.filter(
        Q(role__in=(Role.UNIT_LEADER, Role.PROVINCE_ADMIN)) | Q(is_superuser=True), is_active=True
    )
    planned = []
    for user in readers:
        if user.is_province_admin:
            visible = late
        else:
            readable = set(units_readable_by(user).values_list("pk", flat=True))
            visible = {u: n for u, n in late.items() if u in readable}
        if not visible:
            continue
        lines = [f"- {names[u]}: {n}" for u, n in sorted(visible.items(), key=lambda item: -item[1])]
        planned.append(
            Planned(
                user.pk,
                user.email,
                NotificationKind.DIGEST,
                f"digest:{year}-W{week:02d}",
                _("%(n)s đơn vị có nhiệm vụ chậm, quá hạn") % {"n": len(visible)},
                _("Số nhiệm vụ chậm, quá hạn theo đơn vị:") + "\n" + "\n".join(lines[:50]),
                _my_tasks(trang_thai="overdue"),
            )
        )
    return planned


def remind(*, today: date | None = None, dry_run: bool = False) -> RemindResult:
    """Create the notifications due today that do not exist yet, and e-mail each new one."""
    today = today or timezone.localdate()
    result = RemindResult(planned=plan_reminders(today))
    if dry_run:
        return result
    existing = set(
        Notification.objects.filter(key__in={p.key for p in result.planned}).values_list("user_id", "key")
    )
    for p in result.planned:
        if (p.user_id, p.key) in existing:
            result.skipped += 1
            continue
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    user_id=p.user_id,
                    kind=p.kind,
                    key=p.key[:200],
                    title=p.title[:300],
                    body=p.body,
                    link=p.link[:500],
                    assignment_id=p.assignment_id,
                )
        except IntegrityError:  # another run made it meanwhile
            result.skipped += 1
            continue
        existing.add((p.user_id, p.key))
        result.created += 1
        if p.email:
            sent = send_mail(
                p.title,
                f"{p.body}\n\n{getattr(settings, 'CCHC_SITE_URL', '').rstrip('/')}{p.link}",
                None,
                [p.email],
                fail_silently=True,
            )
            if sent:
                Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
                result.emailed += 1
    return result
