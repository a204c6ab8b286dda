"""A JSON value of the wrong type is a 400 naming the field: refused, never converted."""

import pytest

from calls.models import Call
from companies.models import Company
from contacts.models import Contact
from tests.factories import ContactFactory
from tests.kit.api import api_error
from tests.kit.payloads import contact_body


@pytest.fixture
def contact(company):
    return ContactFactory(company=company, first_name="Sarah", do_not_call=False)


def a_call(**fields) -> dict:
    return {
        "campaignId": "spring",
        "startedAt": "2024-01-15T10:00:00Z",
        "durationSeconds": 184,
        "outcome": "answered",
        **fields,
    }


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("firstName", 12, "Must be a string, not a number."),
        ("lastName", True, "Must be a string, not a boolean."),
        ("jobTitle", ["CTO"], "Must be a string, not an array."),
        ("notes", {"text": "hi"}, "Must be a string, not an object."),
        ("phone", 14155551234, "Must be a string, not a number."),
        ("email", 1.5, "Must be a string, not a number."),
        ("leadStatus", 1, "Must be a string, not a number."),
        ("timezone", False, "Must be a string, not a boolean."),
        ("externalId", 42, "Must be a string, not a number."),
        ("doNotCall", "no", "Must be true or false, not a string."),
        ("doNotCall", 0, "Must be true or false, not a number."),
    ],
)
def test_create_refuses_a_value_of_the_wrong_json_type(api, team, company, field, value, message):
    response = api.post("/api/crm/contacts", contact_body(team, company, **{field: value}))

    error = api_error(response, 400)
    assert error["code"] == "validation_error"
    assert error["fields"] == {field: [message]}
    assert error["message"] == f"{field}: {message}"
    assert not Contact.objects.exists()


def test_wrong_type_of_a_required_field_names_the_type_not_a_missing_field(api, team, company):
    response = api.post("/api/crm/contacts", contact_body(team, company, firstName=12))

    assert api_error(response, 400)["fields"] == {"firstName": ["Must be a string, not a number."]}


def test_every_bad_field_is_reported_at_once(api, team, company):
    body = contact_body(team, company, firstName=12, phone="12345", colour="red")
    del body["lastName"]

    response = api.post("/api/crm/contacts", body)

    assert set(api_error(response, 400)["fields"]) == {
        "firstName",
        "lastName",
        "phone",
        "colour",
    }


def test_null_is_still_allowed_where_the_field_allows_it(api, team, company):
    response = api.post("/api/crm/contacts", contact_body(team, company, jobTitle=None))

    assert response.status_code == 201


def test_patch_refuses_a_number_for_a_string_and_changes_nothing(api, contact):
    response = api.patch(
        f"/api/crm/contacts/{contact.public_id}", {"firstName": 12, "doNotCall": True}
    )

    assert api_error(response, 400)["fields"] == {"firstName": ["Must be a string, not a number."]}
    contact.refresh_from_db()
    assert (contact.first_name, contact.do_not_call) == ("Sarah", False)


def test_upsert_refuses_a_match_key_that_is_not_a_string(api, team, company):
    body = contact_body(team, company, matchOn=1, email="sarah@example.com")

    response = api.post("/api/crm/contacts/upsert", body)

    assert api_error(response, 400)["fields"] == {"matchOn": ["Must be a string, not a number."]}
    assert not Contact.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("durationSeconds", "5", "Must be a whole number, not a string."),
        ("durationSeconds", 5.5, "Must be a whole number, not 5.5."),
        ("durationSeconds", True, "Must be a whole number, not a boolean."),
        ("startedAt", 1705312800, "Must be a string, not a number."),
        ("campaignId", 7, "Must be a string, not a number."),
        ("outcome", ["answered"], "Must be a string, not an array."),
        ("summary", False, "Must be a string, not a boolean."),
    ],
)
def test_recording_a_call_refuses_a_value_of_the_wrong_json_type(
    api, contact, field, value, message
):
    response = api.post(f"/api/crm/contacts/{contact.public_id}/calls", a_call(**{field: value}))

    assert api_error(response, 400)["fields"] == {field: [message]}
    assert not Call.objects.exists()


def test_a_whole_number_may_be_written_with_a_zero_fraction(api, contact):
    response = api.post(
        f"/api/crm/contacts/{contact.public_id}/calls", a_call(durationSeconds=184.0)
    )

    assert response.status_code == 201
    assert response.json()["call"]["duration_seconds"] == 184


@pytest.mark.parametrize(("field", "value"), [("name", 12), ("domain", ["acme.example"])])
def test_companies_refuse_a_value_of_the_wrong_json_type(api, team, field, value):
    body = {"teamId": team.public_id, "name": "Globex", field: value}

    response = api.post("/api/crm/companies", body)

    assert list(api_error(response, 400)["fields"]) == [field]
    assert not Company.objects.filter(name="Globex").exists()


def test_company_patch_refuses_a_number_for_its_name(api, company):
    response = api.patch(f"/api/crm/companies/{company.public_id}", {"name": 12})

    assert api_error(response, 400)["fields"] == {"name": ["Must be a string, not a number."]}
