"""Public page speed: server time of the home page (cold and cached), then requests per second
for the home page, the news list, one search asked again and again (served from the cache after
the first time) and searches that keep changing (three random words each, mostly not cached)
at 50 concurrent clients against gunicorn. Nothing asserts.

    .venv/bin/python bench/bench_portal.py [--clients 50] [--seconds 10] [--workers 2] [--news 200]

Builds a demo database in a temporary folder (migrate, sample news, a few results), starts
gunicorn on it, and loads it with `wrk` (Debian's package; installed with apt-get when missing
and run as root) or, without wrk, a threaded Python client with keep-alive connections.
Target: home page ≤ 100 ms server time with caching; a search ≥ 100 requests/s at 50 clients.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
HOME_TARGET_MS = 100.0
SEARCH_QUERY = "cai cach hanh chinh"
# The words of the sample news without their marks: three of them make a varied query.
SEARCH_WORDS = (
    "cai cach hanh chinh thu tuc dich vu cong truc tuyen chuyen doi so nguoi dan doanh nghiep".split()
)
SEARCH_PATH = "/cong-thong-tin/tim-kiem/?q="
# wrk: each thread seeds its own generator, so threads do not send the same queries.
VARIED_LUA = """
local words = {WORDS}
local counter = 0
function setup(thread) counter = counter + 1; thread:set("id", counter) end
function init(args) math.randomseed(os.time() * 1000 + id) end
function request()
  local a, b, c = words[math.random(#words)], words[math.random(#words)], words[math.random(#words)]
  return wrk.format("GET", "{PATH}" .. a .. "+" .. b .. "+" .. c)
end
"""

SEED = """
import django, random
django.setup()
from datetime import timedelta
from django.contrib.auth import get_user_model
from django.utils import timezone
from cchc.orgs.models import Unit
from cchc.portal import services
from cchc.portal.demo import add_demo_news
from cchc.portal.models import Category
admin = get_user_model().objects.create_user("bench-admin", password="Bench-portal-2025", role="province_admin")
add_demo_news()
random.seed(7)
words = "cải cách hành chính thủ tục dịch vụ công trực tuyến chuyển đổi số người dân doanh nghiệp".split()
now = timezone.now()
for i in range({news}):
    title = "Tin mẫu số %d: " % i + " ".join(random.sample(words, 6))
    body = "".join("<p>" + " ".join(random.choices(words, k=60)) + "</p>" for _ in range(5))
    item = services.news_create(actor=admin, title=title, category=random.choice(Category.values),
                                summary=" ".join(random.choices(words, k=25)), body=body)
    services.news_publish(actor=admin, news=item, published_at=now - timedelta(minutes=i))
for k in range(8):
    unit = Unit.objects.create(code="bench-%d" % k, name="Đơn vị mẫu %d" % k, kind="department")
    for year in (2023, 2024):
        services.result_save(actor=admin, unit=unit, year=year, kind="par", score=70 + k * 3.1)
try:
    from django.core.management import call_command
    call_command("search", "--reindex")
except Exception as exc:  # the search app may not offer it yet
    print("search reindex skipped:", exc)
"""

TIMING = """
import django, statistics, time
django.setup()
from django.core.cache import cache
from django.test import Client
client = Client(HTTP_HOST="localhost")
cold = []
for _ in range(5):
    cache.clear()
    t = time.perf_counter(); client.get("/cong-thong-tin/"); cold.append((time.perf_counter() - t) * 1000)
warm = []
for _ in range(200):
    t = time.perf_counter(); r = client.get("/cong-thong-tin/"); warm.append((time.perf_counter() - t) * 1000)
assert r.status_code == 200
warm.sort()
print("%.2f %.2f %.2f" % (statistics.median(cold), statistics.median(warm), warm[int(len(warm) * 0.95)]))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_django(code: str, env: dict) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=1800, cwd=REPO
    )
    if result.returncode != 0:
        raise SystemExit(f"setup failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def find_wrk() -> str | None:
    found = shutil.which("wrk")
    if found is None and os.geteuid() == 0 and shutil.which("apt-get"):
        print("• wrk missing: apt-get install -y wrk …")
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], capture_output=True, timeout=300)
        found = shutil.which("wrk")
    return found


def varied_path() -> str:
    return SEARCH_PATH + "+".join(random.choice(SEARCH_WORDS) for _ in range(3))


def wrk_rps(wrk: str, url: str, clients: int, seconds: int, script: str | None = None) -> tuple[float, str]:
    threads = max(1, min(clients, os.cpu_count() or 2))
    extra = ["-s", script] if script else []
    output = subprocess.run(
        [wrk, f"-t{threads}", f"-c{clients}", f"-d{seconds}s", "--latency", *extra, url],
        capture_output=True, text=True, timeout=seconds + 60,
    ).stdout  # fmt: skip
    match = re.search(r"Requests/sec:\s+([\d.]+)", output)
    latency = re.search(r"Latency Distribution.*?50%\s+(\S+).*?99%\s+(\S+)", output, re.S)
    detail = f"p50 {latency.group(1)}, p99 {latency.group(2)}" if latency else ""
    for pattern, label in (
        (r"Non-2xx or 3xx responses: (\d+)", "non-2xx"),
        (r"Socket errors: ([^\n]+)", "socket errors"),
    ):
        found = re.search(pattern, output)
        if found:
            detail += f", {label}: {found.group(1)}"
    return (float(match.group(1)) if match else 0.0), detail


