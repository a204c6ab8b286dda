import base64
import secrets

from django.contrib.postgres.fields import ArrayField
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from crm.models import SameTeamForeignKey, TeamOwnedModel
from webhooks.events import EVENT_TYPE_MAX_LENGTH, EVENT_TYPES
from webhooks.rules import URL_MAX_LENGTH

SECRET_PREFIX = "whsec_"
SECRET_BYTES = 32


def new_secret() -> str:
    """A signing secret as Standard Webhooks spells it: `whsec_` and base64 random bytes."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


class WebhookEndpoint(TeamOwnedModel):
    """A URL of a team's that receives its changes, signed with the endpoint's secret."""

    id_prefix = "whep"

    url = models.URLField(verbose_name="URL", max_length=URL_MAX_LENGTH)
    event_types = ArrayField(
        models.CharField(
            max_length=EVENT_TYPE_MAX_LENGTH, choices=[(name, name) for name in EVENT_TYPES]
        ),
        verbose_name="event types",
        help_text="The changes this URL receives.",
    )
    secret = models.CharField(verbose_name="signing secret", max_length=100, default=new_secret)
    active = models.BooleanField(verbose_name="active", default=True)
    disabled_reason = models.TextField(verbose_name="why disabled", blank=True, default="")
    disabled_at = models.DateTimeField(verbose_name="disabled at", null=True, blank=True)
    created_at = models.DateTimeField(verbose_name="created at", auto_now_add=True)
    updated_at = models.DateTimeField(verbose_name="updated at", auto_now=True)

    class Meta:
        verbose_name = "webhook endpoint"
        ordering = ["-created_at", "-id"]
        constraints = [
            # What a composite foreign key (endpoint_id, team_id) refers to (sharding by team).
            models.UniqueConstraint(fields=["id", "team"], name="webhook_endpoint_unique_id_team"),
        ]
        indexes = [
            models.Index(fields=["team", "-created_at", "-id"], name="webhook_team_newest_idx"),
        ]

    def __str__(self) -> str:
        return self.url


class WebhookDelivery(TeamOwnedModel):
    """One event sent to one endpoint: its payload, its attempts and how the last one went."""

    id_prefix = "whdl"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"  # not tried yet
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed, will retry"  # tried again at next_attempt_at
        GIVEN_UP = "given_up", "Given up"

    endpoint = SameTeamForeignKey(
        WebhookEndpoint,
        verbose_name="endpoint",
        on_delete=models.CASCADE,  # an endpoint's log goes with it
        related_name="deliveries",
        db_index=False,  # webhook_delivery_endpoint_idx leads with endpoint_id
    )
    event_id = models.CharField(verbose_name="event ID", max_length=100)
    event_type = models.CharField(verbose_name="event type", max_length=EVENT_TYPE_MAX_LENGTH)
    payload = models.JSONField(verbose_name="payload", encoder=DjangoJSONEncoder)
    resent_from = SameTeamForeignKey(
        "self",
        verbose_name="sent again from",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resends",
    )
    status = models.CharField(
        verbose_name="status", max_length=20, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField(verbose_name="attempts", default=0)
    # When the next attempt is due; null once the delivery succeeded or was given up.
    next_attempt_at = models.DateTimeField(verbose_name="next attempt at", null=True, blank=True)
    last_attempt_at = models.DateTimeField(verbose_name="last attempt at", null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(
        verbose_name="last status code", null=True, blank=True
    )
    duration_ms = models.PositiveIntegerField(verbose_name="time taken (ms)", null=True, blank=True)
    response_excerpt = models.TextField(verbose_name="response excerpt", blank=True, default="")
    error = models.TextField(verbose_name="error", blank=True, default="")
    created_at = models.DateTimeField(verbose_name="created at", auto_now_add=True)

    class Meta:
        verbose_name = "webhook delivery"
        verbose_name_plural = "webhook deliveries"
        ordering = ["-created_at", "-id"]
        constraints = [
            # An event offered twice (the feed delivers at least once) is sent once per endpoint.
            models.UniqueConstraint(
                fields=["team", "endpoint", "event_id"],
                condition=models.Q(resent_from__isnull=True),
                name="webhook_delivery_once_per_event",
            ),
            # What a composite foreign key (delivery_id, team_id) refers to.
            models.UniqueConstraint(fields=["id", "team"], name="webhook_delivery_unique_id_team"),
        ]
        indexes = [
            models.Index(
                fields=["endpoint", "-created_at", "-id"],
                name="webhook_delivery_endpoint_idx",
            ),
            models.Index(fields=["team", "-created_at", "-id"], name="webhook_delivery_team_idx"),
            # The deliveries still to attempt, by when they are due, for whatever runs them.
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(next_attempt_at__isnull=False),
                name="webhook_delivery_due_idx",
            ),
            # One endpoint's deliveries still to attempt, by when they are due: its drain job.
            models.Index(
                fields=["endpoint", "next_attempt_at"],
                condition=models.Q(next_attempt_at__isnull=False),
                name="webhook_endpoint_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} {self.event_id} to {self.endpoint_id}"


class DispatchPosition(models.Model):
    """The one row saying how far the change feed has been turned into deliveries: every
    transaction numbered up to `through_sequence` has been (webhooks.dispatch)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    through_sequence = models.BigIntegerField(verbose_name="dispatched through", default=0)
    updated_at = models.DateTimeField(verbose_name="updated at", auto_now=True)

    class Meta:
        verbose_name = "webhook dispatch position"
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="webhook_dispatch_one_row")
        ]

    def __str__(self) -> str:
        return f"dispatched through {self.through_sequence}"
