"""Every filter of `GET /api/crm/contacts` at a million contacts, over HTTP, in one run.

    createdb -h 127.0.0.1 -U postgres crm_apibench     # a new database: the first run seeds it
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/crm_apibench
    export REDIS_URL=redis://127.0.0.1:6379/0          # the rate limiter's counters
    .venv/bin/python manage.py migrate
    .venv/bin/python bench/api_speed.py [--teams 10] [--contacts 100000] [--requests 100]
        [--workers 5] [--seconds 20] [--cursor-pages 2000] [--case 'doNotCall=false' ...]

Seeds as bench/list_speed.py does (the same teams, so either bench reuses the other's database):
`--teams` teams of `--contacts` contacts, with tags (`vip` one in ten, `Newsletter` one in three,
`enterprise` one in seven, `partner` one in a thousand), custom fields (`company_size` one of five
values, `score` 0 to 9) and 20 companies each. A database never analysed is given the
`VACUUM ANALYZE` autovacuum would give it (the EXPLAIN tests, not this bench, cover plans on
stale statistics). Then, against gunicorn as production runs it (deploy/gunicorn.conf.py,
`--workers` sync workers, no nginx), with the bench's settings (bench/read_path_settings.py:
the project's plus a bare list view):

1. each filter and common pair (CASES): `--requests` requests one after another, each to the
   next team with its token, `limit=50` with the count: median, 99th percentile and the gunicorn
   workers' CPU per request (the app's Python, which other load on the machine delays but does
   not add to);
2. cursor pages at several depths, when the list answers `next_cursor`: one team's list walked
   page by page with it (`--cursor-pages` pages of 50), the median and p99 per band of depth;
   skipped with a message when the list has no cursor;
3. throughput: the plain list (`limit=50`, count included) and a bare `.values()` +
   JsonResponse view over the same rows (bench/read_path_urls.py), `--clients` clients each for
   `--seconds` seconds, twice in alternating order, and their ratio.
"""

import argparse
import http.client
import json
import os
import signal
import statistics
import sys
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))  # list_speed, beside this file
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.read_path_settings")

from django.db import connection
from list_speed import (
    free_port,
    maintain,
    never_analysed,
    p99,
    seeded_teams,
    start_gunicorn,
    workers_cpu_seconds,
)

from companies.models import Company
from crm.services import issue_api_token

CONTACTS_PATH = "/api/crm/contacts"
BARE_PATH = "/bench/bare-contacts"


@dataclass(frozen=True)
class BenchTeam:
    id: str  # the UUID, for the bare view
    public_id: str
    token: str
    company: str  # the public ID of one of its companies


