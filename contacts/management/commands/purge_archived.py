from datetime import timedelta

from django.conf import settings
from django.core.management.base import CommandError
from django.utils import timezone

from contacts.services import purge_archived_records
from crm.api.idempotency import purge_expired_keys
from history.context import RecordedCommand


class Command(RecordedCommand):
    help = (
        "Delete for good the contacts and companies archived longer ago than the retention "
        "period, and those of teams deactivated that long ago (their calls go with them), and "
        "expired Idempotency-Keys."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.ARCHIVE_RETENTION_DAYS,
            help="Retention period in days (default %(default)s, env ARCHIVE_RETENTION_DAYS).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would go; delete nothing."
        )

    def handle(self, *args, days, dry_run, **options):
        if days < 0:
            raise CommandError("--days cannot be negative.")
        cutoff = timezone.now() - timedelta(days=days)
        contact_count, company_count = purge_archived_records(
            archived_before=cutoff, dry_run=dry_run
        )
        key_count = purge_expired_keys(dry_run=dry_run)
        done = "Dry run; would delete" if dry_run else "Deleted"
        self.stdout.write(
            f"{done}, archived before {cutoff:%Y-%m-%d %H:%M} UTC: contacts {contact_count}, "
            f"companies {company_count}; expired idempotency keys {key_count}."
        )
