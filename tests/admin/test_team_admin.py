"""A team's own API rate limit, set by superusers on the team's page."""

import pytest
from django.urls import reverse

from crm.models import Team


def save_team(client, team, api_rate_limit: str):
    return client.post(
        reverse("admin:crm_team_change", args=[team.pk]),
        {
            "name": team.name,
            "api_rate_limit": api_rate_limit,
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )


def test_superuser_sets_and_clears_a_teams_rate_limit(admin_client, team):
    assert save_team(admin_client, team, "600").status_code == 302
    assert Team.objects.get(pk=team.pk).api_rate_limit == 600

    assert save_team(admin_client, team, "").status_code == 302
    assert Team.objects.get(pk=team.pk).api_rate_limit is None  # back to the default


@pytest.mark.parametrize("value", ["0", "-5", "many", "1000001"])
def test_a_rate_limit_that_is_not_a_positive_number_is_refused(admin_client, team, value):
    response = save_team(admin_client, team, value)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["api_rate_limit"]
    assert Team.objects.get(pk=team.pk).api_rate_limit is None


def test_the_team_list_shows_each_teams_rate_limit(admin_client, team):
    team.api_rate_limit = 750
    team.save()

    response = admin_client.get(reverse("admin:crm_team_changelist"))

    assert "750" in response.content.decode()
