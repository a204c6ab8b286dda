"""A registry change reaches every contact already carrying the number, and every way a
contact comes to carry a number is checked against the registry: the contacts' stored
`number_on_do_not_call_list` is never behind the registry."""

import pytest
from django.test import Client

from donotcall.models import DoNotCallEntry
from tests.factories import ContactFactory
from tests.kit.admin import logged_in, run_action, staff_user
from tests.kit.api import CONTACTS, DO_NOT_CALL
from tests.kit.commands import run_command
from tests.kit.imports import run_import, write_csv

PHONE = "+14155550101"
SECONDARY = "+14155550102"
OTHER = "+14155550103"


def register(api, team, *numbers):
    response = api.post(DO_NOT_CALL, {"teamId": team.public_id, "numbers": numbers}, format="json")
    assert response.status_code in (200, 201), response.json()


def remove(api, team, number):
    response = api.delete(f"{DO_NOT_CALL}/{number}?teamId={team.public_id}")
    assert response.status_code == 200, response.json()


def blockers(api, contact) -> list[str]:
    return api.get(f"{CONTACTS}/{contact.public_id}").json()["contact"]["call_blockers"]


def callable_ids(api, team, **params) -> set[str]:
    response = api.get(CONTACTS, {"teamId": team.public_id, "callable": "true", **params})
    assert response.status_code == 200, response.json()
    answer = response.json()
    assert answer["count"] == len(answer["contacts"])
    return {contact["id"] for contact in answer["contacts"]}


def callable_now_count(api, team) -> int:
    response = api.get(CONTACTS, {"teamId": team.public_id, "callableNow": "true"})
    assert response.status_code == 200, response.json()
    return response.json()["count"]


def test_registering_a_number_blocks_the_contacts_already_carrying_it(api, team, company):
    by_phone = ContactFactory(company=company, phone=PHONE, timezone="UTC")
    by_secondary = ContactFactory(
        company=company, phone=OTHER, phone_secondary=PHONE, timezone="UTC"
    )
    free = ContactFactory(company=company, phone=SECONDARY, timezone="UTC")

    register(api, team, "+1 (415) 555-0101")

    assert blockers(api, by_phone) == ["number_on_do_not_call_list"]
    assert blockers(api, by_secondary) == ["number_on_do_not_call_list"]
    assert callable_ids(api, team) == {free.public_id}
    assert callable_ids(api, team, callable="false") == {
        by_phone.public_id,
        by_secondary.public_id,
    }


def test_an_archived_contact_registered_meanwhile_is_restored_blocked(api, team, company):
    contact = ContactFactory(company=company, phone=PHONE)
    api.delete(f"{CONTACTS}/{contact.public_id}")

    register(api, team, PHONE)
    restored = api.post(f"{CONTACTS}/{contact.public_id}/restore").json()["contact"]

    assert restored["call_blockers"] == ["number_on_do_not_call_list"]
    assert callable_ids(api, team) == set()


def test_removing_one_of_two_listed_numbers_leaves_the_contact_blocked(api, team, company):
    contact = ContactFactory(company=company, phone=PHONE, phone_secondary=SECONDARY)
    register(api, team, PHONE, SECONDARY)

    remove(api, team, PHONE)

    assert blockers(api, contact) == ["number_on_do_not_call_list"]
    assert callable_ids(api, team) == set()
    remove(api, team, SECONDARY)
    assert blockers(api, contact) == []
    assert callable_ids(api, team) == {contact.public_id}


def test_removing_a_number_shared_by_two_contacts_frees_only_those_with_no_other_listed(
    api, team, company
):
    only_this = ContactFactory(company=company, phone=PHONE)
    also_other = ContactFactory(company=company, phone=OTHER, phone_secondary=PHONE)
    register(api, team, PHONE, OTHER)

    remove(api, team, PHONE)

    assert blockers(api, only_this) == []
    assert blockers(api, also_other) == ["number_on_do_not_call_list"]
    assert callable_ids(api, team) == {only_this.public_id}


def test_the_admins_removal_action_rechecks_the_contacts(db, team, company, api):
    contact = ContactFactory(company=company, phone=PHONE, phone_secondary=SECONDARY)
    free_again = ContactFactory(company=company, phone=OTHER)
    register(api, team, PHONE, SECONDARY, OTHER)
    client = logged_in(Client(), staff_user("member", team))
    entries = DoNotCallEntry.objects.filter(number__in=[PHONE, OTHER])

    run_action(client, "remove_from_registry", list(entries), confirm="1")

    assert blockers(api, contact) == ["number_on_do_not_call_list"]  # SECONDARY is listed
    assert blockers(api, free_again) == []


