"""Periodic tasks of the tenant kit and of the task queue itself (README "Background work").

Each calls a service and holds no logic of its own. Periodic tasks take the scheduled time as
`timestamp`; a queueing lock keeps at most one of each waiting, so a queue that falls behind
does not pile them up.
"""

import functools
import inspect
from importlib import import_module

import pghistory
from django.conf import settings
from procrastinate.contrib.django import app

from crm import jobs, statistics
from crm.api.idempotency import purge_expired_keys

# Clean-ups and the queue's upkeep: small jobs, on a queue of their own so that an operator can
# give them a worker that no burst of other work delays.
MAINTENANCE_QUEUE = "maintenance"


def recorded_task(name: str, **options):
    """A task whose changes to tracked records are recorded with the task as their actor
    (history.context names requests and commands the same way). The worker runs many tasks,
    so the context is the task's, not the `worker` command's."""

    def declare(function):
        if inspect.iscoroutinefunction(function):
            # The queue's own upkeep: it changes no tracked record.
            return app.task(name=name, **options)(function)

        @functools.wraps(function)
        def in_context(*args, **kwargs):
            with pghistory.context(actor_type="task", actor=name, path=f"task {name}"):
                return function(*args, **kwargs)

        return app.task(name=name, **options)(in_context)

    return declare


def maintenance_task(name: str):
    return recorded_task(name, queue=MAINTENANCE_QUEUE, queueing_lock=name)


@app.periodic(cron=settings.STALLED_JOBS_CRON)
@maintenance_task("retry_stalled_jobs")
async def retry_stalled_jobs(timestamp: int) -> int:
    return await jobs.retry_stalled_jobs()


@app.periodic(cron=settings.ANALYZE_STALE_TABLES_CRON)
@maintenance_task("analyze_stale_tables")
def analyze_stale_tables(timestamp: int) -> list[str]:
    return statistics.analyze_stale_tables()


@app.periodic(cron="40 3 * * *")
@maintenance_task("delete_finished_jobs")
async def delete_finished_jobs(timestamp: int) -> None:
    await jobs.delete_finished_jobs()


@app.periodic(cron="5 * * * *")
@maintenance_task("purge_expired_idempotency_keys")
def purge_expired_idempotency_keys(timestamp: int) -> int:
    return purge_expired_keys()


@app.periodic(cron="10 * * * *")
@maintenance_task("purge_expired_sessions")
def purge_expired_sessions(timestamp: int) -> None:
    # What `manage.py clearsessions` does, for whichever session engine is configured.
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
