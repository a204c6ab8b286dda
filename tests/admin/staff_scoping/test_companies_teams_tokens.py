"""Companies, teams and API tokens: each as far as the staff user's role reaches."""

import re

import pytest

from companies.models import Company
from contacts.models import Contact
from crm.models import ApiToken, Membership, Team
from tests.admin.staff_scoping.scoping import MANAGER, MEMBER
from tests.factories import ContactFactory, issue_token
from tests.kit.admin import (
    admin_url,
    form_choices,
    form_errors,
    listed,
    logged_in,
    messages_of,
    staff_user,
)
from tests.kit.api import CONTACTS, bearer

# --- companies ---------------------------------------------------------------------------------


def test_member_company_list_and_search_show_only_their_teams_companies(
    member_client, company, other_company
):
    listing = member_client.get(admin_url("companies_company_changelist"))
    search = member_client.get(admin_url("companies_company_changelist"), {"q": "inc"})

    assert listed(listing) == {company}
    assert listed(search) == {company}
    assert "Rival Inc" not in listing.content.decode()


@pytest.mark.parametrize(
    ("view", "own_status"), [("change", 200), ("delete", 403), ("history", 200)]
)
def test_member_gets_404_for_another_teams_company_page(
    member_client, company, other_company, view, own_status
):
    # Companies are archived, not deleted, in the admin: their delete page is refused.
    assert (
        member_client.get(admin_url(f"companies_company_{view}", other_company.pk)).status_code
        == 404
    )
    assert (
        member_client.get(admin_url(f"companies_company_{view}", company.pk)).status_code
        == own_status
    )


def test_member_cannot_archive_another_teams_company(member_client, company, other_company):
    ContactFactory(company=other_company)
    for action in ["archive", "archive_with_contacts", "archive_keeping_contacts"]:
        member_client.post(
            admin_url("companies_company_changelist"),
            {"action": action, "_selected_action": [other_company.pk, company.pk]},
        )

    other_company.refresh_from_db()
    company.refresh_from_db()
    assert other_company.archived_at is None
    assert Contact.objects.live().filter(company=other_company).count() == 1
    assert company.archived_at is not None  # their own, selected beside it, was archived


def test_member_cannot_change_another_teams_company_by_post(
    member_client, other_team, other_company
):
    response = member_client.post(
        admin_url("companies_company_change", other_company.pk),
        {"team": other_team.pk, "name": "Hacked", "domain": ""},
    )

    assert response.status_code == 404
    other_company.refresh_from_db()
    assert other_company.name == "Rival Inc"


def test_member_cannot_delete_another_teams_company(member_client, other_company):
    by_page = member_client.post(
        admin_url("companies_company_delete", other_company.pk), {"post": "yes"}
    )
    member_client.post(
        admin_url("companies_company_changelist"),
        {"action": "delete_selected", "_selected_action": [other_company.pk], "post": "yes"},
    )

    assert by_page.status_code == 404
    assert Company.objects.filter(pk=other_company.pk).exists()


def test_member_company_form_offers_only_their_teams(member_client, team, other_team):
    response = member_client.get(admin_url("companies_company_add"))

    assert form_choices(response, "team") == {team}


def test_member_cannot_add_a_company_to_another_team(member_client, other_team):
    response = member_client.post(
        admin_url("companies_company_add"), {"team": other_team.pk, "name": "Planted", "domain": ""}
    )

    assert "team" in form_errors(response)
    assert not Company.objects.filter(name="Planted").exists()


def test_member_adds_a_company_to_their_own_team(member_client, team):
    response = member_client.post(
        admin_url("companies_company_add"), {"team": team.pk, "name": "Globex", "domain": ""}
    )

    assert response.status_code == 302, form_errors(response)
    assert Company.objects.get(name="Globex").team == team


# --- teams: superusers create them and their members; staff reach their own team's page -------
# (its calling rules: tests/admin/test_team_calling_rules.py)


@pytest.mark.parametrize("role", [MEMBER, MANAGER])
def test_staff_open_only_their_own_teams_page(client, team, other_team, role):
    logged_in(client, staff_user("staffer", team, role=role))

    assert client.get(admin_url("crm_team_changelist")).status_code == 200
    assert client.get(admin_url("crm_team_add")).status_code == 403
    assert client.get(admin_url("crm_team_change", team.pk)).status_code == 200
    assert client.get(admin_url("crm_team_change", other_team.pk)).status_code == 404


@pytest.mark.parametrize("role", [MEMBER, MANAGER])
def test_staff_cannot_add_a_team_or_membership(client, team, role):
    user = staff_user("staffer", team, role=role)
    logged_in(client, user)

    response = client.post(
        admin_url("crm_team_add"),
        {
            "name": "Shadow",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-0-user": user.pk,
            "memberships-0-role": MANAGER,
        },
    )

    assert response.status_code == 403
    assert not Team.objects.filter(name="Shadow").exists()
    assert Membership.objects.get(user=user).role == role


