"""What a list request costs: fixed queries, and index use on a large table."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from contacts.models import Contact
from crm.api.pagination import DEFAULT_LIMIT
from donotcall import services as do_not_call
from tests.api.contact_list.listing import listing
from tests.factories import CompanyFactory, ContactFactory
from tests.kit.planner import count_plan

# --- cost ---------------------------------------------------------------------------------------


def statements(captured: CaptureQueriesContext) -> list[str]:
    """The queries run, without the savepoints of the request's transaction."""
    return [
        query["sql"]
        for query in captured.captured_queries
        if not query["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
    ]


def test_list_query_count_does_not_grow_with_page_size(api, team):
    companies = CompanyFactory.create_batch(3, team=team)
    for index in range(60):
        ContactFactory(team=team, company=companies[index % 3], tags=["a", "b"])
    listing(api, team, limit=1)  # warm-up: records the token's last use

    with CaptureQueriesContext(connection) as small:
        small_page = listing(api, team, limit=5)
    with CaptureQueriesContext(connection) as large:
        large_page = listing(api, team, limit=50)

    assert len(small_page.json()["contacts"]) == 5
    assert len(large_page.json()["contacts"]) == 50
    small_sql, large_sql = statements(small), statements(large)
    assert len(small_sql) == len(large_sql), large_sql
    # The token, its rate-limit count (in PostgreSQL when there is no Redis), the count, the page.
    assert len(large_sql) <= 4, large_sql


def test_a_list_that_counts_no_match_reads_no_page(api, team, company):
    ContactFactory.create_batch(3, company=company, first_name="Sarah")
    listing(api, team, limit=1)  # warm-up: records the token's last use

    with CaptureQueriesContext(connection) as matched:
        found = listing(api, team, search="sa")
    with CaptureQueriesContext(connection) as unmatched:
        nothing = listing(api, team, search="zq")
    with CaptureQueriesContext(connection) as uncounted:
        nothing_uncounted = listing(api, team, search="zq", count="false")

    assert found.json()["count"] == 3
    assert len(found.json()["contacts"]) == 3
    assert len(page_queries(matched)) == 1
    # The count answered that the page is empty.
    assert nothing.json()["count"] == 0
    assert nothing.json()["contacts"] == []
    assert page_queries(unmatched) == [], statements(unmatched)
    # Without the count the page is read, and found empty.
    assert nothing_uncounted.json()["contacts"] == []
    assert len(page_queries(uncounted)) == 1


def page_queries(captured: CaptureQueriesContext) -> list[str]:
    """The statements that read a page of contacts (the count reads no name)."""
    return [sql for sql in statements(captured) if '"contacts_contact"."first_name"' in sql]


def test_search_uses_the_trigram_index_on_a_large_table(team, company, other_team, other_company):
    with connection.cursor() as cursor:
        # Autovacuum's ANALYZE cannot see this test's uncommitted rows and, running meanwhile,
        # would record the table as nearly empty over the ANALYZE below (pg_class is updated
        # in place): the planner then scanned, and the test failed now and then in a full
        # run. Holding this lock until the test's transaction ends keeps autovacuum away.
        cursor.execute("LOCK TABLE contacts_contact IN SHARE UPDATE EXCLUSIVE MODE")
    insert_contacts(team, company, 30_000)
    insert_contacts(other_team, other_company, 2_000)
    with connection.cursor() as cursor:
        # New index entries wait in the GIN index's pending list (with those of earlier tests'
        # rolled-back rows) until autovacuum merges them; the planner prices reading that list,
        # so its size, left by whichever tests ran before, decided the plan. Merge it, as
        # autovacuum would have, so that the plan is the steady state's.
        cursor.execute("SELECT gin_clean_pending_list('contact_search_trgm_idx'::regclass)")
        cursor.execute("ANALYZE contacts_contact")

    searches = Contact.objects.filter(team=team).search("quillfeather")
    # The shape the endpoint runs: a first page of a phone search.
    first_page = Contact.objects.filter(team=team).search("(301) 000-5000")[:DEFAULT_LIMIT]

    assert "contact_search_trgm_idx" in searches.explain(), searches.explain()
    assert "contact_search_trgm_idx" in first_page.explain(), first_page.explain()
    assert searches.count() == 6  # every 5,000th contact carries the word
    assert len(first_page) == 1


def insert_contacts(team, company, number: int) -> None:
    """`number` contacts in one statement: far faster than the ORM for a planner-sized table.
    Phone numbers spread over 700 area codes, as real ones do."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO contacts_contact (
                id, team_id, company_id, first_name, last_name, email, phone,
                lead_status, do_not_call, custom_fields, tags, created_at, updated_at
            )
            SELECT
                gen_random_uuid(), %(team)s, %(company)s,
                'First' || g,
                CASE WHEN g %% 5000 = 0 THEN 'Quillfeather' ELSE 'Last' || g END,
                'person' || g || '@example.com',
                '+1' || (201 + g %% 700) || lpad(g::text, 7, '0'),
                (ARRAY['new', 'contacted', 'qualified'])[1 + g %% 3],
                g %% 7 = 0,
                '{}'::jsonb, '{}'::varchar[],
                now() - g * interval '1 minute', now()
            FROM generate_series(1, %(number)s) AS g
            """,
            {"team": team.pk, "company": company.pk, "number": number},
        )


def test_the_callable_count_reads_only_the_contacts(team, company):
    with connection.cursor() as cursor:
        cursor.execute("LOCK TABLE contacts_contact IN SHARE UPDATE EXCLUSIVE MODE")
        cursor.execute("LOCK TABLE donotcall_donotcallentry IN SHARE UPDATE EXCLUSIVE MODE")
    insert_contacts(team, company, 20_000)
    # The numbers of every tenth contact (g = 1, 11, 21...) registered after the contacts:
    # the registry's writer flags the contacts carrying them.
    do_not_call.register_numbers(
        team=team,
        numbers=[f"+1{201 + g % 700}{g:07d}" for g in range(1, 20_001, 10)],
        source="api",
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE contacts_contact")

    callable_contacts = Contact.objects.filter(team=team).callable(team=team)

    plan = count_plan(callable_contacts)
    # One pass over the team's contacts, the registry being each row's own flag.
    assert "donotcall" not in plan, plan
    assert plan.count("on contacts_contact") == 1, plan
    expected = sum(1 for g in range(1, 20_001) if g % 7 and g % 10 != 1)
    assert callable_contacts.count() == expected
