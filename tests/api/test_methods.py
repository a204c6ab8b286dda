"""`Allow` tells the truth: it lists exactly the methods that work on each URL."""

import pytest
from rest_framework.test import APIClient

from tests.factories import CallFactory, ContactFactory
from tests.kit.api import api_error

METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT"]


@pytest.fixture
def urls(company) -> dict[str, set[str]]:
    """Each API URL and the methods it is documented to take."""
    contact = ContactFactory(company=company)
    call = CallFactory(contact=contact)
    return {
        "/api/crm/contacts": {"GET", "HEAD", "POST"},
        f"/api/crm/contacts/{contact.public_id}": {"GET", "HEAD", "PATCH", "DELETE"},
        f"/api/crm/contacts/{contact.public_id}/restore": {"POST"},
        f"/api/crm/contacts/{contact.public_id}/calls": {"GET", "HEAD", "POST"},
        "/api/crm/contacts/upsert": {"POST"},
        "/api/crm/companies": {"GET", "HEAD", "POST"},
        f"/api/crm/companies/{company.public_id}": {"GET", "HEAD", "PATCH", "DELETE"},
        f"/api/crm/companies/{company.public_id}/restore": {"POST"},
        "/api/crm/calls": {"GET", "HEAD"},
        f"/api/crm/calls/{call.public_id}": {"GET", "HEAD"},
        "/api/schema/": {"GET", "HEAD"},
        "/api/docs/": {"GET", "HEAD"},
    }


def allow_header(response) -> set[str]:
    return {method.strip() for method in response["Allow"].split(",")}


def test_allow_lists_exactly_the_methods_that_answer_other_than_405(api, urls):
    for url, documented in urls.items():
        answering = set()
        for method in METHODS:
            response = api.generic(method, url)
            assert allow_header(response) == documented, (url, method)
            if response.status_code != 405:
                answering.add(method)

        assert answering == documented, url


@pytest.mark.parametrize("method", ["OPTIONS", "TRACE", "PUT", "CONNECT"])
def test_a_method_not_allowed_is_a_json_405_with_a_true_allow(api, company, method):
    response = api.generic(method, f"/api/crm/companies/{company.public_id}")

    error = api_error(response, 405)
    assert error["code"] == "method_not_allowed"
    assert allow_header(response) == {"GET", "HEAD", "PATCH", "DELETE"}


@pytest.mark.parametrize("query", ["?x=1", "?teamId=nonsense&limit=-1", "?" + "a=1&" * 50])
def test_trace_with_a_query_string_is_a_405_not_a_400(api, company, query):
    response = api.generic("TRACE", f"/api/crm/companies/{company.public_id}{query}")

    api_error(response, 405)


def test_a_method_not_allowed_writes_nothing(api, company):
    contact = ContactFactory(company=company, first_name="Sarah")

    response = api.put(
        f"/api/crm/contacts/{contact.public_id}", {"firstName": "Changed"}, format="json"
    )

    api_error(response, 405)
    contact.refresh_from_db()
    assert contact.first_name == "Sarah"


def test_options_on_the_public_schema_is_a_json_405_without_options_in_allow(db):
    response = APIClient().options("/api/schema/")

    api_error(response, 405)
    assert allow_header(response) == {"GET", "HEAD"}
