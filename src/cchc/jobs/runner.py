"""Run jobs: in-process on the embedded default, by `cchc worker` processes in production.

`enqueue()` only writes a row; the job starts after the surrounding transaction commits, so
it never reads data that might still roll back. Then either

* inline (``CCHC_JOBS_INLINE``, the default): a small thread pool of this process runs it
  (``CCHC_JOB_WORKERS`` threads; 0 runs it right away in the committing thread, which the
  command line and the tests use), or
* not inline: the row waits for `cchc worker`, which claims jobs one at a time with
  ``SELECT … FOR UPDATE SKIP LOCKED`` so several workers on PostgreSQL never run one job twice.

A handler is a function of the job, registered with `@handler("app.kind")`; it reports progress
with `report()`. A job left "running" by a killed process is put back in the queue by
`requeue_stale()` (at worker start, and at the first dispatch of an inline process).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as futures_wait
from contextlib import contextmanager
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import OperationalError, connection, connections, transaction
from django.db.models import F
from django.utils import timezone

from cchc.config import env_bool, env_int
from cchc.jobs.models import Job, JobStatus

log = logging.getLogger(__name__)

HANDLERS: dict[str, Callable[[Job], None]] = {}
STALE_AFTER = timedelta(minutes=15)

_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()
_recovered = False
_local = threading.local()
_futures: set[Future] = set()
CLAIM_RETRY_PAUSES = (0.2, 0.5, 1.0, 2.0)


def handler(kind: str):
    """Register the function that runs jobs of `kind`."""

    def register(func: Callable[[Job], None]) -> Callable[[Job], None]:
        if HANDLERS.get(kind, func) is not func:
            raise ValueError(f"job kind {kind!r} already has a handler")
        HANDLERS[kind] = func
        return func

    return register


def inline_enabled() -> bool:
    """Settings win over the environment so tests can switch modes with `settings` overrides."""
    value = getattr(settings, "CCHC_JOBS_INLINE", None)
    return env_bool("CCHC_JOBS_INLINE", True) if value is None else bool(value)


def inline_workers() -> int:
    value = getattr(settings, "CCHC_JOB_WORKERS", None)
    return env_int("CCHC_JOB_WORKERS", 2) if value is None else int(value)


def enqueue(kind: str, payload: dict | None = None) -> Job:
    """Queue a job; it starts once the current transaction commits (at once outside one)."""
    if kind not in HANDLERS:
        raise ValueError(f"no handler for job kind {kind!r}; known: {', '.join(sorted(HANDLERS))}")
    job = Job.objects.create(kind=kind, payload=payload or {})
    transaction.on_commit(partial(_dispatch, job.pk))
    return job


@contextmanager
def synchronously():
    """Within this block, jobs enqueued by this thread run right after commit, in this thread,
    whatever the settings say (the command line waits for its own imports)."""
    previous = getattr(_local, "synchronous", False)
    _local.synchronous = True
    try:
        yield
    finally:
        _local.synchronous = previous


def _dispatch(pk: int) -> None:
    if getattr(_local, "synchronous", False):
        run_job(pk)
        return
    if not inline_enabled():
        return  # a `cchc worker` process will claim it
    _recover_once()
    if inline_workers() <= 0:
        run_job(pk)
        return
    _submit(pk)


def _submit(pk: int) -> None:
    future = _thread_pool().submit(_run_in_thread, pk)
    with _pool_lock:
        _futures.add(future)
    future.add_done_callback(_futures.discard)


def _thread_pool() -> ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=inline_workers(), thread_name_prefix="cchc-job")
        return _pool


def _run_in_thread(pk: int) -> None:
    try:
        for pause in CLAIM_RETRY_PAUSES:
            try:
                run_job(pk)
                return
            except OperationalError:
                # SQLite answers "database is locked" while another thread writes; the job is
                # still queued, so claiming it again a moment later is safe.
                log.warning("job %s: database busy, retrying in %ss", pk, pause)
                connections.close_all()
                time.sleep(pause)
        run_job(pk)
    except Exception:  # the thread pool would swallow it silently
        log.exception("job %s crashed outside its handler", pk)
    finally:
        # Each pool thread has its own connection; leaving it open would hold SQLite locks.
        connections.close_all()


def wait_for_inline_jobs(timeout: float | None = None) -> bool:
    """Block until the jobs handed to this process's threads have finished (a clean shutdown,
    or a test that must not touch the database meanwhile). False when `timeout` ran out."""
    with _pool_lock:
        pending = list(_futures)
    _, not_done = futures_wait(pending, timeout=timeout)
    return not not_done


def _recover_once() -> None:
    """Jobs a killed process left behind are picked up by the next process that runs jobs."""
    global _recovered
    if _recovered:
        return
    _recovered = True
    requeue_stale()
    leftovers = list(Job.objects.filter(status=JobStatus.QUEUED).values_list("pk", flat=True))
    if inline_workers() > 0:
        for pk in leftovers:
            _submit(pk)


def requeue_stale(older_than: timedelta = STALE_AFTER) -> int:
    """Put jobs that have been "running" longer than `older_than` back in the queue."""
    cutoff = timezone.now() - older_than
    return Job.objects.filter(status=JobStatus.RUNNING, started_at__lt=cutoff).update(
        status=JobStatus.QUEUED, message="Chạy lại sau khi tiến trình xử lý bị dừng.", claimed_by=""
    )


def _worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"[:120]


def run_job(pk: int) -> Job | None:
    """Claim the queued job `pk` and run it; None when someone else already has it."""
    now = timezone.now()
    # A conditional UPDATE is an atomic claim on every database: only one caller sees 1.
    claimed = Job.objects.filter(pk=pk, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=now, claimed_by=_worker_name()
    )
    if not claimed:
        return None
    Job.objects.filter(pk=pk).update(attempts=F("attempts") + 1)
    job = Job.objects.get(pk=pk)
    execute(job)
    return job


def claim_next() -> Job | None:
    """Take the oldest queued job for this worker, or None when the queue is empty."""
    with transaction.atomic():
        queued = Job.objects.filter(status=JobStatus.QUEUED).order_by("id")
        if connection.features.has_select_for_update_skip_locked:
            queued = queued.select_for_update(skip_locked=True)
        job = queued.first()
        if job is None:
            return None
        job.status = JobStatus.RUNNING
        job.started_at = timezone.now()
        job.attempts += 1
        job.claimed_by = _worker_name()
        job.save(update_fields=["status", "started_at", "attempts", "claimed_by"])
    return job


def execute(job: Job) -> Job:
    """Run a claimed job's handler and record how it ended."""
    func = HANDLERS.get(job.kind)
    if func is None:
        _finish(job, JobStatus.FAILED, error=f"Không có bộ xử lý cho loại tác vụ {job.kind!r}.")
        return job
    try:
        func(job)
    except Exception as exc:
        log.exception("job %s (%s) failed", job.pk, job.kind)
        _finish(job, JobStatus.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000])
    else:
        _finish(job, JobStatus.DONE, progress=100)
    return job


def _finish(job: Job, status: str, *, error: str = "", progress: int | None = None) -> None:
    job.status = status
    job.error = error
    job.finished_at = timezone.now()
    fields = {"status": status, "error": error, "finished_at": job.finished_at}
    if progress is not None:
        job.progress = fields["progress"] = progress
    Job.objects.filter(pk=job.pk).update(**fields)


def report(job: Job, progress: int, message: str = "") -> None:
    """Record how far a running job has come (0..100), for progress bars.

    Written with its own UPDATE, outside any transaction of the handler, so a reader sees it at once.
    """
    job.progress = max(0, min(100, int(progress)))
    job.message = message[:300]
    Job.objects.filter(pk=job.pk).update(progress=job.progress, message=job.message)
