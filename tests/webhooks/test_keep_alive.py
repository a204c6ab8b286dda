"""A drain job keeps its connection to an endpoint open between deliveries (HTTP keep-alive),
and a receiver that closes it does not lose or repeat a delivery."""

import pytest

from tests.webhooks.conftest import event, make_endpoint, offer
from tests.webhooks.receiver import Reply, verify
from webhooks.dispatch import drain_endpoint
from webhooks.models import WebhookDelivery

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_at_a_time(settings):
    settings.WEBHOOKS_DRAIN_CONCURRENCY = 1


def drain(team, receiver, count: int) -> list[WebhookDelivery]:
    endpoint = make_endpoint(team, url=receiver.url)
    made = [delivery for _ in range(count) for delivery in offer(event(team))]
    assert drain_endpoint(endpoint.pk) is None  # nothing left pending
    delivered = WebhookDelivery.objects.filter(pk__in=[delivery.pk for delivery in made])
    assert {delivery.status for delivery in delivered} == {"succeeded"}
    assert len(receiver.received) == count
    assert all(verify(endpoint.secret, received) for received in receiver.received)
    return list(delivered)


def test_deliveries_to_one_endpoint_share_a_connection(team, receiver, one_at_a_time):
    drain(team, receiver, 6)

    assert receiver.connections == 1


def test_a_receiver_that_says_it_closes_gets_a_new_connection(team, receiver, one_at_a_time):
    receiver.answer(*[Reply(headers={"Connection": "close"}) for _ in range(3)])

    drain(team, receiver, 5)

    assert receiver.connections == 4  # three closed after their answer, then one kept


def test_a_connection_closed_while_idle_is_replaced_without_a_failed_attempt(
    team, receiver, one_at_a_time
):
    receiver.answer(*[Reply(hang_up=True) for _ in range(4)])

    delivered = drain(team, receiver, 4)

    assert receiver.connections == 4
    assert {delivery.attempts for delivery in delivered} == {1}


def test_a_long_answer_is_cut_and_its_connection_not_kept(team, receiver, one_at_a_time):
    receiver.answer(Reply(body=b"x" * 200_000), Reply(body=b"y" * 100))

    delivered = drain(team, receiver, 2)

    assert receiver.connections == 2
    assert sorted(len(d.response_excerpt) for d in delivered) == [100, 1024]
