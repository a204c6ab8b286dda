"""`GET /api/crm/contacts/duplicates`, through HTTP: groups by phone and by name with
company, paging, parameters and tenancy."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import CompanyFactory, ContactFactory
from tests.kit.api import CONTACTS, api_error, error_fields

URL = f"{CONTACTS}/duplicates"


def duplicates(client, team, **parameters):
    response = client.get(URL, {"teamId": team.public_id, **parameters})
    assert response.status_code == 200, response.json()
    return response.json()


def ids_of(group) -> list[str]:
    return [contact["id"] for contact in group["contacts"]]


@pytest.fixture
def sarahs(company):
    """Two Sarah Chens at one company with one phone; a third person sharing nothing."""
    first = ContactFactory(
        company=company, first_name="Sarah", last_name="Chen", phone="+14155551234"
    )
    second = ContactFactory(
        company=company, first_name="SARAH", last_name="chen", phone="+14155551234"
    )
    ContactFactory(company=company, first_name="Ann", last_name="Lee", phone="+14155550000")
    return first, second


def test_contacts_sharing_a_phone_or_a_name_and_company_are_grouped(api, team, company, sarahs):
    body = duplicates(api, team)

    assert set(body) == {"success", "groups", "count", "limit", "offset"}
    assert body["count"] == 2
    phone, name = body["groups"]
    assert phone["kind"] == "phone"
    assert phone["value"] == "+14155551234"
    assert phone["company_id"] is None
    assert ids_of(phone) == [sarahs[0].public_id, sarahs[1].public_id]  # oldest first
    assert name["kind"] == "name"
    assert name["value"] == "sarah chen"
    assert name["company_id"] == company.public_id
    assert ids_of(name) == ids_of(phone)
    assert name["contacts"][0]["first_name"] == "Sarah"  # the whole contact, as lists show it


@pytest.mark.parametrize("kind", ["email", "fax"])
def test_email_is_not_a_kind_since_live_emails_are_unique(api, team, kind):
    response = api.get(URL, {"teamId": team.public_id, "kind": kind})

    api_error(response, 400, "validation_error")
    assert "kind" in error_fields(response)


def test_same_name_at_different_companies_or_archived_is_no_group(api, team, company):
    ContactFactory(company=company, first_name="Sarah", last_name="Chen")
    ContactFactory(company=CompanyFactory(team=team), first_name="Sarah", last_name="Chen")
    archived = ContactFactory(company=company, first_name="Sarah", last_name="Chen")
    api.delete(f"{CONTACTS}/{archived.public_id}")

    assert duplicates(api, team)["groups"] == []


def test_a_merge_settles_the_group(api, team, sarahs):
    survivor, source = sarahs
    api.post(
        f"{CONTACTS}/{survivor.public_id}/merge", {"sourceIds": [source.public_id]}, format="json"
    )

    assert duplicates(api, team)["count"] == 0


def test_kind_limit_and_offset_page_the_groups(api, team, company, sarahs):
    assert [g["kind"] for g in duplicates(api, team, kind="name")["groups"]] == ["name"]
    page = duplicates(api, team, limit=1, offset=1)
    assert (page["count"], page["limit"], page["offset"]) == (2, 1, 1)
    assert [g["kind"] for g in page["groups"]] == ["name"]


@pytest.mark.parametrize(
    ("parameters", "named"),
    [({"limit": "x"}, "limit"), ({"offset": "-1"}, "offset"), ({"search": "a"}, "search")],
)
def test_a_bad_parameter_is_a_400_naming_it(api, team, parameters, named):
    response = api.get(URL, {"teamId": team.public_id, **parameters})

    api_error(response, 400, "validation_error")
    assert named in error_fields(response)


def test_team_id_is_required_and_must_be_the_tokens(api, team, other_team):
    api_error(api.get(URL), 400, "validation_error")
    api_error(api.get(URL, {"teamId": other_team.public_id}), 404, "not_found")


def test_another_teams_token_sees_none_of_the_groups(other_api, other_team, sarahs):
    assert duplicates(other_api, other_team)["count"] == 0


def test_the_number_of_queries_does_not_grow_with_the_page(api, team, company):
    def queries(limit):
        with CaptureQueriesContext(connection) as context:
            duplicates(api, team, limit=limit)
        return len(context.captured_queries)

    for n in range(6):
        ContactFactory.create_batch(2, company=company, phone=f"+1415555990{n}")
    queries(1)  # the token's first use of the minute is written once
    assert queries(6) == queries(1)
