"""Deliveries: one per subscribed endpoint, POSTed signed to a real receiver, retried on the
schedule, given up after a day with the endpoint disabled. Time is driven by the schedule:
each attempt runs at the `next_attempt_at` the previous one set."""

import json
import socket
from datetime import timedelta

import psycopg
import pytest
from django.db import connection, transaction
from django.utils import timezone

from tests.webhooks.conftest import event, make_endpoint, offer
from tests.webhooks.receiver import Reply, verify
from webhooks import services
from webhooks.models import WebhookDelivery, WebhookEndpoint
from webhooks.selectors import due_deliveries

Status = WebhookDelivery.Status


@pytest.fixture
def short_timeout(settings):
    settings.WEBHOOKS_TIMEOUT_SECONDS = 0.5


def deliver_once(team, receiver, **endpoint_fields):
    endpoint = make_endpoint(team, url=receiver.url, **endpoint_fields)
    (delivery,) = offer(event(team))
    return endpoint, services.deliver(delivery.pk)


# --- which endpoints get a delivery ---


def test_one_delivery_per_active_endpoint_subscribed_to_the_type(team, other_team):
    subscribed = make_endpoint(team, event_types=["contact.created"])
    make_endpoint(team, event_types=["company.created"])
    make_endpoint(team, event_types=["contact.created"], active=False)
    make_endpoint(other_team, event_types=["contact.created"])

    deliveries = offer(event(team, "contact.created"))

    assert [delivery.endpoint_id for delivery in deliveries] == [subscribed.pk]
    assert WebhookDelivery.objects.get().status == Status.PENDING
    assert due_deliveries() == [deliveries[0].pk]


def test_an_event_offered_twice_is_delivered_once_per_endpoint(team):
    make_endpoint(team)
    created = event(team)

    offer(created)
    again = offer(created)

    assert again == []
    assert WebhookDelivery.objects.count() == 1


def test_a_rolled_back_change_leaves_no_delivery(team):
    make_endpoint(team)

    with pytest.raises(RuntimeError), transaction.atomic():
        offer(event(team))
        raise RuntimeError("the change failed")

    assert not WebhookDelivery.objects.exists()


def test_an_unknown_event_type_is_a_programming_error(team):
    with pytest.raises(ValueError):
        offer(event(team, "contact.exploded"))


# --- a delivery, signed ---


def test_a_delivery_is_posted_signed_with_the_endpoints_secret(team, receiver):
    endpoint, delivery = deliver_once(team, receiver)

    (received,) = receiver.received
    assert verify(endpoint.secret, received)
    assert received.path == "/hooks"
    assert received.headers["content-type"] == "application/json"
    assert received.headers["webhook-id"] == delivery.event_id
    body = json.loads(received.body)
    assert body["type"] == "contact.created"
    assert body["id"] == delivery.event_id
    assert body["team_id"] == team.public_id
    assert body["timestamp"] == "2024-01-15T10:00:00Z"
    assert body["data"]["first_name"] == "Sarah"
    assert delivery.status == Status.SUCCEEDED
    assert delivery.attempts == 1
    assert delivery.next_attempt_at is None
    assert delivery.last_status_code == 200
    assert delivery.response_excerpt == '{"ok": true}'
    assert delivery.duration_ms is not None
    assert due_deliveries() == []


def test_a_signature_with_another_secret_does_not_verify(team, receiver):
    endpoint, _ = deliver_once(team, receiver)
    services.rotate_secret(endpoint)

    assert not verify(endpoint.secret, receiver.received[0])


def test_a_rotated_secret_signs_the_next_deliveries(team, receiver):
    endpoint = make_endpoint(team, url=receiver.url)
    services.rotate_secret(endpoint)

    (delivery,) = offer(event(team))
    services.deliver(delivery.pk)

    endpoint.refresh_from_db()
    assert verify(endpoint.secret, receiver.received[0])


def test_the_response_excerpt_keeps_the_first_kilobyte(team, receiver):
    receiver.answer(Reply(200, b"x" * 5000))

    _, delivery = deliver_once(team, receiver)

    assert delivery.response_excerpt == "x" * 1024


# --- failures and the schedule ---


