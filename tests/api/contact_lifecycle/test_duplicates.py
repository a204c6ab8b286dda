"""One live contact per email and per external ID in a team."""

from django.utils import timezone

from contacts.models import Contact
from crm import ids
from tests.api.contact_lifecycle.one_contact import patch
from tests.factories import ContactFactory
from tests.kit.api import CONTACTS

# --- email uniqueness on create -----------------------------------------------------------------


def test_create_with_an_email_differing_only_in_case_is_409_naming_the_existing(
    api, company, create_body
):
    existing = ContactFactory(company=company, email="sarah@example.com")

    response = api.post(CONTACTS, {**create_body, "email": "Sarah@Example.com"}, format="json")

    assert response.status_code == 409, response.json()
    error = response.json()["error"]
    assert error["code"] == "conflict"
    assert error["existing_id"] == existing.public_id
    assert existing.public_id in error["message"]
    assert Contact.objects.count() == 1


def test_archived_contacts_email_does_not_block_a_new_one(api, company, create_body):
    ContactFactory(company=company, email="sarah@example.com", archived_at=timezone.now())

    response = api.post(CONTACTS, {**create_body, "email": "sarah@example.com"}, format="json")

    assert response.status_code == 201, response.json()
    assert Contact.objects.filter(email__iexact="sarah@example.com").count() == 2


def test_different_teams_may_share_an_email(api, other_company, create_body):
    ContactFactory(company=other_company, email="sarah@example.com")

    response = api.post(CONTACTS, {**create_body, "email": "sarah@example.com"}, format="json")

    assert response.status_code == 201, response.json()


def test_contacts_without_email_do_not_clash(api, create_body):
    assert api.post(CONTACTS, create_body, format="json").status_code == 201
    assert api.post(CONTACTS, create_body, format="json").status_code == 201


# --- externalId ---------------------------------------------------------------------------------


def test_external_id_is_stored_and_returned(api, create_body):
    response = api.post(CONTACTS, {**create_body, "externalId": "hubspot-123"}, format="json")

    assert response.status_code == 201, response.json()
    contact = response.json()["contact"]
    assert contact["external_id"] == "hubspot-123"
    assert Contact.objects.get(pk=ids.decode("cont", contact["id"])).external_id == "hubspot-123"


def test_external_id_is_unique_among_the_teams_live_contacts(api, company, create_body):
    existing = ContactFactory(company=company, external_id="hubspot-123")

    response = api.post(CONTACTS, {**create_body, "externalId": "hubspot-123"}, format="json")

    assert response.status_code == 409, response.json()
    assert response.json()["error"]["existing_id"] == existing.public_id
    assert Contact.objects.count() == 1


def test_patch_external_id_to_a_taken_one_is_409(api, company, contact):
    existing = ContactFactory(company=company, external_id="hubspot-123")

    response = patch(api, contact, externalId="hubspot-123")

    assert response.status_code == 409, response.json()
    assert response.json()["error"]["existing_id"] == existing.public_id
    assert Contact.objects.get(pk=contact.pk).external_id is None


def test_archived_contacts_external_id_does_not_block(api, company, create_body):
    ContactFactory(company=company, external_id="hubspot-123", archived_at=timezone.now())

    response = api.post(CONTACTS, {**create_body, "externalId": "hubspot-123"}, format="json")

    assert response.status_code == 201, response.json()


def test_external_id_may_be_shared_across_teams(api, other_company, create_body):
    ContactFactory(company=other_company, external_id="hubspot-123")

    response = api.post(CONTACTS, {**create_body, "externalId": "hubspot-123"}, format="json")

    assert response.status_code == 201, response.json()
