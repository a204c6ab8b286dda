"""Writes of the change feed: its retention clean-up, run as a periodic job."""

import datetime

from django.db import connection, transaction

from events.selectors import retention_cutoff


def purge_old_events(*, now: datetime.datetime | None = None) -> int:
    """Forget the feed's transactions committed before the retention period
    (`EVENT_RETENTION_DAYS`) as of `now`, and remember the last one forgotten, so that a
    cursor before it is a 410 however the clean-up and the clock meet. Returns how many
    transactions were forgotten.

    The events themselves are history's rows (the records' History pages and endpoints show
    them) and are kept: the feed stops listing them because it reads events through their
    transactions. Safe to run at any time and more than once."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            """
            WITH forgotten AS (
                DELETE FROM events_committedtransaction
                WHERE committed_at < %s
                RETURNING transaction_id, sequence
            ), forgotten_teams AS (
                DELETE FROM events_teamtransaction AS team_transaction
                USING forgotten
                WHERE team_transaction.transaction_id = forgotten.transaction_id
            ), counted AS (
                SELECT count(*) AS transactions, max(sequence) AS last FROM forgotten
            ), marked AS (
                UPDATE events_feedcounter
                SET purged_through = greatest(purged_through, counted.last)
                FROM counted
                WHERE counted.last IS NOT NULL
            )
            SELECT transactions FROM counted
            """,
            [retention_cutoff(now)],
        )
        return cursor.fetchone()[0]
