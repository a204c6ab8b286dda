"""`?fields=` on lists and records, through HTTP: only the fields asked for (and `id`), the
response's names or their camelCase forms, unknown names a 400."""

import pytest

from tests.factories import ContactFactory
from tests.kit.api import CALLS, COMPANIES, CONTACTS, api_error, detail_url


@pytest.fixture
def sarah(company):
    return ContactFactory(company=company, first_name="Sarah", phone="+14155550101")


def test_a_list_answers_only_the_fields_asked_for_and_the_id(api, team, sarah):
    response = api.get(CONTACTS, {"teamId": team.public_id, "fields": "first_name,phone"})

    assert response.status_code == 200, response.json()
    assert response.json()["contacts"] == [
        {"id": sarah.public_id, "first_name": "Sarah", "phone": "+14155550101"}
    ]
    # The envelope is untouched.
    assert {"count", "limit", "offset"} <= set(response.json())


def test_fields_may_change_between_pages_of_a_cursor_walk(api, team, company, sarah):
    ContactFactory(company=company, first_name="Tom")
    first = api.get(
        CONTACTS, {"teamId": team.public_id, "limit": 1, "cursor": "", "fields": "first_name"}
    ).json()

    second = api.get(
        CONTACTS, {"teamId": team.public_id, "limit": 1, "cursor": first["next_cursor"]}
    )

    assert second.status_code == 200, second.json()
    [contact] = second.json()["contacts"]
    assert contact["id"] != first["contacts"][0]["id"] and "phone" in contact


def test_a_record_answers_only_the_fields_asked_for(api, sarah):
    response = api.get(detail_url(CONTACTS, sarah), {"fields": "next_callable_at,call_blockers"})

    assert response.status_code == 200, response.json()
    assert set(response.json()["contact"]) == {"id", "next_callable_at", "call_blockers"}
    # The ETag names the record's version, whatever the selection.
    assert response["ETag"] == api.get(detail_url(CONTACTS, sarah))["ETag"]


def test_camel_case_names_are_taken_too(api, sarah):
    response = api.get(detail_url(CONTACTS, sarah), {"fields": "firstName, lead_status"})

    assert response.json()["contact"] == {
        "id": sarah.public_id,
        "first_name": "Sarah",
        "lead_status": sarah.lead_status,
    }


def test_unknown_field_names_are_a_400_naming_each(api, team, sarah):
    response = api.get(CONTACTS, {"teamId": team.public_id, "fields": "first_name,shoe,hat"})

    error = api_error(response, 400, "validation_error")
    (message,) = error["fields"]["fields"]
    assert "shoe, hat" in message
    assert "first_name" in message  # the names it has are listed


def test_an_empty_fields_parameter_is_a_400(api, sarah):
    response = api.get(detail_url(CONTACTS, sarah), {"fields": ""})

    assert list(api_error(response, 400)["fields"]) == ["fields"]


def test_every_entity_takes_fields(api, team, company, sarah):
    companies = api.get(COMPANIES, {"teamId": team.public_id, "fields": "name"})
    one_company = api.get(detail_url(COMPANIES, company), {"fields": "domain"})
    calls = api.get(CALLS, {"teamId": team.public_id, "fields": "outcome"})

    assert companies.json()["companies"] == [{"id": company.public_id, "name": company.name}]
    assert one_company.json()["company"] == {"id": company.public_id, "domain": company.domain}
    assert calls.status_code == 200, calls.json()


def test_writes_do_not_take_fields(api, sarah):
    response = api.patch(
        f"{detail_url(CONTACTS, sarah)}?fields=first_name", {"jobTitle": "CTO"}, format="json"
    )

    assert list(api_error(response, 400)["fields"]) == ["fields"]
