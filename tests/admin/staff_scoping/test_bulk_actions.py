"""Bulk actions change only a member's own teams' contacts."""

import re

import pytest

from contacts.models import Contact, LeadStatus
from tests.admin.staff_scoping.scoping import snapshot
from tests.factories import ContactFactory
from tests.kit.admin import messages_of, run_action

# --- bulk actions ------------------------------------------------------------------------------


# (action, the fields both contacts start with, extra POST data, what the action sets)
ACTIONS = [
    ("mark_do_not_call", {"do_not_call": False}, {}, {"do_not_call": True}),
    ("unmark_do_not_call", {"do_not_call": True}, {}, {"do_not_call": False}),
    *[
        (
            f"set_lead_status_{status}",
            {"lead_status": "contacted" if status == "new" else "new"},
            {},
            {"lead_status": status},
        )
        for status in LeadStatus.values
    ],
    ("add_tag", {"tags": []}, {"apply": "1", "tag": "vip"}, {"tags": ["vip"]}),
    ("remove_tag", {"tags": ["vip"]}, {"apply": "1", "tag": "vip"}, {"tags": []}),
]


@pytest.mark.parametrize(
    ("action", "start", "extra", "result"), ACTIONS, ids=[a[0] for a in ACTIONS]
)
def test_bulk_action_with_another_teams_ids_changes_only_their_own(
    member_client, company, other_company, action, start, extra, result
):
    mine = ContactFactory(company=company, **start)
    other = ContactFactory(company=other_company, **start)
    before = snapshot(other)

    response = run_action(member_client, action, [mine, other], **extra)

    assert response.status_code == 302
    assert snapshot(other) == before
    mine.refresh_from_db()
    assert {field: getattr(mine, field) for field in result} == result
    assert any(re.search(r"\b1 contact\(s\)", message) for message in messages_of(response))


@pytest.mark.parametrize(
    ("action", "start", "extra", "result"), ACTIONS, ids=[a[0] for a in ACTIONS]
)
def test_bulk_action_with_only_another_teams_ids_changes_nothing(
    member_client, other_company, action, start, extra, result
):
    other = ContactFactory(company=other_company, **start)
    before = snapshot(other)

    run_action(member_client, action, [other], **extra)

    assert snapshot(other) == before


def test_bulk_action_across_all_pages_changes_only_their_teams_contacts(
    member_client, company, other_company
):
    mine = ContactFactory(company=company)
    other = ContactFactory(company=other_company)
    before = snapshot(other)

    response = run_action(member_client, "mark_do_not_call", [mine], select_across="1")

    assert snapshot(other) == before
    mine.refresh_from_db()
    assert mine.do_not_call is True
    assert "Marked 1 contact(s) as do not call." in messages_of(response)


def test_tag_action_form_counts_only_their_teams_selected_contacts(member_client, ours, theirs):
    response = run_action(member_client, "add_tag", [ours, theirs])

    assert response.status_code == 200
    page = response.content.decode()
    assert "for the 1 selected contact." in page
    assert str(theirs.pk) not in page


def test_delete_action_with_another_teams_ids_deletes_nothing_of_theirs(
    member_client, other_company
):
    other = ContactFactory(company=other_company)

    run_action(member_client, "delete_selected", [other], post="yes")

    assert Contact.objects.filter(pk=other.pk).exists()


def exported_ids(response) -> list[str]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = b"".join(response.streaming_content).decode().splitlines()
    return [line.split(",")[0] for line in lines[1:]]


def test_csv_export_of_a_selection_includes_only_their_teams_rows(member_client, ours, theirs):
    response = run_action(member_client, "export_csv", [ours, theirs])

    assert exported_ids(response) == [ours.public_id]


def test_csv_export_across_all_pages_includes_only_their_teams_rows(
    member_client, company, other_company, ours, theirs
):
    also_ours = ContactFactory(company=company)
    ContactFactory(company=other_company)

    response = run_action(member_client, "export_csv", [ours], select_across="1")

    assert sorted(exported_ids(response)) == sorted([ours.public_id, also_ours.public_id])
