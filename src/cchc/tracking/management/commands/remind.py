"""`cchc remind [--today YYYY-MM-DD] [--dry-run]`: send the reminders due today (in-app and
e-mail): due dates, report cut-offs, and the weekly digest of late units for leaders.

Idempotent, so run it daily from cron, e.g.  `15 7 * * * cd /srv/cchc && .venv/bin/cchc remind`.
"""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from cchc.tracking.reminders import remind


class Command(BaseCommand):
    help = "Gửi nhắc việc: sắp đến hạn, quá hạn, sắp chốt số liệu báo cáo, tổng hợp đơn vị chậm"

    def add_arguments(self, parser):
        parser.add_argument("--today", help="coi hôm nay là ngày này (YYYY-MM-DD)")
        parser.add_argument(
            "--dry-run", action="store_true", help="chỉ liệt kê, không tạo thông báo, không gửi thư"
        )

    def handle(self, *args, today=None, dry_run=False, **options):
        try:
            day = date.fromisoformat(today) if today else None
        except ValueError:
            raise CommandError(f"Ngày không hợp lệ: {today!r} (dùng dạng YYYY-MM-DD).") from None
        result = remind(today=day, dry_run=dry_run)
        if dry_run:
            for p in result.planned:
                self.stdout.write(f"[{p.kind}] user={p.user_id} {p.key}: {p.title}")
        summary = result.summary()
        self.stdout.write(
            f"{summary['planned']} nhắc việc đến hạn; {result.created} thông báo mới, "
            f"{result.emailed} thư đã gửi, {result.skipped} đã có từ trước"
            + (" (chạy thử, không ghi gì)" if dry_run else "")
        )
