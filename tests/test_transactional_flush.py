"""The flush after `transaction=True` tests (tests/kit/flush.py) leaves the database as Django's
flush does: every table empty but the content types and permissions post_migrate writes."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import TransactionTestCase

from tests.factories import ContactFactory
from tests.kit.flush import KEPT

pytestmark = pytest.mark.django_db(transaction=True)


def flush() -> None:
    """What pytest-django runs after a `transaction=True` test."""
    TransactionTestCase()._fixture_teardown()


def tables_with_rows() -> set[str]:
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    with connection.cursor() as cursor:
        found = set()
        for table in set(tables) - set(KEPT):
            cursor.execute(f"SELECT EXISTS (SELECT FROM {connection.ops.quote_name(table)})")
            if cursor.fetchone()[0]:
                found.add(table)
        return found


def test_every_table_a_test_wrote_to_is_emptied_and_the_permissions_stay():
    flush()  # the session's first flush is Django's own: the next ones are not
    ContactFactory()
    assert tables_with_rows()

    flush()

    assert tables_with_rows() == set()
    assert Permission.objects.filter(codename="view_contact").exists()


def test_permissions_a_test_deleted_are_written_back():
    flush()
    Permission.objects.filter(codename="view_contact").delete()
    ContactFactory()

    flush()

    assert tables_with_rows() == set()
    assert Permission.objects.filter(codename="view_contact").exists()
