"""`/api/crm/webhooks`: a team's webhook endpoints through the API."""

import socket

import pytest

from tests.kit.api import api_error, listed_ids
from tests.kit.contract import EntityReadContract
from tests.webhooks.conftest import WEBHOOKS, make_endpoint
from webhooks.models import WebhookEndpoint


class TestWebhookEndpointContract(EntityReadContract):
    model = WebhookEndpoint
    url = WEBHOOKS
    key, list_key = "webhook", "webhooks"
    id_prefix = "whep"

    def make(self, team, company, **fields):
        return make_endpoint(team, **fields)


def create(api, team, **body):
    body = {
        "teamId": team.public_id,
        "url": "https://hooks.example.com/crm",
        "eventTypes": ["contact.created"],
        **body,
    }
    return api.post(WEBHOOKS, body, format="json")


def test_create_answers_the_endpoint_with_its_secret_once(api, team):
    response = create(api, team, eventTypes=["contact.created", "do_not_call.added"])

    assert response.status_code == 201, response.json()
    webhook = response.json()["webhook"]
    assert webhook["url"] == "https://hooks.example.com/crm"
    assert webhook["event_types"] == ["contact.created", "do_not_call.added"]
    assert webhook["active"] is True
    assert webhook["secret"].startswith("whsec_")
    assert len(webhook["secret"]) >= len("whsec_") + 32  # base64 of 24+ random bytes
    fetched = api.get(f"{WEBHOOKS}/{webhook['id']}").json()["webhook"]
    assert "secret" not in fetched
    assert fetched == {name: value for name, value in webhook.items() if name != "secret"}
    assert "secret" not in api.get(WEBHOOKS, {"teamId": team.public_id}).json()["webhooks"][0]


def test_rotating_the_secret_answers_a_new_one_and_signs_with_it(api, team):
    endpoint = make_endpoint(team)

    response = api.post(f"{WEBHOOKS}/{endpoint.public_id}/rotate-secret")

    assert response.status_code == 200, response.json()
    secret = response.json()["webhook"]["secret"]
    assert secret != endpoint.secret
    endpoint.refresh_from_db()
    assert endpoint.secret == secret


def test_patch_changes_the_fields_sent(api, team):
    endpoint = make_endpoint(team)

    response = api.patch(
        f"{WEBHOOKS}/{endpoint.public_id}",
        {"url": "https://hooks.example.com/v2", "eventTypes": ["company.purged"]},
        format="json",
    )

    assert response.status_code == 200, response.json()
    webhook = response.json()["webhook"]
    assert webhook["url"] == "https://hooks.example.com/v2"
    assert webhook["event_types"] == ["company.purged"]
    assert "secret" not in webhook


def test_patch_active_true_re_enables_and_clears_the_reason(api, team):
    endpoint = make_endpoint(team)
    api.patch(f"{WEBHOOKS}/{endpoint.public_id}", {"active": False}, format="json")
    disabled = api.get(f"{WEBHOOKS}/{endpoint.public_id}").json()["webhook"]
    assert disabled["active"] is False
    assert disabled["disabled_reason"] and disabled["disabled_at"]

    response = api.patch(f"{WEBHOOKS}/{endpoint.public_id}", {"active": True}, format="json")

    webhook = response.json()["webhook"]
    assert webhook["active"] is True
    assert webhook["disabled_reason"] == ""
    assert webhook["disabled_at"] is None


def test_list_filters_by_active(api, team):
    live = make_endpoint(team)
    off = make_endpoint(team, active=False)

    listed = listed_ids(
        api.get(WEBHOOKS, {"teamId": team.public_id, "active": "false"}), "webhooks"
    )

    assert listed == [off.public_id]
    assert live.public_id not in listed


def test_delete_removes_the_endpoint(api, team):
    endpoint = make_endpoint(team)

    response = api.delete(f"{WEBHOOKS}/{endpoint.public_id}")

    assert response.status_code == 200, response.json()
    assert response.json()["webhook"]["id"] == endpoint.public_id
    api_error(api.get(f"{WEBHOOKS}/{endpoint.public_id}"), 404, "not_found")
    assert not WebhookEndpoint.objects.filter(pk=endpoint.pk).exists()


def test_create_honours_an_idempotency_key(api, team):
    headers = {"HTTP_IDEMPOTENCY_KEY": "hook-1"}
    body = {
        "teamId": team.public_id,
        "url": "https://a.example.com/",
        "eventTypes": ["contact.created"],
    }

    first = api.post(WEBHOOKS, body, format="json", **headers)
    again = api.post(WEBHOOKS, body, format="json", **headers)

    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert WebhookEndpoint.objects.filter(team=team).count() == 1


# --- isolation ---


