"""Archiving in the contact admin: it says "archive", lists live contacts by default, marks
and lists archived ones on request, and restores them (an action, and a button)."""

from django.contrib.admin.models import LogEntry
from django.utils import timezone

from contacts.models import Contact
from tests.admin.contacts.pages import change_url, changelist_url, listed, listing
from tests.factories import CompanyFactory, ContactFactory
from tests.kit.admin import admin_url, logged_in, messages_of, staff_user


def archived(contact) -> bool:
    return Contact.objects.get(pk=contact.pk).archived_at is not None


def test_the_list_shows_live_contacts_by_default_and_archived_ones_on_request(
    admin_client, company
):
    live = ContactFactory(company=company, first_name="Live")
    gone = ContactFactory(company=company, first_name="Gone", archived_at=timezone.now())

    assert listed(admin_client) == {live}
    assert listed(admin_client, archived="no") == {live}
    assert listed(admin_client, archived="yes") == {gone}
    assert listed(admin_client, archived="all") == {live, gone}


def test_the_archived_filter_offers_live_archived_and_all_with_live_selected(admin_client):
    page = listing(admin_client).content.decode()

    assert '<li class="selected">\n    <a href="?archived=no"' in page
    assert 'href="?archived=yes"' in page
    assert 'href="?archived=all"' in page
    assert "archived at" not in page  # the old "archived at: empty / not empty" filter


def test_an_archived_contact_is_marked_archived_in_the_list(admin_client, company):
    ContactFactory(company=company, archived_at=timezone.now())

    page = listing(admin_client, archived="all").content.decode()

    assert '<span class="warning-label">Archived</span>' in page


def test_the_actions_say_archive_and_never_delete(admin_client, company):
    ContactFactory(company=company)

    page = listing(admin_client).content.decode()

    assert '<option value="archive">Archive the selected contacts</option>' in page
    assert "delete_selected" not in page
    assert "Delete selected" not in page


def test_the_archive_action_archives_and_says_so(admin_client, company):
    contacts = ContactFactory.create_batch(2, company=company)

    response = admin_client.post(
        changelist_url(), {"action": "archive", "_selected_action": [c.pk for c in contacts]}
    )

    assert messages_of(response) == [
        "Archived 2 contact(s). The “Archived” filter lists them, with Restore."
    ]
    assert all(archived(contact) for contact in contacts)


def test_the_confirmation_page_asks_to_archive_and_lists_nothing_to_delete(
    admin_client, company, settings
):
    settings.ARCHIVE_RETENTION_DAYS = 45
    contact = ContactFactory(company=company, first_name="Sarah", last_name="Chen")

    response = admin_client.get(admin_url("contacts_contact_delete", contact.pk))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Archive the contact “Sarah Chen”?" in page
    assert "45 days after archiving" in page
    assert 'value="Yes, archive it"' in page
    assert "want to delete" not in page
    assert "will be deleted" not in page
    assert "<h1>Archive</h1>" in page


def test_confirming_archives_the_contact_and_says_archived(admin_client, company):
    contact = ContactFactory(company=company, first_name="Sarah", last_name="Chen")

    response = admin_client.post(
        admin_url("contacts_contact_delete", contact.pk), {"post": "yes"}, follow=True
    )

    assert "Archived Sarah Chen." in response.content.decode()
    assert "deleted" not in " ".join(str(m) for m in response.context["messages"])
    assert archived(contact)
    entry = LogEntry.objects.get(object_id=str(contact.pk))
    assert (entry.is_change(), entry.get_change_message()) == (True, "Archived.")
    assert Contact.objects.filter(pk=contact.pk).exists()


def test_a_member_without_delete_permission_on_calls_can_archive(client, team, company):
    member = logged_in(client, staff_user("mia", team))
    contact = ContactFactory(company=company)

    page = member.get(admin_url("contacts_contact_delete", contact.pk)).content.decode()
    member.post(admin_url("contacts_contact_delete", contact.pk), {"post": "yes"})

    assert "Yes, archive it" in page
    assert archived(contact)


def test_a_live_contacts_page_offers_archive_an_archived_ones_restore(admin_client, company):
    live = ContactFactory(company=company)
    gone = ContactFactory(company=company, archived_at=timezone.now())

    live_page = admin_client.get(change_url(live)).content.decode()
    gone_response = admin_client.get(change_url(gone))
    gone_page = gone_response.content.decode()

    assert 'class="deletelink">Archive</a>' in live_page
    assert 'value="Restore"' not in live_page
    assert 'value="Restore"' in gone_page
    assert "deletelink" not in gone_page
    assert "This contact was archived on" in " ".join(messages_of(gone_response))


def test_the_restore_button_brings_the_contact_back(admin_client, company):
    contact = ContactFactory(company=company, archived_at=timezone.now())

    response = admin_client.post(admin_url("contacts_contact_restore", contact.pk), follow=True)

    assert f"Restored {contact}." in response.content.decode()
    assert not archived(contact)
    entry = LogEntry.objects.get(object_id=str(contact.pk))
    assert entry.get_change_message() == "Restored."


def test_the_restore_button_refuses_a_contact_whose_company_is_archived(admin_client, team):
    company = CompanyFactory(team=team, archived_at=timezone.now())
    contact = ContactFactory(company=company, archived_at=timezone.now())

    response = admin_client.post(admin_url("contacts_contact_restore", contact.pk), follow=True)

    assert "restore the company first" in response.content.decode()
    assert archived(contact)


def test_the_restore_button_is_a_post_only(admin_client, company):
    contact = ContactFactory(company=company, archived_at=timezone.now())

    response = admin_client.get(admin_url("contacts_contact_restore", contact.pk))

    assert response.status_code == 403
    assert archived(contact)


def test_another_teams_contact_cannot_be_restored(client, team, other_company):
    member = logged_in(client, staff_user("mia", team))
    theirs = ContactFactory(company=other_company, archived_at=timezone.now())

    response = member.post(admin_url("contacts_contact_restore", theirs.pk))

    assert response.status_code == 404
    assert archived(theirs)


def test_the_restore_action_works_from_the_archived_list(admin_client, company):
    contact = ContactFactory(company=company, archived_at=timezone.now())

    response = admin_client.post(
        changelist_url() + "?archived=yes",
        {"action": "restore", "_selected_action": [contact.pk]},
    )

    assert messages_of(response) == ["Restored 1 contact(s)."]
    assert not archived(contact)
