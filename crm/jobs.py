"""The task queue's own upkeep: jobs of dead workers run again, finished jobs go after a while.

A worker records a heartbeat every WORKER_HEARTBEAT_SECONDS. One killed mid-job (SIGKILL, a lost
machine) leaves its jobs marked as running; once its heartbeat is WORKER_STALLED_AFTER_SECONDS
old, `retry_stalled_jobs` puts them back in their queue for any worker. A task may therefore run
more than once: each must be safe to repeat (a webhook delivery carries its ID for receivers to
drop duplicates).
"""

import logging

from django.conf import settings
from procrastinate import exceptions, jobs
from procrastinate.contrib.django import app

logger = logging.getLogger(__name__)


async def retry_stalled_jobs() -> int:
    """Queue again every job whose worker stopped sending heartbeats; returns how many."""
    stalled = await app.job_manager.get_stalled_jobs(
        seconds_since_heartbeat=settings.WORKER_STALLED_AFTER_SECONDS
    )
    count = 0
    for job in stalled:
        try:
            await app.job_manager.retry_job(job)
        except exceptions.UniqueViolation:
            # A job with the same queueing lock already waits and will do the same work;
            # finishing this one frees its lock for it.
            await app.job_manager.finish_job(job, status=jobs.Status.FAILED, delete_job=False)
            logger.warning(
                "Job %s (%s) of a dead worker left to its waiting twin", job.id, job.task_name
            )
            continue
        logger.warning("Job %s (%s) of a dead worker queued again", job.id, job.task_name)
        count += 1
    return count


async def delete_finished_jobs() -> None:
    """Delete the failed, cancelled and aborted jobs older than FINISHED_JOB_RETENTION_DAYS
    (succeeded ones are deleted as they finish)."""
    await app.job_manager.delete_old_jobs(
        nb_hours=settings.FINISHED_JOB_RETENTION_DAYS * 24,
        include_failed=True,
        include_cancelled=True,
        include_aborted=True,
    )