def test_another_teams_token_sees_and_changes_nothing(other_api, team):
    endpoint = make_endpoint(team)
    detail = f"{WEBHOOKS}/{endpoint.public_id}"

    api_error(other_api.get(detail), 404, "not_found")
    api_error(other_api.patch(detail, {"active": False}, format="json"), 404, "not_found")
    api_error(other_api.post(f"{detail}/rotate-secret"), 404, "not_found")
    api_error(other_api.delete(detail), 404, "not_found")
    api_error(other_api.get(WEBHOOKS, {"teamId": team.public_id}), 404, "not_found")
    api_error(create(other_api, team), 404, "not_found")
    fresh = WebhookEndpoint.objects.get(pk=endpoint.pk)
    assert (fresh.active, fresh.secret, fresh.url) == (True, endpoint.secret, endpoint.url)
    assert WebhookEndpoint.objects.filter(team=team).count() == 1


# --- bad input: a 400 naming the field, nothing written ---


def assert_refused(response, field: str, words: str):
    error = api_error(response, 400, "validation_error")
    assert set(error["fields"]) == {field}, error
    assert words in " ".join(error["fields"][field]), error


@pytest.fixture
def public_only(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_URLS = False


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("http://hooks.example.com/crm", "https://"),
        ("https://localhost/hooks", "loopback"),
        ("https://127.0.0.1/hooks", "loopback"),
        ("https://[::1]/hooks", "loopback"),
        ("https://10.1.2.3/hooks", "private"),
        ("https://192.168.0.10/hooks", "private"),
        ("https://169.254.169.254/latest/meta-data", "link-local"),
        ("https://224.0.0.1/hooks", "multicast"),
        ("https://0.0.0.0/hooks", "unspecified"),
        ("https://240.0.0.1/hooks", "reserved"),
        ("https://[::ffff:10.0.0.1]/hooks", "private"),
        ("https://user:pass@hooks.example.com/", "password"),
        ("hooks.example.com/crm", "full https URL"),
    ],
)
def test_create_refuses_a_url_that_is_not_https_or_points_inside(
    api, team, public_only, url, words
):
    assert_refused(create(api, team, url=url), "url", words)
    assert not WebhookEndpoint.objects.exists()


def test_every_address_of_the_host_is_checked(api, team, public_only, monkeypatch):
    # One public and one private record: a resolver may pick either.
    def two_records(host, port, *args, **kwargs):
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", port)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.7", port)),
        ]

    monkeypatch.setattr(socket, "getaddrinfo", two_records)

    assert_refused(create(api, team, url="https://rebind.example.com/"), "url", "10.0.0.7")


def test_a_host_that_does_not_resolve_is_refused(api, team, public_only, monkeypatch):
    def no_records(host, *args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_records)

    assert_refused(create(api, team, url="https://nowhere.invalid/"), "url", "does not resolve")


def test_a_public_address_is_accepted(api, team, public_only):
    response = create(api, team, url="https://93.184.215.14/hooks")

    assert response.status_code == 201, response.json()


def test_the_setting_allows_http_and_private_addresses(api, team):
    response = create(api, team, url="http://127.0.0.1:9999/hooks")

    assert response.status_code == 201, response.json()


def test_patch_checks_the_url_too(api, team, public_only):
    endpoint = make_endpoint(team, url="https://93.184.215.14/hooks")

    response = api.patch(
        f"{WEBHOOKS}/{endpoint.public_id}", {"url": "https://10.0.0.1/"}, format="json"
    )

    assert_refused(response, "url", "private")
    endpoint.refresh_from_db()
    assert endpoint.url == "https://93.184.215.14/hooks"


@pytest.mark.parametrize(
    ("event_types", "words"),
    [
        (["contact.deleted"], "not an event type"),
        (["contact.created", "lead.converted"], "'lead.converted'"),
        ([], "at least one"),
        ("contact.created", "list"),
        ([7], "not a string"),
    ],
)
def test_create_refuses_unknown_event_types(api, team, event_types, words):
    assert_refused(create(api, team, eventTypes=event_types), "eventTypes", words)


def test_every_bad_field_is_named_at_once(api, team, public_only):
    response = create(api, team, url="http://x.example.com/", eventTypes=["nope"], secret="mine")

    error = api_error(response, 400, "validation_error")
    assert set(error["fields"]) == {"url", "eventTypes", "secret"}


def test_secret_and_disabled_reason_cannot_be_patched(api, team):
    endpoint = make_endpoint(team)

    response = api.patch(
        f"{WEBHOOKS}/{endpoint.public_id}",
        {"secret": "whsec_mine", "disabledReason": "x"},
        format="json",
    )

    error = api_error(response, 400, "validation_error")
    assert set(error["fields"]) == {"secret", "disabledReason"}
