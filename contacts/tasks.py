"""Tasks of contacts and companies: periodic clean-ups and imports started in the admin
(README "Background work")."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from procrastinate.contrib.django import app

from contacts import import_jobs
from contacts.services import purge_archived_records
from crm.tasks import maintenance_task, recorded_task


@app.periodic(cron="20 * * * *")
@maintenance_task("purge_archived_records")
def purge_archived_records_past_retention(timestamp: int) -> tuple[int, int]:
    """What `purge_archived` does to contacts and companies, with ARCHIVE_RETENTION_DAYS."""
    cutoff = timezone.now() - timedelta(days=settings.ARCHIVE_RETENTION_DAYS)
    return purge_archived_records(archived_before=cutoff)


# Imports may run for minutes: on a queue of their own, so an operator can give them workers
# of their own (`manage.py worker --queues imports`); a plain `worker` takes every queue.
IMPORTS_QUEUE = "imports"


@recorded_task("run_contact_import", queue=IMPORTS_QUEUE)
def run_contact_import(import_id: str, dry_run: bool) -> None:
    """A run of an import started in the admin (contacts/import_jobs.py). Safe to repeat, as
    the import is: a run again after a killed worker matches the rows already imported."""
    import_jobs.run(import_id, dry_run=dry_run)
