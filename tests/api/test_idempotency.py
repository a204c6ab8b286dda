"""`Idempotency-Key` on every POST, through HTTP: replay, reuse, tenancy, expiry, concurrency."""

import threading
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from calls.models import Call
from companies.models import Company
from contacts.models import Contact
from crm.models import IdempotencyKey
from tests.factories import ContactFactory
from tests.kit.api import CALLS, COMPANIES, CONTACTS, DO_NOT_CALL, client_for, error_fields
from tests.kit.payloads import contact_body

KEY = "4f1c2a9e-0b7d-4c1e-9a51-3f0e2d6c8b10"


def post(client, url, body=None, key=KEY):
    return client.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY=key)


@dataclass
class Endpoint:
    """A POST route, a body for it, a different body, and a snapshot of what it writes."""

    url: str
    body: dict | None
    other_url: str
    other_body: dict | None
    written: object  # () -> a value that changes whenever the route writes

    def state(self):
        return self.written()


def contact_state():
    return sorted(Contact.objects.values_list("id", "updated_at", "archived_at", "call_count"))


def company_state():
    return sorted(Company.objects.values_list("id", "updated_at"))


def call_state():
    return (sorted(Call.objects.values_list("id", flat=True)), contact_state())


@pytest.fixture(params=["create contact", "upsert", "create company", "record call", "restore"])
def endpoint(request, team, company) -> Endpoint:
    contact = ContactFactory(company=company, email="known@example.com")
    new_contact = contact_body(team, company, email="sarah.chen@example.com")
    if request.param == "create contact":
        return Endpoint(
            CONTACTS, new_contact, CONTACTS, {**new_contact, "firstName": "Sara"}, contact_state
        )
    if request.param == "upsert":
        body = {**new_contact, "matchOn": "email"}
        return Endpoint(
            f"{CONTACTS}/upsert", body, f"{CONTACTS}/upsert", {**body, "jobTitle": "CTO"},
            contact_state,
        )  # fmt: skip
    if request.param == "create company":
        body = {"teamId": team.public_id, "name": "Globex"}
        return Endpoint(COMPANIES, body, COMPANIES, {**body, "name": "Initech"}, company_state)
    if request.param == "record call":
        body = {
            "campaignId": "spring",
            "startedAt": "2024-01-15T10:00:00Z",
            "durationSeconds": 184,
            "outcome": "answered",
            "extractedFields": {"budget": 50000},
        }
        url = f"{CONTACTS}/{contact.public_id}/calls"
        return Endpoint(url, body, url, {**body, "durationSeconds": 185}, call_state)
    contact.archived_at = timezone.now()
    contact.save()
    other = ContactFactory(company=company, archived_at=timezone.now())
    return Endpoint(
        f"{CONTACTS}/{contact.public_id}/restore",
        None,
        f"{CONTACTS}/{other.public_id}/restore",
        None,
        contact_state,
    )


# --- replay ----------------------------------------------------------------------------------


def test_retry_with_same_key_and_body_replays_the_first_response(api, endpoint):
    first = post(api, endpoint.url, endpoint.body)
    assert first.status_code in (200, 201), first.json()
    assert "Idempotent-Replayed" not in first.headers

    retry = post(api, endpoint.url, endpoint.body)

    assert retry.status_code == first.status_code
    assert retry.json() == first.json()
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert retry["Content-Type"] == "application/json"


def test_retry_with_same_key_and_body_writes_nothing_new(api, endpoint):
    post(api, endpoint.url, endpoint.body)
    after_first = endpoint.state()

    post(api, endpoint.url, endpoint.body)
    post(api, endpoint.url, endpoint.body)

    assert endpoint.state() == after_first
    assert IdempotencyKey.objects.count() == 1


def test_retry_of_a_create_is_not_refused_as_a_duplicate(api, team, company):
    body = {
        "teamId": team.public_id,
        "companyId": company.public_id,
        "firstName": "Sarah",
        "lastName": "Chen",
        "email": "sarah.chen@example.com",
    }
    first = post(api, CONTACTS, body)

    retry = post(api, CONTACTS, body)
    without_key = api.post(CONTACTS, body, format="json")

    assert (first.status_code, retry.status_code) == (201, 201)
    assert without_key.status_code == 409  # the same body without the key is a new request
    assert Contact.objects.count() == 1


