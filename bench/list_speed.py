"""How fast `GET /api/crm/contacts` answers over HTTP, at a million contacts, filter by filter.

    createdb -h 127.0.0.1 -U postgres crm_listbench   # a new database: the first run seeds it
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/crm_listbench
    .venv/bin/python manage.py migrate
    .venv/bin/python bench/list_speed.py [--teams 10] [--contacts 100000] [--requests 100]
        [--baseline ../main]   # also serve another checkout, alternating requests with it

Seeds once (INSERT ... SELECT generate_series, a team per statement): `--teams` teams of
`--contacts` contacts each, spread over 50 time zones (one in ten with only its phone's zone, one
in a hundred with two), one in five with a secondary phone, two in five already called, one in
fifty flagged do-not-call, one in a hundred archived; and `--contacts` numbers on each team's
do-not-call registry, one in twenty a contact's phone and one in a hundred a secondary phone, the
rest numbers no contact has. Half the teams cap attempts at 6 with a 4-hour gap between calls.

Then starts gunicorn as production runs it (deploy/gunicorn.conf.py, `--workers` sync workers,
without nginx in front) on a loopback port, sends `--requests` requests per case one after the
other (each to the next team, with that team's token; `limit=50`, the count included) and prints
the median and the 99th percentile per case. With `--baseline DIR` it serves DIR's code too
(its own virtualenv, if it has one) and sends each request to both, alternating which goes
first: a before/after that shares the machine's load, on a machine where other work comes
and goes. Right after seeding it measures three times: before
any ANALYZE (what a new install or a bulk load leaves), after ANALYZE, and after VACUUM ANALYZE
(as autovacuum leaves the table some time later). A later run measures the database as it
finds it.
"""

import argparse
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECURE_HTTPS", "false")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from companies.models import Company  # noqa: E402
from crm.models import Team  # noqa: E402
from crm.services import create_team, issue_api_token  # noqa: E402
from crm.statistics import size_unknown  # noqa: E402
from deploy.serve import gunicorn_command  # noqa: E402

TEAM_NAME = "List bench {}"
COMPANIES_PER_TEAM = 20

# Fifty zones, from UTC-10 to UTC+13, half-hour and DST ones included.
ZONES = [
    "Pacific/Honolulu", "America/Anchorage", "America/Los_Angeles", "America/Vancouver",
    "America/Denver", "America/Phoenix", "America/Chicago", "America/Mexico_City",
    "America/New_York", "America/Toronto", "America/Bogota", "America/Lima",
    "America/Halifax", "America/Santiago", "America/St_Johns", "America/Sao_Paulo",
    "America/Argentina/Buenos_Aires", "Atlantic/Azores", "UTC", "Europe/London",
    "Europe/Dublin", "Europe/Lisbon", "Europe/Paris", "Europe/Berlin", "Europe/Madrid",
    "Europe/Rome", "Africa/Lagos", "Europe/Athens", "Europe/Helsinki", "Africa/Cairo",
    "Africa/Johannesburg", "Europe/Istanbul", "Europe/Moscow", "Asia/Dubai", "Asia/Tehran",
    "Asia/Karachi", "Asia/Kolkata", "Asia/Kathmandu", "Asia/Dhaka", "Asia/Bangkok",
    "Asia/Jakarta", "Asia/Singapore", "Asia/Shanghai", "Asia/Manila", "Asia/Tokyo",
    "Asia/Seoul", "Australia/Adelaide", "Australia/Sydney", "Pacific/Auckland",
    "Pacific/Tongatapu",
]  # fmt: skip

REGISTRY_SQL = """
INSERT INTO donotcall_donotcallentry (id, team_id, number, source, created_at)
SELECT gen_random_uuid(), %(team)s,
    CASE WHEN g %% 20 = 0 THEN '+1415' || (2000000 + g)
         WHEN g %% 100 = 5 THEN '+1628' || (2000000 + g)
         ELSE '+1212' || (2000000 + g) END,
    'import', now() - g * interval '1 minute'
FROM generate_series(1, %(contacts)s) AS g
"""

