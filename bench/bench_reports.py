"""Dashboard and report speed on national-scale demo data. Nothing here asserts.

    python bench/bench_reports.py                      # SQLite in var/bench-data (made once, then reused)
    DATABASE_URL=postgres://… python bench/bench_reports.py
    python bench/bench_reports.py --regenerate --scale province --repeat 20

Generates the data with `cchc demo-data` in a child process when the database has none (so
this process's peak memory is that of serving pages, not of generating), then prints:
dashboard p50/p95 through Django's test client (the province administrator, the administrator
drilled into one province, a leader of one province), one province's aggregated report
(reports:aggregate), one unit's report built from its progress (reports.services.report_draft,
rolled back), and the process's peak memory (getrusage) and the Python allocations of one
dashboard page (tracemalloc). Between the two, one reporting cycle of a unit is run on the
national data and rolled back (progress, report submitted, aggregate, DOCX/XLSX), each step timed
and checked.

Targets: dashboard p95 ≤ 300 ms on SQLite, ≤ 150 ms on PostgreSQL; province report ≤ 2 s;
≤ 300 MB per worker.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

TARGETS = {"sqlite": 300.0, "postgresql": 150.0}
PROVINCE_REPORT_TARGET_S = 2.0
MEMORY_TARGET_MB = 300


def _setup(data_dir: Path) -> None:
    os.environ.setdefault("CCHC_DATA_DIR", str(data_dir))
    Path(os.environ["CCHC_DATA_DIR"]).mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
    # Templates use {% static %}; the manifest storage would need collectstatic first.
    os.environ.setdefault("CCHC_STATICFILES_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage")
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]


def _generate(scale: str, seed: int, year: int, replace: bool) -> float:
    command = [
        sys.executable,
        "-m",
        "cchc",
        "demo-data",
        "--scale",
        scale,
        "--seed",
        str(seed),
        "--year",
        str(year),
    ]
    if replace:
        command.append("--replace")
    started = time.perf_counter()
    subprocess.run(command, check=True, env={**os.environ, "PYTHONPATH": str(REPO / "src")})
    return time.perf_counter() - started


def _users():
    from django.contrib.auth import get_user_model

    from cchc.orgs.models import Unit

    User = get_user_model()
    province = Unit.objects.filter(code__startswith="demo-", parent=None).order_by("code").first()
    admin, _ = User.objects.get_or_create(username="bench-admin", defaults={"role": "province_admin"})
    leader, _ = User.objects.get_or_create(username="bench-leader", defaults={"role": "unit_leader"})
    leader.unit = province
    leader.save(update_fields=["unit"])
    return admin, leader, province


def _client(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def _timings(client, url: str, repeat: int) -> list[float]:
    for _ in range(2):  # warm caches and lazy imports; the first call is not what users wait for
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        out.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return out


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


class CycleFailed(RuntimeError):
    pass


def _cycle(admin, province, period) -> None:
    """One reporting cycle on the national data, timed step by step and rolled back at the end
    (the data stays as generated): the first unit of the province (by name) that has no report for the
    6-month period records progress on all its assignments (deliverables, an evidence link),
    drafts and submits its report; the province's aggregate and the dashboard's submission grid
    then count it, and the aggregate is exported as DOCX and XLSX. Checked, not only timed: a
    step that does not show the report raises."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from cchc.orgs.models import Unit
    from cchc.reports import dashboard_selectors as dash
    from cchc.reports import selectors
    from cchc.reports.exports import export_aggregate
    from cchc.reports.services import report_draft, report_submit
    from cchc.tracking.models import Assignment
    from cchc.tracking.services import evidence_add, progress_record

    today = timezone.localdate()
    steps: list[tuple[str, float]] = []

    def step(label, started):
        steps.append((label, (time.perf_counter() - started) * 1000))

    with transaction.atomic():
        started = time.perf_counter()
        before = selectors.aggregate(actor=admin, period=period, root=province, today=today)
        step("aggregate before", started)
        # A unit expected to report that has not started a report for the period.
        missing = [row for row in before["units"] if row["report_id"] is None]
        if not missing:
            raise CycleFailed(f"every unit of {province.name} has a report for {period.code}")
        unit = Unit.objects.get(pk=missing[0]["id"])
        officer = get_user_model().objects.create_user(
            username="bench-cycle-officer", role="unit_officer", unit=unit
        )
        work = list(
            Assignment.objects.filter(unit=unit, active=True, plan__plan_year=period.year).order_by("id")
        )
        started = time.perf_counter()
        for number, assignment in enumerate(work):
            entry = progress_record(
                assignment=assignment,
                period=period.code,
                status="done" if number % 2 == 0 else "in_progress",
                percent=None if number % 2 == 0 else 60,
                deliverables={"news": 3} if number % 2 == 0 else {},
                actor=officer,
            )
        evidence_add(
            entry=entry, url="https://example.gov.vn/cchc/tin-bai", title="Tin bài CCHC", actor=officer
        )
        step(f"progress on {len(work)} assignments, one evidence link", started)
        started = time.perf_counter()
        report = report_draft(unit=unit, period=period.code, actor=officer)
        report = report_submit(version=report.current_version, actor=officer).report
        step("report drafted and submitted", started)
        started = time.perf_counter()
        after = selectors.aggregate(actor=admin, period=period, root=province, today=today)
        step("aggregate after", started)
        if after["reported"] != before["reported"] + 1:
            raise CycleFailed(
                f"the aggregate counts {after['reported']} reports, expected {before['reported'] + 1}"
            )
        started = time.perf_counter()
        tree = dash.UnitTree.load()
        scope = dash.scope_for(actor=admin, tree=tree, unit_id=unit.pk)
        [row] = [r for r in dash.submission_grid(scope, period.year, today) if r.unit.pk == unit.pk]
        state = next(state for p, state, _on in row.cells if p.code == period.code)
        step("dashboard grid", started)
        if state not in (dash.ON_TIME, dash.LATE):
            raise CycleFailed(f"the dashboard shows {unit.name}'s report as {state}")
        sizes = {}
        for fmt in ("docx", "xlsx"):
            started = time.perf_counter()
            _name, _mime, payload = export_aggregate(after, fmt, issuer="Sở Nội vụ", today=today)
            sizes[fmt] = len(payload)
            step(f"aggregate as {fmt.upper()} ({len(payload) / 1024:.0f} KB)", started)
        transaction.set_rollback(True)
    print(
        f"\nOne reporting cycle ({unit.name}, {period.code}, rolled back afterwards): "
        f"reported {before['reported']} → {after['reported']} of {after['expected']}, grid shows {state}"
    )
    for label, ms in steps:
        print(f"  {label:52} {ms:8.0f} ms")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="national", choices=("national", "province", "small"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--repeat", type=int, default=30, help="requests per measured page (default 30)")
    parser.add_argument("--regenerate", action="store_true", help="replace the demo data even if present")
    parser.add_argument("--data-dir", type=Path, default=REPO / "var" / "bench-data")
    args = parser.parse_args(argv)

    _setup(args.data_dir)
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.urls import reverse

    from cchc.core import demo_data
    from cchc.core.periods import Kind, Period
    from cchc.orgs.models import Unit
    from cchc.tracking.models import Assignment, ProgressEntry

    call_command("migrate", interactive=False, verbosity=0)
    vendor = connection.vendor
    print(f"Database: {vendor} ({connection.settings_dict['NAME']})")
    if args.regenerate or not demo_data.demo_exists():
        from django.contrib.auth import get_user_model

        get_user_model().objects.filter(username__startswith="bench-").update(unit=None)
        seconds = _generate(args.scale, args.seed, args.year, replace=demo_data.demo_exists())
        print(f"Generated {args.scale} demo data in {seconds:.1f} s")
    else:
        print("Reusing the demo data already in the database (--regenerate to make it again)")
    print(
        f"  {Unit.objects.count():,} units, {Assignment.objects.count():,} assignments, "
        f"{ProgressEntry.objects.count():,} progress entries"
    )

    admin, leader, province = _users()
    period = Period(args.year, Kind.YEAR)
    index = reverse("dashboard:index")
    pages = [
        ("dashboard, administrator, all units", admin, f"{index}?ky={period.code}"),
        ("dashboard, administrator, one province", admin, f"{index}?ky={period.code}&don_vi={province.pk}"),
        ("dashboard, leader of one province", leader, f"{index}?ky=%s" % Period(args.year, Kind.HALF).code),
        (
            "dashboard, one commune's assignments",
            admin,
            reverse(
                "dashboard:unit",
                args=[
                    Unit.objects.filter(parent=province, kind="commune_committee")
                    .order_by("code")
                    .values_list("pk", flat=True)[0]
                ],
            )
            + f"?ky={period.code}",
        ),
    ]
    target = TARGETS.get(vendor, 300.0)
    print(f"\nPages, {args.repeat} requests each (target p95 ≤ {target:.0f} ms on {vendor}):")
    for label, user, url in pages:
        timings = _timings(_client(user), url, args.repeat)
        p95 = _p(timings, 0.95)
        verdict = "ok" if p95 <= target else "SLOW"
        print(f"  {label:42} p50 {statistics.median(timings):7.1f} ms   p95 {p95:7.1f} ms  {verdict}")

    client = _client(admin)
    aggregate_url = reverse("reports:aggregate") + f"?ky={period.code}&don_vi={province.pk}"
    timings = [t / 1000 for t in _timings(client, aggregate_url, max(3, args.repeat // 5))]
    verdict = "ok" if max(timings) <= PROVINCE_REPORT_TARGET_S else "SLOW"
    print(
        f"\nOne province's aggregated report ({province.name}), page reports:aggregate: "
        f"median {statistics.median(timings):.2f} s, worst {max(timings):.2f} s "
        f"(target ≤ {PROVINCE_REPORT_TARGET_S:.0f} s) {verdict}"
    )

    from cchc.reports.models import UnitReport
    from cchc.reports.services import report_draft

    commune = Unit.objects.filter(parent=province, kind="commune_committee").order_by("code").last()
    unit_times = []
    for _ in range(5):
        # The commune's demo report is removed and drafted again from its progress, then rolled back.
        with transaction.atomic():
            UnitReport.objects.filter(unit=commune, period=period.code).delete()
            started = time.perf_counter()
            report = report_draft(unit=commune, period=period.code, actor=admin)
            unit_times.append(time.perf_counter() - started)
            rows = len(report.current_version.tasks)
            transaction.set_rollback(True)
    print(
        f"One unit's report ({commune.name}, {period.code}, {rows} tasks), built from its progress: "
        f"median {statistics.median(unit_times) * 1000:.0f} ms"
    )

    _cycle(admin, province, Period(args.year, Kind.HALF))

    tracemalloc.start()
    client.get(f"{index}?ky={period.code}")
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    verdict = "ok" if rss_mb <= MEMORY_TARGET_MB else "HIGH"
    print(
        f"\nMemory: peak RSS of this process {rss_mb:.0f} MB (target ≤ {MEMORY_TARGET_MB} MB per worker) {verdict}; "
        f"Python allocations of one dashboard page {peak / 1024 / 1024:.1f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
