"""The planner's statistics kept fresh whether or not autovacuum runs.

Every plan of a list, a count or a lookup rests on what the last ANALYZE saw. A brand-new
install has never analysed anything, a server may run with autovacuum off, and autovacuum's
workers can be held for hours by one long vacuum: then a table that grew from nothing to a
million contacts is planned as if empty, and lists cost ten times what they should (README
"List speed"). `analyze_stale_tables` applies autovacuum's own rule for analysing, with the
server's own thresholds, to this project's tables, and analyses those due. Where autovacuum
keeps up it has already done so, and this finds nothing to do.
"""

import logging

from django.db import OperationalError, connection, transaction

logger = logging.getLogger(__name__)

# A table another session holds (a migration, autovacuum's own ANALYZE) is left to the next run
# rather than queued behind it.
LOCK_TIMEOUT = "2s"

# pg_class knows nothing of the table's size while it has pages: not vacuumed nor analysed
# since it was made or emptied (migrations leave it at 0 pages, TRUNCATE at 0 pages and -1
# rows), so the planner judges it from its bare file as if nothing were known of it.
SIZE_UNKNOWN = "class.relpages = 0 AND pg_relation_size(class.oid) > 0"

# Autovacuum's rule (https://www.postgresql.org/docs/current/routine-vacuuming.html): analyse
# once more rows changed since the last ANALYZE than the threshold plus the scale factor times
# the table's rows, each the table's own setting when it has one. A table of unknown size
# that holds rows nobody counted (restored, or its counters lost in a crash) is due too.
_DUE_TABLES = f"""
    SELECT stats.relname
    FROM pg_stat_user_tables AS stats
    JOIN pg_class AS class ON class.oid = stats.relid
    CROSS JOIN LATERAL (
        SELECT
            coalesce(
                (SELECT option_value::float FROM pg_options_to_table(class.reloptions)
                 WHERE option_name = 'autovacuum_analyze_threshold'),
                current_setting('autovacuum_analyze_threshold')::float
            ) AS threshold,
            coalesce(
                (SELECT option_value::float FROM pg_options_to_table(class.reloptions)
                 WHERE option_name = 'autovacuum_analyze_scale_factor'),
                current_setting('autovacuum_analyze_scale_factor')::float
            ) AS scale_factor
    ) AS rule
    WHERE stats.relname = ANY(%s)
      AND stats.schemaname = current_schema()
      AND (
        stats.n_mod_since_analyze
            > rule.threshold + rule.scale_factor * greatest(class.reltuples, 0)
        OR ({SIZE_UNKNOWN})
      )
    ORDER BY stats.n_mod_since_analyze DESC
"""


def size_unknown(table: str) -> bool:
    """Whether the planner knows nothing of `table`'s size though it holds rows (SIZE_UNKNOWN)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {SIZE_UNKNOWN} FROM pg_class AS class WHERE class.oid = %s::regclass", [table]
        )
        return cursor.fetchone()[0]


def analyze_stale_tables() -> list[str]:
    """ANALYZE each of the project's tables that autovacuum's rule says is due; returns the
    names of those analysed."""
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    with connection.cursor() as cursor:
        cursor.execute(_DUE_TABLES, [sorted(tables)])
        due = [row[0] for row in cursor.fetchall()]
    analysed = []
    for table in due:
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
        except OperationalError as error:
            logger.info("ANALYZE %s left to the next run: %s", table, error)
            continue
        analysed.append(table)
    if analysed:
        logger.info("Analysed %s", ", ".join(analysed))
    return analysed
