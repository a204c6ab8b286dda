"""Reads for webhooks."""

from datetime import datetime

from django.utils import timezone

from webhooks.models import WebhookDelivery


def due_deliveries(*, now: datetime | None = None, limit: int = 100) -> list:
    """The IDs of deliveries whose next attempt is due, oldest due first."""
    return list(
        WebhookDelivery.objects.filter(next_attempt_at__lte=now or timezone.now())
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
