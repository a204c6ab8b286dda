from collections import Counter

from django.core.management.base import CommandError

from crm.management.base import CrmCommand
from webhooks import services
from webhooks.models import WebhookDelivery
from webhooks.selectors import due_deliveries


class Command(CrmCommand):
    help = (
        "Attempt once every webhook delivery whose next attempt is due, one after another. "
        "A stopgap for a cron line until a task queue runs deliveries as they fall due."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--limit", type=int, default=1000, help="Attempt at most this many (default 1000)."
        )

    def handle(self, *args, limit, **options):
        if limit < 1:
            raise CommandError("--limit must be at least 1.")
        outcomes = Counter()
        for delivery_id in due_deliveries(limit=limit):
            attempt = services.deliver(delivery_id)
            if attempt is not None:  # None: another process took it, or it is no longer due
                outcomes[attempt.status] += 1
        Status = WebhookDelivery.Status
        # A receiver's failure is scheduled for a retry, not an error of this command.
        self.stdout.write(
            f"Attempted {outcomes.total()} due delivery(ies): {outcomes[Status.SUCCEEDED]} "
            f"succeeded, {outcomes[Status.FAILED]} failed (retried later), "
            f"{outcomes[Status.GIVEN_UP]} given up."
        )
