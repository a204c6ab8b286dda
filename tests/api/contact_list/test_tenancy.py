"""`teamId`: required, and the token's own team only."""

import pytest
from rest_framework.test import APIClient

from tests.api.contact_list.listing import (
    assert_bad_parameter,
    listed_ids,
    listing,
    unknown_team_id,
)
from tests.factories import ContactFactory
from tests.kit.api import CONTACTS

# --- teamId and tenancy -------------------------------------------------------------------------


def test_list_without_token_is_401(team):
    response = APIClient().get(CONTACTS, {"teamId": team.public_id})

    assert response.status_code == 401
    assert response.json()["success"] is False


def test_list_requires_team_id(api):
    assert_bad_parameter(api.get(CONTACTS), "teamId")


def test_list_rejects_blank_team_id(api):
    assert_bad_parameter(api.get(CONTACTS, {"teamId": ""}), "teamId")


@pytest.mark.parametrize(
    "team_id",
    [
        "team_123",
        "team_01juuuuuuuuuuuuuuuuuuuuu",  # u is not in the base32 alphabet
        "team_8" + "0" * 25,  # more than 128 bits
        "not-an-id",
        unknown_team_id().upper(),
    ],
)
def test_list_rejects_malformed_team_id(api, team_id):
    assert_bad_parameter(api.get(CONTACTS, {"teamId": team_id}), "teamId")


def test_list_rejects_a_team_id_with_another_prefix(api, team, company):
    # A company ID is well-formed, but it is not a team ID.
    assert_bad_parameter(api.get(CONTACTS, {"teamId": company.public_id}), "teamId")


def test_list_of_another_teams_id_is_404_and_reveals_nothing(api, other_team, other_company):
    ContactFactory(team=other_team, company=other_company, first_name="Secretive")

    response = listing(api, other_team)
    unknown = api.get(CONTACTS, {"teamId": unknown_team_id()})

    assert response.status_code == 404
    body = response.json()
    assert body["success"] is False
    assert set(body) == {"success", "error"}
    assert body["error"]["code"] == unknown.json()["error"]["code"] == "not_found"
    # Answered exactly as a team that does not exist, apart from the echoed ID.
    assert unknown.status_code == 404
    assert body["error"]["fields"] == unknown.json()["error"]["fields"]
    text = response.content.decode()
    assert "Secretive" not in text
    assert other_team.name not in text
    assert other_company.name not in text


def test_other_teams_token_cannot_list_our_team(other_api, team, company):
    ContactFactory(team=team, company=company)

    response = listing(other_api, team)

    assert response.status_code == 404
    assert "contacts" not in response.json()


def test_list_never_shows_another_teams_contacts(api, team, company, other_team, other_company):
    ours = ContactFactory(team=team, company=company, first_name="Sarah", last_name="Chen")
    ContactFactory.create_batch(
        3, team=other_team, company=other_company, first_name="Sarah", last_name="Chen"
    )

    for params in [{}, {"search": "sarah"}, {"leadStatus": "new"}, {"hasPhone": "true"}]:
        response = listing(api, team, **params)
        assert listed_ids(response) == [ours.public_id], params
        assert response.json()["count"] == 1, params
