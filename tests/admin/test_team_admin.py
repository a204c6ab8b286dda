"""A team's own API rate limit and calling rules, set by superusers on the team's page."""

import pytest
from django.urls import reverse

from crm import services
from crm.models import Team

CALLING_RULES = {
    "calling_hours_start": "08:00",
    "calling_hours_end": "21:00",
    "calling_days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
    "min_call_gap_minutes": "0",
    "max_call_attempts": "",
    "default_timezone": "UTC",
}


def save_team(client, team, api_rate_limit: str = "", **rules):
    return client.post(
        reverse("admin:crm_team_change", args=[team.pk]),
        {
            "name": team.name,
            "api_rate_limit": api_rate_limit,
            **CALLING_RULES,
            **rules,
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


def test_superuser_sets_a_teams_calling_rules(admin_client, team):
    response = save_team(
        admin_client,
        team,
        calling_hours_start="09:30",
        calling_hours_end="18:00",
        calling_days=["fri", "mon"],
        min_call_gap_minutes="120",
        max_call_attempts="6",
        default_timezone="europe/berlin",
    )

    assert response.status_code == 302
    team.refresh_from_db()
    assert (str(team.calling_hours_start), str(team.calling_hours_end)) == ("09:30:00", "18:00:00")
    assert team.calling_days == ["mon", "fri"]
    assert (team.min_call_gap_minutes, team.max_call_attempts) == (120, 6)
    assert team.default_timezone == "Europe/Berlin"


@pytest.mark.parametrize(
    ("rules", "field"),
    [
        ({"calling_hours_end": "07:00"}, "calling_hours_end"),
        ({"calling_days": []}, "calling_days"),
        ({"calling_days": ["someday"]}, "calling_days"),
        ({"default_timezone": "Mars/Olympus"}, "default_timezone"),
        ({"max_call_attempts": "0"}, "max_call_attempts"),
        ({"min_call_gap_minutes": "-1"}, "min_call_gap_minutes"),
    ],
)
def test_bad_calling_rules_are_refused_naming_the_field(admin_client, team, rules, field):
    response = save_team(admin_client, team, **rules)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors[field]
    team.refresh_from_db()
    assert team.calling_days == CALLING_RULES["calling_days"]
    assert str(team.calling_hours_end) == "21:00:00"


@pytest.fixture
def rules_service_calls(monkeypatch):
    """The changes each call of crm.services.update_calling_rules was given (it still runs)."""
    calls, update = [], services.update_calling_rules

    def recording(team, changes):
        calls.append(changes)
        return update(team, changes)

    monkeypatch.setattr(services, "update_calling_rules", recording)
    return calls


def test_a_superusers_calling_rules_go_through_the_same_service_as_a_managers(
    admin_client, team, rules_service_calls
):
    response = save_team(admin_client, team, "600", max_call_attempts="6", calling_days=["mon"])

    assert response.status_code == 302
    assert rules_service_calls == [{"max_call_attempts": 6, "calling_days": ["mon"]}]
    team.refresh_from_db()
    assert (team.api_rate_limit, team.max_call_attempts, team.calling_days) == (600, 6, ["mon"])

    assert save_team(admin_client, team, "700", max_call_attempts="6", calling_days=["mon"])
    assert len(rules_service_calls) == 1  # only the rate limit changed
    assert Team.objects.get(pk=team.pk).api_rate_limit == 700


def test_a_new_teams_calling_rules_go_through_the_service_too(admin_client, rules_service_calls):
    response = admin_client.post(
        reverse("admin:crm_team_add"),
        {
            "name": "Beta Sales",
            **CALLING_RULES,
            "max_call_attempts": "3",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    [changes] = rules_service_calls
    assert changes["max_call_attempts"] == 3
    team = Team.objects.get(name="Beta Sales")
    assert (team.max_call_attempts, team.calling_hours_end.hour) == (3, 21)
