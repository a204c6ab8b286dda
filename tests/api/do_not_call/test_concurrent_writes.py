"""A contact's write of a number and a registry write of the same number, in two transactions
at once, never leave a listed number callable, whichever commits first; and writes that put
numbers on the registry after writing contacts do not deadlock each other.

Each test holds one side's transaction open (a request or a command run inside an outer
transaction, in a thread) until the other side has either finished or is waiting for it,
so that the interleaving that loses the flag without the team's numbers lock is forced."""

import threading
import time
from contextlib import contextmanager, suppress

import pytest
from django.db import connection, transaction

from donotcall import services as do_not_call
from tests.admin.contacts.pages import save, stored
from tests.factories import ContactFactory
from tests.kit.admin import form_errors
from tests.kit.api import CONTACTS, DO_NOT_CALL, client_for
from tests.kit.imports import run_import, write_csv

NUMBER = "+14155550101"
WAIT_SECONDS = 30

pytestmark = pytest.mark.django_db(transaction=True)


def contact_body(team, company, **fields) -> dict:
    return {
        "teamId": team.public_id,
        "companyId": company.public_id,
        "firstName": "Ann",
        "lastName": "Lee",
        "phone": NUMBER,
        **fields,
    }


def create_contact(api, team, company, **fields):
    return api.post(CONTACTS, contact_body(team, company, **fields), format="json")


def register(api, team, *numbers):
    return api.post(DO_NOT_CALL, {"teamId": team.public_id, "numbers": numbers}, format="json")


def in_a_thread(work) -> tuple[threading.Thread, list]:
    """Run `work` in a thread of its own (a database connection of its own); the list gets
    its result, or the exception it raised."""
    outcome = []

    def run():
        try:
            outcome.append(work())
        except BaseException as error:  # handed to the test to raise
            outcome.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def result_of(thread: threading.Thread, outcome: list):
    thread.join(timeout=WAIT_SECONDS)
    assert not thread.is_alive(), "still running: a deadlock, or a lock never released"
    [result] = outcome
    if isinstance(result, BaseException):
        raise result
    return result


def waits_for_a_lock_or_ends(thread: threading.Thread) -> bool:
    """Return once `thread` has ended (False) or some session of this database waits for an
    advisory lock (True)."""
    deadline = time.monotonic() + WAIT_SECONDS
    while thread.is_alive() and time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_locks WHERE NOT granted AND locktype = 'advisory'"
                " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            )
            if cursor.fetchone()[0]:
                return True
        time.sleep(0.01)
    return False


@contextmanager
def held_open(work):
    """Run `work` in a thread inside a transaction that stays open, with its locks, until
    the body of the `with` has started the other side and that side has ended or waits;
    yields a function that starts the other side's thread and returns, once both have
    ended, both results and whether the other side waited for the held one."""
    done, release = threading.Event(), threading.Event()

    def hold():
        with transaction.atomic():
            result = work()
            done.set()
            release.wait(timeout=WAIT_SECONDS)
        return result

    holder = in_a_thread(hold)
    assert done.wait(timeout=WAIT_SECONDS), "the held side did not finish its writes"

    def then(other):
        other_thread = in_a_thread(other)
        waited = waits_for_a_lock_or_ends(other_thread[0])
        release.set()
        return result_of(*holder), result_of(*other_thread), waited

    try:
        yield then
    finally:
        release.set()


def blockers(api, contact_id: str) -> list[str]:
    return api.get(f"{CONTACTS}/{contact_id}").json()["contact"]["call_blockers"]


def callable_ids(api, team) -> set[str]:
    response = api.get(CONTACTS, {"teamId": team.public_id, "callable": "true"})
    assert response.status_code == 200, response.json()
    return {contact["id"] for contact in response.json()["contacts"]}


def test_a_contact_created_while_its_number_is_being_registered_is_not_callable(team, company):
    staff, client = client_for(team), client_for(team)  # a token each: no shared counter rows

    with held_open(lambda: register(staff, team, NUMBER)) as then:
        registered, created, waited = then(lambda: create_contact(client, team, company))

    assert waited
    assert registered.status_code == 201, registered.json()
    assert created.status_code == 201, created.json()
    contact_id = created.json()["contact"]["id"]
    assert "number_on_do_not_call_list" in blockers(client, contact_id)
    assert contact_id not in callable_ids(client, team)


def test_a_number_registered_while_a_contact_with_it_is_being_created_blocks_it(team, company):
    staff, client = client_for(team), client_for(team)

    with held_open(lambda: create_contact(client, team, company)) as then:
        created, registered, waited = then(lambda: register(staff, team, NUMBER))

    assert waited
    assert created.status_code == 201, created.json()
    assert registered.status_code == 201, registered.json()
    contact_id = created.json()["contact"]["id"]
    assert "number_on_do_not_call_list" in blockers(client, contact_id)
    assert contact_id not in callable_ids(client, team)


def test_a_number_patched_onto_a_contact_while_being_registered_blocks_it(team, company):
    staff, client = client_for(team), client_for(team)
    created = create_contact(client, team, company, phone="+14155550199")
    contact_id = created.json()["contact"]["id"]

    def patch_number():
        return client.patch(f"{CONTACTS}/{contact_id}", {"phone": NUMBER}, format="json")

    with held_open(patch_number) as then:
        patched, registered, waited = then(lambda: register(staff, team, NUMBER))

    assert waited
    assert patched.status_code == 200, patched.json()
    assert registered.status_code == 201, registered.json()
    assert "number_on_do_not_call_list" in blockers(client, contact_id)


