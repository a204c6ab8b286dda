"""`DELETE` archives a contact and `POST .../restore` brings it back."""

from contacts.models import Contact
from tests.api.contact_lifecycle.one_contact import UNKNOWN_ID, detail, listed_ids, patch
from tests.factories import ContactFactory
from tests.kit.api import CONTACTS

# --- DELETE archives ----------------------------------------------------------------------------


def test_delete_archives_and_answers_the_contact(api, contact):
    response = api.delete(detail(contact))

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["success"] is True
    assert body["contact"]["id"] == contact.public_id
    assert body["contact"]["archived_at"] is not None
    assert Contact.objects.get(pk=contact.pk).archived_at is not None


def test_archived_contact_leaves_the_list_and_search(api, team, company, contact):
    kept = ContactFactory(company=company, first_name="Sarai", last_name="Chen")
    assert set(listed_ids(api, team, search="chen")) == {contact.public_id, kept.public_id}

    api.delete(detail(contact))

    assert listed_ids(api, team) == [kept.public_id]
    assert listed_ids(api, team, search="chen") == [kept.public_id]
    assert listed_ids(api, team, search="sarah.chen@example.com") == []
    assert api.get(CONTACTS, {"teamId": team.public_id}).json()["count"] == 1


def test_second_delete_is_still_200_and_keeps_the_first_archive_time(api, contact):
    first = api.delete(detail(contact)).json()["contact"]["archived_at"]
    archived_at = Contact.objects.get(pk=contact.pk).archived_at

    response = api.delete(detail(contact))

    assert response.status_code == 200
    assert response.json()["contact"]["archived_at"] == first
    assert Contact.objects.get(pk=contact.pk).archived_at == archived_at


def test_other_team_cannot_delete(other_api, contact):
    response = other_api.delete(detail(contact))

    assert response.status_code == 404
    assert Contact.objects.get(pk=contact.pk).archived_at is None


def test_delete_unknown_id_is_404(api, contact):
    assert api.delete(detail(UNKNOWN_ID)).status_code == 404


# --- POST /{id}/restore -------------------------------------------------------------------------


def test_restore_brings_the_contact_back(api, team, contact):
    api.delete(detail(contact))

    response = api.post(f"{detail(contact)}/restore")

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["success"] is True
    assert body["contact"]["id"] == contact.public_id
    assert body["contact"]["archived_at"] is None
    assert listed_ids(api, team) == [contact.public_id]
    assert patch(api, contact, jobTitle="CTO").status_code == 200


def test_restore_of_a_live_contact_is_200_and_changes_nothing(api, contact):
    response = api.post(f"{detail(contact)}/restore")

    assert response.status_code == 200
    assert response.json()["contact"]["archived_at"] is None


def test_restore_when_a_live_contact_took_the_email_is_409(api, company, contact):
    api.delete(detail(contact))
    newcomer = ContactFactory(company=company, email="SARAH.CHEN@example.com")

    response = api.post(f"{detail(contact)}/restore")

    assert response.status_code == 409, response.json()
    assert response.json()["error"]["existing_id"] == newcomer.public_id
    assert Contact.objects.get(pk=contact.pk).archived_at is not None


def test_restore_when_a_live_contact_took_the_external_id_is_409(api, company, contact):
    Contact.objects.filter(pk=contact.pk).update(external_id="crm-42")
    api.delete(detail(contact))
    newcomer = ContactFactory(company=company, external_id="crm-42")

    response = api.post(f"{detail(contact)}/restore")

    assert response.status_code == 409, response.json()
    assert response.json()["error"]["existing_id"] == newcomer.public_id
    assert Contact.objects.get(pk=contact.pk).archived_at is not None


def test_other_team_cannot_restore(api, other_api, contact):
    api.delete(detail(contact))

    response = other_api.post(f"{detail(contact)}/restore")

    assert response.status_code == 404
    assert Contact.objects.get(pk=contact.pk).archived_at is not None
