"""Throughput of `GET /api/crm/contacts` against a bare view over the same rows, in one run.

    createdb -h 127.0.0.1 -U postgres crm_readbench   # a new database: the first run seeds it
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/crm_readbench
    .venv/bin/python manage.py migrate
    .venv/bin/python bench/read_path.py [--contacts 100000] [--seconds 10] [--rounds 3]
        [--workers 4] [--clients 8] [--connections persistent,pool,none]

Seeds one team of `--contacts` contacts once (bench/list_speed.py's data), then, for each
connection setting, starts gunicorn as production runs it (deploy/gunicorn.conf.py, sync
workers) with bench/read_path_urls.py's bare view beside the API, and sends `--clients`
concurrent requests for `--seconds` at a time, alternating the API's list (the token, the
count, a page of 50) and the bare view (`.values()` + `JsonResponse`, the same count and page),
`--rounds` times each. Prints each side's requests a second and their ratio (the ratio is what
to read, as both sides share whatever else the machine is doing), and the CPU gunicorn's
workers spent a request on each side (the app's own Python, without PostgreSQL's).

Connection settings: `persistent` (each worker keeps its connection, DATABASE_CONN_MAX_AGE=60,
the default), `pool` (DATABASE_POOL_SIZE=2: a psycopg pool per worker) and `none`
(DATABASE_CONN_MAX_AGE=0: a new connection per request).
"""

import argparse
import http.client
import os
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECURE_HTTPS", "false")

from list_speed import (  # noqa: E402
    free_port,
    maintain,
    never_analysed,
    seeded_teams,
    start_gunicorn,
    workers_cpu_seconds,
)

from crm.services import issue_api_token  # noqa: E402

CONNECTIONS = {
    "persistent": {"DATABASE_CONN_MAX_AGE": "60", "DATABASE_POOL_SIZE": "0"},
    "pool": {"DATABASE_CONN_MAX_AGE": "0", "DATABASE_POOL_SIZE": "2"},
    "none": {"DATABASE_CONN_MAX_AGE": "0", "DATABASE_POOL_SIZE": "0"},
}


def requests_per_second(
    server, port: int, path: str, headers: dict, clients: int, seconds: float
) -> tuple[float, float]:
    """Requests answered per second by `clients` threads sending one request after another,
    and the CPU seconds gunicorn's workers spent on each (the app's own work, PostgreSQL's
    aside: other load on the machine delays it but does not add to it)."""
    done, stop = [0] * clients, time.monotonic() + seconds
    cpu_before = workers_cpu_seconds(server.pid)

    def client(index: int) -> None:
        while time.monotonic() < stop:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            conn.request("GET", path, headers={"Host": "localhost", **headers})
            response = conn.getresponse()
            body = response.read()
            conn.close()
            if response.status != 200:
                raise SystemExit(f"{response.status} for {path}: {body[:300]!r}")
            done[index] += 1

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed, cpu = time.monotonic() - started, workers_cpu_seconds(server.pid) - cpu_before
    return sum(done) / elapsed, cpu / max(1, sum(done))


def measure(name: str, env: dict, team, token: str, args) -> tuple[float, float]:
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.read_path_settings"
    port = free_port()
    server = start_gunicorn(port, args.workers)
    sides = {
        "list": (
            f"/api/crm/contacts?teamId={team.public_id}&limit=50",
            {"Authorization": f"Bearer {token}"},
        ),
        "bare": (f"/bench/bare-contacts?team={team.pk}", {}),
    }
    rates, cpu = {side: [] for side in sides}, {side: [] for side in sides}
    try:
        for path, headers in sides.values():  # warm every worker up
            requests_per_second(server, port, path, headers, args.clients, 2)
        for round_number in range(args.rounds):
            order = list(sides) if round_number % 2 == 0 else list(reversed(sides))
            for side in order:
                path, headers = sides[side]
                rate, seconds = requests_per_second(
                    server, port, path, headers, args.clients, args.seconds
                )
                rates[side].append(rate)
                cpu[side].append(seconds)
    finally:
        server.terminate()
        server.wait()
        os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    listed, bare = statistics.median(rates["list"]), statistics.median(rates["bare"])
    list_cpu, bare_cpu = statistics.median(cpu["list"]), statistics.median(cpu["bare"])
    load = os.getloadavg()[0]
    print(
        f"{name:>10}: list {listed:6.1f} req/s, bare view {bare:6.1f} req/s, "
        f"ratio {listed / bare:.2f}; workers' CPU a request: list {list_cpu * 1000:.1f} ms, "
        f"bare {bare_cpu * 1000:.1f} ms  (rounds: list "
        f"{', '.join(f'{r:.1f}' for r in rates['list'])}; bare "
        f"{', '.join(f'{r:.1f}' for r in rates['bare'])}; load average {load:.1f})",
        flush=True,
    )
    return listed, bare


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--connections", default="persistent,pool,none")
    args = parser.parse_args()

    [team], seeded = seeded_teams(1, args.contacts)
    if seeded or never_analysed():
        # What the figures are of: the table as autovacuum leaves it some time after a load.
        print("VACUUM ANALYZE after seeding, as autovacuum would", flush=True)
        maintain("VACUUM ANALYZE")
    _, token = issue_api_token(team=team, name="Read path bench")
    print(
        f"{args.contacts:,} contacts in one team, {args.workers} sync workers, "
        f"{args.clients} clients, {args.rounds} rounds of {args.seconds:g} s a side",
        flush=True,
    )
    for name in args.connections.split(","):
        measure(name, CONNECTIONS[name], team, token, args)


if __name__ == "__main__":
    main()
