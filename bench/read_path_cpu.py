"""The CPU a list request costs in one process, against the bare view, without HTTP.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/crm_readbench   # read_path.py's
    .venv/bin/python bench/read_path_cpu.py [--requests 200] [--rounds 3] [--baseline ../main]

Serves `GET /api/crm/contacts?teamId=...&limit=50` (the token, the count, a page of 50) and
bench/read_path_urls.py's bare view through Django's test client, `--requests` of each in
batches of 20 taken in turn, `--rounds` times, and prints the CPU time the process spent a
request on each side, the median batch's (`time.process_time`: PostgreSQL's own work is not
in it, and other load on the machine delays the process without adding to it). The loaded
app is frozen out of garbage collection first, as gunicorn's workers freeze it. With
`--baseline DIR` each round runs DIR's code too, in a process of its own, alternating which
goes first: a before/after in one run.
Needs the team bench/read_path.py (or bench/list_speed.py) seeds.
"""

import argparse
import gc
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BATCH = 20  # requests of one side before the other's


def measure(requests: int) -> None:
    """Run in the checkout being measured: print `list <ms> bare <ms>`."""
    sys.path.insert(0, os.getcwd())
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.read_path_settings"
    os.environ.setdefault("SECURE_HTTPS", "false")
    import django

    django.setup()
    from django.test import Client

    from crm.models import Team
    from crm.services import issue_api_token

    team = Team.objects.get(name="List bench 1")
    _, token = issue_api_token(team=team, name="Read path CPU bench")
    client = Client()
    sides = {
        "list": (
            f"/api/crm/contacts?teamId={team.public_id}&limit=50",
            {"HTTP_AUTHORIZATION": f"Bearer {token}"},
        ),
        "bare": (f"/bench/bare-contacts?team={team.pk}", {}),
    }
    for path, headers in sides.values():  # warm up: imports, caches, the connection
        for _ in range(20):
            client.get(path, HTTP_HOST="localhost", **headers)
    # As a gunicorn worker does once the app is loaded (deploy/gunicorn.conf.py): the loaded
    # app out of the collector's walks, whose pauses would land on whichever side was running.
    gc.collect()
    gc.freeze()
    # Both sides in turn, a batch at a time, so that a change of the machine's speed meets
    # both; the median batch of each, so that one slow batch does not move it.
    batches = {side: [] for side in sides}
    for _ in range(max(1, requests // BATCH)):
        for side, (path, headers) in sides.items():
            started = time.process_time()
            for _ in range(BATCH):
                response = client.get(path, HTTP_HOST="localhost", **headers)
                if response.status_code != 200:
                    raise SystemExit(
                        f"{response.status_code} for {path}: {response.content[:300]!r}"
                    )
            batches[side].append((time.process_time() - started) / BATCH * 1000)
    spent = {side: statistics.median(times) for side, times in batches.items()}
    print(f"list {spent['list']:.2f} bare {spent['bare']:.2f}", flush=True)


def run(checkout: Path, requests: int) -> tuple[float, float]:
    python = checkout / ".venv/bin/python"
    output = subprocess.run(
        [str(python if python.exists() else sys.executable), str(Path(__file__).resolve()),
         "--measure", "--requests", str(requests)],
        cwd=checkout, capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    return float(output[1]), float(output[3])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--baseline", type=Path, help="another checkout to measure in turn")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        return measure(args.requests)
    checkouts = {"this code": ROOT}
    if args.baseline:
        checkouts["baseline"] = args.baseline.resolve()
    for round_number in range(args.rounds):
        order = list(checkouts) if round_number % 2 == 0 else list(reversed(checkouts))
        for name in order:
            listed, bare = run(checkouts[name], args.requests)
            print(
                f"round {round_number + 1} {name:>9}: CPU a request: list {listed:.2f} ms, "
                f"bare view {bare:.2f} ms, bare / list {bare / listed:.2f} "
                f"(load average {os.getloadavg()[0]:.1f})",
                flush=True,
            )


if __name__ == "__main__":
    main()
