"""Teams are deactivated, never deleted, from the admin: their tokens stop working, their staff
still see their records (without changing them), and the retention rules purge them later."""

from datetime import timedelta

from django.utils import timezone

from calls.models import Call
from companies.models import Company
from contacts.models import Contact
from crm.models import Team
from tests.admin.contacts.pages import change_url, form_data
from tests.factories import CompanyFactory, ContactFactory, TeamFactory
from tests.kit.admin import (
    admin_url,
    form_choices,
    listed,
    logged_in,
    messages_of,
    run_action,
    staff_user,
)
from tests.kit.api import client_for
from tests.kit.commands import run_command


def deactivate(team, days_ago: float = 0) -> Team:
    team.deactivated_at = timezone.now() - timedelta(days=days_ago)
    team.save(update_fields=["deactivated_at"])
    return team


def test_no_one_can_delete_a_team_from_the_admin(admin_client, team, company):
    ContactFactory(company=company)

    page = admin_client.get(admin_url("crm_team_changelist")).content.decode()
    change_page = admin_client.get(admin_url("crm_team_change", team.pk)).content.decode()
    deleting = admin_client.post(admin_url("crm_team_delete", team.pk), {"post": "yes"})
    bulk = run_action(admin_client, "delete_selected", [team], post="yes")

    assert "delete_selected" not in page
    assert "deletelink" not in change_page
    assert deleting.status_code == 403
    assert bulk.status_code == 302
    assert Team.objects.filter(pk=team.pk).exists()
    assert Contact.objects.filter(team=team).count() == 1


def test_a_superuser_deactivates_and_reactivates_a_team(admin_client, team, settings):
    settings.ARCHIVE_RETENTION_DAYS = 30

    deactivated = run_action(admin_client, "deactivate", [team])
    was_deactivated = Team.objects.get(pk=team.pk).deactivated_at
    reactivated = run_action(admin_client, "reactivate", [team])

    assert was_deactivated is not None
    assert messages_of(deactivated) == [
        "Deactivated 1 team(s): their API tokens no longer work and their records are kept, "
        "read-only, for 30 days before they are purged. Reactivate before then to keep them."
    ]
    assert messages_of(reactivated)[-1] == "Reactivated 1 team(s)."
    assert Team.objects.get(pk=team.pk).deactivated_at is None


def test_a_teams_manager_cannot_deactivate_it(client, team):
    manager = logged_in(client, staff_user("max", team, role="manager"))

    page = manager.get(admin_url("crm_team_changelist")).content.decode()
    run_action(manager, "deactivate", [team])

    assert 'value="deactivate"' not in page
    assert Team.objects.get(pk=team.pk).deactivated_at is None


def test_a_deactivated_teams_token_gets_a_401_that_says_so(team):
    api = client_for(team)
    assert api.get("/api/crm/contacts", {"teamId": team.public_id}).status_code == 200

    deactivate(team)
    response = api.get("/api/crm/contacts", {"teamId": team.public_id})

    assert response.status_code == 401
    error = response.json()["error"]
    assert error["code"] == "team_deactivated"
    assert "was deactivated" in error["message"]


def test_a_reactivated_teams_token_works_again(team):
    api = client_for(team)
    deactivate(team)
    Team.objects.filter(pk=team.pk).update(deactivated_at=None)

    assert api.get("/api/crm/contacts", {"teamId": team.public_id}).status_code == 200


def test_staff_of_a_deactivated_team_see_its_contacts_but_cannot_change_them(client, team, company):
    member = logged_in(client, staff_user("mia", team))
    contact = ContactFactory(company=company, first_name="Kept")
    deactivate(team)

    listing = member.get(admin_url("contacts_contact_changelist"))
    page = member.get(change_url(contact)).content.decode()
    saving = member.post(change_url(contact), form_data(contact, first_name="Changed"))

    assert listed(listing) == {contact}
    assert "Kept" in page
    assert 'name="_save"' not in page
    assert saving.status_code == 403
    assert Contact.objects.get(pk=contact.pk).first_name == "Kept"


def test_a_deactivated_team_is_not_offered_for_new_records(client, team):
    spare = TeamFactory(name="Spare")
    member = logged_in(client, staff_user("mia", team, spare))
    deactivate(spare)

    response = member.get(admin_url("contacts_contact_add"))

    assert form_choices(response, "team") == {team}


def test_purge_removes_a_team_deactivated_past_retention_and_keeps_a_recent_one(db, settings):
    settings.ARCHIVE_RETENTION_DAYS = 30
    old, recent = TeamFactory(name="Old"), TeamFactory(name="Recent")
    old_contact = ContactFactory(company=CompanyFactory(team=old))
    Call.objects.create(
        team=old,
        contact=old_contact,
        campaign_id="c1",
        started_at=timezone.now(),
        duration_seconds=60,
        outcome="answered",
    )
    kept = ContactFactory(company=CompanyFactory(team=recent))
    deactivate(old, days_ago=31)
    deactivate(recent, days_ago=29)

    dry_run = run_command("purge_archived", "--dry-run").stdout
    assert "contacts 1, companies 1" in dry_run
    assert Contact.objects.filter(team=old).exists()

    done = run_command("purge_archived").stdout

    assert "contacts 1, companies 1" in done
    assert not Contact.objects.filter(team=old).exists()
    assert not Company.objects.filter(team=old).exists()
    assert not Call.objects.filter(team=old).exists()
    assert Team.objects.filter(pk=old.pk).exists()  # the team itself stays, deactivated
    assert Contact.objects.filter(pk=kept.pk).exists()
