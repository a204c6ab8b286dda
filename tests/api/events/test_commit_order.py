"""A client that reads the feed from the start and applies each event's state ends with
exactly the records a full list shows, while writes run concurrently in transactions that
commit in any order: the feed never skips an event, however the transactions' start order,
their ids and their commit order differ.

These tests commit (transaction=True): each thread has a database connection of its own."""

import random
import threading
import time

import pytest
from django.db import connection, transaction

from contacts.models import Contact
from tests.factories import CallFactory, CompanyFactory, ContactFactory, TeamFactory
from tests.kit.api import COMPANIES, CONTACTS, client_for, detail_url
from tests.kit.imports import run_import, write_csv

EVENTS = "/api/crm/events"
DERIVED = {"time_zones", "call_blockers", "next_callable_at"}
WAIT_SECONDS = 60

pytestmark = pytest.mark.django_db(transaction=True)


class FeedClient:
    """Reads the feed page by page and applies each event's state, as a sync client does."""

    def __init__(self, api, team, limit=5):
        self.api, self.team, self.limit = api, team, limit
        self.after = None
        self.cursors: list[str] = []
        self.records: dict[str, dict[str, dict]] = {"contact": {}, "company": {}}

    def poll(self) -> int:
        """Read every page there is now; how many events it read."""
        read = 0
        while True:
            parameters = {"teamId": self.team.public_id, "limit": self.limit}
            if self.after is not None:
                parameters["after"] = self.after
            response = self.api.get(EVENTS, parameters)
            assert response.status_code == 200, response.json()
            page = response.json()
            for event in page["events"]:
                self.apply(event)
            read += len(page["events"])
            self.after = page["next_cursor"]
            if not page["has_more"]:
                return read

    def apply(self, event: dict) -> None:
        self.cursors.append(event["cursor"])
        kind, _, change = event["type"].partition(".")
        if kind not in self.records:
            return
        if change == "purged":
            self.records[kind].pop(event["record_id"], None)
        else:
            self.records[kind][event["record_id"]] = event["state"]

    def live(self, kind: str) -> dict[str, dict]:
        return {id_: s for id_, s in self.records[kind].items() if s["archived_at"] is None}


def listed(api, team, collection: str, key: str) -> dict[str, dict]:
    """Every live record of a list, by ID, without the fields worked out at reading time."""
    records, offset = {}, 0
    while True:
        response = api.get(collection, {"teamId": team.public_id, "limit": 200, "offset": offset})
        page = response.json()[key]
        for record in page:
            records[record["id"]] = {k: v for k, v in record.items() if k not in DERIVED}
        if len(page) < 200:
            return records
        offset += 200


def in_a_thread(work) -> tuple[threading.Thread, list]:
    """Run `work` in a thread (a database connection of its own); the list gets its error."""
    errors = []

    def run():
        try:
            work()
        except BaseException as error:  # handed to the test to raise
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, errors


def finish(thread, errors):
    thread.join(timeout=WAIT_SECONDS)
    assert not thread.is_alive(), "still running: a deadlock, or a lock never released"
    if errors:
        raise errors[0]


def contact_body(team, company, index, **fields):
    return {
        "teamId": team.public_id,
        "companyId": company.public_id,
        "firstName": f"Person{index}",
        "lastName": "Lee",
        "email": f"person{index}@example.com",
        **fields,
    }


def test_a_transaction_that_starts_first_and_commits_last_is_read_after_the_other(tmp_path):
    team = TeamFactory()
    company = CompanyFactory(team=team)
    api = client_for(team)
    first = api.post(CONTACTS, contact_body(team, company, 1), format="json").json()["contact"]
    second = api.post(CONTACTS, contact_body(team, company, 2), format="json").json()["contact"]
    reader = FeedClient(client_for(team), team)
    reader.poll()
    started, go = threading.Event(), threading.Event()

    def earlier_transaction():
        # Takes its transaction id first (a write to `second`), then writes `first` after the
        # later transaction has written it and committed, and commits last.
        writer = client_for(team)
        with transaction.atomic():
            writer.patch(detail_url(CONTACTS, second["id"]), {"jobTitle": "E1"}, format="json")
            started.set()
            assert go.wait(WAIT_SECONDS)
            writer.patch(detail_url(CONTACTS, first["id"]), {"jobTitle": "E2"}, format="json")

    thread, errors = in_a_thread(earlier_transaction)
    assert started.wait(WAIT_SECONDS)
    api.patch(detail_url(CONTACTS, first["id"]), {"jobTitle": "Later"}, format="json")
    assert reader.poll() == 1  # the later transaction, committed; the earlier one is not yet
    go.set()
    finish(thread, errors)

    assert reader.poll() == 2  # the earlier transaction's two events, neither skipped
    assert reader.live("contact")[first["id"]]["job_title"] == "E2"
    assert reader.live("contact") == listed(api, team, CONTACTS, "contacts")


