"""The contacts table in the states users meet first, and how many rows a piece of work reads.

The suite runs in a database whose statistics are whatever earlier tests left; these put the
contacts table, inside the test's transaction (so it is all rolled back), in the state that
matters: never analysed, as in a brand-new install, or analysed before a team's contacts
arrived, as a new customer in a big shared table is until autovacuum comes round. Both need
the superuser the tests connect as (pg_statistic is written directly).
"""

import json
from contextlib import contextmanager

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import TeamFactory

CONTACTS = "contacts_contact"
STATES = ["never analysed", "team unknown to the statistics"]


def never_analysed() -> None:
    """Empty the contacts table and forget its statistics, as in a new install."""
    with connection.cursor() as cursor:
        # TRUNCATE gives the table a new file, with "never analysed" in pg_class.
        cursor.execute(f"TRUNCATE donotcall_donotcallentry, contacts_call, {CONTACTS}")
        cursor.execute("DELETE FROM pg_statistic WHERE starelid = ANY(%s)", [_relation_ids(cursor)])


def analysed_now() -> None:
    """Analyse the contacts table as it is: contacts added later are unknown to the planner."""
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {CONTACTS}")


def add_contacts(team, count: int, *, company=None, prefix: str = "bulk") -> None:
    """`count` live contacts in `team`, each with an email and a phone, written by one
    statement (no ANALYZE follows, as none would in a running service)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {CONTACTS} (id, team_id, company_id, first_name, last_name, email, phone,
                lead_status, do_not_call, custom_fields, tags, call_count, created_at, updated_at)
            SELECT gen_random_uuid(), %(team)s, %(company)s, 'First' || g, 'Last' || g,
                %(prefix)s || g || '@example.com', '+1202555' || lpad(g::text, 4, '0'), 'new',
                false, '{{}}', '{{}}', 0, now(), now()
            FROM generate_series(1, %(count)s) AS g
            """,
            {
                "team": team.pk,
                "company": company.pk if company else None,
                "prefix": prefix,
                "count": count,
            },
        )


def team_in_state(state: str, team, size: int, *, company=None):
    """`team` with `size` contacts, in one of STATES: the table never analysed, or analysed
    when four other teams of that size filled the statistics and `team` had none."""
    if state == "never analysed":
        never_analysed()
    else:
        for index in range(4):
            add_contacts(TeamFactory(), size, prefix=f"older{index}-")
        analysed_now()
    add_contacts(team, size, company=company)
    return team


@contextmanager
def rows_read():
    """Count the contact rows and index entries read inside the block: `.count` afterwards,
    and `.scanned`, the names of the table and indexes that were scanned.

    Sequential-scan rows of the table plus entries read from each of its indexes, from this
    transaction's own statistics counters (triggers' statements included): a lookup that
    walks a whole team shows as the team's size, whichever index or scan it took.
    """
    counter = _Counter()
    with connection.cursor() as cursor:
        relations = _relation_ids(cursor)
        before = _reads(cursor, relations)
        yield counter
        after = _reads(cursor, relations)
    counter.count = sum(returned for returned, _ in after.values()) - sum(
        returned for returned, _ in before.values()
    )
    counter.scanned = {name for name, (_, scans) in after.items() if scans > before[name][1]}


class _Counter:
    count = 0
    scanned: set[str] = set()


def _relation_ids(cursor) -> list[int]:
    cursor.execute(
        "SELECT %s::regclass::oid UNION ALL SELECT indexrelid FROM pg_index WHERE indrelid = "
        "%s::regclass",
        [CONTACTS, CONTACTS],
    )
    return [row[0] for row in cursor.fetchall()]


def _reads(cursor, relations: list[int]) -> dict[str, tuple[int, int]]:
    """Each relation's name -> (rows or entries returned, scans), in this transaction."""
    cursor.execute(
        "SELECT oid::regclass::text, pg_stat_get_xact_tuples_returned(oid), "
        "pg_stat_get_xact_numscans(oid) FROM unnest(%s::oid[]) AS oid",
        [relations],
    )
    return {name: (int(returned), int(scans)) for name, returned, scans in cursor.fetchall()}


def estimated_team_contacts(team) -> float:
    """How many of the team's contacts the planner expects, from the statistics it has."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {CONTACTS} WHERE team_id = %s", [team.pk]
        )
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return plan[0]["Plan"]["Plan Rows"]


def count_plan(queryset) -> str:
    """The plan of the statement `queryset.count()` sends, as a list's `count` runs it (the
    list's own counts included: contacts.filtersets.CountOfTheTeam)."""
    with CaptureQueriesContext(connection) as queries:
        queryset.count()
    (statement,) = queries.captured_queries
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {statement['sql']}")
        return "\n".join(row[0] for row in cursor.fetchall())
