"""`manage.py deliver_webhooks`: every due delivery attempted once, and a summary."""

import pytest
from django.core.management import CommandError

from tests.kit.commands import run_command
from tests.webhooks.conftest import event, make_endpoint, offer
from tests.webhooks.receiver import Reply, verify
from webhooks.models import WebhookDelivery


def test_it_attempts_the_due_deliveries_and_sums_them_up(team, receiver):
    receiver.answer(Reply(200), Reply(500))
    endpoint = make_endpoint(team, url=receiver.url, event_types=["contact.created"])
    offer(event(team))
    offer(event(team))

    run = run_command("deliver_webhooks")

    assert run.code == 0
    assert run.stdout.strip() == (
        "Attempted 2 due delivery(ies): 1 succeeded, 1 failed (retried later), 0 given up."
    )
    assert all(verify(endpoint.secret, received) for received in receiver.received)
    # The failed one is not due again yet.
    again = run_command("deliver_webhooks")
    assert again.stdout.startswith("Attempted 0 due delivery(ies)")
    assert WebhookDelivery.objects.filter(next_attempt_at__isnull=False).count() == 1


def test_a_limit_below_one_is_refused(db):
    with pytest.raises(CommandError, match="--limit"):
        run_command("deliver_webhooks", "--limit", "0")
