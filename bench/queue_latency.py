"""How soon a worker starts a job after the job's transaction commits, and how many jobs a
second one worker gets through.

    createdb -h 127.0.0.1 -U postgres crm_bench   # once
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/crm_bench \
        .venv/bin/python bench/queue_latency.py

Starts one `manage.py worker --queues bench` (bench/queue_settings.py: the no-op task of
bench/queue_tasks.py, finished jobs kept), then
1. latency: defers --jobs no-op jobs, each in its own transaction, --rate a second, and reads
   each job's wait from its own events: from `deferred` (the insert) to `started` (a worker
   took it) and to `succeeded`;
2. throughput: defers --burst jobs in one transaction and reports jobs a second from the first
   start to the last success.
Times come from PostgreSQL's clock, so no process's scheduling delays enter the reading.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from bench.queue_tasks import noop  # noqa: E402

TIMES = """
    SELECT job.id,
           extract(epoch FROM max(e.at) FILTER (WHERE e.type = 'started')
                              - max(e.at) FILTER (WHERE e.type = 'deferred')),
           extract(epoch FROM max(e.at) FILTER (WHERE e.type = 'succeeded')
                              - max(e.at) FILTER (WHERE e.type = 'deferred')),
           min(e.at) FILTER (WHERE e.type = 'started'),
           max(e.at) FILTER (WHERE e.type = 'succeeded')
      FROM procrastinate_jobs job JOIN procrastinate_events e ON e.job_id = job.id
     WHERE job.task_name = 'bench.noop' AND job.id = ANY(%s)
     GROUP BY job.id
"""


def query(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def forget_bench_jobs() -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM procrastinate_jobs WHERE task_name = 'bench.noop'")


def wait_done(ids: list[int], worker: subprocess.Popen, seconds: float = 600) -> None:
    deadline = time.monotonic() + seconds
    while True:
        (left,) = query(
            "SELECT count(*) FROM procrastinate_jobs WHERE id = ANY(%s) AND status <> 'succeeded'",
            [ids],
        )[0]
        if not left:
            return
        if worker.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"{left} jobs not done; the worker's status: {worker.poll()}")
        time.sleep(0.2)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=300, help="latency: jobs (default 300)")
    parser.add_argument("--rate", type=float, default=50, help="latency: jobs a second (50)")
    parser.add_argument("--burst", type=int, default=2000, help="throughput: jobs (2000)")
    parser.add_argument("--concurrency", type=int, default=4, help="the worker's (default 4)")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    forget_bench_jobs()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.queue_settings", "PYTHONPATH": str(ROOT)}
    command = ["manage.py", "worker", "--queues", "bench", "--concurrency", str(args.concurrency)]
    worker = subprocess.Popen(
        [sys.executable, *command],
        cwd=ROOT,
        env={**env, "LOG_LEVEL": "WARNING"},
    )
    try:
        time.sleep(5)  # the worker's start (Django, its pool, LISTEN)

        ids = []
        started = time.monotonic()
        for number in range(args.jobs):
            ids.append(noop.defer(number=number))
            pause = started + (number + 1) / args.rate - time.monotonic()
            if pause > 0:
                time.sleep(pause)
        wait_done(ids, worker)
        rows = query(TIMES, [ids])
        to_start = [row[1] * 1000 for row in rows]
        to_end = [row[2] * 1000 for row in rows]
        print(f"latency, {args.jobs} jobs at {args.rate:g}/s, one worker of {args.concurrency}:")
        for name, values in (("commit to start", to_start), ("commit to success", to_end)):
            print(
                f"  {name:18} p50 {statistics.median(values):6.1f} ms   "
                f"p99 {percentile(values, 0.99):6.1f} ms   max {max(values):6.1f} ms"
            )

        with transaction.atomic():
            ids = [noop.defer(number=number) for number in range(args.burst)]
        wait_done(ids, worker)
        rows = query(TIMES, [ids])
        first = min(row[3] for row in rows)
        last = max(row[4] for row in rows)
        seconds = (last - first).total_seconds()
        print(
            f"throughput, {args.burst} jobs queued at once: {seconds:.1f} s, "
            f"{args.burst / seconds:.0f} jobs/s"
        )
    finally:
        worker.terminate()
        worker.wait(60)
        forget_bench_jobs()


if __name__ == "__main__":
    main()
