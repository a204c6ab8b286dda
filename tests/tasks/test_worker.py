"""`manage.py worker`, for real: jobs deferred through Django's connection run in another
process, only once their transaction commits; a worker stops gracefully on SIGTERM; and the
job of a worker killed mid-run is run again by the next one."""

import subprocess

import pytest
from django.db import transaction
from procrastinate.contrib.django.models import ProcrastinateJob, ProcrastinateWorker

from tests.kit.commands import run_command
from tests.kit.worker import wait_for
from tests.tasks.held import hold_until_released, starts


def held_jobs():
    """The queue's jobs of the held task (the worker's periodic ones come and go beside them)."""
    return ProcrastinateJob.objects.filter(task_name=hold_until_released.name)


def folder(tmp_path, name):
    here = tmp_path / name
    here.mkdir()
    return here


def released(tmp_path, name):
    here = folder(tmp_path, name)
    (here / "release").touch()
    return here


def test_a_worker_runs_a_job_deferred_in_a_committed_transaction(start_worker, tmp_path):
    here = released(tmp_path, "committed")
    with transaction.atomic():
        hold_until_released.defer(folder=str(here))
    worker = start_worker()

    wait_for(lambda: (here / "finished").exists(), worker, "finished job")

    assert starts(here) == 1
    # A succeeded job is deleted once it ends: the queue does not grow with work done.
    wait_for(lambda: not held_jobs().exists(), worker, "empty queue")
    assert worker.stop() == 0


def test_a_job_deferred_in_a_rolled_back_transaction_is_never_run(start_worker, tmp_path):
    rolled_back = released(tmp_path, "rolled-back")
    committed = released(tmp_path, "committed")
    with pytest.raises(RuntimeError), transaction.atomic():
        hold_until_released.defer(folder=str(rolled_back))
        raise RuntimeError("the write fails after its job was deferred")
    hold_until_released.defer(folder=str(committed))
    worker = start_worker()

    wait_for(lambda: (committed / "finished").exists(), worker, "finished job")

    assert starts(rolled_back) == 0
    assert worker.stop() == 0
    assert starts(rolled_back) == 0


def test_sigterm_lets_the_running_job_finish_before_the_worker_exits(start_worker, tmp_path):
    here = folder(tmp_path, "held")
    hold_until_released.defer(folder=str(here))
    worker = start_worker()
    wait_for(lambda: starts(here) == 1, worker, "started job")

    worker.process.terminate()
    with pytest.raises(subprocess.TimeoutExpired):
        worker.process.wait(1)  # still finishing the job
    (here / "release").touch()

    assert worker.process.wait(30) == 0
    assert (here / "finished").exists()
    assert starts(here) == 1
    assert not held_jobs().exists()
    assert not ProcrastinateWorker.objects.exists()  # it signed off


def test_the_job_of_a_killed_worker_is_run_again_by_the_next_worker(start_worker, tmp_path):
    here = folder(tmp_path, "held")
    hold_until_released.defer(folder=str(here))
    first = start_worker()
    wait_for(lambda: starts(here) == 1, first, "started job")

    first.kill()  # SIGKILL: no chance to sign off or to put the job back
    job = held_jobs().get()
    assert job.status == "doing"
    second = start_worker()
    wait_for(lambda: starts(here) == 2, second, "second start of the job")
    (here / "release").touch()

    wait_for(lambda: not held_jobs().exists(), second, "job done")
    assert (here / "finished").exists()
    assert "queued again" in second.output()
    assert second.stop() == 0


def test_the_worker_refuses_a_concurrency_below_one(db):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="--concurrency must be at least 1"):
        run_command("worker", "--concurrency", "0")