def test_retry_of_an_upsert_replays_created_true(api, team, company):
    body = {
        "teamId": team.public_id,
        "matchOn": "email",
        "email": "sarah.chen@example.com",
        "companyId": company.public_id,
        "firstName": "Sarah",
        "lastName": "Chen",
    }
    first = post(api, f"{CONTACTS}/upsert", body)

    retry = post(api, f"{CONTACTS}/upsert", body)

    assert (first.status_code, retry.status_code) == (201, 201)
    assert retry.json()["created"] is True
    assert retry.json() == first.json()


def test_retry_of_a_call_records_one_call(api, company):
    contact = ContactFactory(company=company)
    body = {
        "campaignId": "spring",
        "startedAt": "2024-01-15T10:00:00Z",
        "durationSeconds": 184,
        "outcome": "answered",
        "extractedFields": {"budget": 50000},
    }
    url = f"{CONTACTS}/{contact.public_id}/calls"

    first = post(api, url, body)
    retry = post(api, url, body)

    assert retry.json() == first.json()
    assert Call.objects.count() == 1
    contact.refresh_from_db()
    assert contact.call_count == 1


def test_retry_of_a_restore_does_not_restore_again(api, company):
    contact = ContactFactory(company=company, archived_at=timezone.now())
    url = f"{CONTACTS}/{contact.public_id}/restore"
    first = post(api, url)
    assert first.status_code == 200, first.json()
    assert api.delete(f"{CONTACTS}/{contact.public_id}").status_code == 200

    retry = post(api, url)

    assert retry.status_code == 200
    assert retry.json() == first.json()
    assert retry.json()["contact"]["archived_at"] is None
    contact.refresh_from_db()
    assert contact.is_archived  # the replay answered from memory; it did not run again


CALL_BODY = {
    "campaignId": "spring",
    "startedAt": "2024-01-15T10:00:00Z",
    "durationSeconds": 184,
    "outcome": "answered",
}


@pytest.fixture(
    params=[
        "create contact",
        "upsert",
        "contact batch",
        "create company",
        "record call",
        "call batch",
        "do-not-call",
        "create webhook",
    ]
)
def first_answer(request, api, team, company):
    """A POST that writes, its body, and its first answer (a 201, or a batch's 200)."""
    contact = ContactFactory(company=company)
    new_contact = contact_body(team, company, email="sarah.chen@example.com")
    url, body = {
        "create contact": (CONTACTS, new_contact),
        "upsert": (f"{CONTACTS}/upsert", {**new_contact, "matchOn": "email"}),
        "contact batch": (
            f"{CONTACTS}/batch",
            {"operations": [{"op": "create", "data": new_contact}]},
        ),
        "create company": (COMPANIES, {"teamId": team.public_id, "name": "Globex"}),
        "record call": (f"{CONTACTS}/{contact.public_id}/calls", CALL_BODY),
        "call batch": (
            f"{CALLS}/batch",
            {"operations": [{"op": "create", "contactId": contact.public_id, "data": CALL_BODY}]},
        ),
        "do-not-call": (DO_NOT_CALL, {"teamId": team.public_id, "numbers": ["+14155550199"]}),
        "create webhook": (
            "/api/crm/webhooks",
            {
                "teamId": team.public_id,
                "url": "https://hooks.example.com/crm",
                "eventTypes": ["contact.created"],
            },
        ),
    }[request.param]
    first = post(api, url, body)
    assert first.status_code in (200, 201), first.json()
    return url, body, first


def test_a_replay_answers_the_first_answers_etag_and_location(api, first_answer):
    url, body, first = first_answer

    retry = post(api, url, body)

    assert retry.headers["Idempotent-Replayed"] == "true"
    assert (retry.status_code, retry.json()) == (first.status_code, first.json())
    for header in ("ETag", "Location"):
        assert retry.headers.get(header) == first.headers.get(header), header


def test_a_replayed_201_carries_the_new_records_etag_and_location(api, team, company):
    first = post(api, CONTACTS, contact_body(team, company))
    contact_id = first.json()["contact"]["id"]

    retry = post(api, CONTACTS, contact_body(team, company))

    assert retry.status_code == 201
    assert retry["Location"] == f"{CONTACTS}/{contact_id}"
    assert retry["ETag"] == api.get(f"{CONTACTS}/{contact_id}")["ETag"]


