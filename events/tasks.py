"""Periodic task of the change feed (README "Background work")."""

from procrastinate.contrib.django import app

from crm.tasks import maintenance_task
from events.services import purge_old_events


@app.periodic(cron="30 * * * *")
@maintenance_task("purge_old_feed_transactions")
def purge_old_feed_transactions(timestamp: int) -> int:
    """Forget the feed's transactions past EVENT_RETENTION_DAYS (history's events stay)."""
    return purge_old_events()
