"""`analyze_stale_tables` analyses what autovacuum's rule says is due, as the worker calls it, so
a brand-new install or a server without autovacuum is not planned as empty for long."""

import threading

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from crm.tasks import analyze_stale_tables
from tests.factories import TeamFactory
from tests.kit.planner import CONTACTS, add_contacts, estimated_team_contacts, never_analysed
from tests.kit.worker import wait_for

pytestmark = pytest.mark.django_db(transaction=True)

SCHEDULED = int(timezone.now().timestamp())
TEAM_SIZE = 2000


def publish_statistics() -> None:
    """Hand this session's counts of written rows to the statistics views now rather than
    within the second PostgreSQL allows itself."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_force_next_flush()")


@pytest.fixture
def new_install_with_a_team():
    """The contacts table of a new install (never analysed) after a team's first contacts."""
    with transaction.atomic():
        never_analysed()
    team = TeamFactory()
    add_contacts(team, TEAM_SIZE)
    publish_statistics()
    return team


def test_a_table_never_analysed_is_analysed_once_rows_arrive(new_install_with_a_team):
    team = new_install_with_a_team
    assert estimated_team_contacts(team) < TEAM_SIZE / 10

    assert CONTACTS in analyze_stale_tables(timestamp=SCHEDULED)

    assert estimated_team_contacts(team) == pytest.approx(TEAM_SIZE, rel=0.1)


def test_a_table_analysed_since_its_last_changes_is_left_alone(new_install_with_a_team):
    analyze_stale_tables(timestamp=SCHEDULED)
    add_contacts(TeamFactory(), 10)  # fewer than autovacuum's 50 rows plus a tenth of the table
    publish_statistics()

    assert CONTACTS not in analyze_stale_tables(timestamp=SCHEDULED)


def test_a_table_another_session_holds_is_left_to_the_next_run(new_install_with_a_team):
    holding, release = threading.Event(), threading.Event()

    def hold_the_table():
        with transaction.atomic(), connections["default"].cursor() as cursor:
            cursor.execute(f"LOCK TABLE {CONTACTS} IN SHARE UPDATE EXCLUSIVE MODE")
            holding.set()
            release.wait(30)
        connections["default"].close()

    holder = threading.Thread(target=hold_the_table)
    holder.start()
    try:
        assert holding.wait(30)
        assert CONTACTS not in analyze_stale_tables(timestamp=SCHEDULED)
    finally:
        release.set()
        holder.join(30)

    assert CONTACTS in analyze_stale_tables(timestamp=SCHEDULED)


def test_a_running_worker_analyses_a_new_install_on_its_schedule(
    start_worker, new_install_with_a_team
):
    team = new_install_with_a_team
    worker = start_worker(ANALYZE_STALE_TABLES_CRON="* * * * * *")

    wait_for(
        lambda: estimated_team_contacts(team) == pytest.approx(TEAM_SIZE, rel=0.1),
        worker,
        "statistics describing the new team",
    )
    assert worker.stop() == 0