# --- reuse with another request ---------------------------------------------------------------


def test_same_key_with_a_different_body_is_422_and_writes_nothing(api, endpoint):
    post(api, endpoint.url, endpoint.body)
    after_first = endpoint.state()

    response = post(api, endpoint.other_url, endpoint.other_body)

    assert response.status_code == 422
    assert response.json()["error"]["code"] == "idempotency_key_reused"
    assert response.json()["success"] is False
    assert endpoint.state() == after_first


def test_same_key_on_another_route_is_422(api, team, company):
    post(api, COMPANIES, {"teamId": team.public_id, "name": "Globex"})

    response = post(
        api,
        CONTACTS,
        {
            "teamId": team.public_id,
            "companyId": company.public_id,
            "firstName": "A",
            "lastName": "B",
        },
    )

    assert response.status_code == 422
    assert response.json()["error"]["code"] == "idempotency_key_reused"
    assert not Contact.objects.exists()


def test_key_reuse_is_still_422_after_the_first_response_was_replayed(api, team):
    body = {"teamId": team.public_id, "name": "Globex"}
    post(api, COMPANIES, body)
    post(api, COMPANIES, body)

    response = post(api, COMPANIES, {**body, "name": "Initech"})

    assert response.status_code == 422


# --- tenancy ---------------------------------------------------------------------------------


def test_the_same_key_in_another_team_is_independent(api, other_api, team, other_team):
    ours = post(api, COMPANIES, {"teamId": team.public_id, "name": "Globex"})

    theirs = post(other_api, COMPANIES, {"teamId": other_team.public_id, "name": "Globex"})

    assert (ours.status_code, theirs.status_code) == (201, 201)
    assert "Idempotent-Replayed" not in theirs.headers
    assert theirs.json()["company"]["team_id"] == other_team.public_id
    assert theirs.json()["company"]["id"] != ours.json()["company"]["id"]
    assert Company.objects.filter(team=other_team, name="Globex").exists()


def test_another_teams_key_never_replays_our_response(api, other_api, team, other_team):
    ours = post(api, COMPANIES, {"teamId": team.public_id, "name": "Globex"})

    # The other team sends our exact body: it must be refused, not answered from our record.
    theirs = post(other_api, COMPANIES, {"teamId": team.public_id, "name": "Globex"})

    assert ours.status_code == 201
    assert theirs.status_code == 404
    assert "Globex" not in theirs.content.decode()


# --- failed requests -------------------------------------------------------------------------


def test_a_failed_request_does_not_consume_the_key(api, team, company):
    bad = {
        "teamId": team.public_id,
        "companyId": company.public_id,
        "firstName": "Sarah",
        "lastName": "Chen",
        "phone": "12345",
    }
    failed = post(api, CONTACTS, bad)
    assert failed.status_code == 400
    assert not IdempotencyKey.objects.exists()

    again = post(api, CONTACTS, bad)
    corrected = post(api, CONTACTS, {**bad, "phone": "+12025550147"})

    assert again.status_code == 400  # run again, not replayed
    assert "Idempotent-Replayed" not in again.headers
    assert corrected.status_code == 201, corrected.json()
    assert "Idempotent-Replayed" not in corrected.headers
    assert Contact.objects.count() == 1
    replay = post(api, CONTACTS, {**bad, "phone": "+12025550147"})
    assert replay.status_code == 201
    assert replay.json() == corrected.json()


def test_a_conflict_does_not_consume_the_key(api, team, company):
    ContactFactory(company=company, email="sarah.chen@example.com")
    body = {
        "teamId": team.public_id,
        "companyId": company.public_id,
        "firstName": "Sarah",
        "lastName": "Chen",
        "email": "sarah.chen@example.com",
    }
    assert post(api, CONTACTS, body).status_code == 409

    corrected = post(api, CONTACTS, {**body, "email": "sarah@example.com"})

    assert corrected.status_code == 201, corrected.json()
    assert Contact.objects.count() == 2


