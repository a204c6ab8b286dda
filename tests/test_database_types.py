"""Instants are read from PostgreSQL by psycopg's C parser (crm/database_types.py), as the same
`datetime`s in UTC that Django's own loader gives."""

from datetime import UTC, datetime

import psycopg
import pytest
from django.db import connection
from django.db.backends.postgresql.psycopg_any import BaseTzLoader
from psycopg.pq import Format

from crm.database_types import TIMESTAMPTZ_OID, UtcInstantLoader

INSTANTS = [
    "2024-01-15 10:00:00+00",
    "2024-01-15 10:00:00.000001+00",
    "2024-02-29 23:59:59.999999+00",
    "0001-01-01 00:00:00+00",
    "9999-12-31 23:59:59.999999+00",
    "2024-06-01 12:30:00+02:00",  # another offset: the same instant, answered in UTC
    "1969-07-20 20:17:40+00",
]


class DjangosLoader(BaseTzLoader):
    timezone = UTC


def read(sql: str):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.django_db
def test_each_connection_reads_instants_with_the_c_parser():
    connection.ensure_connection()
    loader = connection.connection.adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT)

    assert psycopg.pq.__impl__ in {"binary", "c"}  # what requirements.txt installs
    assert loader is UtcInstantLoader


@pytest.mark.django_db
def test_instants_read_are_those_djangos_loader_reads():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT value::timestamptz, value::timestamptz::text"
            " FROM unnest(%s::text[]) WITH ORDINALITY AS t(value, n) ORDER BY n",
            [INSTANTS],
        )
        rows = cursor.fetchall()
        djangos = DjangosLoader(TIMESTAMPTZ_OID, cursor.cursor)
        # What Django's loader makes of the text the session sends for each value.
        expected = [djangos.load(text.encode()) for _, text in rows]

    values = [value for value, _ in rows]
    assert values == expected
    assert [value.isoformat() for value in values] == [value.isoformat() for value in expected]
    assert all(value.tzinfo is UTC for value in values)
    assert values[5] == datetime(2024, 6, 1, 10, 30, tzinfo=UTC)


@pytest.mark.django_db
def test_a_null_instant_is_none_and_a_saved_one_reads_back_equal(company):
    from tests.factories import ContactFactory

    contact = ContactFactory(company=company, last_called_at=datetime(2024, 1, 15, 10, tzinfo=UTC))
    ContactFactory(company=company, last_called_at=None)

    assert sorted(read("SELECT last_called_at FROM contacts_contact"), key=str) == [
        datetime(2024, 1, 15, 10, tzinfo=UTC),
        None,
    ]
    contact.refresh_from_db()
    assert contact.created_at.tzinfo is UTC
