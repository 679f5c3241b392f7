"""`cchc portal-demo`: add a few sample news items to the public page (idempotent)."""

from django.core.management.base import BaseCommand

from cchc.portal.demo import add_demo_news


class Command(BaseCommand):
    help = "Thêm vài tin mẫu cho trang thông tin công khai (chạy lại không thêm trùng)"

    def handle(self, *args, **options):
        added = add_demo_news()
        self.stdout.write(f"• Tin mẫu trên trang công khai: thêm {added}.")
