"""Deliveries end to end, through real `manage.py worker` processes and real receivers: a
change made through the API or an import is taken from the change feed, signed and POSTed;
a rolled-back change sends nothing; a slow endpoint does not hold back a fast one; and a
worker killed mid-delivery leaves the delivery to the next worker."""

import json

import pytest
from django.db import transaction
from procrastinate.contrib.django.models import ProcrastinateJob

from tests.factories import CompanyFactory, TeamFactory
from tests.kit.api import client_for
from tests.kit.imports import run_import, write_csv
from tests.kit.payloads import contact_body
from tests.kit.worker import wait_for
from tests.webhooks.conftest import make_endpoint
from tests.webhooks.receiver import Reply, verify
from webhooks.models import WebhookDelivery

CONTACTS = "/api/crm/contacts"
# The workers deliver to receivers on 127.0.0.1, and retry an attempt of a dead worker soon.
WORKER_ENV = {"WEBHOOKS_ALLOW_PRIVATE_URLS": "true", "WEBHOOKS_ATTEMPT_LEASE_SECONDS": "1"}


def bodies(receiver) -> list[dict]:
    return [json.loads(received.body) for received in receiver.received]


def test_an_api_change_reaches_a_subscribed_endpoint_signed_as_the_feed_lists_it(
    start_worker, receiver, team, company
):
    endpoint = make_endpoint(team, url=receiver.url, event_types=["contact.created"])
    client = client_for(team)
    worker = start_worker(**WORKER_ENV)

    created = client.post(CONTACTS, contact_body(team, company), format="json")

    assert created.status_code == 201
    wait_for(lambda: len(receiver.received) == 1, worker, "delivery")
    (received,) = receiver.received
    assert verify(endpoint.secret, received)
    body = json.loads(received.body)
    assert body["type"] == "contact.created"
    assert body["team_id"] == team.public_id
    assert received.headers["webhook-id"] == body["id"]
    # The event as the change feed lists it, with its cursor as the event's ID.
    (listed,) = client.get(
        "/api/crm/events", {"teamId": team.public_id, "types": "contact.created"}
    ).json()["events"]
    assert body["data"] == listed
    assert body["id"] == f"evt_{listed['cursor']}"
    assert body["data"]["state"]["id"] == created.json()["contact"]["id"]
    wait_for(
        lambda: WebhookDelivery.objects.filter(status="succeeded").count() == 1,
        worker,
        "recorded success",
    )


def test_a_rolled_back_change_sends_nothing(start_worker, receiver, team, company):
    make_endpoint(team, url=receiver.url, event_types=["contact.created"])
    client = client_for(team)
    worker = start_worker(**WORKER_ENV)

    with pytest.raises(RuntimeError), transaction.atomic():
        client.post(CONTACTS, contact_body(team, company, firstName="Rolled"), format="json")
        raise RuntimeError("the write fails after the contact was saved")
    client.post(CONTACTS, contact_body(team, company, firstName="Kept"), format="json")

    wait_for(lambda: len(receiver.received) == 1, worker, "delivery")
    assert [body["data"]["state"]["first_name"] for body in bodies(receiver)] == ["Kept"]
    assert WebhookDelivery.objects.count() == 1


def test_an_imports_contacts_reach_the_endpoint(start_worker, receiver, team, tmp_path):
    make_endpoint(team, url=receiver.url, event_types=["contact.created"])
    rows = [[f"Person{n}", "Test", f"person{n}@example.com"] for n in range(30)]
    worker = start_worker(**WORKER_ENV)

    run = run_import(write_csv(tmp_path, [["First Name", "Last Name", "Email"], *rows]), team)

    assert run.code == 0, run.stderr
    wait_for(lambda: len(receiver.received) == 30, worker, "30 deliveries")
    emails = {body["data"]["state"]["email"] for body in bodies(receiver)}
    assert emails == {f"person{n}@example.com" for n in range(30)}


def test_a_slow_endpoint_does_not_hold_back_a_fast_one(start_worker, receivers, team, company):
    fast, slow = receivers(), receivers()
    slow.answer(*[Reply(delay=2)] * 12)
    make_endpoint(team, url=slow.url, event_types=["contact.created"])
    make_endpoint(team, url=fast.url, event_types=["contact.created"])
    client = client_for(team)
    worker = start_worker(**WORKER_ENV)

    for n in range(12):
        client.post(CONTACTS, contact_body(team, company, firstName=f"P{n}"), format="json")

    wait_for(lambda: len(fast.received) == 12, worker, "fast deliveries")
    # Twelve 2 s answers, a few at once, take several seconds: the fast one did not wait.
    assert WebhookDelivery.objects.filter(endpoint__url=slow.url, status="succeeded").count() < 12
    wait_for(lambda: len(slow.received) == 12, worker, "slow deliveries", seconds=60)


def test_a_worker_killed_mid_delivery_leaves_it_to_the_next(start_worker, receiver, team, company):
    receiver.answer(Reply(delay=5))
    endpoint = make_endpoint(team, url=receiver.url, event_types=["contact.created"])
    first = start_worker(**WORKER_ENV)
    client_for(team).post(CONTACTS, contact_body(team, company), format="json")
    wait_for(lambda: len(receiver.received) == 1, first, "first attempt")

    first.kill()
    second = start_worker(**WORKER_ENV)

    wait_for(
        lambda: WebhookDelivery.objects.filter(status="succeeded").exists(),
        second,
        "delivery by the next worker",
    )
    # Sent twice at most, with one webhook-id: receivers drop the duplicate by it.
    assert len(receiver.received) == 2
    assert len({received.headers["webhook-id"] for received in receiver.received}) == 1
    assert all(verify(endpoint.secret, received) for received in receiver.received)


def test_a_change_of_a_team_without_endpoints_queues_no_dispatch(queue, team, company):
    other = make_endpoint(TeamFactory(), event_types=["contact.created"])

    client_for(team).post(CONTACTS, contact_body(team, company), format="json")

    assert not ProcrastinateJob.objects.filter(task_name="dispatch_webhook_events").exists()
    client_for(other.team).post(
        CONTACTS,
        contact_body(other.team, CompanyFactory(team=other.team)),
        format="json",
    )
    assert ProcrastinateJob.objects.filter(task_name="dispatch_webhook_events").count() == 1
