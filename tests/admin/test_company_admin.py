"""Companies in the admin: archived and restored like in the API, never deleted."""

from django.urls import reverse
from django.utils import timezone

from companies.models import Company
from contacts.models import Contact
from tests.factories import CompanyFactory, ContactFactory
from tests.kit.admin import messages_of, run_action

CHANGELIST = reverse("admin:companies_company_changelist")


def refreshed(*objects):
    for obj in objects:
        obj.refresh_from_db()


def test_a_company_cannot_be_deleted_in_the_admin(admin_client, company):
    change_page = admin_client.get(reverse("admin:companies_company_change", args=[company.pk]))
    delete_page = admin_client.get(reverse("admin:companies_company_delete", args=[company.pk]))
    admin_client.post(
        CHANGELIST, {"action": "delete_selected", "_selected_action": [company.pk], "post": "yes"}
    )

    assert reverse("admin:companies_company_delete", args=[company.pk]) not in change_page.text
    assert delete_page.status_code == 403
    assert 'value="delete_selected"' not in admin_client.get(CHANGELIST).text
    assert Company.objects.filter(pk=company.pk, archived_at__isnull=True).exists()


def test_archive_takes_companies_without_live_contacts_and_names_the_others(admin_client, team):
    empty = CompanyFactory(team=team, name="Empty Ltd")
    ContactFactory(company=empty, archived_at=timezone.now())  # archived: not in the way
    busy = CompanyFactory(team=team, name="Busy GmbH")
    ContactFactory(company=busy)

    messages = messages_of(run_action(admin_client, "archive", [empty, busy]))

    refreshed(empty, busy)
    assert empty.archived_at is not None
    assert busy.archived_at is None
    assert "Archived 1 company(ies)." in messages
    assert any("'Busy GmbH' still has 1 live contact(s)" in message for message in messages)


def test_archive_with_contacts_archives_their_live_contacts_too(admin_client, company):
    contacts = ContactFactory.create_batch(2, company=company)

    messages = messages_of(run_action(admin_client, "archive_with_contacts", [company]))

    refreshed(company, *contacts)
    assert "Archived 1 company(ies)." in messages
    assert company.archived_at is not None
    assert all(contact.archived_at is not None for contact in contacts)


def test_archive_keeping_contacts_leaves_them_live_without_a_company(admin_client, company):
    contact = ContactFactory(company=company)

    run_action(admin_client, "archive_keeping_contacts", [company])

    refreshed(company, contact)
    assert company.archived_at is not None
    assert (contact.archived_at, contact.company) == (None, None)
    assert Contact.objects.live().filter(pk=contact.pk).exists()


def test_restore_brings_a_company_back_unless_its_name_is_taken_again(admin_client, team):
    back = CompanyFactory(team=team, name="Back Again", archived_at=timezone.now())
    clash = CompanyFactory(team=team, name="Clash Co", archived_at=timezone.now())
    CompanyFactory(team=team, name="clash co")  # a live company took the name meanwhile

    messages = messages_of(run_action(admin_client, "restore", [back, clash]))

    refreshed(back, clash)
    assert back.archived_at is None
    assert clash.archived_at is not None
    assert "Restored 1 company(ies)." in messages
    assert any("Clash Co" in message or "clash co" in message for message in messages[1:])
