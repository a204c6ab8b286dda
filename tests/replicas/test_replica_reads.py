"""Read replicas, for real: gunicorn on a primary and a streaming replica made from it with
`pg_basebackup -R`, both started here (tests/kit/clusters.py).

Which server answered is told by what it answers: with the replica's replay paused, a change
made on the primary (in SQL, not through the API, so no team is pinned to the primary) is
missing from the replica's answers and present in the primary's.

Needs PostgreSQL's server binaries (Debian's /usr/lib/postgresql/<version>/bin) and the Redis
server at 127.0.0.1:6379 that keeps the teams' primary pins. Without them these tests are
skipped, unless CRM_REQUIRE_REPLICAS (or CRM_REQUIRE_REDIS) is set, as CI sets them.
"""

import contextlib
import json
import os
import subprocess
import sys
import time

import pytest
import redis

from deploy import serve
from tests.kit.api import CONTACTS
from tests.kit.clusters import ClusterPair, postgres_bin
from tests.serving.live import ROOT, free_port, request, server_env

POSTGRES_BIN = postgres_bin()
REDIS_URL = "redis://127.0.0.1:6379/0"
DATABASE = "crm"
# The server's bounds: a replica more than this behind is skipped, and is checked per request.
MAX_LAG_SECONDS = 4


def redis_available() -> bool:
    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        return False


if POSTGRES_BIN is None and not os.environ.get("CRM_REQUIRE_REPLICAS"):
    pytest.skip(
        "PostgreSQL's server binaries (initdb, pg_basebackup) are not installed",
        allow_module_level=True,
    )
if not redis_available() and not os.environ.get("CRM_REQUIRE_REDIS"):
    pytest.skip("no Redis server at 127.0.0.1:6379", allow_module_level=True)

SEED = """
import json
from tests.factories import CompanyFactory, ContactFactory, TeamFactory, issue_token

teams = {}
for name in ("stale", "lagging", "down"):
    team = TeamFactory(name=name)
    company = CompanyFactory(team=team)
    contact = ContactFactory(company=company, first_name="Seeded")
    secret = issue_token(team)
    teams[name] = {"team": team.public_id, "contact": contact.public_id, "secret": secret}
print(json.dumps(teams))
"""


def manage(cluster_url: str, *args: str) -> str:
    env = server_env(DATABASE_URL=cluster_url)
    env.pop("DJANGO_SETTINGS_MODULE")  # the project's own settings: DATABASE_URL decides
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    """The primary (migrated, three teams seeded), its replica, and gunicorn on both."""
    pair = ClusterPair(POSTGRES_BIN)
    gunicorn = None
    try:
        pair.start_primary(DATABASE)
        primary_url = pair.primary.url(DATABASE)
        manage(primary_url, "migrate", "--verbosity", "0")
        teams = json.loads(manage(primary_url, "shell", "--verbosity", "0", "--command", SEED))
        pair.start_replica()

        log = tmp_path_factory.mktemp("replicas") / "gunicorn.log"
        port = free_port()
        env = server_env(
            DATABASE_URL=primary_url,
            DATABASE_REPLICA_URLS=pair.replica.url(DATABASE),
            REDIS_URL=REDIS_URL,
            REPLICA_MAX_LAG_SECONDS=str(MAX_LAG_SECONDS),
            REPLICA_CHECK_SECONDS="0",
            REPLICA_RETRY_SECONDS="2",
        )
        env.pop("DJANGO_SETTINGS_MODULE")
        with open(log, "w") as output:
            gunicorn = subprocess.Popen(
                [*serve.gunicorn_command(), "--bind", f"127.0.0.1:{port}", "--workers", "2"],
                cwd=ROOT,
                env=env,
                stdout=output,
                stderr=output,
            )
        serve.wait_until(lambda: serve.accepts("127.0.0.1", port), gunicorn, "gunicorn")
        # Workers load the project on their first request: let a loaded machine take its time.
        for _ in range(2):
            request(port, "GET", "/healthz", timeout=60)
        yield {"pair": pair, "teams": teams, "port": port, "log": log}
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            gunicorn.wait(30)
        pair.stop()


def api(servers, team: dict, method: str, path: str, body: dict | None = None):
    headers = {"Authorization": f"Bearer {team['secret']}"}
    if body is not None:
        headers["Content-Type"] = "application/json"
        body = json.dumps(body)
    status, _, answer = request(
        servers["port"], method, path, headers=headers, body=body, timeout=30
    )
    return status, json.loads(answer)


