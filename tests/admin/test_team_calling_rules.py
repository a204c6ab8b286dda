"""A team's managers edit its calling rules on the team's admin page; its members read them."""

from datetime import time

import pytest
from django.contrib.admin.models import LogEntry

from crm.models import Membership, Team
from tests.kit.admin import admin_url, form_errors, listed, logged_in, staff_user

MANAGER, MEMBER = Membership.Role.MANAGER, Membership.Role.MEMBER

RULES = {
    "calling_hours_start": "09:30",
    "calling_hours_end": "18:00",
    "calling_days": ["fri", "mon"],
    "min_call_gap_minutes": "120",
    "max_call_attempts": "6",
    "default_timezone": "europe/berlin",
}


@pytest.fixture
def manager_client(client, team):
    return logged_in(client, staff_user("max", team, role=MANAGER))


@pytest.fixture
def member_client(client, team):
    return logged_in(client, staff_user("mia", team, role=MEMBER))


def save_rules(client, team, **rules):
    # A superuser's page also carries the memberships inline.
    inline = {"memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0"}
    return client.post(admin_url("crm_team_change", team.pk), {**RULES, **inline, **rules})


def test_a_manager_sets_their_teams_calling_rules(manager_client, team):
    response = save_rules(manager_client, team)

    assert response.status_code == 302, form_errors(response)
    team.refresh_from_db()
    assert (team.calling_hours_start, team.calling_hours_end) == (time(9, 30), time(18, 0))
    assert team.calling_days == ["mon", "fri"]
    assert (team.min_call_gap_minutes, team.max_call_attempts) == (120, 6)
    assert team.default_timezone == "Europe/Berlin"
    # The page's history says who changed what, as for every admin edit.
    (entry,) = LogEntry.objects.filter(object_id=str(team.pk))
    assert entry.user.username == "max"
    assert "Maximum call attempts" in entry.get_change_message()


@pytest.mark.parametrize(
    ("rules", "field"),
    [
        ({"calling_hours_end": "07:00"}, "calling_hours_end"),
        ({"calling_days": []}, "calling_days"),
        ({"calling_days": ["someday"]}, "calling_days"),
        ({"default_timezone": "Mars/Olympus"}, "default_timezone"),
        ({"default_timezone": "localtime"}, "default_timezone"),
        ({"max_call_attempts": "0"}, "max_call_attempts"),
        ({"min_call_gap_minutes": str(Team.MAX_CALL_GAP_MINUTES + 1)}, "min_call_gap_minutes"),
    ],
)
def test_a_managers_bad_calling_rules_are_refused_as_a_superusers_are(
    manager_client, admin_client, team, rules, field
):
    for client in (manager_client, admin_client):
        response = save_rules(client, team, name=team.name, **rules)

        assert field in form_errors(response)
    team.refresh_from_db()
    assert team.calling_days == list(Team._meta.get_field("calling_days").default())
    assert team.calling_hours_end == time(21, 0)


def test_a_manager_changes_the_calling_rules_and_nothing_else(manager_client, team):
    page = manager_client.get(admin_url("crm_team_change", team.pk))
    form = page.context["adminform"].form

    assert set(form.fields) == {*RULES, "phone_region"}  # the region of its national numbers
    assert not page.context["inline_admin_formsets"]  # memberships stay with superusers

    response = save_rules(manager_client, team, name="Renamed", api_rate_limit="1")

    assert response.status_code == 302
    team.refresh_from_db()
    assert (team.name, team.api_rate_limit) == ("Acme Sales", None)
    assert team.min_call_gap_minutes == 120


def test_a_manager_sees_only_the_teams_they_belong_to(manager_client, team, other_team):
    assert listed(manager_client.get(admin_url("crm_team_changelist"))) == {team}


def test_another_teams_page_is_not_found_and_unchanged(manager_client, team, other_team):
    assert manager_client.get(admin_url("crm_team_change", other_team.pk)).status_code == 404
    assert save_rules(manager_client, other_team).status_code == 404
    other_team.refresh_from_db()
    assert other_team.min_call_gap_minutes == 0


def test_a_manager_neither_adds_nor_deletes_teams(manager_client, team):
    assert manager_client.get(admin_url("crm_team_add")).status_code == 403
    assert manager_client.post(admin_url("crm_team_add"), {"name": "Shadow"}).status_code == 403
    assert manager_client.post(admin_url("crm_team_delete", team.pk)).status_code == 403
    assert list(Team.objects.values_list("name", flat=True)) == ["Acme Sales"]


def test_a_member_reads_the_calling_rules_but_cannot_change_them(member_client, team):
    page = member_client.get(admin_url("crm_team_change", team.pk))

    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    assert "8 a.m." in page.text and "mon, tue, wed, thu, fri, sat, sun" in page.text
    assert 'name="calling_hours_start"' not in page.text
    assert save_rules(member_client, team).status_code == 403
    team.refresh_from_db()
    assert team.calling_hours_start == time(8, 0)


def test_a_member_who_manages_another_team_edits_only_that_one(client, team, other_team):
    user = staff_user("dual", team)
    Membership.objects.create(user=user, team=other_team, role=MANAGER)
    logged_in(client, user)

    assert save_rules(client, team).status_code == 403
    assert save_rules(client, other_team).status_code == 302
    assert Team.objects.get(pk=other_team.pk).max_call_attempts == 6
    assert Team.objects.get(pk=team.pk).max_call_attempts is None


def test_staff_outside_every_team_do_not_get_in(client, team):
    logged_in(client, staff_user("nobody"))

    assert client.get(admin_url("crm_team_changelist")).status_code == 403
    assert client.get(admin_url("crm_team_change", team.pk)).status_code in (403, 404)


@pytest.mark.parametrize("role", [MANAGER, MEMBER])
def test_staff_cannot_read_their_teams_history(client, team, role):
    # It records the team's members and API rate limits, which only superusers see.
    staff = logged_in(client, staff_user("sam", team, role=role))

    assert staff.get(admin_url("crm_team_history", team.pk)).status_code == 403


def test_a_superuser_reads_a_teams_history(admin_client, team):
    assert admin_client.get(admin_url("crm_team_history", team.pk)).status_code == 200
