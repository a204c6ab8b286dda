"""Imports into one team take turns: a run that finds another one holding the team's turn says
which, waits for it, and gives up after --wait seconds."""

import os
import re
import threading
import time

import psycopg
import pytest
from django.core.management import CommandError
from django.db import connection

from contacts.imports.loading import ContactLoader
from contacts.models import Contact
from tests.kit.imports import run_import, write_csv

OTHER_IMPORT = "the other import"


@pytest.fixture
def other_import(team):
    """A database session, named like a client, that holds `team`'s import turn."""
    session = psycopg.connect(**connection.get_connection_params(), application_name=OTHER_IMPORT)
    session.execute(
        "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [f"contact-import:{team.pk}"]
    )
    yield session
    session.close()


def seen_from(session) -> str:
    """Where PostgreSQL says a session of these tests connects from."""
    [address] = session.execute(
        "SELECT host(client_addr) FROM pg_stat_activity WHERE pid = pg_backend_pid()"
    ).fetchone()
    return f"from {address}" if address else "on the database host"


def waiting_message(session) -> str:
    return (
        f"Another import into this team has its turn: '{OTHER_IMPORT}' {seen_from(session)}, "
        f"database session {session.info.backend_pid}, in a transaction since "
    )


def end_turn_once_waited_for(session) -> None:
    """Commit `session`'s transaction once another session of this database waits for an
    advisory lock (pg_locks is the whole server's: other databases' tests wait too)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        waiting = session.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
            " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
        ).fetchone()[0]
        if waiting:
            break
        time.sleep(0.01)
    session.commit()


def in_a_thread(work, *args) -> threading.Thread:
    thread = threading.Thread(target=work, args=args)
    thread.start()
    return thread


@pytest.fixture
def contacts_csv(tmp_path):
    return write_csv(
        tmp_path,
        [["First Name", "Last Name", "Email"], ["Ann", "Lee", "ann@example.com"]],
    )


def test_an_import_waits_for_the_other_import_of_the_team_naming_it(
    contacts_csv, team, other_import
):
    ending = in_a_thread(end_turn_once_waited_for, other_import)

    run = run_import(contacts_csv, team, "--wait", "30")

    ending.join()
    assert run.code == 0, run.stderr
    assert waiting_message(other_import) in run.stderr
    assert "Waiting for it, up to 30 s (--wait)." in run.stderr
    assert Contact.objects.get(team=team).email == "ann@example.com"


@pytest.mark.django_db(transaction=True)  # each batch commits, and gives the turn back
def test_an_import_names_the_other_import_once_however_many_batches_wait_for_it(
    tmp_path, team, other_import, monkeypatch
):
    path = write_csv(
        tmp_path,
        [["First Name", "Last Name"], ["Ann", "Lee"], ["Ben", "Fox"]],
    )
    take_it_again, taken_again = threading.Event(), threading.Event()
    real_load = ContactLoader.load

    def load(self, rows):  # the second batch starts once the other import has the turn again
        if rows[0].line == 3:
            take_it_again.set()
            assert taken_again.wait(30)
        return real_load(self, rows)

    def other_imports_two_turns():
        end_turn_once_waited_for(other_import)
        assert take_it_again.wait(30)
        other_import.execute(
            "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [f"contact-import:{team.pk}"]
        )
        taken_again.set()
        end_turn_once_waited_for(other_import)

    monkeypatch.setattr(ContactLoader, "load", load)
    other = in_a_thread(other_imports_two_turns)

    run = run_import(path, team, "--batch-size", "1", "--wait", "30")

    other.join()
    assert run.code == 0, run.stderr
    assert run.stderr.count("Another import into this team has its turn") == 1
    assert Contact.objects.filter(team=team).count() == 2


def test_an_import_gives_up_after_wait_seconds_and_says_who_held_the_turn(
    contacts_csv, team, other_import
):
    started = time.monotonic()

    with pytest.raises(CommandError) as raised:
        run_import(contacts_csv, team, "--wait", "1")

    assert 1 <= time.monotonic() - started < 10
    pid = other_import.info.backend_pid
    assert re.match(
        rf"Gave up after waiting 1 s \(--wait\) for another import into team 'Acme Sales': "
        rf"'{OTHER_IMPORT}' {seen_from(other_import)}, database session {pid}, "
        rf"in a transaction since .*\n"
        rf"Rows up to line 0 are committed\. If it is no longer running, end its session "
        rf"\(SELECT pg_terminate_backend\({pid}\)\) and run the same command again\.$",
        str(raised.value),
    ), str(raised.value)
    assert not Contact.objects.filter(team=team).exists()


def test_wait_zero_gives_up_at_once(contacts_csv, team, other_import):
    with pytest.raises(CommandError, match="Gave up after waiting 0 s"):
        run_import(contacts_csv, team, "--wait", "0")


def test_another_teams_import_is_not_waited_for(contacts_csv, other_team, other_import):
    run = run_import(contacts_csv, other_team, "--wait", "0")

    assert run.code == 0, run.stderr
    assert "Another import" not in run.stderr


def test_a_negative_wait_is_a_command_error(contacts_csv, team):
    with pytest.raises(CommandError, match="--wait must be 0 seconds or more"):
        run_import(contacts_csv, team, "--wait", "-1")


def test_the_import_names_its_database_session_while_it_runs(contacts_csv, team, monkeypatch):
    names = []
    real_load = ContactLoader.load

    def load(self, rows):
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('application_name')")
            names.append(cursor.fetchone()[0])
        return real_load(self, rows)

    monkeypatch.setattr(ContactLoader, "load", load)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('application_name')")
        [before] = cursor.fetchone()

    run_import(contacts_csv, team)

    assert names == [f"import_contacts {team.public_id} pid {os.getpid()}"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('application_name')")
        assert cursor.fetchone()[0] == before