def test_a_500_is_retried_on_the_schedule_then_succeeds(team, receiver):
    receiver.answer(Reply(500, b"database down"), Reply(503))
    endpoint = make_endpoint(team, url=receiver.url)
    (delivery,) = offer(event(team))

    started = timezone.now()
    first = services.deliver(delivery.pk, now=started)

    assert first.status == Status.FAILED
    assert first.last_status_code == 500
    assert first.response_excerpt == "database down"
    assert first.error == "HTTP 500"
    wait = first.next_attempt_at - started
    assert timedelta(seconds=4.5) <= wait <= timedelta(seconds=5.5)
    # Not due before its time: nothing is sent.
    assert services.deliver(delivery.pk, now=first.next_attempt_at - timedelta(seconds=1)) is None
    assert len(receiver.received) == 1

    second = services.deliver(delivery.pk, now=first.next_attempt_at)
    wait = second.next_attempt_at - first.next_attempt_at
    assert timedelta(minutes=4.5) <= wait <= timedelta(minutes=5.5)
    third = services.deliver(delivery.pk, now=second.next_attempt_at)

    assert third.status == Status.SUCCEEDED
    assert third.attempts == 3
    assert third.error == ""
    assert [r.headers["webhook-id"] for r in receiver.received] == [delivery.event_id] * 3
    assert all(verify(endpoint.secret, received) for received in receiver.received)


def test_no_answer_in_time_is_a_failed_attempt(team, receiver, short_timeout):
    receiver.answer(Reply(200, delay=2))

    _, delivery = deliver_once(team, receiver)

    assert delivery.status == Status.FAILED
    assert delivery.last_status_code is None
    assert "No answer within 0.5 s" in delivery.error
    assert delivery.next_attempt_at is not None


def test_a_redirect_is_not_followed(team, receiver):
    receiver.answer(Reply(302, headers={"Location": "http://169.254.169.254/"}))

    _, delivery = deliver_once(team, receiver)

    assert len(receiver.received) == 1
    assert delivery.status == Status.FAILED
    assert delivery.last_status_code == 302


def test_a_connection_refused_is_a_failed_attempt(team, receiver):
    url = receiver.url
    receiver.__exit__()  # nothing listens there any more

    endpoint = make_endpoint(team, url=url)
    (delivery,) = offer(event(team))
    delivery = services.deliver(delivery.pk)

    assert delivery.status == Status.FAILED
    assert "ConnectionRefusedError" in delivery.error
    assert endpoint.pk == delivery.endpoint_id


def test_an_address_that_turned_private_is_refused_at_delivery(
    team, receiver, settings, monkeypatch
):
    """DNS rebinding: the name was public when saved and points inside when sent."""
    endpoint = make_endpoint(team, url="https://hooks.example.com/crm")
    (delivery,) = offer(event(team))
    settings.WEBHOOKS_ALLOW_PRIVATE_URLS = False

    def rebound(host, port, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebound)

    delivery = services.deliver(delivery.pk)

    assert delivery.status == Status.FAILED
    assert "loopback" in delivery.error
    assert receiver.received == []
    assert endpoint.pk == delivery.endpoint_id


def test_after_the_last_attempt_the_delivery_is_given_up_and_the_endpoint_disabled(team, receiver):
    receiver.answer(*[Reply(500)] * services.MAX_ATTEMPTS)
    endpoint = make_endpoint(team, url=receiver.url)
    (delivery,) = offer(event(team))
    other = offer(event(team, "contact.updated"))[0]

    now, waits = timezone.now(), []
    for _ in range(services.MAX_ATTEMPTS):
        attempt = services.deliver(delivery.pk, now=now)
        if attempt.next_attempt_at is not None:
            waits.append(attempt.next_attempt_at - now)
            now = attempt.next_attempt_at

    assert attempt.status == Status.GIVEN_UP
    assert attempt.attempts == services.MAX_ATTEMPTS == 8
    assert attempt.next_attempt_at is None
    assert len(receiver.received) == 8
    # Exponential, with jitter, over about a day.
    assert all(
        0.9 <= wait / expected <= 1.1
        for wait, expected in zip(waits, services.RETRY_DELAYS, strict=True)
    )
    assert timedelta(hours=24) < sum(waits, timedelta()) < timedelta(hours=31)
    endpoint.refresh_from_db()
    assert endpoint.active is False
    assert endpoint.disabled_at is not None
    assert "failed 8 times" in endpoint.disabled_reason
    assert "HTTP 500" in endpoint.disabled_reason
    # The endpoint's other pending deliveries are not sent while it is disabled.
    skipped = services.deliver(other.pk, now=now)
    assert skipped.status == Status.GIVEN_UP
    assert "disabled" in skipped.error
    assert len(receiver.received) == 8
    # Nor are deliveries made for new events.
    assert offer(event(team)) == []


