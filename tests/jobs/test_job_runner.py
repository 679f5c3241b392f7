"""The job runner: jobs start after commit, run inline or in a worker, and are claimed once."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from cchc.jobs import runner
from cchc.jobs.models import Job, JobStatus

pytestmark = pytest.mark.django_db

SEEN: list[dict] = []


@runner.handler("tests.remember")
def remember(job):
    runner.report(job, 50, "nửa đường")
    SEEN.append(dict(job.payload))


@runner.handler("tests.explode")
def explode(job):
    raise ValueError("tệp hỏng")


@pytest.fixture(autouse=True)
def fresh_log(settings):
    SEEN.clear()
    settings.CCHC_JOBS_INLINE = True
    settings.CCHC_JOB_WORKERS = 0


def test_an_inline_job_runs_only_after_its_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        job = runner.enqueue("tests.remember", {"item": 7})
        assert SEEN == []  # still inside the transaction
    assert len(callbacks) == 1
    job.refresh_from_db()
    assert SEEN == [{"item": 7}]
    assert job.status == JobStatus.DONE
    assert job.progress == 100


def test_a_job_of_a_rolled_back_transaction_never_runs(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            runner.enqueue("tests.remember", {"item": 1})
            raise RuntimeError("rollback")
    assert SEEN == []
    assert Job.objects.count() == 0


def test_it_refuses_to_queue_a_kind_without_a_handler():
    with pytest.raises(ValueError, match="no handler"):
        runner.enqueue("tests.nobody-handles-this")


def test_a_failing_handler_marks_the_job_failed_with_the_reason(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = runner.enqueue("tests.explode")
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "tệp hỏng" in job.error
    assert job.finished_at is not None


def test_without_inline_jobs_wait_for_a_worker(settings, django_capture_on_commit_callbacks):
    settings.CCHC_JOBS_INLINE = False
    with django_capture_on_commit_callbacks(execute=True):
        job = runner.enqueue("tests.remember", {"item": 3})
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED
    call_command("worker", "--until-empty", stdout=io.StringIO())
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert SEEN == [{"item": 3}]


def test_a_worker_claims_each_queued_job_exactly_once():
    first = Job.objects.create(kind="tests.remember")
    second = Job.objects.create(kind="tests.remember")
    claimed = [runner.claim_next(), runner.claim_next(), runner.claim_next()]
    assert [j.pk if j else None for j in claimed] == [first.pk, second.pk, None]
    assert all(j.status == JobStatus.RUNNING and j.attempts == 1 for j in claimed[:2])


def test_running_a_job_that_another_process_claimed_does_nothing():
    job = Job.objects.create(kind="tests.remember")
    assert runner.claim_next().pk == job.pk
    assert runner.run_job(job.pk) is None
    assert SEEN == []


def test_a_job_left_running_by_a_killed_process_goes_back_to_the_queue():
    stale = Job.objects.create(
        kind="tests.remember", status=JobStatus.RUNNING, started_at=timezone.now() - timedelta(hours=2)
    )
    fresh = Job.objects.create(kind="tests.remember", status=JobStatus.RUNNING, started_at=timezone.now())
    assert runner.requeue_stale() == 1
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert stale.status == JobStatus.QUEUED
    assert fresh.status == JobStatus.RUNNING


def test_progress_reports_are_visible_while_the_job_runs():
    job = Job.objects.create(kind="tests.remember")
    runner.report(job, 140, "x" * 400)
    job.refresh_from_db()
    assert job.progress == 100
    assert len(job.message) == 300


def test_a_job_runs_in_a_pool_thread_when_workers_are_configured(settings, transactional_db):
    settings.CCHC_JOB_WORKERS = 1
    job = runner.enqueue("tests.remember", {"item": 9})  # autocommit: dispatched at once
    assert runner.wait_for_inline_jobs(timeout=20)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert SEEN == [{"item": 9}]


def test_concurrent_workers_on_postgresql_never_claim_the_same_job(transactional_db):
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip(
            "SKIP LOCKED needs PostgreSQL; CI runs this test there (SQLite serializes writers anyway)"
        )
    jobs = [Job.objects.create(kind="tests.remember") for _ in range(40)]

    def worker() -> list[int]:
        taken = []
        try:
            while (job := runner.claim_next()) is not None:
                taken.append(job.pk)
        finally:
            connections.close_all()
        return taken

    with ThreadPoolExecutor(max_workers=4) as pool:
        claimed = [pk for batch in pool.map(lambda _: worker(), range(4)) for pk in batch]
    assert sorted(claimed) == sorted(j.pk for j in jobs)
