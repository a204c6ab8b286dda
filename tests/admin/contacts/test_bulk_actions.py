"""The contact list's bulk actions and CSV export."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.utils import timezone

from contacts.models import Contact, LeadStatus
from contacts.rules import TAGS_MAX_COUNT
from tests.admin.contacts.pages import CSV_HEADER, changelist_url, stored
from tests.factories import ContactFactory
from tests.kit.admin import messages_of, run_action

# --- bulk actions ------------------------------------------------------------------------------


def tag_action(client, action: str, contacts, tag: str):
    """The two steps: choose the action (a form asks for the tag), then apply it."""
    asked = run_action(client, action, contacts)
    assert asked.status_code == 200
    assert 'name="tag"' in asked.content.decode()
    return run_action(client, action, contacts, apply="1", tag=tag)


def test_mark_do_not_call_reports_how_many_changed(admin_client, company):
    contacts = ContactFactory.create_batch(2, company=company, do_not_call=False)
    already = ContactFactory(company=company, do_not_call=True)

    response = run_action(admin_client, "mark_do_not_call", [*contacts, already])

    assert response.status_code == 302
    assert messages_of(response) == ["Marked 2 contact(s) as do not call."]
    assert all(stored(c).do_not_call for c in [*contacts, already])


def test_unmark_do_not_call_reports_how_many_changed(admin_client, company):
    contacts = ContactFactory.create_batch(3, company=company, do_not_call=True)
    already = ContactFactory(company=company, do_not_call=False)

    response = run_action(admin_client, "unmark_do_not_call", [*contacts, already])

    assert messages_of(response) == ["Cleared do not call on 3 contact(s)."]
    assert not any(stored(c).do_not_call for c in [*contacts, already])


@pytest.mark.parametrize(("status", "label"), LeadStatus.choices)
def test_set_lead_status_reports_how_many_changed(admin_client, company, status, label):
    other_status = "contacted" if status == "new" else "new"
    contacts = ContactFactory.create_batch(2, company=company, lead_status=other_status)
    already = ContactFactory(company=company, lead_status=status)
    unselected = ContactFactory(company=company, lead_status=other_status)

    response = run_action(admin_client, f"set_lead_status_{status}", [*contacts, already])

    assert messages_of(response) == [f"Set lead status {label} on 2 contact(s)."]
    assert {stored(c).lead_status for c in [*contacts, already]} == {status}
    assert stored(unselected).lead_status == other_status


def test_bulk_action_moves_updated_at_of_changed_contacts(admin_client, company):
    contact = ContactFactory(company=company)
    long_ago = timezone.now() - timedelta(days=30)
    Contact.objects.filter(pk=contact.pk).update(updated_at=long_ago)

    run_action(admin_client, "set_lead_status_qualified", [contact])

    assert stored(contact).updated_at > long_ago


def test_bulk_actions_leave_archived_contacts_alone(admin_client, company):
    live = ContactFactory(company=company, do_not_call=False)
    archived = ContactFactory(company=company, do_not_call=False, archived_at=timezone.now())

    response = run_action(admin_client, "mark_do_not_call", [live, archived])

    assert messages_of(response) == ["Marked 1 contact(s) as do not call."]
    assert stored(archived).do_not_call is False


def test_add_tag_asks_for_the_tag_for_the_selected_contacts(admin_client, company):
    contacts = ContactFactory.create_batch(2, company=company)

    response = run_action(admin_client, "add_tag", contacts)

    assert response.status_code == 200
    page = response.content.decode()
    assert "for the 2 selected contacts." in page
    assert not any(stored(c).tags for c in contacts)


def test_add_tag_adds_it_once_ignoring_case(admin_client, company):
    untagged = ContactFactory(company=company, tags=["warm"])
    tagged = ContactFactory(company=company, tags=["VIP"])

    response = tag_action(admin_client, "add_tag", [untagged, tagged], "vip")

    assert response.status_code == 302
    assert messages_of(response) == ["Tagged 1 contact(s) 'vip'."]
    assert stored(untagged).tags == ["warm", "vip"]
    assert stored(tagged).tags == ["VIP"]


def test_add_tag_skips_contacts_that_already_have_the_most_tags(admin_client, company):
    full_tags = [f"t{n}" for n in range(TAGS_MAX_COUNT)]
    full = ContactFactory(company=company, tags=full_tags)
    roomy = ContactFactory(company=company, tags=[])

    response = tag_action(admin_client, "add_tag", [full, roomy], "vip")

    (message,) = messages_of(response)
    assert message.startswith("Tagged 1 contact(s) 'vip'.")
    assert "1 already had the most tags allowed." in message
    assert stored(full).tags == full_tags
    assert stored(roomy).tags == ["vip"]


def test_add_tag_refuses_a_tag_with_a_separator(admin_client, company):
    contact = ContactFactory(company=company, tags=["warm"])

    response = tag_action(admin_client, "add_tag", [contact], "vip;gold")

    (message,) = messages_of(response)
    assert "';'" in message or "contains" in message
    assert stored(contact).tags == ["warm"]


def test_remove_tag_removes_it_in_any_case_and_keeps_the_others(admin_client, company):
    upper = ContactFactory(company=company, tags=["VIP", "warm"])
    lower = ContactFactory(company=company, tags=["vip"])
    without = ContactFactory(company=company, tags=["cold"])

    response = tag_action(admin_client, "remove_tag", [upper, lower, without], "vip")

    assert messages_of(response) == ["Removed 'vip' from 2 contact(s)."]
    assert stored(upper).tags == ["warm"]
    assert stored(lower).tags == []
    assert stored(without).tags == ["cold"]


# --- CSV export --------------------------------------------------------------------------------


def exported(response) -> list[list[str]]:
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8's byte-order mark, for Excel
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_export_streams_csv_with_the_importer_header_and_a_row_per_selected_contact(
    admin_client, company
):
    chosen = ContactFactory.create_batch(2, company=company)
    ContactFactory(company=company)

    response = run_action(admin_client, "export_csv", chosen)

    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Disposition"].endswith('.csv"')
    rows = exported(response)
    assert ",".join(rows[0]) == CSV_HEADER
    assert sorted(row[0] for row in rows[1:]) == sorted(c.public_id for c in chosen)


def test_export_writes_every_column_of_a_contact(admin_client, company):
    contact = ContactFactory(
        company=company,
        external_id="crm-42",
        first_name="José",
        last_name="García",
        email="jose@example.com",
        phone="+14155551234",
        phone_secondary="+442079460958",
        job_title="Buyer",
        lead_status="qualified",
        source="webinar",
        timezone="America/Chicago",
        preferred_contact_method="email",
        do_not_call=True,
        notes='Said "call me", later\non Friday',
        tags=["vip", "Warm lead"],
        custom_fields={"budget": 5000, "region": "west"},
    )
    contact.refresh_from_db()

    (header, row) = exported(run_action(admin_client, "export_csv", [contact]))

    assert dict(zip(header, row, strict=True)) == {
        "id": contact.public_id,
        "externalId": "crm-42",
        "firstName": "José",
        "lastName": "García",
        "email": "jose@example.com",
        "phone": "+14155551234",
        "phoneSecondary": "+442079460958",
        "jobTitle": "Buyer",
        "company": "Acme Inc",
        "leadStatus": "qualified",
        "source": "webinar",
        "timezone": "America/Chicago",
        "preferredContactMethod": "email",
        "doNotCall": "true",
        "notes": 'Said "call me", later\non Friday',
        "tags": "vip;Warm lead",
        "customFields": json.dumps({"budget": 5000, "region": "west"}),
        "createdAt": contact.created_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "updatedAt": contact.updated_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def test_export_of_the_whole_filtered_list_follows_the_filter(admin_client, company):
    vips = ContactFactory.create_batch(2, company=company, tags=["vip"])
    ContactFactory(company=company, tags=["cold"])

    response = admin_client.post(
        changelist_url() + "?tag=vip",
        {"action": "export_csv", "_selected_action": [vips[0].pk], "select_across": "1"},
    )

    assert sorted(row[0] for row in exported(response)[1:]) == sorted(c.public_id for c in vips)
