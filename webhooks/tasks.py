"""Webhook jobs (README "Webhooks" and "Background work"): the dispatcher that turns the change
feed into deliveries, and one drain job per endpoint that attempts them.

The dispatcher is queued by PostgreSQL at the commit of any transaction whose events concern a
team with an active endpoint (migration 0002), and once a minute as a safety net; the drain
jobs by the dispatcher, by "send again", and by themselves for the next retry.
"""

import time

from django.db import connection, transaction
from procrastinate import exceptions
from procrastinate.contrib.django import app

from crm.tasks import recorded_task
from webhooks import dispatch

WEBHOOKS_QUEUE = "webhooks"
DISPATCH_LOCK = "webhooks-dispatch"
# After catching up, the dispatcher looks again this often, this many times, before it ends:
# under a steady flow of events one job follows the feed instead of one job per commit.
LINGER_PAUSE_SECONDS = 0.1
LINGER_CHECKS = 10


@app.periodic(cron="* * * * *")
@recorded_task(
    "dispatch_webhook_events",
    queue=WEBHOOKS_QUEUE,
    lock=DISPATCH_LOCK,
    queueing_lock=DISPATCH_LOCK,
)
def dispatch_webhook_events(timestamp: int | None = None) -> int:
    """Make the deliveries of the feed's new events; returns how many."""
    made, idle = 0, 0
    while idle < LINGER_CHECKS:
        result = dispatch.dispatch_events(wake_drain=wake_drain)
        made += result.deliveries
        if result.caught_up:
            idle += 1
            time.sleep(LINGER_PAUSE_SECONDS)
        else:
            idle = 0
    if timestamp is not None:
        # The minute's run also queues a drain for any endpoint whose due deliveries have no
        # job waiting (one lost to a race with a finishing drain, or made by an older version).
        with transaction.atomic():
            for endpoint_id in dispatch.endpoints_with_due_deliveries():
                wake_drain(endpoint_id)
    return made


@recorded_task("drain_webhook_endpoint", queue=WEBHOOKS_QUEUE)
def drain_webhook_endpoint(endpoint_id: str) -> None:
    """Attempt the endpoint's due deliveries; queue itself again for the next one due."""
    next_due = dispatch.drain_endpoint(endpoint_id)
    if next_due is not None:
        wake_drain(endpoint_id, at=next_due)


def wake_drain(endpoint_id, *, at=None) -> None:
    """Queue the endpoint's drain job to run at `at` (now by default), inside the current
    transaction. One waits per endpoint at most (its queueing lock), and one runs (its lock);
    when one already waits, it is moved earlier if `at` is earlier."""
    name = f"webhooks-endpoint-{endpoint_id}"
    try:
        with transaction.atomic():  # a savepoint: a refused job leaves the transaction usable
            drain_webhook_endpoint.configure(lock=name, queueing_lock=name, schedule_at=at).defer(
                endpoint_id=str(endpoint_id)
            )
    except exceptions.AlreadyEnqueued:
        with connection.cursor() as cursor:
            cursor.execute(
                """
                UPDATE procrastinate_jobs
                SET scheduled_at = CASE WHEN %(at)s::timestamptz IS NULL THEN NULL
                                        ELSE least(scheduled_at, %(at)s::timestamptz) END
                WHERE queueing_lock = %(name)s AND status = 'todo'
                  AND scheduled_at IS NOT NULL
                """,
                {"at": at, "name": name},
            )
