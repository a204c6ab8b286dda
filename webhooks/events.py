"""What a webhook carries: the catalogue of event types and the event handed to deliveries.

The change feed produces events; `WebhookEvent` is the shape this app needs from one, so that
wiring the feed to `services.deliveries_for` is a conversion, not a change here.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError

from events import kinds

# Every type an endpoint may subscribe to: the change feed's, since its events are what is sent.
EVENT_TYPES = tuple(kinds.EVENT_TYPES)
EVENT_TYPE_MAX_LENGTH = max(map(len, EVENT_TYPES))


@dataclass(frozen=True)
class WebhookEvent:
    """One change of a team's data, as webhooks send it.

    `id` is the event's own ID: every delivery of it, retries and "send again" included,
    carries it as `webhook-id`, so a receiver can drop duplicates.
    """

    id: str
    type: str
    team_id: Any  # the team's primary key
    occurred_at: datetime
    data: dict = field(default_factory=dict)


def normalize_event_types(value) -> list[str]:
    """A non-empty list of event types from the catalogue; duplicates dropped, order kept."""
    if not isinstance(value, list | tuple):
        raise ValidationError("Give a list of event types.", code="invalid")
    types: list[str] = []
    for position, item in enumerate(value, start=1):
        if not isinstance(item, str):
            raise ValidationError(f"Event type {position} is not a string.", code="invalid")
        if item not in EVENT_TYPES:
            raise ValidationError(
                f"'{item[:60]}' is not an event type; use one of: {', '.join(EVENT_TYPES)}.",
                code="invalid",
            )
        if item not in types:
            types.append(item)
    if not types:
        raise ValidationError("Subscribe to at least one event type.", code="invalid")
    return types
