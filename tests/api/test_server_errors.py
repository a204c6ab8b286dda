"""Failures that are not the client's fault still answer in the API's JSON shape."""

import pytest

from contacts.api.views import ContactViewSet


@pytest.fixture
def failing_create(monkeypatch):
    def explode(**fields):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(ContactViewSet, "create_service", staticmethod(explode))


def test_unexpected_error_is_a_json_500_without_a_traceback(api, team, company, failing_create):
    api.raise_request_exception = False
    body = {
        "teamId": team.public_id,
        "companyId": company.public_id,
        "firstName": "Sarah",
        "lastName": "Chen",
    }

    response = api.post("/api/crm/contacts", body, format="json")

    assert response.status_code == 500
    assert response.json() == {
        "success": False,
        "error": {
            "code": "server_error",
            "message": "Something went wrong on our side; it has been logged.",
            "fields": {},
        },
    }
    assert b"disk on fire" not in response.content


def test_options_is_a_json_405(api):
    response = api.options("/api/crm/contacts")

    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_html_accept_header_still_gets_json(api, team):
    response = api.get(
        "/api/crm/contacts", {"teamId": team.public_id}, HTTP_ACCEPT="text/html,*/*;q=0.8"
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
