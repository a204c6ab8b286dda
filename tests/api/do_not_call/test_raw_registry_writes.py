"""A write to the registry's table that goes round the application (psql, a data fix, a
future command) reaches the contacts carrying its numbers all the same: PostgreSQL rechecks
them, so what the API answers about callability follows the registry whoever wrote it."""

from django.db import connection

from tests.factories import ContactFactory
from tests.kit.api import CONTACTS

PHONE = "+14155550101"
SECONDARY = "+14155550102"
OTHER = "+14155550103"


def sql(statement: str, *params) -> int:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.rowcount


def insert_entries(*team_numbers) -> None:
    """A raw INSERT of live entries, one statement for every (team, number) given."""
    rows = ", ".join(["(gen_random_uuid(), %s::uuid, %s, 'api', now())"] * len(team_numbers))
    params = [value for team, number in team_numbers for value in (team.pk, number)]
    sql(
        "INSERT INTO donotcall_donotcallentry (id, team_id, number, source, created_at)"
        f" VALUES {rows}",
        *params,
    )


def blockers(api, contact) -> list[str]:
    return api.get(f"{CONTACTS}/{contact.public_id}").json()["contact"]["call_blockers"]


def callable_ids(api, team) -> set[str]:
    response = api.get(CONTACTS, {"teamId": team.public_id, "callable": "true"})
    assert response.status_code == 200, response.json()
    return {contact["id"] for contact in response.json()["contacts"]}


def test_a_raw_insert_blocks_the_contacts_carrying_the_number(api, team, company):
    by_phone = ContactFactory(company=company, phone=PHONE)
    by_secondary = ContactFactory(company=company, phone=OTHER, phone_secondary=PHONE)
    archived = ContactFactory(company=company, phone=PHONE)
    api.delete(f"{CONTACTS}/{archived.public_id}")
    free = ContactFactory(company=company, phone=SECONDARY)

    insert_entries((team, PHONE))

    assert blockers(api, by_phone) == ["number_on_do_not_call_list"]
    assert blockers(api, by_secondary) == ["number_on_do_not_call_list"]
    assert blockers(api, archived) == ["number_on_do_not_call_list", "archived"]
    assert callable_ids(api, team) == {free.public_id}


def test_a_raw_insert_for_several_teams_blocks_each_teams_own_contacts_only(
    api, other_api, team, company, other_team, other_company
):
    ours = ContactFactory(company=company, phone=PHONE)
    ours_free = ContactFactory(company=company, phone=OTHER)
    theirs = ContactFactory(company=other_company, phone=OTHER)
    theirs_free = ContactFactory(company=other_company, phone=PHONE)

    insert_entries((team, PHONE), (other_team, OTHER))

    assert blockers(api, ours) == ["number_on_do_not_call_list"]
    assert blockers(other_api, theirs) == ["number_on_do_not_call_list"]
    assert callable_ids(api, team) == {ours_free.public_id}
    assert callable_ids(other_api, other_team) == {theirs_free.public_id}


def test_a_raw_removal_frees_only_contacts_with_no_other_listed_number(api, team, company):
    only_this = ContactFactory(company=company, phone=PHONE)
    also_other = ContactFactory(company=company, phone=PHONE, phone_secondary=SECONDARY)
    insert_entries((team, PHONE), (team, SECONDARY))

    removed = sql(
        "UPDATE donotcall_donotcallentry SET removed_at = now() WHERE team_id = %s AND number = %s",
        team.pk,
        PHONE,
    )

    assert removed == 1
    assert blockers(api, only_this) == []
    assert blockers(api, also_other) == ["number_on_do_not_call_list"]
    assert callable_ids(api, team) == {only_this.public_id}


def test_a_raw_delete_frees_the_contacts_carrying_the_number(api, team, company):
    contact = ContactFactory(company=company, phone=OTHER, phone_secondary=PHONE)
    insert_entries((team, PHONE))
    assert blockers(api, contact) == ["number_on_do_not_call_list"]

    sql("DELETE FROM donotcall_donotcallentry WHERE team_id = %s", team.pk)

    assert blockers(api, contact) == []
    assert callable_ids(api, team) == {contact.public_id}


def test_a_raw_update_of_the_number_moves_the_block_to_the_new_numbers_contacts(api, team, company):
    was_listed = ContactFactory(company=company, phone=PHONE)
    now_listed = ContactFactory(company=company, phone=SECONDARY)
    insert_entries((team, PHONE))

    sql(
        "UPDATE donotcall_donotcallentry SET number = %s WHERE team_id = %s AND number = %s",
        SECONDARY,
        team.pk,
        PHONE,
    )

    assert blockers(api, was_listed) == []
    assert blockers(api, now_listed) == ["number_on_do_not_call_list"]


def test_a_raw_restore_of_a_removed_entry_blocks_its_contacts_again(api, team, company):
    contact = ContactFactory(company=company, phone=PHONE)
    insert_entries((team, PHONE))
    sql("UPDATE donotcall_donotcallentry SET removed_at = now() WHERE team_id = %s", team.pk)
    assert blockers(api, contact) == []

    sql("UPDATE donotcall_donotcallentry SET removed_at = NULL WHERE team_id = %s", team.pk)

    assert blockers(api, contact) == ["number_on_do_not_call_list"]
