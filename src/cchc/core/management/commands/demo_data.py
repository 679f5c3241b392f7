"""`cchc demo-data --scale national|province|small [--seed N] [--year 2024] [--replace]`:
made-up provinces, units, plans, assignments and progress for trying and measuring the
product (see cchc.core.demo_data). Every row is marked as demo data (codes "demo-…")."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from cchc.core import demo_data


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu (demo) để thử và đo hệ thống: tỉnh, đơn vị, kế hoạch, nhiệm vụ, tiến độ"

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            choices=sorted(demo_data.SCALES),
            default="province",
            help="national: 34 tỉnh, ~3.300 xã, ~1 triệu báo cáo tiến độ; province: một tỉnh; small: vài đơn vị",
        )
        parser.add_argument("--seed", type=int, default=1, help="cùng seed cho cùng dữ liệu (mặc định 1)")
        parser.add_argument("--year", type=int, default=2024, help="năm kế hoạch (mặc định 2024)")
        parser.add_argument("--replace", action="store_true", help="xóa dữ liệu demo đã có rồi tạo lại")
        parser.add_argument("--delete", action="store_true", help="chỉ xóa dữ liệu demo đã có")

    def handle(self, *args, scale, seed, year, replace, delete, **options):
        if delete:
            if not demo_data.demo_exists():
                self.stdout.write("Không có dữ liệu demo để xóa.")
                return
            try:
                demo_data.delete_demo(out=self.stdout.write)
            except demo_data.DemoDataInUse as exc:
                raise CommandError(str(exc)) from None
            return
        try:
            summary = demo_data.generate(
                scale=scale, seed=seed, year=year, replace=replace, out=self.stdout.write
            )
        except (demo_data.DemoDataExists, demo_data.DemoDataInUse) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            self.style.SUCCESS(f"Xong ({summary.scale}, seed {seed}, năm {year}): {summary.line()}")
        )