def test_a_reader_polling_during_a_random_mix_of_concurrent_writes_ends_with_the_lists(
    tmp_path,
):
    team = TeamFactory()
    companies = [CompanyFactory(team=team, name=f"Company {n}") for n in range(2)]
    stop = threading.Event()
    reader = FeedClient(client_for(team), team)

    def read_while_writing():
        while not stop.is_set():
            reader.poll()

    def writer(number: int):
        chance = random.Random(number)
        api = client_for(team)
        mine: list[str] = []
        for step in range(25):
            index = number * 1000 + step
            action = chance.choice(["create", "create", "patch", "archive", "restore", "import"])
            if action == "create" or not mine:
                company = chance.choice(companies)
                response = api.post(CONTACTS, contact_body(team, company, index), format="json")
                assert response.status_code == 201, response.json()
                mine.append(response.json()["contact"]["id"])
            elif action == "patch":
                url = detail_url(CONTACTS, chance.choice(mine))
                response = api.patch(url, {"jobTitle": f"Title {index}"}, format="json")
                assert response.status_code in (200, 409), response.json()
            elif action == "archive":
                response = api.delete(detail_url(CONTACTS, chance.choice(mine)))
                assert response.status_code in (200, 409), response.json()
            elif action == "restore":
                response = api.post(f"{detail_url(CONTACTS, chance.choice(mine))}/restore")
                assert response.status_code in (200, 409), response.json()
            else:
                rows = [
                    ["First Name", "Last Name", "Email", "Job Title"],
                    ["Imported", f"N{index}", f"imported{index}@example.com", "New"],
                    ["Person", "Again", f"person{index - 1}@example.com", f"Imported {index}"],
                ]
                path = write_csv(tmp_path, rows, name=f"import-{index}.csv")
                run = run_import(path, team)
                assert run.code in (0, 1), run.stderr
            if step % 8 == 0:
                url = detail_url(COMPANIES, chance.choice(companies))
                api.patch(url, {"domain": f"c{index}.example"}, format="json")

    reading = in_a_thread(read_while_writing)
    writers = [in_a_thread(lambda n=n: writer(n)) for n in range(3)]
    for thread, errors in writers:
        finish(thread, errors)
    stop.set()
    finish(*reading)
    reader.poll()

    api = client_for(team)
    assert reader.live("contact") == listed(api, team, CONTACTS, "contacts")
    assert reader.live("company") == listed(api, team, COMPANIES, "companies")
    assert len(reader.cursors) == len(set(reader.cursors))
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT (SELECT count(*) FROM history_contactevent WHERE team_id = %s)
                    + (SELECT count(*) FROM history_companyevent WHERE team_id = %s)""",
            [team.pk, team.pk],
        )
        assert len(reader.cursors) == cursor.fetchone()[0]  # every event, none twice


def some_session_waits_for_a_row() -> bool:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_locks WHERE NOT granted"
                " AND locktype IN ('transactionid', 'tuple')"
                " AND database IS DISTINCT FROM 0"
            )
            if cursor.fetchone()[0]:
                return True
        time.sleep(0.01)
    return False


def test_a_foreign_key_check_waiting_at_commit_does_not_deadlock_with_the_counter():
    team = TeamFactory()
    company = CompanyFactory(team=team)
    locked = ContactFactory(team=team, company=company)
    other = ContactFactory(team=team, company=company)
    reader = FeedClient(client_for(team), team)
    reader.poll()
    holding, release = threading.Event(), threading.Event()

    def hold_the_contact():
        # A PATCH locks the contact FOR UPDATE until this transaction commits.
        writer = client_for(team)
        with transaction.atomic():
            writer.patch(detail_url(CONTACTS, locked), {"jobTitle": "Held"}, format="json")
            holding.set()
            assert release.wait(WAIT_SECONDS)

    def write_then_refer_to_it():
        # An event first, then a call whose foreign key to the locked contact is checked at
        # commit, where it waits for the holder: it must not hold the counter meanwhile.
        with transaction.atomic():
            Contact.objects.filter(pk=other.pk).update(job_title="Other")
            CallFactory(contact=locked)

    holder = in_a_thread(hold_the_contact)
    assert holding.wait(WAIT_SECONDS)
    referrer = in_a_thread(write_then_refer_to_it)
    assert some_session_waits_for_a_row()
    release.set()
    finish(*holder)
    finish(*referrer)  # a deadlock would have aborted one of them

    assert reader.poll() == 2
    states = reader.live("contact")
    assert (states[locked.public_id]["job_title"], states[other.public_id]["job_title"]) == (
        "Held",
        "Other",
    )