def test_contacts_imported_while_their_numbers_are_being_registered_are_not_callable(
    team, company, tmp_path
):
    staff, client = client_for(team), client_for(team)
    contacts_csv = write_csv(
        tmp_path, [["First Name", "Last Name", "Phone"], ["Ann", "Lee", NUMBER]]
    )

    with held_open(lambda: register(staff, team, NUMBER)) as then:
        registered, imported, waited = then(lambda: run_import(contacts_csv, team))

    assert waited
    assert registered.status_code == 201, registered.json()
    assert imported.code == 0, imported
    assert callable_ids(client, team) == set()
    [contact] = client.get(CONTACTS, {"teamId": team.public_id}).json()["contacts"]
    assert "number_on_do_not_call_list" in contact["call_blockers"]


def test_a_number_registered_while_an_import_batch_carrying_it_loads_blocks_it(
    team, company, tmp_path
):
    staff, client = client_for(team), client_for(team)
    contacts_csv = write_csv(
        tmp_path, [["First Name", "Last Name", "Phone"], ["Ann", "Lee", NUMBER]]
    )

    with held_open(lambda: run_import(contacts_csv, team)) as then:
        imported, registered, waited = then(lambda: register(staff, team, NUMBER))

    assert waited
    assert imported.code == 0, imported
    assert registered.status_code == 201, registered.json()
    [contact] = client.get(CONTACTS, {"teamId": team.public_id}).json()["contacts"]
    assert "number_on_do_not_call_list" in contact["call_blockers"]


def insert_raw_entry(team, number):
    """A registry write that goes round the application, as psql would: no lock taken first."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO donotcall_donotcallentry (id, team_id, number, source, created_at)"
            " VALUES (gen_random_uuid(), %s, %s, 'api', now())",
            [team.pk, number],
        )
        return cursor.rowcount


def test_a_contact_created_while_a_raw_insert_registers_its_number_is_not_callable(team, company):
    client = client_for(team)

    with held_open(lambda: insert_raw_entry(team, NUMBER)) as then:
        inserted, created, waited = then(lambda: create_contact(client, team, company))

    assert waited
    assert inserted == 1
    assert created.status_code == 201, created.json()
    contact_id = created.json()["contact"]["id"]
    assert "number_on_do_not_call_list" in blockers(client, contact_id)
    assert contact_id not in callable_ids(client, team)


def test_a_raw_insert_while_a_contact_with_the_number_is_being_created_blocks_it(team, company):
    client = client_for(team)

    with held_open(lambda: create_contact(client, team, company)) as then:
        created, inserted, waited = then(lambda: insert_raw_entry(team, NUMBER))

    assert waited  # the registry's trigger waits for the team's numbers
    assert created.status_code == 201, created.json()
    assert inserted == 1
    contact_id = created.json()["contact"]["id"]
    assert "number_on_do_not_call_list" in blockers(client, contact_id)


def test_an_admin_save_leaving_the_numbers_alone_does_not_wait_for_a_registry_write(
    admin_client, team, company
):
    # The admin saves every column, the numbers and the flag included: unchanged, they
    # neither run the contact trigger nor wait for the team's numbers lock.
    staff = client_for(team)
    contact = ContactFactory(company=company, phone=NUMBER)

    with held_open(lambda: register(staff, team, "+14155550199")) as then:
        registered, saved, waited = then(lambda: save(admin_client, contact, first_name="Anne"))

    assert not waited
    assert registered.status_code == 201, registered.json()
    assert saved.status_code == 302, form_errors(saved)
    assert stored(contact).first_name == "Anne"


def test_two_do_not_call_contacts_of_a_team_created_at_once_do_not_deadlock(
    team, company, monkeypatch
):
    # Each request's registry write waits (up to a moment) for the other to have written its
    # contact: without the exclusive lock taken first, both would then hold the team's lock
    # shared (from their contact's trigger) and each wait for the other to give it up.
    both_wrote_contacts = threading.Barrier(2)
    register_numbers = do_not_call.register_numbers

    def register_once_both_wrote(**arguments):
        # Broken: the other request waits for this one's lock; go on alone.
        with suppress(threading.BrokenBarrierError):
            both_wrote_contacts.wait(timeout=2)
        return register_numbers(**arguments)

    monkeypatch.setattr(do_not_call, "register_numbers", register_once_both_wrote)
    clients = [client_for(team), client_for(team)]
    phones = ["+14155550101", "+14155550102"]
    threads = [
        in_a_thread(
            lambda api=api, phone=phone: create_contact(
                api, team, company, phone=phone, doNotCall=True
            )
        )
        for api, phone in zip(clients, phones, strict=True)
    ]

    responses = [result_of(*thread) for thread in threads]

    assert [response.status_code for response in responses] == [201, 201], [
        response.json() for response in responses
    ]
    listed = register(clients[0], team, *phones).json()
    assert (listed["registered"], listed["already_registered"]) == (0, 2)
