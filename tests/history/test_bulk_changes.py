"""A statement that changes many records is recorded with work that grows with its rows, not
with their square, whatever statements the session ran before it."""

import contextlib
import inspect
import re

import pghistory.core
import pytest
from django.db import connection

from contacts.models import Contact
from history.models import ContactEvent, _UpdateEvent, _UpdateEventTrigger
from tests.factories import ContactFactory
from tests.kit.imports import run_import, write_csv

pytestmark = pytest.mark.django_db

ROWS = 600
JOIN_FILTERED = re.compile(r"Rows Removed by Join Filter: (\d+)")


@contextlib.contextmanager
def executed_plans():
    """The plans PostgreSQL runs meanwhile, the triggers' statements included, with their
    row counts (auto_explain, for the rest of the test's transaction)."""
    plans: list[str] = []
    with connection.cursor() as cursor:
        cursor.execute("LOAD 'auto_explain'")
        cursor.execute(
            "SELECT set_config('auto_explain.log_min_duration', '0', true),"
            " set_config('auto_explain.log_nested_statements', 'on', true),"
            " set_config('auto_explain.log_analyze', 'on', true),"
            " set_config('client_min_messages', 'log', true)"
        )

    def keep(diagnostic):
        plans.append(diagnostic.message_primary or "")

    connection.connection.add_notice_handler(keep)
    try:
        yield plans
    finally:
        connection.connection.remove_notice_handler(keep)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('auto_explain.log_min_duration', '-1', true),"
                " set_config('client_min_messages', 'notice', true)"
            )


def test_an_import_updating_many_contacts_compares_each_old_row_with_its_new_one_once(
    tmp_path, team, company
):
    contacts = ContactFactory.build_batch(ROWS, team=team, company=company, job_title="Engineer")
    Contact.objects.bulk_create(contacts)
    # A one-row update first, as a long-lived connection has made: the update triggers' plans
    # must not be those of that one row.
    Contact.objects.filter(pk=contacts[0].pk).update(job_title="Founder")
    path = write_csv(
        tmp_path,
        [["First Name", "Last Name", "Email", "Job Title"]]
        + [[c.first_name, c.last_name, c.email, "CTO"] for c in contacts],
    )

    with executed_plans() as plans:
        run = run_import(path, team, "--company", company.public_id, "--on-duplicate", "update")

    assert run.code == 0, run.stderr
    assert run.counts["updated"] == ROWS
    assert ContactEvent.objects.filter(pgh_obj__team=team, pgh_label="update").count() == ROWS + 1
    history_inserts = [plan for plan in plans if 'INSERT INTO "history_contactevent"' in plan]
    assert len(history_inserts) >= 3, "no plan of the update triggers was seen"
    compared = [int(n) for plan in history_inserts for n in JOIN_FILTERED.findall(plan)]
    # A nested loop over the transition tables compares every old row with every new one.
    assert max(compared, default=0) <= ROWS


def test_the_update_event_registers_its_trigger_as_pghistory_does():
    # history.models._UpdateEvent.add_event_trigger is pghistory's own with another trigger
    # class (pghistory offers no hook for it): a pghistory upgrade that changes how it
    # registers an event's trigger fails here, until the copy follows.
    theirs = inspect.getsource(pghistory.core.RowEvent.add_event_trigger)
    ours = inspect.getsource(_UpdateEvent.add_event_trigger)

    assert ours.replace("_UpdateEventTrigger(", "trigger.Event(") == theirs
    assert issubclass(_UpdateEventTrigger, pghistory.core.trigger.Event)
