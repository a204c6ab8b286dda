from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection
from procrastinate.contrib.django import app

from crm.management.base import CrmCommand


def queue_names(value: str) -> list[str]:
    names = [name.strip() for name in value.split(",") if name.strip()]
    if not names:
        raise CommandError("--queues names no queue.")
    return names


class Command(CrmCommand):
    help = (
        "Run a task-queue worker until SIGTERM or Ctrl-C: it runs the queued jobs, defers the "
        "periodic ones and queues again the jobs of dead workers. A first signal lets the "
        "running jobs finish; a second stops at once (those jobs run again elsewhere)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--queues",
            type=queue_names,
            default=None,
            help="Comma-separated queues to take jobs from (default: every queue).",
        )
        parser.add_argument(
            "--concurrency",
            type=int,
            default=settings.WORKER_CONCURRENCY,
            help="Jobs run at once (default %(default)s, env WORKER_CONCURRENCY).",
        )
        parser.add_argument("--name", default=None, help="The worker's name in its log lines.")

    def handle(self, *args, queues, concurrency, name, **options):
        if concurrency < 1:
            raise CommandError("--concurrency must be at least 1.")
        # A database that is down at start is one line and exit 69 (crm.management.base),
        # rather than the worker's pool logging failed connections until someone looks.
        connection.ensure_connection()
        # Django's connection serves deferring inside a request's transaction; a worker needs
        # its own pool and LISTEN/NOTIFY, on the same database.
        with app.replace_connector(app.connector.get_worker_connector()):
            app.run_worker(queues=queues, concurrency=concurrency, name=name)
        self.stdout.write("Worker stopped.")