# The registry goes in first: every contact written after it is checked against it.
CONTACTS_SQL = """
INSERT INTO contacts_contact (
    id, team_id, company_id, first_name, last_name, email, phone, phone_secondary,
    lead_status, source, timezone, time_zones, do_not_call, custom_fields, tags,
    call_count, last_called_at, archived_at, created_at, updated_at
)
SELECT gen_random_uuid(), %(team)s, (%(companies)s::uuid[])[1 + g %% %(company_count)s],
    'First' || g, 'Last' || g,
    'person' || g || '@example.com',
    CASE WHEN g %% 9 = 0 THEN NULL ELSE '+1415' || (2000000 + g) END,
    CASE WHEN g %% 5 = 0 THEN '+1628' || (2000000 + g) END,
    (ARRAY['new', 'contacted', 'qualified', 'unqualified', 'converted'])[1 + (g / 7) %% 5],
    'import',
    CASE WHEN g %% 10 = 1 OR g %% 100 = 3 THEN NULL ELSE zone END,
    CASE WHEN g %% 100 = 3 THEN ARRAY['America/Chicago', 'America/New_York']
         WHEN g %% 10 = 1 THEN ARRAY['America/Los_Angeles'] ELSE ARRAY[zone] END,
    g %% 50 = 0,
    jsonb_build_object(
        'company_size', (ARRAY['1-10', '11-50', '51-200', '201-1000', '1000+'])[1 + g %% 5],
        'score', g %% 10
    ),
    array_remove(ARRAY[
        CASE WHEN g %% 10 = 0 THEN 'vip' END,
        CASE WHEN g %% 3 = 0 THEN 'Newsletter' END,
        CASE WHEN g %% 7 = 0 THEN 'enterprise' END,
        CASE WHEN g %% 1000 = 0 THEN 'partner' END
    ], NULL),
    CASE WHEN g %% 5 IN (1, 2) THEN 1 + g %% 7 ELSE 0 END,
    CASE WHEN g %% 5 IN (1, 2) THEN now() - (g %% 20000) * interval '1 minute' END,
    CASE WHEN g %% 100 = 99 THEN now() END,
    now() - g * interval '30 seconds', now() - g * interval '30 seconds'
FROM generate_series(1, %(contacts)s) AS g,
    LATERAL (SELECT (%(zones)s::varchar[])[1 + (g / 3) %% 50] AS zone) AS z
"""