def python_rps(host: str, port: int, path, clients: int, seconds: int) -> tuple[float, str]:
    """A threaded client with one keep-alive connection per client (the fallback without wrk);
    `path` may be a function that returns a new path for each request."""
    deadline = time.perf_counter() + seconds
    latencies: list[float] = []
    failures = [0]
    lock = threading.Lock()

    def client():
        connection = http.client.HTTPConnection(host, port, timeout=30)
        mine = []
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                connection.request("GET", path() if callable(path) else path)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except OSError:
                connection = http.client.HTTPConnection(host, port, timeout=30)
                ok = False
            mine.append(time.perf_counter() - started)
            if not ok:
                with lock:
                    failures[0] += 1
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    p50 = statistics.median(latencies) * 1000 if latencies else 0
    return len(latencies) / seconds, f"p50 {p50:.1f} ms, failures {failures[0]}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=max(2, (os.cpu_count() or 2)))
    parser.add_argument("--news", type=int, default=200, help="published news items in the demo database")
    parser.add_argument(
        "--python-client", action="store_true", help="use the Python client even if wrk exists"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="cchc-bench-portal-") as data_dir:
        env = {
            **os.environ,
            "CCHC_DATA_DIR": data_dir,
            "DJANGO_SETTINGS_MODULE": "cchc.settings",
            "CCHC_STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
            "CCHC_JOBS_INLINE": "false",
            "PYTHONPATH": str(REPO / "src"),
        }
        env.pop("DATABASE_URL", None)
        print(f"• Demo database in {data_dir}: migrate, {args.news} news items …")
        subprocess.run([str(BIN / "cchc"), "migrate", "-v0"], env=env, check=True, cwd=REPO)
        Path(data_dir, "static").mkdir(exist_ok=True)  # WhiteNoise warns on every start without it
        print(run_django(SEED.replace("{news}", str(args.news)), env).strip() or "  seeded")

        cold, warm, warm95 = map(float, run_django(TIMING, env).split())
        verdict = "OK" if warm <= HOME_TARGET_MS else "OVER TARGET"
        print(f"Home page server time (Django test client, in process): first render {cold:.1f} ms, "
              f"cached p50 {warm:.2f} ms, p95 {warm95:.2f} ms → target ≤ {HOME_TARGET_MS:.0f} ms: {verdict}")  # fmt: skip

        port = free_port()
        server = subprocess.Popen(
            [str(BIN / "gunicorn"), "cchc.wsgi:application", "-b", f"127.0.0.1:{port}",
             "-w", str(args.workers), "--threads", "4", "--log-level", "warning"],
            env=env, cwd=REPO,
        )  # fmt: skip
        try:
            for _ in range(100):
                try:
                    http.client.HTTPConnection("127.0.0.1", port, timeout=2).request(
                        "GET", "/cong-thong-tin/"
                    )
                    break
                except OSError:
                    time.sleep(0.2)
            base = f"http://127.0.0.1:{port}"
            search_path = SEARCH_PATH + SEARCH_QUERY.replace(" ", "+")
            probe = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            probe.request("GET", search_path)
            search_ok = probe.getresponse().status == 200
            targets = [("home page", "/cong-thong-tin/"), ("news list", "/cong-thong-tin/tin-tuc/")]
            if search_ok:
                targets.append((f"search “{SEARCH_QUERY}”", search_path))
                targets.append(("search, 3 random words each", varied_path))
            else:
                print("  (the search page does not answer 200 yet: measuring the news list only)")
            wrk = None if args.python_client else find_wrk()
            tool = "wrk" if wrk else "Python threaded client"
            print(f"Load: {args.clients} concurrent clients, {args.seconds} s each, gunicorn "
                  f"{args.workers} workers × 4 threads, {os.cpu_count()} CPUs, tool: {tool}")  # fmt: skip
            script = Path(data_dir, "varied.lua")
            words = "{" + ", ".join(f'"{word}"' for word in SEARCH_WORDS) + "}"
            script.write_text(VARIED_LUA.replace("{WORDS}", words).replace("{PATH}", SEARCH_PATH))
            for label, path in targets:
                # One warm-up pass (the cached pages are made once, in the shared cache).
                python_rps("127.0.0.1", port, path, min(args.clients, 8), 1)
                if wrk and callable(path):
                    rps, detail = wrk_rps(wrk, base + "/", args.clients, args.seconds, str(script))
                elif wrk:
                    rps, detail = wrk_rps(wrk, base + path, args.clients, args.seconds)
                else:
                    rps, detail = python_rps("127.0.0.1", port, path, args.clients, args.seconds)
                load = os.getloadavg()[0]  # the machine may be shared: say how busy it was
                print(f"  {label:<34} {rps:8.1f} requests/s  ({detail}; load average {load:.1f})")
        finally:
            server.terminate()
            server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
