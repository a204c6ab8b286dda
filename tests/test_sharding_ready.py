"""Ready to be distributed by team (README "Sharding by team"): every table carries `team_id`,
every unique index and foreign key includes it, and every query of the API's main flows on a
team-owned table filters by it. Read from the migrated schema (pg_catalog), not the models, so
that raw SQL migrations and triggers' tables are held to it too.

What does not follow the rule is listed below, each with the reason; a listed table that no
longer exists fails the test, so the lists stay true.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.admin.forms import contact_form
from tests.factories import CallFactory, ContactFactory
from tests.kit.admin import form_errors
from tests.kit.api import CALLS, COMPANIES, CONTACTS, DO_NOT_CALL, detail_url
from tests.kit.payloads import full_contact_body

pytestmark = pytest.mark.django_db

# Tables without team_id, by name or by prefix ("auth_" is every table of django.contrib.auth).
TABLES_WITHOUT_TEAM = {
    "auth_": "Django's users, groups and permissions: a staff member may work for several teams "
    "(a reference table on Citus)",
    "axes_": "django-axes' login attempts, by username and address, before any team is known",
    "django_": "Django's own: migrations, sessions, content types, the admin's log",
    "procrastinate_": "the task queue's jobs, workers and events: a job is work, not team data",
    "pghistory_context": "pghistory's request and command contexts: a command's spans teams",
    "crm_team": "the teams themselves: the reference table, whose id is everyone's team_id",
    "crm_ratelimitcounter": "rate-limit counters, keyed by token or by client address (which "
    "has no team); Redis keeps them in production",
    "events_committedtransaction": "the change feed's commit numbering is one sequence for all "
    "teams (README: on Citus it becomes a counter per team)",
    "events_feedcounter": "the one row that sequence is taken from",
    "webhooks_dispatchposition": "the webhook dispatcher's one position in that sequence",
}

# Unique indexes without team_id on team-owned tables.
UNIQUE_WITHOUT_TEAM = {
    # The token's digest is how a request finds its team: it cannot know the team before.
    "crm_apitoken_digest_key": "a token is looked up by digest before its team is known "
    "(crm_apitoken is a reference table on Citus)",
}

# Foreign keys of team-owned tables to tables that have no team.
FOREIGN_KEY_TARGETS_WITHOUT_TEAM = {
    "auth_user": "staff users are global (a reference table on Citus)",
    "crm_team": "the team itself: the key is team_id",
}


def rows(sql: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def tables() -> dict[str, bool]:
    """Every table of the database's public schema, and whether it has a team_id column."""
    return dict(
        rows(
            """
            SELECT c.relname, EXISTS (
                SELECT FROM pg_attribute a
                WHERE a.attrelid = c.oid AND a.attname = 'team_id' AND NOT a.attisdropped)
            FROM pg_class c
            WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
            """
        )
    )


def exception_for(table: str, exceptions: dict) -> str | None:
    return next((reason for name, reason in exceptions.items() if table.startswith(name)), None)


def team_owned_tables() -> set[str]:
    return {table for table, has_team in tables().items() if has_team}


def test_every_table_carries_team_id_but_the_listed_ones():
    found = tables()
    missing = sorted(
        table
        for table, has_team in found.items()
        if not has_team and exception_for(table, TABLES_WITHOUT_TEAM) is None
    )
    assert missing == []
    for name in TABLES_WITHOUT_TEAM:
        assert any(table.startswith(name) for table in found), f"{name} is listed but gone"
    assert {"contacts_contact", "crm_company", "contacts_call"} <= team_owned_tables()


def test_every_unique_index_of_a_team_owned_table_includes_team_id():
    """Primary keys aside: Django's `id` alone, unique by itself (a TypeID). On Citus each
    becomes (id, team_id) (README "Sharding by team"), which no foreign key prevents: none
    refers to `id` alone (next test)."""
    indexes = rows(
        """
        SELECT t.relname, i.relname, pg_get_indexdef(x.indexrelid)
        FROM pg_index x
        JOIN pg_class t ON t.oid = x.indrelid
        JOIN pg_class i ON i.oid = x.indexrelid
        WHERE x.indisunique AND NOT x.indisprimary
          AND t.relnamespace = 'public'::regnamespace
          AND t.relname = ANY(%s)
          AND NOT EXISTS (
              SELECT FROM pg_attribute a
              WHERE a.attrelid = t.oid AND a.attname = 'team_id' AND a.attnum = ANY(x.indkey))
        """,
        [sorted(team_owned_tables())],
    )
    unlisted = [
        (table, index, sql) for table, index, sql in indexes if index not in UNIQUE_WITHOUT_TEAM
    ]
    assert unlisted == []
    assert {index for _, index, _ in indexes} == set(UNIQUE_WITHOUT_TEAM)


