"""A member of exactly one team is not asked to pick it: admin forms fill it in and hide it."""

from contacts.models import Contact
from tests.factories import TeamFactory
from tests.kit.admin import admin_url, logged_in, staff_user


def team_input(team) -> str:
    return f'<input type="hidden" name="team" value="{team.pk}"'


def test_a_member_of_one_team_gets_it_filled_in_and_hidden(client, team):
    member = logged_in(client, staff_user("mia", team))

    page = member.get(admin_url("contacts_contact_add")).content.decode()

    assert team_input(team) in page
    assert '<select name="team"' not in page


def test_the_hidden_team_is_saved_with_the_new_contact(client, team):
    member = logged_in(client, staff_user("mia", team))

    response = member.post(
        admin_url("contacts_contact_add"),
        {
            "team": team.pk,
            "first_name": "Nina",
            "last_name": "Park",
            "lead_status": "new",
            "custom_fields-key": [""],
            "custom_fields-type": ["text"],
            "custom_fields-value": [""],
        },
    )

    assert response.status_code == 302
    assert Contact.objects.get(first_name="Nina").team == team


def test_another_team_posted_instead_is_refused(client, team, other_team):
    member = logged_in(client, staff_user("mia", team))

    response = member.post(
        admin_url("contacts_contact_add"),
        {"team": other_team.pk, "first_name": "Nina", "last_name": "Park", "lead_status": "new"},
    )

    assert response.status_code == 200
    assert "team" in response.context["adminform"].form.errors
    assert not Contact.objects.filter(first_name="Nina").exists()


def test_a_member_of_two_teams_picks_one(client, team):
    member = logged_in(client, staff_user("mia", team, TeamFactory(name="Second")))

    page = member.get(admin_url("contacts_contact_add")).content.decode()

    assert '<select name="team"' in page


def test_the_company_and_token_forms_fill_it_in_too(client, team):
    manager = logged_in(client, staff_user("max", team, role="manager"))

    for name in ("companies_company_add", "crm_apitoken_add"):
        page = manager.get(admin_url(name)).content.decode()
        assert team_input(team) in page, name
