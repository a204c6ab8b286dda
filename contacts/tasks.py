"""Periodic tasks of contacts and companies (README "Background work")."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from procrastinate.contrib.django import app

from contacts.services import purge_archived_records
from crm.tasks import maintenance_task


@app.periodic(cron="20 * * * *")
@maintenance_task("purge_archived_records")
def purge_archived_records_past_retention(timestamp: int) -> tuple[int, int]:
    """What `purge_archived` does to contacts and companies, with ARCHIVE_RETENTION_DAYS."""
    cutoff = timezone.now() - timedelta(days=settings.ARCHIVE_RETENTION_DAYS)
    return purge_archived_records(archived_before=cutoff)
