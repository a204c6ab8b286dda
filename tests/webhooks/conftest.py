import contextlib
from datetime import UTC, datetime

import pytest

from crm import ids
from tests.tasks.conftest import queue, start_worker  # noqa: F401 -- real workers
from tests.webhooks.receiver import Receiver
from webhooks.events import WebhookEvent
from webhooks.models import WebhookDelivery, WebhookEndpoint
from webhooks.services import create_endpoint, deliveries_for

WEBHOOKS = "/api/crm/webhooks"


@pytest.fixture
def receiver():
    with Receiver() as receiver:
        yield receiver


def make_endpoint(team, url="https://hooks.example.com/crm", **fields) -> WebhookEndpoint:
    fields.setdefault("event_types", ["contact.created", "contact.updated"])
    return create_endpoint(team=team, url=url, **fields)


def event(team, type="contact.created", **data) -> WebhookEvent:
    return WebhookEvent(
        id=ids.encode("evt", ids.uuid7()),
        type=type,
        team_id=team.pk,
        occurred_at=datetime(2024, 1, 15, 10, 0, tzinfo=UTC),
        data=data or {"id": "cont_01hq3f0000000000000000000a", "first_name": "Sarah"},
    )


def offer(event: WebhookEvent) -> list[WebhookDelivery]:
    """`deliveries_for(event)`, and the deliveries it made as stored."""
    made = deliveries_for(event)
    stored = WebhookDelivery.objects.in_bulk([delivery.id for delivery in made])
    assert [stored[delivery.id].endpoint_id for delivery in made] == [
        delivery.endpoint_id for delivery in made
    ]
    return [stored[delivery.id] for delivery in made]


@pytest.fixture
def receivers():
    """Start more real receivers: `receivers()` gives one, shut down at the test's end."""
    with contextlib.ExitStack() as stack:
        yield lambda: stack.enter_context(Receiver())