# --- API tokens: managers of the team only -----------------------------------------------------


def test_member_cannot_see_or_create_api_tokens(member_client, team):
    issue_token(team)
    token = ApiToken.objects.get(team=team)

    assert member_client.get(admin_url("crm_apitoken_changelist")).status_code == 403
    assert member_client.get(admin_url("crm_apitoken_add")).status_code == 403
    assert member_client.get(admin_url("crm_apitoken_change", token.pk)).status_code in (403, 404)
    response = member_client.post(
        admin_url("crm_apitoken_add"), {"team": team.pk, "name": "sneaky"}
    )
    assert response.status_code == 403
    assert not ApiToken.objects.filter(name="sneaky").exists()


def test_member_cannot_revoke_api_tokens(member_client, team):
    issue_token(team)
    token = ApiToken.objects.get(team=team)

    member_client.post(
        admin_url("crm_apitoken_changelist"), {"action": "revoke", "_selected_action": [token.pk]}
    )

    token.refresh_from_db()
    assert token.revoked_at is None


def test_manager_sees_only_their_teams_tokens(manager_client, team, other_team):
    issue_token(team)
    issue_token(other_team)

    response = manager_client.get(admin_url("crm_apitoken_changelist"))

    assert listed(response) == set(ApiToken.objects.filter(team=team))


def test_manager_does_not_see_tokens_of_a_team_where_they_are_only_a_member(
    client, team, other_team
):
    user = staff_user("max", team, role=MANAGER)
    Membership.objects.create(user=user, team=other_team, role=MEMBER)
    logged_in(client, user)
    issue_token(team)
    issue_token(other_team)
    theirs = ApiToken.objects.get(team=other_team)

    listing = client.get(admin_url("crm_apitoken_changelist"))
    add = client.get(admin_url("crm_apitoken_add"))

    assert listed(listing) == set(ApiToken.objects.filter(team=team))
    assert form_choices(add, "team") == {team}
    assert client.get(admin_url("crm_apitoken_change", theirs.pk)).status_code == 404


@pytest.mark.parametrize("view", ["change", "history"])
def test_manager_gets_404_for_another_teams_token_page(manager_client, team, other_team, view):
    issue_token(team)
    issue_token(other_team)
    mine, theirs = ApiToken.objects.get(team=team), ApiToken.objects.get(team=other_team)

    assert manager_client.get(admin_url(f"crm_apitoken_{view}", theirs.pk)).status_code == 404
    assert manager_client.get(admin_url(f"crm_apitoken_{view}", mine.pk)).status_code == 200


def test_manager_creates_a_token_shown_once_that_works_on_the_api(manager_client, team, ours):
    response = manager_client.post(
        admin_url("crm_apitoken_add"), {"team": team.pk, "name": "dialer"}
    )

    assert response.status_code == 200
    page = response.content.decode()
    secret = re.search(r'value="(crm_[^"]+)"', page).group(1)
    token = ApiToken.objects.get(name="dialer")
    assert token.team == team
    assert page.count(secret) == 1
    assert secret not in manager_client.get(admin_url("crm_apitoken_changelist")).content.decode()
    assert (
        secret
        not in manager_client.get(admin_url("crm_apitoken_change", token.pk)).content.decode()
    )
    api = bearer(secret)
    listing = api.get(CONTACTS, {"teamId": team.public_id})
    assert listing.status_code == 200
    assert [row["id"] for row in listing.json()["contacts"]] == [ours.public_id]


def test_manager_cannot_create_a_token_for_another_team(manager_client, other_team):
    response = manager_client.post(
        admin_url("crm_apitoken_add"), {"team": other_team.pk, "name": "planted"}
    )

    assert "team" in form_errors(response)
    assert not ApiToken.objects.filter(name="planted").exists()


def test_manager_revokes_their_teams_token_and_it_stops_working(manager_client, team):
    secret = issue_token(team)
    token = ApiToken.objects.get(team=team)

    response = manager_client.post(
        admin_url("crm_apitoken_changelist"), {"action": "revoke", "_selected_action": [token.pk]}
    )

    assert "Revoked 1 token(s)." in messages_of(response)
    token.refresh_from_db()
    assert token.revoked_at is not None
    api = bearer(secret)
    assert api.get(CONTACTS, {"teamId": team.public_id}).status_code == 401


def test_manager_revoke_with_another_teams_token_id_revokes_nothing_of_theirs(
    manager_client, team, other_team
):
    issue_token(team)
    secret = issue_token(other_team)
    mine, theirs = ApiToken.objects.get(team=team), ApiToken.objects.get(team=other_team)

    response = manager_client.post(
        admin_url("crm_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [mine.pk, theirs.pk]},
    )

    assert "Revoked 1 token(s)." in messages_of(response)
    theirs.refresh_from_db()
    assert theirs.revoked_at is None
    api = bearer(secret)
    assert api.get(CONTACTS, {"teamId": other_team.public_id}).status_code == 200
