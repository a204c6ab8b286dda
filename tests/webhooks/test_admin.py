"""The webhooks admin: a team's managers only, the delivery log, "send again", and a disabled
endpoint that says why and is re-enabled on purpose."""

import pytest
from django.core.management import call_command

from crm.models import Membership
from tests.kit.admin import (
    admin_url,
    changelist_url,
    listed,
    logged_in,
    messages_of,
    run_action,
    staff_user,
)
from tests.webhooks.conftest import event, make_endpoint, offer
from tests.webhooks.receiver import Reply, verify
from webhooks import services
from webhooks.models import WebhookDelivery, WebhookEndpoint

MANAGER, MEMBER = Membership.Role.MANAGER, Membership.Role.MEMBER
Status = WebhookDelivery.Status


@pytest.fixture
def manager(client, team):
    return logged_in(client, staff_user("max", team, role=MANAGER))


@pytest.fixture
def member(client, team):
    return logged_in(client, staff_user("mia", team, role=MEMBER))


def delivered(team, receiver, *replies):
    receiver.answer(*replies)
    endpoint = make_endpoint(team, url=receiver.url)
    (delivery,) = offer(event(team))
    return endpoint, services.deliver(delivery.pk)


def test_a_manager_sees_their_teams_endpoints_and_secrets_only(manager, team, other_team):
    ours = make_endpoint(team)
    theirs = make_endpoint(other_team)

    assert listed(manager.get(changelist_url(WebhookEndpoint))) == {ours}
    page = manager.get(admin_url("webhooks_webhookendpoint_change", ours.pk))
    assert page.status_code == 200
    assert ours.secret in page.content.decode()
    assert manager.get(admin_url("webhooks_webhookendpoint_change", theirs.pk)).status_code == 404


def test_a_member_sees_no_endpoint_secret_or_delivery(member, team, receiver):
    endpoint, delivery = delivered(team, receiver)

    for url in (
        changelist_url(WebhookEndpoint),
        admin_url("webhooks_webhookendpoint_change", endpoint.pk),
        admin_url("webhooks_webhookendpoint_add"),
        changelist_url(WebhookDelivery),
        admin_url("webhooks_webhookdelivery_change", delivery.pk),
    ):
        response = member.get(url)
        # Lists are forbidden; a record's page is a 404, as for another team's record.
        assert response.status_code in {403, 404}, url
        assert endpoint.secret not in response.content.decode()
    index = member.get(admin_url("index")).content.decode()
    assert "Webhook endpoints" not in index
    assert "Webhook deliveries" not in index


def test_a_manager_adds_an_endpoint_checked_by_the_apis_rules(manager, team, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_URLS = False
    add = admin_url("webhooks_webhookendpoint_add")

    refused = manager.post(
        add, {"team": team.pk, "url": "https://10.0.0.1/", "event_types": ["contact.created"]}
    )
    accepted = manager.post(
        add,
        {"team": team.pk, "url": "https://93.184.215.14/hooks", "event_types": ["contact.created"]},
    )

    assert "private address" in refused.content.decode()
    assert accepted.status_code == 302
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.url == "https://93.184.215.14/hooks"
    assert endpoint.secret.startswith("whsec_")


def test_the_endpoint_page_shows_its_delivery_log(manager, team, receiver):
    endpoint, delivery = delivered(team, receiver, Reply(500, b"receiver exploded"))

    page = manager.get(admin_url("webhooks_webhookendpoint_change", endpoint.pk)).content.decode()

    assert "contact.created" in page
    assert "Failed, will retry" in page
    assert "500" in page
    log = manager.get(changelist_url(WebhookDelivery), {"endpoint__id__exact": endpoint.pk})
    assert listed(log) == {delivery}
    detail = manager.get(admin_url("webhooks_webhookdelivery_change", delivery.pk))
    assert "receiver exploded" in detail.content.decode()


def test_send_again_queues_the_event_anew_and_logs_both(manager, team, receiver):
    endpoint, delivery = delivered(team, receiver, Reply(500))

    response = run_action(manager, "send_again", [delivery])

    assert "Queued 1 delivery(ies) to send again" in " ".join(messages_of(response))
    again = WebhookDelivery.objects.get(resent_from=delivery)
    assert again.status == Status.PENDING  # queued, not sent inside the request
    assert len(receiver.received) == 1
    call_command("deliver_webhooks")
    again.refresh_from_db()
    assert again.status == Status.SUCCEEDED
    first, second = receiver.received
    assert second.body == first.body
    assert verify(endpoint.secret, second)
    assert WebhookDelivery.objects.get(pk=delivery.pk).status == Status.FAILED


def test_a_given_up_endpoint_shows_why_and_is_re_enabled_on_purpose(manager, team, receiver):
    receiver.answer(*[Reply(500)] * services.MAX_ATTEMPTS)
    endpoint = make_endpoint(team, url=receiver.url)
    (delivery,) = offer(event(team))
    attempt = services.deliver(delivery.pk)
    while attempt.next_attempt_at is not None:
        attempt = services.deliver(delivery.pk, now=attempt.next_attempt_at)

    changelist = manager.get(changelist_url(WebhookEndpoint))
    warning = " ".join(messages_of(changelist))
    assert f"{endpoint.url} is disabled" in warning
    assert "failed 8 times" in warning
    refused = run_action(manager, "send_again", [delivery])
    assert any("Re-enable it first" in message for message in messages_of(refused))
    assert len(receiver.received) == services.MAX_ATTEMPTS

    response = run_action(manager, "re_enable", [endpoint])

    assert "Re-enabled 1 endpoint(s)." in messages_of(response)
    endpoint.refresh_from_db()
    assert (endpoint.active, endpoint.disabled_reason, endpoint.disabled_at) == (True, "", None)
    assert len(offer(event(team))) == 1


def test_saving_the_form_does_not_re_enable(manager, team):
    endpoint = make_endpoint(team)
    services.disable_endpoint(endpoint, "Gave up.")

    manager.post(
        admin_url("webhooks_webhookendpoint_change", endpoint.pk),
        {"url": endpoint.url, "event_types": endpoint.event_types, "active": "on"},
    )

    endpoint.refresh_from_db()
    assert endpoint.active is False
    assert endpoint.disabled_reason == "Gave up."


def test_rotating_the_secret_in_the_admin(manager, team):
    endpoint = make_endpoint(team)

    run_action(manager, "rotate_secret", [endpoint])

    assert WebhookEndpoint.objects.get(pk=endpoint.pk).secret != endpoint.secret
