"""`GET /api/crm/contacts/{id}`: one contact, archived or not."""

import pytest

from tests.api.contact_lifecycle.one_contact import UNKNOWN_ID, detail
from tests.factories import ContactFactory
from tests.kit.api import CONTACTS, error_fields

# --- GET ----------------------------------------------------------------------------------------


def test_get_answers_the_contact_envelope(api, team, company, contact):
    response = api.get(detail(contact))

    assert response.status_code == 200, response.json()
    body = response.json()
    assert set(body) == {"success", "contact"}
    assert body["success"] is True
    got = body["contact"]
    assert got["id"] == contact.public_id
    assert got["team_id"] == team.public_id
    assert got["company_id"] == company.public_id
    assert got["first_name"] == "Sarah"
    assert got["email"] == "sarah.chen@example.com"
    assert got["phone"] == "+14155551234"
    assert got["tags"] == ["enterprise", "warm-lead"]
    assert got["custom_fields"] == contact.custom_fields
    assert got["archived_at"] is None
    assert got["call_count"] == 0


def test_get_answers_the_same_contact_as_the_list(api, team, contact):
    listed = api.get(CONTACTS, {"teamId": team.public_id}).json()["contacts"]

    assert api.get(detail(contact)).json()["contact"] == listed[0]


@pytest.mark.parametrize(
    "bad_id",
    ["cont_123", "comp_01h455vb4pex5vsknk084sn02q", "01h455vb4pex5vsknk084sn02q", "nonsense"],
)
def test_get_with_malformed_id_is_400_naming_id(api, contact, bad_id):
    response = api.get(detail(bad_id))

    assert response.status_code == 400
    assert list(error_fields(response)) == ["id"]


def test_get_unknown_id_is_404(api, contact):
    response = api.get(detail(UNKNOWN_ID))

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_get_another_teams_contact_answers_like_an_unknown_id(api, other_company):
    theirs = ContactFactory(company=other_company)

    foreign = api.get(detail(theirs))
    unknown = api.get(detail(UNKNOWN_ID))

    assert foreign.status_code == unknown.status_code == 404
    foreign_text = foreign.content.decode().replace(theirs.public_id, "<id>")
    unknown_text = unknown.content.decode().replace(UNKNOWN_ID, "<id>")
    assert foreign_text == unknown_text
    assert theirs.first_name not in foreign.content.decode()


def test_get_archived_contact_is_still_readable(api, contact):
    api.delete(detail(contact))

    response = api.get(detail(contact))

    assert response.status_code == 200
    assert response.json()["contact"]["archived_at"] is not None


def test_get_rejects_unknown_query_parameter(api, contact):
    response = api.get(detail(contact), {"expand": "company"})

    assert response.status_code == 400
    assert list(error_fields(response)) == ["expand"]