def test_a_not_found_call_does_not_consume_the_key(api, company, other_company):
    theirs = ContactFactory(company=other_company)
    ours = ContactFactory(company=company)
    body = {
        "campaignId": "spring",
        "startedAt": "2024-01-15T10:00:00Z",
        "durationSeconds": 60,
        "outcome": "busy",
    }
    assert post(api, f"{CONTACTS}/{theirs.public_id}/calls", body).status_code == 404

    response = post(api, f"{CONTACTS}/{ours.public_id}/calls", body)

    assert response.status_code == 201, response.json()
    assert not Call.objects.filter(contact=theirs).exists()


# --- expiry ----------------------------------------------------------------------------------


def test_keys_older_than_24_hours_are_forgotten(api, team):
    post(api, COMPANIES, {"teamId": team.public_id, "name": "Globex"})
    IdempotencyKey.objects.update(created_at=timezone.now() - timedelta(hours=24, minutes=1))

    response = post(api, COMPANIES, {"teamId": team.public_id, "name": "Initech"})

    assert response.status_code == 201, response.json()
    assert "Idempotent-Replayed" not in response.headers
    assert response.json()["company"]["name"] == "Initech"
    assert IdempotencyKey.objects.count() == 1


def test_an_expired_key_runs_the_request_again(api, team):
    body = {"teamId": team.public_id, "name": "Globex"}
    post(api, COMPANIES, body)
    IdempotencyKey.objects.update(created_at=timezone.now() - timedelta(hours=25))

    response = post(api, COMPANIES, body)

    assert response.status_code == 409  # Globex exists: the request ran, it was not replayed


def test_keys_younger_than_24_hours_still_replay(api, team):
    body = {"teamId": team.public_id, "name": "Globex"}
    first = post(api, COMPANIES, body)
    IdempotencyKey.objects.update(created_at=timezone.now() - timedelta(hours=23, minutes=59))

    retry = post(api, COMPANIES, body)

    assert retry.status_code == 201
    assert retry.json() == first.json()
    assert retry.headers["Idempotent-Replayed"] == "true"


# --- the header itself -----------------------------------------------------------------------


@pytest.mark.parametrize("bad_key", ["", "   ", "k" * 256, "clé-1", "key\twith-tab"])
def test_an_empty_too_long_or_unprintable_key_is_400_naming_the_header(api, team, bad_key):
    response = post(api, COMPANIES, {"teamId": team.public_id, "name": "Globex"}, key=bad_key)

    assert response.status_code == 400
    assert list(error_fields(response)) == ["Idempotency-Key"]
    assert not Company.objects.filter(name="Globex").exists()
    assert not IdempotencyKey.objects.exists()


def test_a_255_character_key_is_accepted(api, team):
    body = {"teamId": team.public_id, "name": "Globex"}
    first = post(api, COMPANIES, body, key="k" * 255)

    retry = post(api, COMPANIES, body, key="k" * 255)

    assert first.status_code == 201, first.json()
    assert retry.headers["Idempotent-Replayed"] == "true"


def test_posts_without_a_key_are_not_deduplicated(api, company):
    contact = ContactFactory(company=company)
    body = {
        "campaignId": "spring",
        "startedAt": "2024-01-15T10:00:00Z",
        "durationSeconds": 60,
        "outcome": "busy",
    }
    url = f"{CONTACTS}/{contact.public_id}/calls"

    api.post(url, body, format="json")
    api.post(url, body, format="json")

    assert Call.objects.count() == 2
    assert not IdempotencyKey.objects.exists()


# --- concurrency -----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_copies_sent_at_once_create_one_contact(team, company):
    body = {
        "teamId": team.public_id,
        "companyId": company.public_id,
        "firstName": "Sarah",
        "lastName": "Chen",
        "phone": "+12025550147",  # phones are not unique: only the key can stop a second row
    }
    clients = []
    for _ in range(2):  # a token each, so nothing but the key makes them wait for each other
        client = client_for(team)
        clients.append(client)
    start = threading.Barrier(len(clients))
    responses = [None] * len(clients)

    def send(index):
        try:
            start.wait(timeout=10)
            responses[index] = post(clients[index], CONTACTS, body)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(index,)) for index in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert all(response is not None for response in responses)
    assert [response.status_code for response in responses] == [201, 201]
    assert responses[0].json() == responses[1].json()
    assert sorted(r.headers.get("Idempotent-Replayed", "") for r in responses) == ["", "true"]
    assert Contact.objects.count() == 1
    assert Contact.objects.get().public_id == responses[0].json()["contact"]["id"]
