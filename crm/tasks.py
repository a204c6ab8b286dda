"""Periodic tasks of the tenant kit and of the task queue itself (README "Background work").

Each calls a service and holds no logic of its own. Periodic tasks take the scheduled time as
`timestamp`; a queueing lock keeps at most one of each waiting, so a queue that falls behind
does not pile them up.
"""

from importlib import import_module

from django.conf import settings
from procrastinate.contrib.django import app

from crm import jobs
from crm.api.idempotency import purge_expired_keys

# Clean-ups and the queue's upkeep: small jobs, on a queue of their own so that an operator can
# give them a worker that no burst of other work delays.
MAINTENANCE_QUEUE = "maintenance"


def maintenance_task(name: str):
    return app.task(name=name, queue=MAINTENANCE_QUEUE, queueing_lock=name)


@app.periodic(cron=settings.STALLED_JOBS_CRON)
@maintenance_task("retry_stalled_jobs")
async def retry_stalled_jobs(timestamp: int) -> int:
    return await jobs.retry_stalled_jobs()


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