def test_a_registry_import_blocks_the_contacts_carrying_its_numbers(tmp_path, api, team, company):
    by_phone = ContactFactory(company=company, phone=PHONE)
    by_secondary = ContactFactory(company=company, phone=OTHER, phone_secondary=SECONDARY)
    free = ContactFactory(company=company, phone="+14155550104")
    path = tmp_path / "dnc.txt"
    path.write_text("+1 (415) 555-0101\n+1 415 555 0102\n")

    result = run_command("import_do_not_call", str(path), "--team", team.public_id)

    assert result.code == 0, result.stderr
    assert blockers(api, by_phone) == ["number_on_do_not_call_list"]
    assert blockers(api, by_secondary) == ["number_on_do_not_call_list"]
    assert callable_ids(api, team) == {free.public_id}


def test_saving_a_contact_read_before_its_number_was_registered_keeps_it_blocked(
    api, team, company
):
    contact = ContactFactory(company=company, phone=PHONE)
    register(api, team, PHONE)

    contact.first_name = "Renamed"
    contact.save()  # every column, from an instance read before the registry changed

    assert blockers(api, contact) == ["number_on_do_not_call_list"]
    response = api.patch(f"{CONTACTS}/{contact.public_id}", {"lastName": "Again"}, format="json")
    assert response.json()["contact"]["call_blockers"] == ["number_on_do_not_call_list"]


def test_patching_a_phone_off_a_listed_number_makes_the_contact_callable(api, team, company):
    contact = ContactFactory(company=company, phone=PHONE)
    register(api, team, PHONE)

    response = api.patch(f"{CONTACTS}/{contact.public_id}", {"phone": OTHER}, format="json")

    assert response.json()["contact"]["call_blockers"] == []
    assert callable_ids(api, team) == {contact.public_id}


def test_patching_a_secondary_phone_to_a_listed_number_blocks_the_contact(api, team, company):
    contact = ContactFactory(company=company, phone=OTHER)
    register(api, team, SECONDARY)

    response = api.patch(
        f"{CONTACTS}/{contact.public_id}", {"phoneSecondary": SECONDARY}, format="json"
    )

    assert response.json()["contact"]["call_blockers"] == ["number_on_do_not_call_list"]
    assert callable_ids(api, team) == set()


@pytest.mark.parametrize("listed_column", ["Phone", "Mobile"])
def test_an_import_updating_a_contact_onto_a_listed_number_blocks_it(
    tmp_path, api, team, company, listed_column
):
    contact = ContactFactory(company=company, email="ann@example.com", phone=OTHER)
    register(api, team, PHONE)
    numbers = {"Phone": OTHER, "Mobile": ""} | {listed_column: PHONE}
    path = write_csv(
        tmp_path,
        [
            ["First Name", "Last Name", "Email", "Phone", "Mobile"],
            ["Ann", "Lee", "ann@example.com", numbers["Phone"], numbers["Mobile"]],
        ],
    )

    run = run_import(path, team, "--company", company.public_id, "--on-duplicate", "update")

    assert run.code == 0, run.stderr
    assert blockers(api, contact) == ["number_on_do_not_call_list"]
    assert callable_ids(api, team) == set()


def test_an_import_moving_a_contact_off_a_listed_number_frees_it(tmp_path, api, team, company):
    contact = ContactFactory(company=company, email="ann@example.com", phone=PHONE)
    register(api, team, PHONE)
    path = write_csv(
        tmp_path,
        [["First Name", "Last Name", "Email", "Phone"], ["Ann", "Lee", "ann@example.com", OTHER]],
    )

    run = run_import(path, team, "--company", company.public_id, "--on-duplicate", "update")

    assert run.code == 0, run.stderr
    assert blockers(api, contact) == []


def test_writes_after_an_import_in_the_same_transaction_are_still_checked(
    tmp_path, api, team, company
):
    # The importer turns the contacts' trigger off for its batches only.
    register(api, team, PHONE)
    path = write_csv(
        tmp_path,
        [["First Name", "Last Name", "Email", "Phone"], ["Ann", "Lee", "ann@example.com", OTHER]],
    )
    run_import(path, team, "--company", company.public_id)

    later = ContactFactory(company=company, phone=PHONE)

    assert blockers(api, later) == ["number_on_do_not_call_list"]


def test_callable_now_counts_no_contact_carrying_a_listed_number(api, team, company):
    for number in (PHONE, SECONDARY, OTHER):
        ContactFactory(company=company, phone=number, timezone="UTC")
    ContactFactory(company=company, phone="+14155550104", phone_secondary=OTHER, timezone="UTC")
    # Every hour of a day is inside the window somewhere; UTC's own hours are 08:00 to 21:00.
    team.calling_hours_start, team.calling_hours_end = "00:00", "23:59"
    team.save()

    register(api, team, SECONDARY, OTHER)

    assert callable_now_count(api, team) == 1
