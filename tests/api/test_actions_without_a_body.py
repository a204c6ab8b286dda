"""Restore and archive take no body: none, or `{}`. A field sent is a 400, never ignored."""

import pytest

from tests.factories import ContactFactory
from tests.kit.api import api_error


@pytest.fixture
def archived_contact(api, company):
    contact = ContactFactory(company=company)
    api.delete(f"/api/crm/contacts/{contact.public_id}")
    contact.refresh_from_db()
    assert contact.archived_at is not None
    return contact


@pytest.fixture
def archived_company(api, team):
    company = ContactFactory(company__team=team).company
    api.delete(f"/api/crm/companies/{company.public_id}?contacts=archive")
    company.refresh_from_db()
    assert company.archived_at is not None
    return company


@pytest.mark.parametrize("body", [None, {}])
def test_restore_with_no_body_or_an_empty_object_restores(api, archived_contact, body):
    url = f"/api/crm/contacts/{archived_contact.public_id}/restore"

    response = api.post(url) if body is None else api.post(url, body, format="json")

    assert response.status_code == 200
    archived_contact.refresh_from_db()
    assert archived_contact.archived_at is None


@pytest.mark.parametrize("kind", ["contacts", "companies"])
def test_restore_with_a_field_is_a_400_naming_it_and_restores_nothing(
    api, archived_contact, archived_company, kind
):
    record = archived_contact if kind == "contacts" else archived_company
    body = {"reason": "mistake", "doNotCall": True}

    response = api.post(f"/api/crm/{kind}/{record.public_id}/restore", body, format="json")

    error = api_error(response, 400)
    assert error["code"] == "validation_error"
    assert set(error["fields"]) == {"reason", "doNotCall"}
    assert "takes no body" in error["fields"]["reason"][0]
    record.refresh_from_db()
    assert record.archived_at is not None


@pytest.mark.parametrize("raw", ["[]", "null", '"restore"', "{bad"])
def test_restore_with_a_body_that_is_not_an_object_is_a_400(api, archived_contact, raw):
    url = f"/api/crm/contacts/{archived_contact.public_id}/restore"

    response = api.post(url, raw, content_type="application/json")

    api_error(response, 400)
    archived_contact.refresh_from_db()
    assert archived_contact.archived_at is not None


def test_restore_with_a_body_without_content_type_is_415(api, archived_contact):
    url = f"/api/crm/contacts/{archived_contact.public_id}/restore"

    response = api.generic("POST", url, b"{}", content_type="")

    api_error(response, 415)


def test_archive_with_a_field_in_the_body_is_a_400_and_archives_nothing(api, company):
    ContactFactory(company=company)

    response = api.delete(
        f"/api/crm/companies/{company.public_id}", {"contacts": "detach"}, format="json"
    )

    error = api_error(response, 400)
    assert list(error["fields"]) == ["contacts"]
    company.refresh_from_db()
    assert company.archived_at is None


def test_archive_with_an_empty_object_archives(api, company):
    contact = ContactFactory(company=company)

    response = api.delete(f"/api/crm/contacts/{contact.public_id}", {}, format="json")

    assert response.status_code == 200
    contact.refresh_from_db()
    assert contact.archived_at is not None