def test_every_foreign_key_between_team_owned_tables_includes_team_id_on_both_sides():
    keys = rows(
        """
        SELECT c.conname, t.relname, r.relname,
               ARRAY(SELECT attname FROM pg_attribute
                     WHERE attrelid = c.conrelid AND attnum = ANY(c.conkey)),
               ARRAY(SELECT attname FROM pg_attribute
                     WHERE attrelid = c.confrelid AND attnum = ANY(c.confkey))
        FROM pg_constraint c
        JOIN pg_class t ON t.oid = c.conrelid
        JOIN pg_class r ON r.oid = c.confrelid
        WHERE c.contype = 'f' AND t.relnamespace = 'public'::regnamespace
        """
    )
    owned = team_owned_tables()
    wrong = []
    for name, table, target, columns, target_columns in keys:
        if target in FOREIGN_KEY_TARGETS_WITHOUT_TEAM:
            continue
        touches_team_data = table in owned or target in owned
        if touches_team_data and ("team_id" not in columns or "team_id" not in target_columns):
            wrong.append((name, table, columns, target, target_columns))
    assert wrong == []


# A table named after FROM, JOIN, UPDATE, INTO or DELETE FROM, quoted as Django quotes it.
TABLE_IN_SQL = re.compile(r'(?:FROM|JOIN|UPDATE|INTO)\s+"?(\w+)"?', re.IGNORECASE)
# team_id compared with a value or a list, or a column of the insert.
TEAM_FILTER = re.compile(r'"?team_id"?\s*(?:=|IN\b)|INSERT INTO\s+"?\w+"?\s*\([^)]*\bteam_id\b')

# Team-owned tables whose queries need not name the team: reference tables on Citus.
REFERENCE_TABLES = {
    "crm_apitoken": "a request finds its team through its token (by digest), and the token's "
    "last use is written by its ID: tokens are few and read by every request",
}


def unscoped_queries(captured) -> list[str]:
    owned = team_owned_tables() - set(REFERENCE_TABLES)
    found = []
    for query in captured:
        sql = query["sql"]
        if not set(TABLE_IN_SQL.findall(sql)) & owned:
            continue
        if TEAM_FILTER.search(sql):
            continue
        found.append(sql)
    return found


def test_the_api_main_flows_filter_every_team_owned_table_by_team(api, team, company):
    contact = ContactFactory(company=company, phone="+14155550100")
    call = CallFactory(contact=contact)
    team_query = f"teamId={team.public_id}"
    with CaptureQueriesContext(connection) as captured:
        created = api.post(CONTACTS, full_contact_body(team, company), format="json")
        assert created.status_code == 201, created.json()
        created_url = detail_url(CONTACTS, created.json()["contact"]["id"])
        answers = [
            api.get(f"{CONTACTS}?{team_query}&search=sarah&tags=enterprise"),
            api.get(f"{CONTACTS}?{team_query}&callableNow=true&ordering=lastCalledAt"),
            api.get(created_url),
            api.patch(created_url, {"jobTitle": "CTO", "customFields": {"a": 1}}, format="json"),
            api.post(
                f"{detail_url(CONTACTS, contact)}/calls",
                {
                    "campaignId": "spring",
                    "startedAt": "2024-01-15T10:00:00Z",
                    "durationSeconds": 40,
                    "outcome": "opted_out",
                },
                format="json",
            ),
            api.get(f"{detail_url(CONTACTS, contact)}/calls"),
            api.get(f"{CALLS}?{team_query}&campaignId=spring"),
            api.get(detail_url(CALLS, call)),
            api.get(f"{created_url}/history"),
            api.post(
                DO_NOT_CALL, {"teamId": team.public_id, "numbers": ["+442079460958"]}, format="json"
            ),
            api.get(f"{DO_NOT_CALL}?{team_query}"),
            api.delete(f"{DO_NOT_CALL}/+442079460958?{team_query}"),
            api.get(f"{COMPANIES}?{team_query}&search=acme"),
            api.patch(detail_url(COMPANIES, company), {"domain": "acme.example"}, format="json"),
            api.delete(created_url),
            api.post(f"{created_url}/restore"),
            api.get(f"/api/crm/events?{team_query}"),
        ]
    failed = [answer.content[:300] for answer in answers if answer.status_code >= 300]
    assert failed == []
    assert unscoped_queries(captured.captured_queries) == []


def test_the_admin_moves_a_contact_to_another_team(admin_client, company, other_company):
    """A save names the team the row has in the database, not the one it is moved to."""
    contact = ContactFactory(company=company)

    response = admin_client.post(
        reverse("admin:contacts_contact_change", args=[contact.pk]),
        contact_form(other_company.team, other_company, first_name=contact.first_name),
    )

    assert response.status_code == 302, form_errors(response)
    contact.refresh_from_db()
    assert (contact.team, contact.company) == (other_company.team, other_company)
