"""The `Accept` header: JSON unless the client rules it out, then a JSON 406."""

import pytest
from rest_framework.test import APIClient

from tests.kit.api import CONTACTS, api_error


@pytest.mark.parametrize(
    "accept",
    [
        "application/json;q=0",
        "application/json; q=0.0",
        "*/*, application/json;q=0",
        "application/*;q=0",
        "*/*;q=0",
        "text/html, application/*;q=0.5, application/json;q=0",
        "text/html",
    ],
)
def test_accept_header_that_refuses_json_is_a_json_406(api, team, accept):
    response = api.get(CONTACTS, {"teamId": team.public_id}, HTTP_ACCEPT=accept)

    error = api_error(response, 406)
    assert error["code"] == "not_acceptable"


@pytest.mark.parametrize(
    "accept",
    [
        "application/json",
        "application/json;q=0.1",
        "application/*",
        "*/*",
        "text/html;q=0, */*",
        "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    ],
)
def test_accept_header_that_allows_json_gets_json(api, team, accept):
    response = api.get(CONTACTS, {"teamId": team.public_id}, HTTP_ACCEPT=accept)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"


def test_no_accept_header_gets_json(api, team):
    response = api.get(CONTACTS, {"teamId": team.public_id})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"


def test_refusing_json_on_a_post_writes_nothing(api, team, company):
    body = {
        "teamId": team.public_id,
        "companyId": company.public_id,
        "firstName": "Sarah",
        "lastName": "Chen",
    }

    response = api.post(CONTACTS, body, format="json", HTTP_ACCEPT="application/json;q=0")

    api_error(response, 406)
    assert not team.contacts.exists()


def test_schema_refusing_its_json_gets_the_yaml_it_accepts(db):
    accept = "application/vnd.oai.openapi+json;q=0, application/yaml"

    response = APIClient().get("/api/schema/", HTTP_ACCEPT=accept)

    assert response.status_code == 200
    assert response.content.startswith(b"openapi: 3.")
