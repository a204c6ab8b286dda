"""contacts 0011: `number_on_do_not_call_list` filled in for existing contacts from the
registry, and taken away again (column and trigger) when the migration is reversed.

The data is written at the latest migration, where the flag is kept up to date; the test
then reverses 0011, so that the column is dropped, and applies it again: the flags it
finds are the backfill's. Only contacts 0011 and 0012 are unapplied and reapplied.
"""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from contacts.models import Contact
from donotcall import services
from donotcall.models import DoNotCallEntry, Source
from tests.factories import ContactFactory

BEFORE = ("contacts", "0010_call_moved_to_calls_app")
BACKFILL = ("contacts", "0011_contact_number_on_do_not_call_list")
LISTED, REMOVED, OTHER_TEAMS = "+14155550101", "+14155550102", "+14155550103"

pytestmark = pytest.mark.django_db(transaction=True)


def migrate(*targets) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(list(targets))


@pytest.fixture
def latest_schema_restored():
    """Leaves the database at the latest migrations, whatever the test did to it."""
    yield
    migrate(*MigrationExecutor(connection).loader.graph.leaf_nodes())


def columns_of_contacts() -> set[str]:
    with connection.cursor() as cursor:
        description = connection.introspection.get_table_description(cursor, "contacts_contact")
    return {column.name for column in description}


def contact_triggers() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'contacts_contact'::regclass"
            " AND NOT tgisinternal"
        )
        return {name for (name,) in cursor.fetchall()}


def test_0011_fills_the_flag_from_the_registry_and_its_reverse_drops_it(
    latest_schema_restored, team, company, other_team
):
    services.register_numbers(team=team, numbers=[LISTED, REMOVED], source=Source.API)
    services.remove_number(team=team, number=REMOVED)
    services.register_numbers(team=other_team, numbers=[OTHER_TEAMS], source=Source.API)
    expected = {
        ContactFactory(company=company, phone=LISTED).pk: True,
        ContactFactory(company=company, phone=None, phone_secondary=LISTED).pk: True,
        ContactFactory(company=company, phone=LISTED, archived_at=datetime(2024, 1, 1, tzinfo=UTC)).pk: True,
        ContactFactory(company=company, phone="+14155550199", phone_secondary=LISTED).pk: True,
        ContactFactory(company=company, phone=REMOVED).pk: False,  # no longer on it
        ContactFactory(company=company, phone=OTHER_TEAMS).pk: False,  # another team's
        ContactFactory(company=company, phone=None).pk: False,
    }

    migrate(BEFORE)

    assert "number_on_do_not_call_list" not in columns_of_contacts()
    assert contact_triggers() == set()
    # Reversing keeps every contact and entry; a contact written now meets no trigger.
    assert Contact.objects.count() == len(expected)
    assert DoNotCallEntry.objects.count() == 3

    migrate(BACKFILL)

    assert "number_on_do_not_call_list" in columns_of_contacts()
    flags = dict(Contact.objects.values_list("pk", "number_on_do_not_call_list"))
    assert flags == expected
    # From here on the trigger keeps it (a contact is written by today's model, so at today's
    # schema: later migrations add columns).
    migrate(*MigrationExecutor(connection).loader.graph.leaf_nodes())
    added = ContactFactory(company=company, phone=LISTED)
    assert Contact.objects.get(pk=added.pk).number_on_do_not_call_list is True