def first_name_read(servers, team: dict) -> str:
    """The team's one contact's first name as the API reads it, alone and in the list."""
    status, one = api(servers, team, "GET", f"{CONTACTS}/{team['contact']}")
    assert status == 200, one
    status, listed = api(servers, team, "GET", f"{CONTACTS}?teamId={team['team']}")
    assert status == 200, listed
    assert [contact["first_name"] for contact in listed["contacts"]] == [
        one["contact"]["first_name"]
    ]
    return one["contact"]["first_name"]


def rename_on_primary(servers, team: dict, first_name: str) -> None:
    """Change the team's contact in SQL on the primary: no API write, so no pin."""
    with servers["pair"].primary.connect(DATABASE) as conn:
        conn.execute(
            "UPDATE contacts_contact SET first_name = %s"
            " WHERE team_id = (SELECT id FROM crm_team WHERE name = %s)",
            [first_name, team["name"]],
        )


def replica_shows(servers, team: dict, first_name: str, seconds: float = 30) -> None:
    """Wait until the replica has replayed the contact's `first_name`."""
    deadline = time.monotonic() + seconds
    with servers["pair"].replica.connect(DATABASE) as conn:
        while True:
            found = conn.execute(
                "SELECT first_name FROM contacts_contact"
                " WHERE team_id = (SELECT id FROM crm_team WHERE name = %s)",
                [team["name"]],
            ).fetchone()
            if found and found[0] == first_name:
                return
            assert time.monotonic() < deadline, f"the replica never showed {first_name!r}"
            time.sleep(0.05)


@contextlib.contextmanager
def paused_replay(servers, team: dict):
    """The replica receives the primary's WAL but applies none of it, until the block ends.

    Entered right after the replica replayed a fresh change, so that its lag starts near zero.
    """
    rename_on_primary(servers, team, "Before")
    replica_shows(servers, team, "Before")
    with servers["pair"].replica.connect() as conn:
        conn.execute("SELECT pg_wal_replay_pause()")
        while conn.execute("SELECT pg_get_wal_replay_pause_state()").fetchone()[0] != "paused":
            time.sleep(0.01)
    try:
        yield
    finally:
        with servers["pair"].replica.connect() as conn:
            conn.execute("SELECT pg_wal_replay_resume()")


def team_named(servers, name: str) -> dict:
    return {**servers["teams"][name], "name": name}


def test_reads_come_from_the_replica_and_a_teams_writes_are_read_back_from_the_primary(servers):
    team = team_named(servers, "stale")
    with paused_replay(servers, team):
        rename_on_primary(servers, team, "After")

        assert first_name_read(servers, team) == "Before"  # the replica's stale answer

        status, written = api(
            servers, team, "PATCH", f"{CONTACTS}/{team['contact']}", {"jobTitle": "Buyer"}
        )
        assert status == 200, written
        # Read back at once: from the primary, with its own write and the SQL change.
        status, read = api(servers, team, "GET", f"{CONTACTS}/{team['contact']}")
        assert status == 200, read
        assert (read["contact"]["first_name"], read["contact"]["job_title"]) == ("After", "Buyer")
        assert first_name_read(servers, team) == "After"


def test_reads_leave_a_replica_lagging_past_the_bound_for_the_primary(servers):
    team = team_named(servers, "lagging")
    with paused_replay(servers, team):
        rename_on_primary(servers, team, "After")
        assert first_name_read(servers, team) == "Before"

        time.sleep(MAX_LAG_SECONDS + 1)  # the replica's last replayed change grows old

        assert first_name_read(servers, team) == "After"
    replica_shows(servers, team, "After")


def test_reads_fall_back_to_the_primary_while_the_replica_is_down(servers):
    team = team_named(servers, "down")
    replica = servers["pair"].replica
    rename_on_primary(servers, team, "Before")
    replica_shows(servers, team, "Before")
    replica.stop()
    try:
        rename_on_primary(servers, team, "While down")
        for _ in range(4):  # each of the two workers notices, then remembers
            assert first_name_read(servers, team) == "While down"
    finally:
        replica.start()
    assert "is not reachable; reads go to the primary" in servers["log"].read_text()

    # Back up and caught up, the replica serves reads again once the retry delay has passed.
    replica_shows(servers, team, "While down")
    time.sleep(2)
    with paused_replay(servers, team):
        rename_on_primary(servers, team, "After")
        assert first_name_read(servers, team) == "Before"
