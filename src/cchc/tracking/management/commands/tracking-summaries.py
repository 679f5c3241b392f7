"""`cchc tracking-summaries [--check]`: rebuild the dashboard's per-unit summaries of progress
(per period) and of assignments (per year and due date), and the per-task summary of the top
plans (per period), from the entries and assignments (see
cchc.tracking.summaries), or with --check only compare them and fail if
they differ. The services keep them in step; this is for data written around them (a restore,
a shell, an import by SQL)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from cchc.tracking import summaries


class Command(BaseCommand):
    help = (
        "Tính lại (hoặc --check: đối chiếu) các bảng tổng hợp của trang thống kê: tiến độ theo đơn vị và kỳ, "
        "nhiệm vụ theo đơn vị, năm và hạn; tiến độ theo nhiệm vụ và kỳ"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="chỉ đối chiếu với dữ liệu tiến độ, không ghi; lỗi nếu lệch"
        )

    def handle(self, *args, check=False, **options):
        started = time.perf_counter()
        if check:
            found = summaries.differences()
            if found:
                for line in found:
                    self.stdout.write(line)
                raise CommandError(
                    "Bảng tổng hợp lệch với dữ liệu tiến độ: chạy `cchc tracking-summaries` để tính lại."
                )
            self.stdout.write(
                f"Bảng tổng hợp khớp với dữ liệu tiến độ ({time.perf_counter() - started:.1f} s)."
            )
            return
        count = summaries.rebuild(out=self.stdout.write if options.get("verbosity", 1) > 1 else None)
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã tính lại tổng hợp tiến độ của {count:,} đơn vị ({time.perf_counter() - started:.1f} s)."
            )
        )
