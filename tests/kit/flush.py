"""A faster flush after `transaction=True` tests, leaving the database as Django's flush does.

Django's flush truncates every table, the empty ones too (each gets new files), then runs
post_migrate to write the content types and permissions back: about half a second a test on a
quiet machine, seconds under load, for a test that typically wrote to a few tables. Here only
the tables that are not as TRUNCATE leaves them are truncated, and the content types and
permissions stay in place while they are exactly what post_migrate wrote after Django's own
flush. Anything else (a test that changed those two tables, reset_sequences,
serialized_rollback, available_apps) takes Django's flush.
"""

from django.db import connections, transaction
from django.test import TransactionTestCase

# What post_migrate writes back after a flush; kept while unchanged.
KEPT = ("django_content_type", "auth_permission")

# Tables as TRUNCATE leaves them: no pages (not even dead rows) and never analysed. The same
# test after any insert (committed or rolled back) or ANALYZE.
TOUCHED = """
    SELECT relname FROM pg_class
    WHERE oid = ANY(%s::text[]::regclass[])
      AND (pg_relation_size(oid) > 0 OR relpages <> 0 OR reltuples <> -1)
"""

_kept_as_flushed: dict[str, tuple] = {}  # database alias -> KEPT tables' fingerprint


def _fingerprint(cursor) -> tuple:
    """The KEPT tables' rows, and their state as the planner sees it."""
    prints = []
    for table in KEPT:
        cursor.execute(
            f"SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t.id), '')),"
            f" (SELECT (relpages, reltuples) FROM pg_class WHERE oid = '{table}'::regclass)::text,"
            f" pg_relation_size('{table}') FROM {table} t"
        )
        prints.append(cursor.fetchone())
    return tuple(prints)


def _fast_flush(alias: str) -> bool:
    """Truncate what a test touched, when the KEPT tables are as Django's flush left them.
    False when they are not (or no flush was seen yet): nothing was done."""
    connection = connections[alias]
    if alias not in _kept_as_flushed:
        return False
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    with transaction.atomic(using=alias), connection.cursor() as cursor:
        if _fingerprint(cursor) != _kept_as_flushed[alias]:
            return False
        cursor.execute(TOUCHED, [[table for table in tables if table not in KEPT]])
        touched = [name for (name,) in cursor.fetchall()]
        if touched:
            # CASCADE takes the (empty) tables that reference them too, as TRUNCATE requires.
            quoted = ", ".join(connection.ops.quote_name(name) for name in touched)
            cursor.execute(f"TRUNCATE {quoted} CASCADE")
    return True


def _remember_flushed_state(alias: str) -> None:
    with connections[alias].cursor() as cursor:
        _kept_as_flushed[alias] = _fingerprint(cursor)


_django_fixture_teardown = TransactionTestCase._fixture_teardown


def _fixture_teardown(self: TransactionTestCase) -> None:
    if self.reset_sequences or self.serialized_rollback or self.available_apps is not None:
        return _django_fixture_teardown(self)
    aliases = self._databases_names(include_mirrors=False)
    if all(_fast_flush(alias) for alias in aliases):
        return None
    _django_fixture_teardown(self)
    for alias in aliases:
        _remember_flushed_state(alias)
    return None


def install() -> None:
    """Use the faster flush for every `transaction=True` test of the session."""
    TransactionTestCase._fixture_teardown = _fixture_teardown
