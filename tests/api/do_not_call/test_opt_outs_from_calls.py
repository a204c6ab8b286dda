"""A call that captures an opt-out flags its contact and registers the number dialled."""

import pytest

from calls.models import Call
from contacts.models import Contact
from donotcall.models import DoNotCallEntry
from tests.factories import ContactFactory
from tests.kit.api import CONTACTS, api_error


@pytest.fixture
def contact(company):
    return ContactFactory(
        company=company, phone="+14155550100", phone_secondary="+14155550101", custom_fields={}
    )


def record(api, contact, **fields):
    body = {
        "campaignId": "spring",
        "startedAt": "2024-01-15T10:00:00Z",
        "durationSeconds": 30,
        "outcome": "answered",
        **fields,
    }
    return api.post(f"{CONTACTS}/{contact.public_id}/calls", body, format="json")


def test_the_number_dialled_defaults_to_the_contacts_phone(api, contact):
    response = record(api, contact)

    assert response.json()["call"]["phone_number"] == "+14155550100"


def test_the_number_dialled_is_checked_by_the_phone_rule(api, contact):
    response = record(api, contact, phoneNumber="+1 415 555 0101")
    assert response.json()["call"]["phone_number"] == "+14155550101"

    error = api_error(record(api, contact, phoneNumber="12345"), 400, "validation_error")
    assert set(error["fields"]) == {"phoneNumber"}


@pytest.mark.parametrize(
    "fields",
    [
        {"outcome": "opted_out"},
        {"extractedFields": {"doNotCall": True, "budget": 10}},
        {"extractedFields": {"do_not_call": True}},
    ],
    ids=["outcome", "doNotCall", "do_not_call"],
)
def test_an_opt_out_flags_the_contact_and_registers_the_number_dialled(api, contact, fields):
    response = record(api, contact, phoneNumber="+14155550101", **fields)

    assert response.status_code == 201, response.json()
    call = Call.objects.get()
    stored = Contact.objects.get(pk=contact.pk)
    assert stored.do_not_call is True
    assert "doNotCall" not in stored.custom_fields
    assert "do_not_call" not in stored.custom_fields
    entry = DoNotCallEntry.objects.live().get()
    assert str(entry.number) == "+14155550101"
    assert (entry.source, entry.call, entry.contact) == ("call", call, stored)
    assert entry.added_by.startswith("API token test (crm_")
    listed = api.get(f"{CONTACTS}/{contact.public_id}").json()["contact"]
    assert listed["call_blockers"] == ["do_not_call", "number_on_do_not_call_list"]


def test_other_extracted_fields_still_become_custom_fields(api, contact):
    record(api, contact, extractedFields={"doNotCall": True, "budget": 10})

    assert Contact.objects.get(pk=contact.pk).custom_fields == {"budget": 10}


def test_a_false_signal_changes_nothing_and_is_not_stored(api, contact):
    response = record(api, contact, extractedFields={"doNotCall": False})

    assert response.status_code == 201
    stored = Contact.objects.get(pk=contact.pk)
    assert stored.do_not_call is False
    assert stored.custom_fields == {}
    assert not DoNotCallEntry.objects.exists()


def test_a_signal_that_is_not_a_boolean_is_a_400_and_writes_nothing(api, contact):
    response = record(api, contact, extractedFields={"doNotCall": "yes"})

    error = api_error(response, 400, "validation_error")
    assert set(error["fields"]) == {"extractedFields.doNotCall"}
    assert not Call.objects.exists()
    assert not DoNotCallEntry.objects.exists()


def test_an_opt_out_from_another_contact_blocks_every_contact_with_the_number(
    api, team, contact, company
):
    twin = ContactFactory(company=company, phone="+14155550100")

    record(api, contact, outcome="opted_out")

    twin_answer = api.get(f"{CONTACTS}/{twin.public_id}").json()["contact"]
    assert twin_answer["call_blockers"] == ["number_on_do_not_call_list"]
