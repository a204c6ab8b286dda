"""`import_contacts` reads a handful of rows per imported row whatever the statistics say, and
leaves statistics that know the team it filled.

A brand-new install has never been analysed, and a team new since the last ANALYZE was
estimated at a row or two (an average team since contacts migration 0023): matching that took
the wrong index there read the whole team for each row, and a first import went quadratic
(see tests/kit/planner.py for the states).
"""

import pytest
from django.db import connection

from contacts.imports import loading
from contacts.models import Contact
from tests.kit.imports import run_import, write_csv
from tests.kit.planner import (
    STATES,
    add_contacts,
    analysed_now,
    estimated_team_contacts,
    never_analysed,
    rows_read,
    team_in_state,
)

TEAM_SIZE = 3000
HEADER = ["First Name", "Last Name", "Email", "Phone"]


@pytest.fixture(params=STATES)
def big_team(request, team, company):
    """`team` with TEAM_SIZE contacts, in one of the states the planner meets them in."""
    return team_in_state(request.param, team, TEAM_SIZE, company=company)


def rows(count: int, *, first: int = 1) -> list[list[str]]:
    """Rows with the emails (and phones) add_contacts gives contacts `first`... onwards."""
    return [
        [f"Row{n}", "Imported", f"bulk{n}@example.com", f"+1202555{n % 10000:04d}"]
        for n in range(first, first + count)
    ]


@pytest.mark.parametrize("match", ["email", "phone", "both"])
def test_matching_reads_a_few_rows_per_row(tmp_path, big_team, match):
    # Half the rows update contacts of the team, half are new.
    path = write_csv(tmp_path, [HEADER, *rows(400, first=TEAM_SIZE - 199)])
    with rows_read() as read:
        result = run_import(
            path, big_team, "--match", match, "--on-duplicate", "update", "--batch-size", "100"
        )
    assert result.code == 0, result.stderr
    assert result.counts["updated"] == 200
    assert result.counts["created"] == 200
    assert read.count <= 400 * 10
    assert "contact_team_name_idx" not in read.scanned  # the name-ordered list's alone


def test_an_import_that_outgrows_the_statistics_analyses_the_table(tmp_path, team, monkeypatch):
    never_analysed()
    monkeypatch.setattr(loading, "STATISTICS_LAG_ROWS", 300)
    path = write_csv(tmp_path, [HEADER, *rows(1000)])
    result = run_import(path, team, "--batch-size", "200")
    assert result.code == 0, result.stderr
    assert Contact.objects.filter(team=team).count() == 1000
    # The planner now expects the team's contacts to be many, not one or two.
    assert estimated_team_contacts(team) >= 300


def test_an_import_into_a_new_install_loaded_in_sql_analyses_the_table_first(
    tmp_path, team, other_team, monkeypatch
):
    # As a new install leaves the table: migrations record 0 rows on 0 pages (not "never
    # analysed"), and a bulk load in SQL changes neither.
    never_analysed()
    add_contacts(other_team, TEAM_SIZE)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE pg_class SET reltuples = 0, relpages = 0 "
            "WHERE oid = 'contacts_contact'::regclass"
        )
    monkeypatch.setattr(loading, "STATISTICS_LAG_ROWS", 10**9)  # the first batch's check alone
    analysed_before = analyse_count()
    path = write_csv(tmp_path, [HEADER, *rows(50, first=TEAM_SIZE + 1)])
    assert run_import(path, team, "--batch-size", "200").code == 0
    assert analyse_count() == analysed_before + 1


def test_an_import_leaves_statistics_that_already_know_the_team_alone(tmp_path, team, monkeypatch):
    add_contacts(team, TEAM_SIZE)
    analysed_now()
    analysed_before = analyse_count()
    monkeypatch.setattr(loading, "STATISTICS_LAG_ROWS", 300)
    path = write_csv(tmp_path, [HEADER, *rows(1000, first=TEAM_SIZE + 1)])
    assert run_import(path, team, "--batch-size", "200").code == 0
    assert analyse_count() == analysed_before


def analyse_count() -> int:
    """How many times the contacts table has been analysed (ANALYZE reports it at once)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT analyze_count FROM pg_stat_user_tables "
            "WHERE relid = 'contacts_contact'::regclass"
        )
        return cursor.fetchone()[0]
