"""ETags on record answers, `If-Match` on PATCH, DELETE and restore, and `Location` on 201s,
through HTTP, for every entity of the kit (contacts and companies)."""

import pytest

from companies.models import Company
from contacts.models import Contact
from tests.factories import ContactFactory
from tests.kit.api import COMPANIES, CONTACTS, api_error, detail_url
from tests.kit.payloads import contact_body

ENTITIES = {
    "contact": (CONTACTS, {"jobTitle": "CTO"}),
    "company": (COMPANIES, {"name": "Globex"}),
}


@pytest.fixture(params=list(ENTITIES))
def record(request, company):
    """A contact or a company, with its collection URL and a change to PATCH it with."""
    collection, change = ENTITIES[request.param]
    stored = ContactFactory(company=company) if request.param == "contact" else company
    return detail_url(collection, stored), change, type(stored).objects.filter(pk=stored.pk)


def test_a_record_answer_carries_a_strong_etag_that_changes_with_the_record(api, record):
    url, change, _ = record

    first = api.get(url)
    again = api.get(url)
    patched = api.patch(url, change, format="json")
    after = api.get(url)

    assert first["ETag"].startswith('"') and first["ETag"].endswith('"')
    assert first["ETag"] == again["ETag"]
    assert patched["ETag"] != first["ETag"]
    assert patched["ETag"] == after["ETag"]


def test_patch_with_the_current_etag_writes(api, record):
    url, change, _ = record
    etag = api.get(url)["ETag"]

    response = api.patch(url, change, format="json", HTTP_IF_MATCH=etag)

    assert response.status_code == 200, response.json()


def test_patch_with_a_stale_etag_is_a_412_and_writes_nothing(api, record):
    url, change, stored = record
    stale = api.get(url)["ETag"]
    api.patch(url, change, format="json")  # someone else's write
    before = stored.values().get()

    response = api.patch(url, {**change}, format="json", HTTP_IF_MATCH=stale)

    error = api_error(response, 412, "precondition_failed")
    assert api.get(url)["ETag"] in error["message"]
    assert stored.values().get() == before


def test_if_match_lists_several_tags_and_one_matching_is_enough(api, record):
    url, change, _ = record
    etag = api.get(url)["ETag"]

    response = api.patch(url, change, format="json", HTTP_IF_MATCH=f'"old", {etag}')

    assert response.status_code == 200, response.json()


def test_if_match_star_matches_any_existing_record(api, record):
    url, change, _ = record

    assert api.patch(url, change, format="json", HTTP_IF_MATCH="*").status_code == 200
    missing = url.rsplit("/", 1)[0] + "/" + url.rsplit("_", 1)[0].rsplit("/", 1)[1]
    missing += "_00000000000000000000000000"
    assert api.patch(missing, change, format="json", HTTP_IF_MATCH="*").status_code == 404


def test_a_weak_etag_never_matches(api, record):
    url, change, _ = record
    etag = api.get(url)["ETag"]

    response = api.patch(url, change, format="json", HTTP_IF_MATCH=f"W/{etag}")

    api_error(response, 412, "precondition_failed")


@pytest.mark.parametrize("header", ["abc", '"unclosed', '"a" "b"', '"a",', "**"])
def test_a_malformed_if_match_is_a_400_naming_the_header(api, record, header):
    url, change, _ = record

    response = api.patch(url, change, format="json", HTTP_IF_MATCH=header)

    assert list(api_error(response, 400, "validation_error")["fields"]) == ["If-Match"]


def test_archive_and_restore_honour_if_match(api, record):
    url, _, stored = record
    etag = api.get(url)["ETag"]

    api_error(api.delete(url, HTTP_IF_MATCH='"stale"'), 412, "precondition_failed")
    assert stored.get().archived_at is None
    archived = api.delete(url, HTTP_IF_MATCH=etag)
    assert archived.status_code == 200, archived.json()
    assert archived["ETag"] != etag
    api_error(api.post(f"{url}/restore", HTTP_IF_MATCH=etag), 412, "precondition_failed")
    assert stored.get().archived_at is not None
    restored = api.post(f"{url}/restore", HTTP_IF_MATCH=archived["ETag"])
    assert restored.status_code == 200, restored.json()


def test_if_match_is_checked_against_the_callers_team_only(other_api, record):
    url, change, _ = record

    response = other_api.patch(url, change, format="json", HTTP_IF_MATCH="*")

    api_error(response, 404, "not_found")


def test_create_answers_201_with_the_records_location(api, team, company):
    created = api.post(CONTACTS, contact_body(team, company), format="json")
    company_created = api.post(
        COMPANIES, {"teamId": team.public_id, "name": "Globex"}, format="json"
    )

    contact_id = created.json()["contact"]["id"]
    assert created["Location"] == detail_url(CONTACTS, contact_id)
    assert created["ETag"] == api.get(created["Location"])["ETag"]
    assert company_created["Location"] == detail_url(
        COMPANIES, company_created.json()["company"]["id"]
    )
    assert Company.objects.filter(name="Globex").exists()


def test_an_upsert_that_creates_answers_its_location_and_one_that_updates_none(api, team, company):
    body = {"teamId": team.public_id, "matchOn": "email", "email": "ana@example.com"}
    new = {**body, "companyId": company.public_id, "firstName": "Ana", "lastName": "Li"}

    created = api.post(f"{CONTACTS}/upsert", new, format="json")
    updated = api.post(f"{CONTACTS}/upsert", {**body, "jobTitle": "CTO"}, format="json")

    assert created.status_code == 201
    assert created["Location"] == detail_url(CONTACTS, Contact.objects.get().public_id)
    assert updated.status_code == 200
    assert "Location" not in updated
    assert updated["ETag"] == api.get(created["Location"])["ETag"]


def test_a_recorded_call_answers_its_location(api, company):
    contact = ContactFactory(company=company)
    body = {
        "campaignId": "c1",
        "startedAt": "2024-01-15T10:00:00Z",
        "durationSeconds": 5,
        "outcome": "busy",
    }

    response = api.post(f"{CONTACTS}/{contact.public_id}/calls", body, format="json")

    assert response.status_code == 201
    assert response["Location"] == f"/api/crm/calls/{response.json()['call']['id']}"
    assert api.get(response["Location"])["ETag"] == response["ETag"]


def test_a_new_webhook_endpoint_answers_its_location(api, team):
    body = {
        "teamId": team.public_id,
        "url": "http://127.0.0.1:9/hook",
        "eventTypes": ["contact.created"],
    }

    response = api.post("/api/crm/webhooks", body, format="json")

    assert response.status_code == 201, response.json()
    assert response["Location"] == f"/api/crm/webhooks/{response.json()['webhook']['id']}"
