"""A tracked record's History page in the admin: every change by any path, readable, in the
staff member's time zone, for their teams' records only."""

import zoneinfo

import pytest
from django.urls import reverse

from crm.models import ApiToken, Membership
from donotcall.models import DoNotCallEntry
from history.models import ContactEvent
from tests.admin.contacts.pages import change_url, save
from tests.factories import ContactFactory, issue_token
from tests.kit.admin import logged_in, run_action, staff_user
from tests.kit.api import CONTACTS, bearer, detail_url

pytestmark = pytest.mark.django_db


def history_url(record) -> str:
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[record.pk])


def entries(client, record) -> list:
    response = client.get(history_url(record))
    assert response.status_code == 200
    return [entry for entry, _ in response.context["entries"]]


@pytest.fixture
def alice(client, team):
    return logged_in(client, staff_user("alice", team))


def test_a_form_save_shows_the_staff_user_the_page_and_the_field_labels(alice, company):
    contact = ContactFactory(company=company, job_title="Engineer")

    save(alice, contact, job_title="CTO")

    update = entries(alice, contact)[0]
    assert (update.type, update.by) == ("update", "Staff user alice")
    assert update.path == f"POST {change_url(contact)}"
    assert [(c.label, c.old, c.new) for c in update.changes] == [("job title", "Engineer", "CTO")]
    page = alice.get(history_url(contact)).text
    assert "Job title</strong>: Engineer &rarr; CTO" in page
    assert "Staff user alice" in page


def test_a_form_save_that_changes_nothing_records_nothing(alice, company):
    contact = ContactFactory(company=company)
    before = ContactEvent.objects.filter(pgh_obj_id=contact.pk).count()

    assert save(alice, contact).status_code == 302
    assert ContactEvent.objects.filter(pgh_obj_id=contact.pk).count() == before


def test_times_are_shown_in_the_staff_members_zone(alice, company):
    contact = ContactFactory(company=company)
    alice.cookies["staff_tz"] = "Asia/Tokyo"

    [create] = entries(alice, contact)
    page = alice.get(history_url(contact)).text

    tokyo = create.at.astimezone(zoneinfo.ZoneInfo("Asia/Tokyo"))
    assert f"{tokyo:%Y-%m-%d %H:%M} JST" in page


def test_a_bulk_action_records_each_contact_with_the_staff_user(alice, company):
    contacts = ContactFactory.create_batch(2, company=company, phone="+14155550100")

    run_action(alice, "mark_do_not_call", contacts)

    for contact in contacts:
        update = entries(alice, contact)[0]
        assert update.by == "Staff user alice"
        assert [(c.name, c.old, c.new) for c in update.changes] == [("do_not_call", False, True)]
    entry = DoNotCallEntry.objects.get(team=company.team)
    assert entries(alice, entry)[0].by == "Staff user alice"


def test_api_changes_show_on_the_admin_page_too(alice, team, company):
    contact = ContactFactory(company=company)

    bearer(issue_token(team)).patch(detail_url(CONTACTS, contact), {"notes": "Hi"}, "json")

    update = entries(alice, contact)[0]
    assert update.by.startswith("API token test (crm_")
    assert update.path == f"PATCH /api/crm/contacts/{contact.public_id}"


def test_another_teams_staff_member_gets_404(client, company, other_team):
    contact = ContactFactory(company=company)
    logged_in(client, staff_user("mallory", other_team))

    assert client.get(history_url(contact)).status_code == 404


def test_a_tokens_history_shows_its_revocation_and_never_its_digest(client, team):
    manager = logged_in(client, staff_user("meg", team, role=Membership.Role.MANAGER))
    issue_token(team)
    token = ApiToken.objects.get(team=team)

    run_action(manager, "revoke", [token])

    revoke, create = entries(manager, token)
    assert [c.name for c in revoke.changes] == ["revoked_at"]
    assert "digest" not in {c.name for c in create.changes}
    assert token.digest not in manager.get(history_url(token)).text


def test_a_registry_entry_removed_through_the_api_shows_its_removal(alice, team):
    api = bearer(issue_token(team))
    api.post(
        "/api/crm/do-not-call", {"teamId": team.public_id, "numbers": ["+14155550199"]}, "json"
    )
    api.delete(f"/api/crm/do-not-call/%2B14155550199?teamId={team.public_id}")

    remove, create = entries(alice, DoNotCallEntry.objects.get(team=team))

    assert (remove.type, create.type) == ("remove", "create")
    assert remove.path == f"DELETE /api/crm/do-not-call/+14155550199?teamId={team.public_id}"
    assert {c.name for c in remove.changes} == {"removed_at", "removed_by_token_id"}
    assert remove.by.startswith("API token test")