def cases(now: datetime) -> list[tuple[str, dict]]:
    """(name, query) per case; `{company}` in a value is the requesting team's company."""
    day_ago = (now - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    week_ago = (now - timedelta(days=7)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return [
        ("no filter", {}),
        ("offset=99000", {"offset": "99000"}),
        ("leadStatus=new", {"leadStatus": "new"}),
        ("leadStatus=new,contacted", {"leadStatus": "new,contacted"}),
        ("tags=vip", {"tags": "vip"}),
        ("tags=vip,enterprise", {"tags": "vip,enterprise"}),
        ("tags=partner", {"tags": "partner"}),
        ("doNotCall=true", {"doNotCall": "true"}),
        ("doNotCall=false", {"doNotCall": "false"}),
        ("hasPhone=true", {"hasPhone": "true"}),
        ("hasPhone=false", {"hasPhone": "false"}),
        ("callable=true", {"callable": "true"}),
        ("callable=false", {"callable": "false"}),
        ("callableNow=true", {"callableNow": "true"}),
        ("callableNow=false", {"callableNow": "false"}),
        ("callableAt=<Tue 15:00 UTC>", {"callableAt": "2026-12-01T15:00:00Z"}),
        ("search=jo", {"search": "jo"}),
        ("search=j", {"search": "j"}),
        ("search=st", {"search": "st"}),
        ("search=chen", {"search": "chen"}),
        ("search=last123", {"search": "last123"}),
        ("search=(415) 200-1234", {"search": "(415) 200-1234"}),
        ("companyId=<a company>", {"companyId": "{company}"}),
        ("updatedSince=<a day ago>", {"updatedSince": day_ago}),
        ("lastCalledBefore=<a week ago>", {"lastCalledBefore": week_ago}),
        ("lastCalledAfter=<a day ago>", {"lastCalledAfter": day_ago}),
        ("neverCalled=true", {"neverCalled": "true"}),
        ("customFields.company_size=51-200", {"customFields.company_size": "51-200"}),
        ("customFields.score=7", {"customFields.score": "7"}),
        ("ordering=createdAt", {"ordering": "createdAt"}),
        ("ordering=updatedAt", {"ordering": "updatedAt"}),
        ("ordering=lastName", {"ordering": "lastName"}),
        ("ordering=-lastName", {"ordering": "-lastName"}),
        ("ordering=lastCalledAt", {"ordering": "lastCalledAt"}),
        ("ordering=-lastCalledAt", {"ordering": "-lastCalledAt"}),
        # Common pairs.
        ("leadStatus=new&tags=vip", {"leadStatus": "new", "tags": "vip"}),
        ("leadStatus=new&hasPhone=true", {"leadStatus": "new", "hasPhone": "true"}),
        ("leadStatus=new&doNotCall=false", {"leadStatus": "new", "doNotCall": "false"}),
        ("leadStatus=new&companyId", {"leadStatus": "new", "companyId": "{company}"}),
        (
            "leadStatus=new&customFields.company_size=51-200",
            {"leadStatus": "new", "customFields.company_size": "51-200"},
        ),
        ("leadStatus=new&search=last12", {"leadStatus": "new", "search": "last12"}),
        ("leadStatus=new&ordering=lastName", {"leadStatus": "new", "ordering": "lastName"}),
        ("callable=true&leadStatus=new", {"callable": "true", "leadStatus": "new"}),
        ("callableNow=true&leadStatus=new", {"callableNow": "true", "leadStatus": "new"}),
        ("callableNow=true&tags=vip", {"callableNow": "true", "tags": "vip"}),
        ("tags=vip&doNotCall=false", {"tags": "vip", "doNotCall": "false"}),
        ("tags=vip&ordering=lastName", {"tags": "vip", "ordering": "lastName"}),
        (
            "tags=vip&customFields.company_size=1-10",
            {"tags": "vip", "customFields.company_size": "1-10"},
        ),
        ("companyId&ordering=lastName", {"companyId": "{company}", "ordering": "lastName"}),
        ("updatedSince&ordering=updatedAt", {"updatedSince": day_ago, "ordering": "updatedAt"}),
        ("search=last12&ordering=lastName", {"search": "last12", "ordering": "lastName"}),
    ]


def fetch(port: int, path: str, query: dict, token: str | None = None):
    """(seconds, status, JSON body) of one GET on a new connection."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Host": "localhost"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    conn.request("GET", f"{path}?{urlencode(query)}", headers=headers)
    response = conn.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - started
    conn.close()
    try:
        return elapsed, response.status, json.loads(body)
    except ValueError:
        return elapsed, response.status, body[:300]


def list_page(port: int, team: BenchTeam, query: dict) -> tuple[float, dict]:
    query = {key: value.format(company=team.company) for key, value in query.items()}
    elapsed, status, body = fetch(
        port, CONTACTS_PATH, {"teamId": team.public_id, "limit": 50, **query}, team.token
    )
    if status != 200:
        raise SystemExit(f"{status} for {query}: {str(body)[:300]}")
    return elapsed, body


def measure_filters(
    port: int, master: int, teams: list[BenchTeam], requests: int, only: list[str]
) -> None:
    print("\n## Filters: one request at a time, limit=50 with the count")
    print("| case | count (first team) | median | p99 | CPU |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, query in cases(datetime.now(UTC)):
        if only and name not in only:
            continue
        for team in teams:  # warm up each worker's connection and plan
            list_page(port, team, query)
        times, cpu, first_count = [], 0.0, None
        for request in range(requests):
            before = workers_cpu_seconds(master)
            elapsed, body = list_page(port, teams[request % len(teams)], query)
            cpu += workers_cpu_seconds(master) - before
            times.append(elapsed)
            if first_count is None:
                first_count = body["count"]
        print(
            f"| `{name}` | {first_count:,} | {statistics.median(times) * 1000:.0f} ms "
            f"| {p99(times) * 1000:.0f} ms | {cpu / requests * 1000:.0f} ms |",
            flush=True,
        )


def next_cursor(body: dict) -> str | None:
    return body.get("next_cursor", body.get("nextCursor"))


def measure_cursor(port: int, team: BenchTeam, pages: int) -> None:
    print(f"\n## Cursor pages, one team's list walked {pages} pages deep (limit=50)")
    bands = [(2, 10), (11, 100), (101, 1000), (1001, 10_000), (10_001, 100_000)]
    for ordering in ("-createdAt", "lastName"):
        # `cursor=` (empty) asks for the first page by cursor, as the API documents.
        elapsed, first = list_page(port, team, {"ordering": ordering, "cursor": ""})
        if "next_cursor" not in first and "nextCursor" not in first:
            print("skipped: the list answers no next_cursor (no cursor paging on this code)")
            return
        cursor, times = next_cursor(first), {}
        for page in range(2, pages + 1):
            if cursor is None:
                break
            elapsed, status, body = fetch(
                port,
                CONTACTS_PATH,
                {"teamId": team.public_id, "limit": 50, "ordering": ordering, "cursor": cursor},
                team.token,
            )
            if status == 400:
                print(f"skipped: the list answers 400 to `cursor`: {str(body)[:200]}")
                return
            times[page] = elapsed
            cursor = next_cursor(body)
        print(f"\n`ordering={ordering}`\n\n| pages | median | p99 |\n| --- | ---: | ---: |")
        for low, high in bands:
            band = [seconds for page, seconds in times.items() if low <= page <= high]
            if band:
                print(
                    f"| {low:,} to {min(high, max(times)):,} "
                    f"| {statistics.median(band) * 1000:.0f} ms | {p99(band) * 1000:.0f} ms |",
                    flush=True,
                )


def throughput(port: int, teams: list[BenchTeam], bare: bool, clients: int, seconds: float):
    """Requests per second of `clients` clients sending back to back for `seconds`."""
    done, failed, deadline = [0] * clients, [0] * clients, time.monotonic() + seconds

    def client(number: int) -> None:
        request = number
        while time.monotonic() < deadline:
            team = teams[request % len(teams)]
            if bare:
                _, status, _ = fetch(port, BARE_PATH, {"team": team.id})
            else:
                query = {"teamId": team.public_id, "limit": 50}
                _, status, _ = fetch(port, CONTACTS_PATH, query, team.token)
            if status == 200:
                done[number] += 1
            else:
                failed[number] += 1
            request += clients

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if sum(failed):
        raise SystemExit(f"{sum(failed)} requests failed during the throughput run")
    return sum(done) / (time.monotonic() - started)


def measure_throughput(port: int, teams: list[BenchTeam], clients: int, seconds: float) -> None:
    print(f"\n## Throughput: {clients} clients, {seconds:.0f} s a round, limit=50 with the count")
    print("| round | list req/s | bare view req/s | list / bare |")
    print("| --- | ---: | ---: | ---: |")
    for round_number, list_first in ((1, True), (2, False)):
        rates = {}
        for bare in (not list_first, list_first):
            rates[bare] = throughput(port, teams, bare, clients, seconds)
        print(
            f"| {round_number} | {rates[False]:.0f} | {rates[True]:.0f} "
            f"| {rates[False] / rates[True]:.2f}x |",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teams", type=int, default=10)
    parser.add_argument("--contacts", type=int, default=100_000, help="per team")
    parser.add_argument("--requests", type=int, default=100, help="per case")
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--clients", type=int, default=10, help="for the throughput")
    parser.add_argument("--seconds", type=float, default=20, help="per throughput round")
    parser.add_argument("--cursor-pages", type=int, default=2000, help="0: skip")
    parser.add_argument(
        "--case",
        action="append",
        default=[],
        help="only this case, named as the table prints it (repeatable); skips the cursor "
        "pages and the throughput",
    )
    options = parser.parse_args()
    unknown = set(options.case) - {name for name, _ in cases(datetime.now(UTC))}
    if unknown:
        parser.error(f"no such case: {', '.join(sorted(unknown))} (see the table's names)")
    teams, seeded = seeded_teams(options.teams, options.contacts)
    bench_teams = [
        BenchTeam(
            id=str(team.pk),
            public_id=team.public_id,
            token=issue_api_token(team=team, name="api bench")[1],
            company=Company.objects.filter(team=team).order_by("name").first().public_id,
        )
        for team in teams
    ]
    if seeded or never_analysed():
        print("VACUUM ANALYZE after seeding, as autovacuum would", flush=True)
        maintain("VACUUM ANALYZE")
    connection.close()
    with open("/proc/loadavg") as loadavg:
        print(f"load average before: {' '.join(loadavg.read().split()[:3])}")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # stop gunicorn on the way out
    port = free_port()
    server = start_gunicorn(port, options.workers)
    try:
        measure_filters(port, server.pid, bench_teams, options.requests, options.case)
        if options.cursor_pages and not options.case:
            measure_cursor(port, bench_teams[0], options.cursor_pages)
        if options.seconds and not options.case:
            measure_throughput(port, bench_teams, options.clients, options.seconds)
    finally:
        server.terminate()
        server.wait(30)
    with open("/proc/loadavg") as loadavg:
        print(f"\nload average after: {' '.join(loadavg.read().split()[:3])}")


if __name__ == "__main__":
    main()
