"""How slow clients delay normal requests: nginx in front of gunicorn, and gunicorn alone.

    .venv/bin/python bench/slow_clients.py [--slow 100] [--requests 100] [--interval 5]

For each server (deploy/serve.py's nginx in front of 3 sync workers; then the same gunicorn
alone, as before), on a free loopback port and this checkout's database (the embedded
PostgreSQL, or DATABASE_URL's): times normal requests (a list of 25 contacts with a bearer
token, a new connection each) with no slow clients, then with --slow connections that send a
request head one header line every --interval seconds (slowloris). A request still unanswered
after --timeout seconds counts as timed out, and only --stalled-requests are tried when they
time out, so the run stays bounded (a few minutes at most).
"""

import argparse
import http.client
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["SECURE_HTTPS"] = "false"  # the servers below speak plain HTTP

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from crm import services  # noqa: E402
from crm.models import Team  # noqa: E402
from deploy import serve  # noqa: E402
from tests.factories import CompanyFactory, ContactFactory  # noqa: E402
from tests.serving.live import SlowClients, free_port  # noqa: E402

TEAM_NAME = "Slow clients benchmark"
CONTACTS = 25


def bench_team() -> Team:
    team = Team.objects.filter(name=TEAM_NAME).first() or services.create_team(name=TEAM_NAME)
    if not team.contacts.exists():
        company = CompanyFactory(team=team)
        ContactFactory.create_batch(CONTACTS, company=company)
    return team


def new_token(team: Team) -> str:
    """A token per case: a case's requests stay well under a token's rate limit per minute."""
    return services.issue_api_token(team=team, name="bench")[1]


def one_request(port: int, path: str, token: str, timeout: float) -> float | None:
    """Seconds to a full 200 answer on a new connection; None when it timed out."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Authorization": f"Bearer {token}"})
        response = conn.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{path} answered {response.status}")
    except TimeoutError:
        return None
    finally:
        conn.close()
    return time.perf_counter() - started


def measure(port, path, token, args, slow: int) -> dict:
    for _ in range(30):  # warm: every worker has its database connection and caches
        one_request(port, path, token, args.timeout)
    clients = SlowClients(port, slow, args.interval) if slow else None
    try:
        if clients:
            time.sleep(1)
        durations, timed_out = [], 0
        for _ in range(args.requests):
            seconds = one_request(port, path, token, args.timeout)
            if seconds is None:
                timed_out += 1
                if timed_out >= args.stalled_requests:
                    break
            else:
                durations.append(seconds)
    finally:
        if clients:
            clients.close()
    tried = len(durations) + timed_out
    # A timed-out request counts as taking at least the timeout.
    everything = sorted(durations + [float(args.timeout)] * timed_out)
    return {
        "tried": tried,
        "timed_out": timed_out,
        "p50": statistics.median(everything),
        "p99": statistics.quantiles(everything, n=100, method="inclusive")[98],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slow", type=int, default=100, help="slow connections (100)")
    parser.add_argument("--requests", type=int, default=100, help="timed requests (100)")
    parser.add_argument("--interval", type=float, default=5, help="seconds between lines (5)")
    parser.add_argument("--timeout", type=float, default=5, help="seconds per request (5)")
    parser.add_argument(
        "--stalled-requests", type=int, default=5, help="stop a case after this many timeouts"
    )
    args = parser.parse_args()

    call_command("migrate", verbosity=0)  # a checkout whose database was never set up works too
    team = bench_team()
    path = f"/api/crm/contacts?teamId={team.public_id}&limit={CONTACTS}"
    env = {"SECURE_HTTPS": "false", "GUNICORN_ACCESS_LOG": ""}
    results = []

    port = free_port()
    stack = serve.start(
        listen=f"127.0.0.1:{port}",
        workers=3,
        env=env,
        run_dir=ROOT / ".local" / "bench-nginx",
        access_log="/dev/null",
        gunicorn_output=subprocess.DEVNULL,
    )
    try:
        for slow in (0, args.slow):
            token = new_token(team)
            results.append(("nginx + gunicorn", slow, measure(port, path, token, args, slow)))
    finally:
        stack.stop()

    port = free_port()
    gunicorn = subprocess.Popen(
        [*serve.gunicorn_command(), "--bind", f"127.0.0.1:{port}", "--workers", "3"],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        serve.wait_until(lambda: serve.accepts("127.0.0.1", port), gunicorn, "gunicorn")
        for slow in (0, args.slow):
            token = new_token(team)
            results.append(("gunicorn alone", slow, measure(port, path, token, args, slow)))
    finally:
        gunicorn.terminate()
        gunicorn.wait(30)

    timed_out = f"timed out (> {args.timeout:g} s)"
    print(f"| server | slow connections | requests | p50 | p99 | {timed_out} |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, slow, r in results:
        print(
            f"| {name} | {slow} | {r['tried']} | {r['p50'] * 1000:.0f} ms | "
            f"{r['p99'] * 1000:.0f} ms | {r['timed_out']} |"
        )


if __name__ == "__main__":
    main()
