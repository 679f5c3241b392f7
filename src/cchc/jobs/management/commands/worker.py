"""`cchc worker`: run queued jobs in a process of its own (production, several per server)."""

from __future__ import annotations

import signal
import time

from django.core.management.base import BaseCommand

from cchc.jobs import runner


class Command(BaseCommand):
    help = "Chạy các tác vụ nền đang chờ (nhập văn bản, kết xuất…); chạy nhiều tiến trình song song được"

    def add_arguments(self, parser):
        parser.add_argument(
            "--until-empty", action="store_true", help="dừng khi hàng đợi trống thay vì chờ việc mới"
        )
        parser.add_argument(
            "--poll", type=float, default=2.0, help="số giây chờ giữa hai lần xem hàng đợi (mặc định 2)"
        )

    def handle(self, *args, until_empty=False, poll=2.0, **options):
        self._stopping = False
        # Finish the job in hand on SIGTERM (deploys, scale-down) rather than dying half-way.
        signal.signal(signal.SIGTERM, self._stop)
        requeued = runner.requeue_stale()
        if requeued:
            self.stdout.write(f"Đưa lại {requeued} tác vụ bị bỏ dở vào hàng đợi.")
        done = 0
        try:
            while not self._stopping:
                job = runner.claim_next()
                if job is None:
                    if until_empty:
                        break
                    time.sleep(max(0.1, poll))
                    continue
                runner.execute(job)
                done += 1
                self.stdout.write(f"#{job.pk} {job.kind}: {job.get_status_display()}")
        except KeyboardInterrupt:
            pass
        self.stdout.write(f"Đã xử lý {done} tác vụ.")

    def _stop(self, signum, frame):
        self._stopping = True
