"""What a page read by cursor costs on a large table: an index range from the cursor on, in
the ordering's own index, with no sort and no rows skipped, at any depth; in the name order
also in the states a new install and a new team meet (tests/kit/planner.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contacts.filtersets import ORDERINGS
from tests.api.contact_list.listing import listing
from tests.kit.planner import STATES, rows_read, team_in_state

# The index each ordering reads, forwards or backwards.
ORDERING_INDEXES = {
    "createdAt": "contact_team_newest_idx",
    "updatedAt": "contact_team_updated_idx",
    "lastName": "contact_team_name_idx",
    "lastCalledAt": "contact_team_last_called_idx",
}
PAGE = 50
DEPTH = 600  # pages of 200 walked before the page measured


@pytest.fixture
def large_team(team, company, other_team, other_company):
    """20,000 contacts of `team` (and 2,000 of another), analysed: a table the planner
    prices as it would a large one. Names and times repeat, three in five were never
    called."""
    with connection.cursor() as cursor:
        # Autovacuum's ANALYZE, seeing none of these uncommitted rows, would record the table
        # as nearly empty over the one below (see test_cost's search test).
        cursor.execute("LOCK TABLE contacts_contact IN SHARE UPDATE EXCLUSIVE MODE")
        for owner, owner_company, number in [
            (team, company, 20_000),
            (other_team, other_company, 2_000),
        ]:
            cursor.execute(
                """
                INSERT INTO contacts_contact (
                    id, team_id, company_id, first_name, last_name, email, lead_status,
                    do_not_call, custom_fields, tags, call_count, created_at, updated_at,
                    last_called_at
                )
                SELECT
                    gen_random_uuid(), %(team)s, %(company)s,
                    'First' || g %% 97, 'Last' || g %% 503, 'person' || g || '@example.com',
                    'new', false, '{}'::jsonb, '{}'::varchar[], 0,
                    now() - g * interval '1 minute', now() - g %% 1000 * interval '1 second',
                    CASE WHEN g %% 5 < 3 THEN NULL
                        ELSE now() - g %% 2000 * interval '1 minute' END
                FROM generate_series(1, %(number)s) AS g
                """,
                {"team": owner.pk, "company": owner_company.pk, "number": number},
            )
        cursor.execute("ANALYZE contacts_contact")
    return team


def page_queries(captured: CaptureQueriesContext) -> list[str]:
    """The statements that read a page of contacts (not the token, the limiter or a count)."""
    return [
        query["sql"]
        for query in captured.captured_queries
        if query["sql"].startswith("SELECT")
        and 'FROM "contacts_contact"' in query["sql"]
        and "LIMIT" in query["sql"]
    ]


def plan_of(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def cursor_at_depth(api, team, ordering: str) -> str:
    cursor = ""
    for _ in range(DEPTH // 200):
        body = listing(api, team, ordering=ordering, limit=200, cursor=cursor, count="false")
        cursor = body.json()["next_cursor"]
    return cursor


def assert_read_as_an_index_range(api, team, ordering: str) -> None:
    """A page DEPTH rows deep, by cursor, reads the ordering's index from the cursor on:
    no sort, no rows skipped."""
    cursor = cursor_at_depth(api, team, ordering)
    with rows_read() as read, CaptureQueriesContext(connection) as captured:
        response = listing(api, team, ordering=ordering, limit=PAGE, cursor=cursor, count="false")

    assert response.status_code == 200, response.json()
    assert len(response.json()["contacts"]) == PAGE
    index = ORDERING_INDEXES[ordering.lstrip("-")]
    queries = page_queries(captured)
    assert 1 <= len(queries) <= 3, queries  # a nullable key's ranges, each an index range
    for sql in queries:
        plan = plan_of(sql)
        assert index in plan, (ordering, plan)
        assert "Sort" not in plan, (ordering, plan)
        assert "Seq Scan on contacts_contact" not in plan, (ordering, plan)
    assert index in read.scanned, (ordering, read.scanned)
    # The page's rows (and the one after, to know there is a next page) from the index,
    # none of the DEPTH before them.
    assert read.count <= 2 * (PAGE + 1), (ordering, read.count)


def test_a_deep_page_by_cursor_reads_an_index_range_in_every_ordering(api, large_team):
    for ordering in ORDERINGS:
        assert_read_as_an_index_range(api, large_team, ordering)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("ordering", ["lastName", "-lastName"])
def test_a_deep_page_in_name_order_reads_the_name_index_in_any_state(
    api, team, company, state, ordering
):
    # Where every index leading with team_id is priced alike (never analysed), or the team
    # as an average one (unknown to the statistics), the name index still wins: the other
    # plans sort.
    team_in_state(state, team, 3000, company=company)
    assert_read_as_an_index_range(api, team, ordering)


def test_the_same_page_by_offset_reads_every_row_it_skips(api, large_team):
    with rows_read() as read:
        response = listing(api, large_team, limit=PAGE, offset=DEPTH, count="false")

    assert len(response.json()["contacts"]) == PAGE
    assert read.count >= DEPTH + PAGE
