"""Real task-queue workers (`manage.py worker` subprocesses) on the session's test database, and
the queue's tables emptied around the tests that use them."""

import subprocess
import sys
import time
from pathlib import Path

from django.db import connection

from tests.serving.live import ROOT, server_env

# Fast enough for a test: a heartbeat five times a second, a worker silent for a second taken
# for dead, and the jobs of dead workers looked for every second.
QUICK_STALLS = {
    "WORKER_HEARTBEAT_SECONDS": "0.2",
    "WORKER_STALLED_AFTER_SECONDS": "1",
    "STALLED_JOBS_CRON": "* * * * * *",
}

QUEUE_TABLES = [
    "procrastinate_periodic_defers",
    "procrastinate_events",
    "procrastinate_jobs",
    "procrastinate_workers",
]


def empty_queue() -> None:
    """Delete every job, event and worker: the queue's tables are not Django's to flush."""
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(QUEUE_TABLES)}")


class Worker:
    """`manage.py worker` with the test settings (tests/tasks/settings.py), its output in a file."""

    def __init__(self, log: Path, *args: str, **env: str):
        self.log = log
        with open(log, "a") as output:
            self.process = subprocess.Popen(
                [sys.executable, "manage.py", "worker", *args],
                cwd=ROOT,
                env=server_env(
                    DJANGO_SETTINGS_MODULE="tests.tasks.settings", **QUICK_STALLS, **env
                ),
                stdout=output,
                stderr=output,
            )

    def output(self) -> str:
        return self.log.read_text()

    def stop(self, timeout: float = 30) -> int:
        """SIGTERM, as deploy/serve.py sends; its exit status."""
        if self.process.poll() is None:
            self.process.terminate()
        return self.process.wait(timeout)

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(10)


def wait_for(condition, worker: Worker, what: str, seconds: float = 30) -> None:
    """Wait until condition() is true; fail with the worker's output after `seconds`."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(
                f"no {what} after {seconds:.0f} s; worker said:\n{worker.output()}"
            )
        time.sleep(0.05)
