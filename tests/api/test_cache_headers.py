"""API responses carry personal data: no cache may keep them, whatever the answer."""

import pytest
from rest_framework.test import APIClient

from contacts.api.views import ContactViewSet
from crm.api import ratelimit
from tests.factories import ContactFactory
from tests.kit.api import CONTACTS


def test_a_contact_list_is_not_stored(api, team, company):
    ContactFactory(company=company)

    response = api.get(CONTACTS, {"teamId": team.public_id})

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    ("authorization", "url", "status"),
    [
        (None, CONTACTS, 401),
        ("Bearer crm_wrong", CONTACTS, 401),
        ("token", f"{CONTACTS}/cont_bad", 400),
        ("token", "/api/crm/nothing-here", 404),
        (None, "/api/schema/", 200),
        (None, "/api/docs/", 200),
    ],
)
def test_errors_and_the_documentation_are_not_stored_either(api, team, authorization, url, status):
    client = api if authorization == "token" else APIClient()
    if authorization not in (None, "token"):
        client.credentials(HTTP_AUTHORIZATION=authorization)

    response = client.get(url)

    assert response.status_code == status
    assert response["Cache-Control"] == "no-store"


def test_a_server_error_is_not_stored(api, team, company, monkeypatch):
    def explode(**fields):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(ContactViewSet, "create_service", staticmethod(explode))
    api.raise_request_exception = False
    body = {"teamId": team.public_id, "companyId": company.public_id}
    body |= {"firstName": "Sarah", "lastName": "Chen"}

    response = api.post(CONTACTS, body, format="json")

    assert response.status_code == 500
    assert response["Cache-Control"] == "no-store"


def test_a_rate_limited_answer_is_not_stored(api, team, settings, monkeypatch):
    settings.API_RATE_LIMIT_PER_MINUTE = 1
    monkeypatch.setattr(ratelimit, "clock", lambda: 1_800_000_010.0)  # one window for both
    api.get(CONTACTS, {"teamId": team.public_id})

    response = api.get(CONTACTS, {"teamId": team.public_id})

    assert response.status_code == 429
    assert response["Cache-Control"] == "no-store"


def test_pages_outside_the_api_keep_their_own_caching(db):
    response = APIClient().get("/")

    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
