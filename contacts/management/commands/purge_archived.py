from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from companies.models import Company
from contacts.models import Contact
from crm.api.idempotency import KEY_LIFETIME
from crm.models import IdempotencyKey

BATCH_SIZE = 1000


class Command(BaseCommand):
    help = (
        "Delete for good the contacts and companies archived longer ago than the retention "
        "period (their calls go with them), and expired Idempotency-Keys."
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
        contacts = Contact.objects.filter(archived_at__lt=cutoff)
        # A company goes once it has no contacts left, archived ones included.
        companies = Company.objects.filter(archived_at__lt=cutoff)
        keys = IdempotencyKey.objects.filter(created_at__lt=timezone.now() - KEY_LIFETIME)
        if dry_run:
            # What will have no contacts left once the expired ones are gone.
            staying = Contact.objects.filter(company=OuterRef("pk")).exclude(archived_at__lt=cutoff)
            removable = companies.exclude(Exists(staying))
            self.stdout.write(
                f"Dry run; would delete, archived before {cutoff:%Y-%m-%d %H:%M} UTC: "
                f"contacts {contacts.count()}, companies {removable.count()}; "
                f"expired idempotency keys {keys.count()}."
            )
            return
        contact_count = _delete_in_batches(contacts)
        company_count = _delete_in_batches(companies.filter(contacts__isnull=True))
        key_count, _ = keys.delete()
        self.stdout.write(
            f"Deleted, archived before {cutoff:%Y-%m-%d %H:%M} UTC: contacts {contact_count}, "
            f"companies {company_count}; expired idempotency keys {key_count}."
        )


def _delete_in_batches(queryset) -> int:
    """Delete in short transactions, so a large purge never holds locks for long."""
    deleted = 0
    while True:
        batch = list(queryset.values_list("pk", flat=True)[:BATCH_SIZE])
        if not batch:
            return deleted
        with transaction.atomic():
            queryset.model.objects.filter(pk__in=batch).delete()
        deleted += len(batch)
