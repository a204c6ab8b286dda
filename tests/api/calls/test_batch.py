"""`POST /api/crm/calls/batch`, through HTTP: a dialer reporting many finished calls at once,
each recorded as `POST /api/crm/contacts/{id}/calls` records it."""

import pytest
from django.utils import timezone

from calls.models import Call
from contacts.models import Contact
from donotcall.models import DoNotCallEntry
from tests.factories import CompanyFactory, ContactFactory
from tests.kit.api import CALLS, api_error, detail_url

URL = f"{CALLS}/batch"


def call_body(**overrides) -> dict:
    return {
        "campaignId": "spring-outreach",
        "startedAt": "2024-01-15T10:00:00Z",
        "durationSeconds": 184,
        "outcome": "answered",
        "extractedFields": {"budget": 50000},
        "leadStatus": "qualified",
        **overrides,
    }


def recording(contact, **overrides) -> dict:
    return {"op": "create", "contactId": contact.public_id, "data": call_body(**overrides)}


def results(response) -> list[dict]:
    assert response.status_code == 200, response.json()
    return response.json()["results"]


@pytest.fixture
def contacts(company):
    return [
        ContactFactory(company=company, phone=f"+1415555010{n}", lead_status="new")
        for n in range(3)
    ]


def test_batch_records_each_call_as_the_single_endpoint_does(api, contacts):
    first, second, third = contacts
    operations = [
        recording(first),
        recording(second, outcome="opted_out", extractedFields={}),
        recording(third, extractedFields={"doNotCall": True, "budget": 10}),
    ]

    answered = results(api.post(URL, {"operations": operations}, format="json"))

    assert [result["status"] for result in answered] == [201, 201, 201]
    for result, contact in zip(answered, contacts, strict=True):
        assert result["call"]["contact_id"] == contact.public_id
        assert result["location"] == detail_url(CALLS, result["call"]["id"])
        # The call as its own endpoint answers it.
        assert api.get(result["location"]).json()["call"] == result["call"]
    first, second, third = (Contact.objects.get(pk=contact.pk) for contact in contacts)
    assert (first.lead_status, first.call_count, first.custom_fields) == (
        "qualified",
        1,
        {"budget": 50000},
    )
    # Opt-outs, by outcome or by the extracted signal, are captured as one by one.
    assert (first.do_not_call, second.do_not_call, third.do_not_call) == (False, True, True)
    assert "doNotCall" not in third.custom_fields
    registered = set(DoNotCallEntry.objects.values_list("number", flat=True))
    assert {str(number) for number in registered} == {second.phone, third.phone}


def test_a_bad_call_is_answered_with_its_error_and_the_others_are_recorded(api, company, contacts):
    archived = contacts[2]
    Contact.objects.filter(pk=archived.pk).update(archived_at=timezone.now())
    operations = [
        recording(contacts[0]),
        recording(contacts[1], durationSeconds=-1),
        recording(archived),
        {"op": "create", "contactId": "cont_00000000000000000000000000", "data": call_body()},
        recording(contacts[1]),
    ]

    answered = results(api.post(URL, {"operations": operations}, format="json"))

    assert [result["status"] for result in answered] == [201, 400, 409, 404, 201]
    assert set(answered[1]["error"]["fields"]) == {"durationSeconds"}
    assert Call.objects.count() == 2


def test_atomic_call_batch_records_nothing_when_one_fails(api, contacts):
    operations = [recording(contacts[0]), recording(contacts[1], outcome="hung_up")]

    response = api.post(URL, {"operations": operations, "atomic": True}, format="json")

    error = api_error(response, 400, "batch_failed")
    assert [failure["index"] for failure in error["results"]] == [1]
    assert set(error["fields"]) == {"operations.1.outcome"}
    assert Call.objects.count() == 0
    assert Contact.objects.get(pk=contacts[0].pk).call_count == 0


def test_call_batch_reaches_only_the_callers_team(api, contacts, other_team):
    theirs = ContactFactory(company=CompanyFactory(team=other_team))

    answered = results(api.post(URL, {"operations": [recording(theirs)]}, format="json"))

    assert answered[0]["status"] == 404
    assert Call.objects.count() == 0


def test_call_batch_takes_only_create(api, contacts):
    operation = {"op": "update", "contactId": contacts[0].public_id, "data": call_body()}

    answered = results(api.post(URL, {"operations": [operation]}, format="json"))

    assert answered[0]["status"] == 400
    assert answered[0]["error"]["fields"] == {"op": ["Use one of: create."]}
