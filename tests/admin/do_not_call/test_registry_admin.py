"""The do-not-call registry in the admin: team-scoped, searched in any format, numbers added
and removed on the record; and the contact pages that put numbers on it."""

import pytest
from django.test import Client
from django.urls import reverse

from donotcall import services
from donotcall.models import DoNotCallEntry
from tests.admin.contacts.pages import save
from tests.factories import ContactFactory
from tests.kit.admin import form_errors, logged_in, messages_of, run_action, staff_user
from tests.kit.api import DO_NOT_CALL, api_error

CHANGELIST = reverse("admin:donotcall_donotcallentry_changelist")
ADD = reverse("admin:donotcall_donotcallentry_add")


def listed_numbers(client, **params) -> set[str]:
    response = client.get(CHANGELIST, params)
    assert response.status_code == 200
    return {str(entry.number) for entry in response.context["cl"].result_list}


def test_staff_see_only_their_teams_entries(db, team, other_team):
    services.register_numbers(team=team, numbers=["+14155550101"], source="api")
    services.register_numbers(team=other_team, numbers=["+14155550102"], source="api")
    client = logged_in(Client(), staff_user("member", team))

    assert listed_numbers(client) == {"+14155550101"}
    theirs = DoNotCallEntry.objects.get(team=other_team)
    change = reverse("admin:donotcall_donotcallentry_change", args=[theirs.pk])
    assert client.get(change).status_code == 404


def test_search_finds_a_number_in_any_format(admin_client, team):
    services.register_numbers(team=team, numbers=["+14155550101", "+14155550102"], source="api")

    assert listed_numbers(admin_client, q="+1 (415) 555-0101") == {"+14155550101"}
    assert listed_numbers(admin_client, q="555 0102") == {"+14155550102"}
    assert listed_numbers(admin_client, q="nothing") == set()


def test_adding_a_number_records_the_staff_user_and_the_admin_source(admin_client, team):
    response = admin_client.post(
        ADD, {"team": team.pk, "number": "+1 415 555 0101", "reason": "Asked on the phone"}
    )

    assert response.status_code == 302, form_errors(response)
    entry = DoNotCallEntry.objects.get()
    assert (str(entry.number), entry.source, entry.reason) == (
        "+14155550101",
        "admin",
        "Asked on the phone",
    )
    assert entry.added_by == "staff user admin"
    page = admin_client.get(CHANGELIST)
    assert "staff user admin" in page.text
    assert "Admin" in page.text


def test_adding_a_bad_or_registered_number_is_a_form_error(admin_client, team):
    services.register_numbers(team=team, numbers=["+14155550101"], source="api")

    bad = admin_client.post(ADD, {"team": team.pk, "number": "12345"})
    again = admin_client.post(ADD, {"team": team.pk, "number": "+14155550101"})

    assert "number" in form_errors(bad)
    assert form_errors(again)["number"] == ["This number is already on the team's registry."]
    assert DoNotCallEntry.objects.count() == 1


def test_removal_asks_for_confirmation_then_records_who_removed(admin_client, team):
    services.register_numbers(team=team, numbers=["+14155550101"], source="api")
    entry = DoNotCallEntry.objects.get()

    asked = run_action(admin_client, "remove_from_registry", [entry])

    assert asked.status_code == 200
    assert "+14155550101" in asked.text
    assert DoNotCallEntry.objects.live().count() == 1

    done = run_action(admin_client, "remove_from_registry", [entry], confirm="1")

    assert "Removed 1 number(s) from the registry." in messages_of(done)
    entry.refresh_from_db()
    assert entry.removed_at is not None
    assert entry.removed_by == "staff user admin"
    assert listed_numbers(admin_client, on_registry="yes") == set()
    assert listed_numbers(admin_client, on_registry="no") == {"+14155550101"}


def test_entries_are_never_edited_or_deleted(admin_client, team):
    services.register_numbers(team=team, numbers=["+14155550101"], source="api")
    entry = DoNotCallEntry.objects.get()

    delete = admin_client.get(reverse("admin:donotcall_donotcallentry_delete", args=[entry.pk]))
    admin_client.post(
        reverse("admin:donotcall_donotcallentry_change", args=[entry.pk]),
        {"team": team.pk, "number": "+14155550102"},
    )

    assert delete.status_code == 403
    entry.refresh_from_db()
    assert str(entry.number) == "+14155550101"


def test_the_contact_form_flag_registers_the_contacts_numbers(admin_client, company):
    contact = ContactFactory(company=company, phone="+14155550101")

    response = save(admin_client, contact, do_not_call="on")

    assert response.status_code == 302, form_errors(response)
    entry = DoNotCallEntry.objects.get()
    assert (str(entry.number), entry.source, entry.contact_id) == (
        "+14155550101",
        "contact",
        contact.pk,
    )
    assert entry.added_by == "staff user admin"


def test_the_mark_do_not_call_action_registers_every_selected_number(admin_client, company):
    one = ContactFactory(company=company, phone="+14155550101", phone_secondary="+14155550102")
    two = ContactFactory(company=company, phone="+14155550103")

    run_action(admin_client, "mark_do_not_call", [one, two])

    assert {str(e.number) for e in DoNotCallEntry.objects.live()} == {
        "+14155550101",
        "+14155550102",
        "+14155550103",
    }
    assert {e.source for e in DoNotCallEntry.objects.all()} == {"contact"}


@pytest.mark.parametrize(
    "text",
    ["+1 (415) 555-0101", "415.555.0101", "5550102", "+44 20 7946 0958", "0958", "55501"],
)
def test_the_admin_search_finds_what_the_api_search_finds(api, admin_client, team, text):
    services.register_numbers(
        team=team, numbers=["+14155550101", "+14155550102", "+442079460958"], source="api"
    )

    answer = api.get(DO_NOT_CALL, {"teamId": team.public_id, "search": text}).json()

    found = {entry["number"] for entry in answer["entries"]}
    assert found and listed_numbers(admin_client, q=text) == found


def test_a_search_without_digits_finds_nothing_in_the_admin_and_is_a_400_in_the_api(
    api, admin_client, team
):
    services.register_numbers(team=team, numbers=["+14155550101"], source="api")

    assert listed_numbers(admin_client, q="abc") == set()
    error = api_error(api.get(DO_NOT_CALL, {"teamId": team.public_id, "search": "abc"}), 400)
    assert error["fields"] == {"search": ["Give a number or some of its digits."]}


def test_a_national_number_is_taken_in_the_teams_phone_region(admin_client, team):
    refused = admin_client.post(ADD, {"team": team.pk, "number": "(415) 555-0103"})
    team.phone_region = "US"
    team.save(update_fields=["phone_region"])

    added = admin_client.post(ADD, {"team": team.pk, "number": "(415) 555-0103"})

    # Refused as the contact form refuses it: saying where the region is set.
    assert form_errors(refused)["number"] == [
        "'(415) 555-0103' is not an international phone number: start with + and the country "
        "code, e.g. +14155551234.",
        f"To type national numbers, a manager of {team.name} sets its phone region (e.g. US) on "
        "the team's page.",
    ]
    assert added.status_code == 302, form_errors(added)
    assert DoNotCallEntry.objects.filter(team=team, number="+14155550103").exists()
