"""The admin's autocomplete offers a member only their teams' records."""

import pytest
from django.utils import timezone

from tests.admin.staff_scoping.scoping import autocomplete, autocomplete_ids
from tests.factories import CompanyFactory, TeamFactory
from tests.kit.admin import logged_in, staff_user

# --- autocomplete ------------------------------------------------------------------------------


def test_company_autocomplete_returns_only_their_teams_companies(
    member_client, company, other_team
):
    CompanyFactory(team=other_team, name="Acme Rival")

    response = autocomplete(member_client, term="acme")

    assert autocomplete_ids(response) == {str(company.pk)}
    assert "Acme Rival" not in response.content.decode()


def test_company_autocomplete_without_a_term_lists_only_their_teams_companies(
    member_client, company, other_company
):
    assert autocomplete_ids(autocomplete(member_client)) == {str(company.pk)}


def test_company_autocomplete_offers_only_live_companies(member_client, team, company):
    CompanyFactory(team=team, name="Acme Archived", archived_at=timezone.now())

    response = autocomplete(member_client, term="acme")

    # The contact form's company box is this autocomplete: it offers what the form accepts.
    assert autocomplete_ids(response) == {str(company.pk)}


def test_company_autocomplete_for_a_member_of_two_teams_returns_both(
    client, team, other_team, company, other_company
):
    CompanyFactory(team=TeamFactory(name="Third"), name="Third Inc")
    logged_in(client, staff_user("dual", team, other_team))

    response = autocomplete(client, term="inc")

    assert autocomplete_ids(response) == {str(company.pk), str(other_company.pk)}


def test_contact_autocomplete_returns_only_their_teams_contacts(member_client, ours, theirs):
    response = autocomplete(member_client, app="calls", model_name="call", field_name="contact")

    assert autocomplete_ids(response) == {str(ours.pk)}


@pytest.mark.parametrize(
    ("app", "model_name", "field_name"),
    [("contacts", "contact", "team"), ("crm", "membership", "team")],
)
def test_member_lists_only_their_own_teams_through_autocomplete(
    member_client, team, other_team, app, model_name, field_name
):
    response = autocomplete(member_client, app=app, model_name=model_name, field_name=field_name)

    assert autocomplete_ids(response) == {str(team.pk)}
    assert other_team.name not in response.content.decode()


def test_member_cannot_list_users_through_autocomplete(member_client):
    response = autocomplete(member_client, app="crm", model_name="membership", field_name="user")

    assert response.status_code == 403
