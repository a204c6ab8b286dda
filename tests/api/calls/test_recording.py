"""`/api/crm/contacts/{id}/calls`, through HTTP: recording a call and reading the history."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from calls.models import Call
from contacts.models import Contact
from contacts.rules import CUSTOM_FIELDS_MAX_KEYS
from tests.factories import ContactFactory
from tests.kit.api import error_fields

CALL_ID = re.compile(r"^call_[0-9a-hjkmnp-tv-z]{26}$")
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def calls_url(contact) -> str:
    return f"/api/crm/contacts/{contact.public_id}/calls"


def call_body(**overrides) -> dict:
    return {
        "campaignId": "spring-outreach",
        "startedAt": "2024-01-15T10:00:00Z",
        "durationSeconds": 184,
        "outcome": "answered",
        "summary": "Interested; wants a demo next week.",
        "extractedFields": {"budget": 50000, "decision_maker": True},
        "leadStatus": "qualified",
        **overrides,
    }


def record(client, contact, **overrides):
    return client.post(calls_url(contact), call_body(**overrides), format="json")


@pytest.fixture
def contact(company):
    return ContactFactory(
        company=company, lead_status="new", custom_fields={"budget": 1000, "region": "west"}
    )


def contact_snapshot(contact):
    contact = Contact.objects.get(pk=contact.pk)
    return (
        contact.custom_fields,
        contact.lead_status,
        contact.call_count,
        contact.last_called_at,
        contact.updated_at,
    )


# --- recording a call ------------------------------------------------------------------------


def test_record_call_answers_201_with_the_call(api, contact):
    response = record(api, contact)

    assert response.status_code == 201, response.json()
    payload = response.json()
    assert set(payload) == {"success", "call"}
    assert payload["success"] is True
    call = dict(payload["call"])
    assert CALL_ID.match(call["id"])
    assert TIMESTAMP.match(call["created_at"])
    del call["id"], call["created_at"]
    assert call == {
        "contact_id": contact.public_id,
        "campaign_id": "spring-outreach",
        "phone_number": contact.phone,
        "started_at": "2024-01-15T10:00:00Z",
        "duration_seconds": 184,
        "outcome": "answered",
        "summary": "Interested; wants a demo next week.",
        "extracted_fields": {"budget": 50000, "decision_maker": True},
        "lead_status": "qualified",
    }
    stored = Call.objects.get()
    assert stored.public_id == payload["call"]["id"]
    assert stored.contact == contact
    assert stored.team_id == contact.team_id


def test_started_at_with_an_offset_is_stored_in_utc(api, contact):
    response = record(api, contact, startedAt="2024-01-15T12:00:00+02:00")

    assert response.json()["call"]["started_at"] == "2024-01-15T10:00:00Z"
    assert Call.objects.get().started_at == datetime(2024, 1, 15, 10, tzinfo=UTC)


@pytest.mark.parametrize("outcome", ["answered", "voicemail", "no_answer", "busy", "failed"])
def test_every_call_outcome_is_accepted(api, contact, outcome):
    response = record(api, contact, outcome=outcome)

    assert response.status_code == 201, response.json()
    assert response.json()["call"]["outcome"] == outcome


@pytest.mark.parametrize("duration", [0, 86400])
def test_duration_bounds_are_accepted(api, contact, duration):
    response = record(api, contact, durationSeconds=duration)

    assert response.status_code == 201, response.json()
    assert response.json()["call"]["duration_seconds"] == duration


def test_a_call_with_only_the_required_fields_is_recorded(api, contact):
    response = api.post(
        calls_url(contact),
        {"campaignId": "c1", "startedAt": "2024-01-15T10:00:00Z", "durationSeconds": 5,
         "outcome": "busy"},
        format="json",
    )  # fmt: skip

    assert response.status_code == 201, response.json()
    call = response.json()["call"]
    assert call["summary"] is None
    assert call["extracted_fields"] == {}
    assert call["lead_status"] is None


# --- what a call does to its contact ---------------------------------------------------------


def test_extracted_fields_merge_into_custom_fields_and_null_removes(api, contact):
    response = record(
        api, contact, extractedFields={"budget": 50000, "region": None, "decision_maker": True}
    )

    assert response.status_code == 201, response.json()
    expected = {"budget": 50000, "decision_maker": True}
    contact.refresh_from_db()
    assert contact.custom_fields == expected
    shown = api.get(f"/api/crm/contacts/{contact.public_id}").json()["contact"]
    assert shown["custom_fields"] == expected


def test_extracted_fields_merge_nested_objects_key_by_key(api, company):
    contact = ContactFactory(company=company, custom_fields={"address": {"city": "SF", "zip": "1"}})

    record(api, contact, extractedFields={"address": {"zip": "94105", "city": None}})

    contact.refresh_from_db()
    assert contact.custom_fields == {"address": {"zip": "94105"}}


def test_lead_status_is_applied_when_given(api, contact):
    record(api, contact, leadStatus="qualified")

    contact.refresh_from_db()
    assert contact.lead_status == "qualified"


@pytest.mark.parametrize("lead_status", ["absent", None])
def test_lead_status_is_unchanged_when_not_given(api, company, lead_status):
    contact = ContactFactory(company=company, lead_status="contacted")
    body = call_body(leadStatus=lead_status)
    if lead_status == "absent":
        del body["leadStatus"]

    response = api.post(calls_url(contact), body, format="json")

    assert response.status_code == 201, response.json()
    assert response.json()["call"]["lead_status"] is None
    contact.refresh_from_db()
    assert contact.lead_status == "contacted"


def test_each_call_increments_call_count_and_sets_last_called_at(api, contact):
    record(api, contact, startedAt="2024-01-15T10:00:00Z")
    record(api, contact, startedAt="2024-01-16T09:30:00Z")

    shown = api.get(f"/api/crm/contacts/{contact.public_id}").json()["contact"]
    assert shown["call_count"] == 2
    assert shown["last_called_at"] == "2024-01-16T09:30:00Z"


def test_an_older_call_recorded_later_does_not_move_last_called_at_back(api, contact):
    record(api, contact, startedAt="2024-01-16T09:30:00Z")

    response = record(api, contact, startedAt="2024-01-10T08:00:00Z")

    assert response.status_code == 201, response.json()
    contact.refresh_from_db()
    assert contact.last_called_at == datetime(2024, 1, 16, 9, 30, tzinfo=UTC)
    assert contact.call_count == 2


def test_recording_a_call_moves_the_contacts_updated_at(api, contact):
    before = Contact.objects.get(pk=contact.pk).updated_at

    record(api, contact)

    assert Contact.objects.get(pk=contact.pk).updated_at > before


# --- validation ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("startedAt", "2024-01-15T10:00:00"),  # no offset
        ("startedAt", "2999-01-01T00:00:00Z"),  # in the future
        ("startedAt", "yesterday"),
        ("startedAt", "2024-02-30T10:00:00Z"),
        ("startedAt", 1705312800),
        ("startedAt", None),
        ("durationSeconds", -1),
        ("durationSeconds", 86401),
        ("durationSeconds", "abc"),
        ("durationSeconds", None),
        ("outcome", "hung_up"),
        ("outcome", ""),
        ("extractedFields", "budget=5"),
        ("extractedFields", ["budget"]),
        ("extractedFields", {"": 1}),
        ("leadStatus", "hot"),
        ("campaignId", None),
        ("campaignId", "x" * 201),
    ],
)
def test_invalid_call_is_400_naming_the_field_and_writes_nothing(api, contact, field, value):
    before = contact_snapshot(contact)

    response = record(api, contact, **{field: value})

    assert response.status_code == 400
    assert list(error_fields(response)) == [field]
    assert not Call.objects.exists()
    assert contact_snapshot(contact) == before


def test_a_call_an_hour_in_the_future_is_refused(api, contact):
    soon = (timezone.now() + timedelta(hours=1)).isoformat()

    response = record(api, contact, startedAt=soon)

    assert response.status_code == 400
    assert list(error_fields(response)) == ["startedAt"]


def test_missing_required_fields_are_all_named(api, contact):
    response = api.post(calls_url(contact), {"summary": "Hi"}, format="json")

    assert response.status_code == 400
    assert set(error_fields(response)) == {"campaignId", "startedAt", "durationSeconds", "outcome"}
    assert not Call.objects.exists()


def test_unknown_field_is_400(api, contact):
    response = record(api, contact, extracted_fields={"a": 1})

    assert response.status_code == 400
    assert "extracted_fields" in error_fields(response)
    assert not Call.objects.exists()


def test_extracted_fields_over_the_key_limit_after_merging_write_nothing(api, company):
    full = {f"k{index}": index for index in range(CUSTOM_FIELDS_MAX_KEYS - 1)}
    contact = ContactFactory(company=company, custom_fields=full)
    before = contact_snapshot(contact)

    response = record(api, contact, extractedFields={"new1": 1, "new2": 2})

    assert response.status_code == 400
    assert list(error_fields(response)) == ["extractedFields"]
    assert not Call.objects.exists()
    assert contact_snapshot(contact) == before
    assert Contact.objects.get(pk=contact.pk).call_count == 0


def test_extracted_fields_over_the_size_limit_after_merging_write_nothing(api, company):
    contact = ContactFactory(company=company, custom_fields={"notes": "x" * 15_000})
    before = contact_snapshot(contact)

    response = record(api, contact, extractedFields={"transcript": "y" * 2_000})

    assert response.status_code == 400
    assert list(error_fields(response)) == ["extractedFields"]
    assert not Call.objects.exists()
    assert contact_snapshot(contact) == before


def test_extracted_fields_that_remove_keys_stay_within_the_limit(api, company):
    full = {f"k{index}": index for index in range(CUSTOM_FIELDS_MAX_KEYS)}
    contact = ContactFactory(company=company, custom_fields=full)

    response = record(api, contact, extractedFields={"k0": None, "new": 1})

    assert response.status_code == 201, response.json()
    contact.refresh_from_db()
    assert len(contact.custom_fields) == CUSTOM_FIELDS_MAX_KEYS
    assert "k0" not in contact.custom_fields and contact.custom_fields["new"] == 1


# --- archived contacts and tenancy ------------------------------------------------------------


def test_recording_a_call_for_an_archived_contact_is_409(api, company):
    contact = ContactFactory(company=company, archived_at=timezone.now())
    before = contact_snapshot(contact)

    response = record(api, contact)

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conflict"
    assert not Call.objects.exists()
    assert contact_snapshot(contact) == before


def test_recording_a_call_for_another_teams_contact_is_404(other_api, contact):
    before = contact_snapshot(contact)

    response = record(other_api, contact)

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert not Call.objects.exists()
    assert contact_snapshot(contact) == before


def test_another_teams_contact_answers_like_a_missing_one(api, other_company):
    theirs = ContactFactory(company=other_company)
    missing = ContactFactory(company=other_company)
    missing_url = calls_url(missing)
    missing.delete()

    response = api.post(calls_url(theirs), call_body(), format="json")
    absent = api.post(missing_url, call_body(), format="json")

    assert (response.status_code, absent.status_code) == (404, 404)
    assert response.json()["error"]["code"] == absent.json()["error"]["code"]
    assert not Call.objects.exists()


@pytest.mark.parametrize("bad_id", ["nope", "comp_01hzzzzzzzzzzzzzzzzzzzzzzz"])
def test_malformed_contact_id_is_400(api, bad_id):
    response = api.post(f"/api/crm/contacts/{bad_id}/calls", call_body(), format="json")

    assert response.status_code == 400
    assert "id" in error_fields(response)


# --- the history -----------------------------------------------------------------------------


def history(client, contact, **params):
    return client.get(calls_url(contact), params)


def test_history_answers_the_envelope_newest_first(api, contact):
    for started in ("2024-01-15T10:00:00Z", "2024-03-01T08:00:00Z", "2024-02-01T12:00:00Z"):
        assert record(api, contact, startedAt=started).status_code == 201

    response = history(api, contact)

    assert response.status_code == 200
    payload = response.json()
    assert set(payload) == {"success", "calls", "count", "limit", "offset"}
    assert payload["success"] is True
    assert (payload["count"], payload["limit"], payload["offset"]) == (3, 50, 0)
    assert [call["started_at"] for call in payload["calls"]] == [
        "2024-03-01T08:00:00Z",
        "2024-02-01T12:00:00Z",
        "2024-01-15T10:00:00Z",
    ]
    assert all(call["contact_id"] == contact.public_id for call in payload["calls"])


def test_history_pages_with_limit_and_offset(api, contact):
    for day in range(1, 6):
        record(api, contact, startedAt=f"2024-01-{day:02d}T10:00:00Z")

    first = history(api, contact, limit=2).json()
    second = history(api, contact, limit=2, offset=2).json()
    last = history(api, contact, limit=2, offset=4).json()

    assert (first["count"], first["limit"], first["offset"]) == (5, 2, 0)
    assert (second["limit"], second["offset"]) == (2, 2)
    days = [call["started_at"][8:10] for page in (first, second, last) for call in page["calls"]]
    assert days == ["05", "04", "03", "02", "01"]


def test_history_of_a_contact_without_calls_is_empty(api, contact):
    payload = history(api, contact).json()

    assert payload["calls"] == []
    assert payload["count"] == 0


def test_history_lists_only_this_contacts_calls(api, company, contact):
    other = ContactFactory(company=company)
    record(api, other)

    assert history(api, contact).json()["count"] == 0


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"outcome": "answered"}, "outcome"),
        ({"teamId": "team_01hzzzzzzzzzzzzzzzzzzzzzzz"}, "teamId"),
        ({"limit": "abc"}, "limit"),
        ({"offset": "-1"}, "offset"),
    ],
)
def test_history_rejects_unknown_or_bad_parameters(api, contact, params, named):
    response = history(api, contact, **params)

    assert response.status_code == 400
    assert list(error_fields(response)) == [named]


def test_history_of_another_teams_contact_is_404(other_api, api, contact):
    record(api, contact)

    response = history(other_api, contact)

    assert response.status_code == 404
    assert "call_" not in response.content.decode()
