"""`cchc serve`: serve the product with gunicorn (static files through whitenoise)."""

from __future__ import annotations

import os
import sys

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Chạy máy chủ web (gunicorn) / serve the web application"

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("CCHC_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("CCHC_PORT", "8000")))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("CCHC_WORKERS", "2")))

    def handle(self, *args, host, port, workers, **options):
        if not 0 < port < 65536:
            raise CommandError(f"Cổng không hợp lệ / invalid port: {port}")
        gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
        if not os.path.exists(gunicorn):
            raise CommandError("gunicorn không có trong môi trường ảo / gunicorn is not installed")
        self.stdout.write(f"cchc: http://{host}:{port}/  (Ctrl+C để dừng / to stop)")
        sys.stdout.flush()
        argv = [
            gunicorn,
            "cchc.wsgi:application",
            "--bind",
            f"{host}:{port}",
            "--workers",
            str(workers),
            "--threads",
            "4",
            "--access-logfile",
            "-",
            "--graceful-timeout",
            "10",
        ]
        # exec so that signals (Ctrl+C, systemd stop) reach gunicorn directly.
        os.execv(gunicorn, argv)
