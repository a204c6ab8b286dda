"""`GET` and `PATCH /api/crm/team`: the token's team and its calling rules."""

from datetime import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from crm.models import Team
from tests.kit.api import api_error, error_fields

TEAM = "/api/crm/team"

DEFAULT_RULES = {
    "calling_hours_start": "08:00",
    "calling_hours_end": "21:00",
    "calling_days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
    "min_call_gap_minutes": 0,
    "max_call_attempts": None,
    "default_timezone": "UTC",
}


def patch(client, body):
    return client.patch(TEAM, body, format="json")


def test_get_answers_the_tokens_team_with_default_calling_rules(api, team):
    response = api.get(TEAM)

    assert response.status_code == 200
    assert response.json() == {
        "success": True,
        "team": {"id": team.public_id, "name": team.name, **DEFAULT_RULES},
    }


def test_patch_changes_only_the_rules_sent(api, team):
    response = patch(
        api,
        {
            "callingHoursStart": "09:30",
            "callingDays": ["FRI", "mon", "wed", "mon"],
            "minCallGapMinutes": 240,
            "maxCallAttempts": 5,
            "defaultTimezone": "america/chicago",
        },
    )

    assert response.status_code == 200, response.json()
    assert response.json()["team"] == {
        "id": team.public_id,
        "name": team.name,
        **DEFAULT_RULES,
        "calling_hours_start": "09:30",
        "calling_days": ["mon", "wed", "fri"],
        "min_call_gap_minutes": 240,
        "max_call_attempts": 5,
        "default_timezone": "America/Chicago",
    }
    team.refresh_from_db()
    assert team.calling_hours_start == time(9, 30)
    assert team.calling_hours_end == time(21, 0)
    assert api.get(TEAM).json()["team"]["max_call_attempts"] == 5


def test_patch_null_max_attempts_removes_the_limit(api, team):
    patch(api, {"maxCallAttempts": 3})

    response = patch(api, {"maxCallAttempts": None})

    assert response.json()["team"]["max_call_attempts"] is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"callingHoursEnd": "07:00"}, "callingHoursEnd"),
        ({"callingHoursStart": "21:00"}, "callingHoursStart"),
        ({"callingHoursStart": "8am"}, "callingHoursStart"),
        ({"callingHoursStart": "25:00"}, "callingHoursStart"),
        ({"callingHoursEnd": 21}, "callingHoursEnd"),
        ({"callingDays": []}, "callingDays"),
        ({"callingDays": ["monday"]}, "callingDays"),
        ({"callingDays": "mon"}, "callingDays"),
        ({"callingDays": [1]}, "callingDays"),
        ({"minCallGapMinutes": -1}, "minCallGapMinutes"),
        ({"minCallGapMinutes": Team.MAX_CALL_GAP_MINUTES + 1}, "minCallGapMinutes"),
        ({"minCallGapMinutes": "60"}, "minCallGapMinutes"),
        ({"maxCallAttempts": 0}, "maxCallAttempts"),
        ({"defaultTimezone": "Mars/Olympus"}, "defaultTimezone"),
        ({"defaultTimezone": "localtime"}, "defaultTimezone"),
        ({"name": "Renamed"}, "name"),
        ({"teamId": "team_01h0000000000000000000000"}, "teamId"),
        ({"calling_days": ["mon"]}, "calling_days"),
    ],
)
def test_patch_refuses_bad_rules_naming_the_field_and_changes_nothing(api, team, body, field):
    response = patch(api, body)

    api_error(response, 400, "validation_error")
    assert field in error_fields(response)
    unchanged = {"id": team.public_id, "name": team.name, **DEFAULT_RULES}
    assert api.get(TEAM).json()["team"] == unchanged


def test_patch_reports_every_bad_field_at_once(api):
    response = patch(api, {"callingDays": ["funday"], "defaultTimezone": "Nowhere/Town"})

    assert set(error_fields(response)) == {"callingDays", "defaultTimezone"}


def test_patch_of_a_start_after_the_stored_end_is_refused(api):
    patch(api, {"callingHoursEnd": "12:00"})

    response = patch(api, {"callingHoursStart": "12:00"})

    assert "callingHoursStart" in error_fields(response)


def test_team_takes_no_query_parameters(api, team):
    response = api.get(TEAM, {"teamId": team.public_id})

    api_error(response, 400, "validation_error")
    assert "teamId" in error_fields(response)


def test_another_teams_token_sees_and_changes_only_its_own_team(api, other_api, team, other_team):
    patch(api, {"maxCallAttempts": 4})

    other = other_api.get(TEAM).json()["team"]
    patch(other_api, {"maxCallAttempts": 9})

    assert other["id"] == other_team.public_id
    assert other["max_call_attempts"] is None
    assert api.get(TEAM).json()["team"]["max_call_attempts"] == 4


def test_team_needs_a_token(db, client):
    api_error(client.get(TEAM), 401, "not_authenticated")


def test_team_allows_only_get_head_and_patch(api):
    response = api.post(TEAM, {}, format="json")

    api_error(response, 405, "method_not_allowed")
    assert set(response["Allow"].split(", ")) == {"GET", "HEAD", "PATCH"}


def test_team_answers_in_a_fixed_number_of_queries(api):
    api.get(TEAM)  # warm-up: records the token's last use

    with CaptureQueriesContext(connection) as read:
        api.get(TEAM)

    # The token and its team, the rate-limit count, the team.
    assert len([q for q in read.captured_queries if "SAVEPOINT" not in q["sql"]]) <= 3