def test_a_claimed_attempt_is_due_again_if_its_worker_died(team, receiver, monkeypatch):
    endpoint = make_endpoint(team, url=receiver.url)
    (delivery,) = offer(event(team))

    def dies(*args, **kwargs):
        raise KeyboardInterrupt("worker killed mid-request")

    monkeypatch.setattr("webhooks.sending.post", dies)
    with pytest.raises(KeyboardInterrupt):
        services.deliver(delivery.pk)
    monkeypatch.undo()

    claimed = WebhookDelivery.objects.get(pk=delivery.pk)
    assert services.deliver(delivery.pk) is None  # still leased to the dead worker
    retried = services.deliver(delivery.pk, now=claimed.next_attempt_at)
    assert retried.status == Status.SUCCEEDED
    assert retried.attempts == 2
    assert verify(endpoint.secret, receiver.received[0])


# --- send again ---


def test_send_again_makes_a_new_delivery_of_the_same_event(team, receiver):
    endpoint, delivery = deliver_once(team, receiver)

    again = services.deliver(services.send_again(delivery).pk)

    assert again.pk != delivery.pk
    assert again.status == Status.SUCCEEDED
    assert again.resent_from_id == delivery.pk
    first, second = receiver.received
    assert second.body == first.body
    assert second.headers["webhook-id"] == first.headers["webhook-id"]
    assert verify(endpoint.secret, second)
    assert WebhookDelivery.objects.get(pk=delivery.pk).attempts == 1


def test_an_endpoint_deleted_during_the_request_leaves_nothing_to_record(
    team, receiver, monkeypatch
):
    endpoint = make_endpoint(team, url=receiver.url)
    (delivery,) = offer(event(team))
    post = services.sending.post

    def deleted_meanwhile(*args, **kwargs):
        answer = post(*args, **kwargs)
        services.delete_endpoint(endpoint)
        return answer

    monkeypatch.setattr("webhooks.sending.post", deleted_meanwhile)

    attempt = services.deliver(delivery.pk)

    assert attempt.status == Status.SUCCEEDED
    assert len(receiver.received) == 1
    assert not WebhookDelivery.objects.exists()


# --- claiming: one rule for a single delivery and a drain's round ---


def test_a_drain_gives_up_a_disabled_endpoints_due_deliveries_unsent(team, receiver):
    endpoint = make_endpoint(team, url=receiver.url)
    deliveries = offer(event(team)) + offer(event(team))
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(active=False)

    # The drain's endpoint, loaded while it was still active, claims by the stored state.
    assert services.claim_due(endpoint, limit=10) == []

    assert receiver.received == []
    for delivery in deliveries:
        delivery.refresh_from_db()
        assert delivery.status == Status.GIVEN_UP
        assert delivery.next_attempt_at is None
        assert delivery.attempts == 0
        assert "disabled" in delivery.error


def test_a_drain_and_a_single_delivery_claim_alike(team, receiver):
    endpoint = make_endpoint(team, url=receiver.url)
    first, second = offer(event(team)) + offer(event(team))

    (by_drain,) = services.claim_due(endpoint, limit=1)
    by_itself = services.deliver(second.pk)

    assert by_drain.pk == first.pk
    by_drain.refresh_from_db()
    assert (by_drain.attempts, by_drain.status) == (1, Status.PENDING)
    assert by_drain.next_attempt_at - by_drain.last_attempt_at == services.attempt_lease()
    # Leased to the drain: neither path claims it again before the lease ends.
    assert services.deliver(first.pk) is None
    assert services.claim_due(endpoint, limit=10) == []
    assert (by_itself.attempts, by_itself.status) == (1, Status.SUCCEEDED)


@pytest.mark.django_db(transaction=True)
def test_a_delivery_being_claimed_elsewhere_is_skipped_by_both_paths(team, receiver):
    endpoint = make_endpoint(team, url=receiver.url)
    (delivery,) = offer(event(team))
    with psycopg.connect(**connection.get_connection_params()) as elsewhere:
        elsewhere.execute(
            f"SELECT 1 FROM {WebhookDelivery._meta.db_table} WHERE id = %s FOR UPDATE",
            [delivery.pk],
        )

        assert services.deliver(delivery.pk) is None
        assert services.claim_due(endpoint, limit=10) == []

    assert services.deliver(delivery.pk).status == Status.SUCCEEDED
    assert len(receiver.received) == 1