def cases(now: datetime) -> list[tuple[str, dict]]:
    day_ago = (now - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    week_ago = (now - timedelta(days=7)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return [
        ("no filter", {}),
        ("callableNow=true", {"callableNow": "true"}),
        ("callableNow=true&leadStatus=new", {"callableNow": "true", "leadStatus": "new"}),
        (
            "callableNow=true&ordering=lastCalledAt",
            {"callableNow": "true", "ordering": "lastCalledAt"},
        ),
        ("callableNow=false", {"callableNow": "false"}),
        ("callableAt=<Tue 15:00 UTC>", {"callableAt": "2026-12-01T15:00:00Z"}),
        ("callable=true", {"callable": "true"}),
        ("callable=false", {"callable": "false"}),
        ("callable=true&leadStatus=new", {"callable": "true", "leadStatus": "new"}),
        ("lastCalledBefore=<a week ago>", {"lastCalledBefore": week_ago}),
        ("lastCalledAfter=<a day ago>", {"lastCalledAfter": day_ago}),
        ("neverCalled=true", {"neverCalled": "true"}),
        ("ordering=lastCalledAt", {"ordering": "lastCalledAt"}),
        ("ordering=-lastCalledAt", {"ordering": "-lastCalledAt"}),
    ]


def seeded_teams(teams: int, contacts: int) -> tuple[list[Team], bool]:
    """The bench's teams, seeding those missing; and whether any was seeded now."""
    found, seeded = [], False
    for number in range(1, teams + 1):
        team = Team.objects.filter(name=TEAM_NAME.format(number)).first()
        if team is None:
            team = seed_team(number, contacts)
            seeded = True
        found.append(team)
    return found, seeded


def seed_team(number: int, contacts: int) -> Team:
    started = time.perf_counter()
    capped = number % 2 == 0
    team = create_team(name=TEAM_NAME.format(number))
    if capped:
        team.max_call_attempts = 6
        team.min_call_gap_minutes = 240
        team.save(update_fields=["max_call_attempts", "min_call_gap_minutes"])
    companies = [
        Company.objects.create(team=team, name=f"Bench Co {index}").pk
        for index in range(1, COMPANIES_PER_TEAM + 1)
    ]
    params = {
        "team": team.pk,
        "companies": companies,
        "company_count": len(companies),
        "contacts": contacts,
        "zones": ZONES,
    }
    with connection.cursor() as cursor:
        cursor.execute(REGISTRY_SQL, params)
        cursor.execute(CONTACTS_SQL, params)
    print(f"seeded team {number}: {time.perf_counter() - started:.1f} s", flush=True)
    return team


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(port: int, workers: int, checkout: Path = ROOT) -> subprocess.Popen:
    """gunicorn serving `checkout`'s code, with its own virtualenv when it has one."""
    env = {
        **os.environ,
        "GUNICORN_ACCESS_LOG": "",
        # The bench is one client sending thousands of requests a minute.
        "API_RATE_LIMIT_PER_MINUTE": "100000000",
        "API_RATE_LIMIT_PER_ADDRESS_PER_MINUTE": "100000000",
    }
    command = gunicorn_command()
    if checkout != ROOT:
        python = checkout / ".venv" / "bin" / "python"
        command = [
            str(python) if python.exists() else sys.executable,
            "-m",
            "gunicorn",
            "--config",
            str(checkout / "deploy" / "gunicorn.conf.py"),
        ]
    server = subprocess.Popen(
        [*command, "--bind", f"127.0.0.1:{port}", "--workers", str(workers)],
        cwd=checkout,
        env=env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def get(port: int, token: str, query: dict) -> tuple[float, dict]:
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request(
        "GET",
        f"/api/crm/contacts?{urlencode(query)}",
        headers={"Authorization": f"Bearer {token}", "Host": "localhost"},
    )
    response = conn.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - started
    conn.close()
    if response.status != 200:
        raise SystemExit(f"{response.status} for {query}: {body[:300]!r}")
    return elapsed, json.loads(body)


def p99(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


def workers_cpu_seconds(master: int) -> float:
    """The CPU time (user and system) the gunicorn master's workers have used so far."""
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        if int(fields[1]) == master:  # ppid; then utime and stime are fields 12 and 13
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def measure(state: str, servers: dict[str, tuple[int, int]], teams, requests: int) -> None:
    """Each case's median and p99 on every server in `servers` (name -> port, gunicorn's pid),
    and the CPU its workers spent per request (the app's own work, which other load slows but
    does not add to; PostgreSQL's is not in it). With two servers each request goes to both,
    the first one first on even requests, the second on odd, so that both see the same load."""
    with open("/proc/loadavg") as loadavg:
        load = " ".join(loadavg.read().split()[:3])
    print(f"\n## {state} (load average {load})")
    names = list(servers)
    heads = " | ".join(f"{server}: median | p99 | CPU" for server in names)
    print(f"| case | count (first team) | {heads} |")
    print("| --- | --- |" + " --- | --- | --- |" * len(names))
    for name, query in cases(datetime.now(UTC)):
        for team, token in teams:  # warm up each worker's connection and plan
            for port, _ in servers.values():
                get(port, token, {"teamId": team.public_id, "limit": 50, **query})
        times = {server: [] for server in names}
        cpu = {server: 0.0 for server in names}
        first_count = None
        for request in range(requests):
            team, token = teams[request % len(teams)]
            for server in names if request % 2 == 0 else names[::-1]:
                port, master = servers[server]
                before = workers_cpu_seconds(master)
                elapsed, body = get(port, token, {"teamId": team.public_id, "limit": 50, **query})
                cpu[server] += workers_cpu_seconds(master) - before
                times[server].append(elapsed)
                if first_count is None and server == names[-1]:
                    first_count = body["count"]
        columns = " | ".join(
            f"{statistics.median(times[server]) * 1000:.0f} ms "
            f"| {p99(times[server]) * 1000:.0f} ms | {cpu[server] / requests * 1000:.0f} ms"
            for server in names
        )
        print(f"| `{name}` | {first_count:,} | {columns} |", flush=True)


def maintain(command: str) -> None:
    """ANALYZE (statistics), or VACUUM ANALYZE (also the visibility map, which lets a count
    read only an index), as autovacuum does some time after a bulk load."""
    with connection.cursor() as cursor:
        for table in ("contacts_contact", "donotcall_donotcallentry"):
            cursor.execute(f"{command} {table}")
    connection.close()


def never_analysed() -> bool:
    """Whether the planner knows nothing of the contacts table's size: migrations leave it at
    0 pages (and 0 rows, not -1), so only the pages tell (crm.statistics.SIZE_UNKNOWN)."""
    return size_unknown("contacts_contact")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teams", type=int, default=10)
    parser.add_argument("--contacts", type=int, default=100_000, help="per team")
    parser.add_argument("--requests", type=int, default=100, help="per case")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument(
        "--baseline",
        type=Path,
        help="another checkout (e.g. main's) to serve too: each case alternates requests "
        "between the two, for a before/after under the same load",
    )
    options = parser.parse_args()
    teams, seeded = seeded_teams(options.teams, options.contacts)
    with_tokens = [(team, issue_api_token(team=team, name="list bench")[1]) for team in teams]
    connection.close()
    servers: dict[str, tuple[int, subprocess.Popen]] = {}
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # stop gunicorn on the way out
    try:
        checkouts = {"this checkout": ROOT}
        if options.baseline is not None:
            checkouts = {"baseline": options.baseline.resolve(), **checkouts}
        for server, checkout in checkouts.items():
            port = free_port()
            servers[server] = (port, start_gunicorn(port, options.workers, checkout))
        pids = {server: (port, process.pid) for server, (port, process) in servers.items()}
        if seeded or never_analysed():
            measure("never analysed", pids, with_tokens, options.requests)
            maintain("ANALYZE")
            measure("after ANALYZE", pids, with_tokens, options.requests)
            maintain("VACUUM ANALYZE")
            measure("after VACUUM ANALYZE", pids, with_tokens, options.requests)
        else:
            measure("as found", pids, with_tokens, options.requests)
    finally:
        for _, process in servers.values():
            process.terminate()
        for _, process in servers.values():
            process.wait(30)


if __name__ == "__main__":
    main()
