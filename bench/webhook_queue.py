"""Webhook deliveries end to end on the task queue: commit to receipt through the change feed.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/crm_webhookbench
    .venv/bin/python manage.py migrate
    .venv/bin/python bench/webhook_queue.py [--rate 100] [--seconds 60] [--workers 1]
        [--concurrency 8] [--drain-concurrency 4]

Five receivers on 127.0.0.1 (bench/webhook_delivery.py's): four answer at once, one after
--slow seconds. --workers `manage.py worker` processes run with WORKER_CONCURRENCY
--concurrency and WEBHOOKS_DRAIN_CONCURRENCY --drain-concurrency. The producer commits --rate
single-contact updates a second for --seconds, each its own transaction in plain SQL (the
history triggers record it, the feed numbers it at commit, the dispatcher is queued by the
commit): nothing of the webhooks code runs in the producer. Each fast receiver notes when each
update arrived; the report gives the fast endpoints' time from commit to receipt, how many
never arrived within --wait seconds, and the load average.
"""

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["WEBHOOKS_ALLOW_PRIVATE_URLS"] = "true"

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from crm import services as crm_services  # noqa: E402
from crm.models import Team  # noqa: E402
from webhooks import services  # noqa: E402
from webhooks.models import WebhookDelivery, WebhookEndpoint  # noqa: E402

TEAM_NAME = "Webhooks queue benchmark"


class Receiver:
    """Notes when each update (the contact's first name, "u<number>") first arrived."""

    def __init__(self, delay: float):
        self.arrivals: dict[int, float] = {}
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                number = int(body["data"]["state"]["first_name"][1:])
                receiver.arrivals.setdefault(number, time.time())
                time.sleep(delay)
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.request_queue_size = 1024
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/hooks"


def fresh_team(receivers: list[Receiver]):
    for team in Team.objects.filter(name=TEAM_NAME):
        WebhookDelivery.objects.filter(team=team).delete()
        WebhookEndpoint.objects.filter(team=team).delete()
    team = Team.objects.filter(name=TEAM_NAME).first() or crm_services.create_team(name=TEAM_NAME)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM procrastinate_jobs WHERE queue_name = 'webhooks'")
    for receiver in receivers:
        services.create_endpoint(team=team, url=receiver.url, event_types=["contact.updated"])
    return team


def a_contact(team):
    from contacts.models import Contact

    contact = Contact.objects.filter(team=team).first()
    if contact is None:
        from tests.factories import ContactFactory

        contact = ContactFactory(company__team=team, first_name="u0")
    return contact.pk


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=100)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--drain-concurrency", type=int, default=4)
    parser.add_argument("--slow", type=float, default=2.0)
    parser.add_argument("--wait", type=float, default=120)
    args = parser.parse_args()

    fast = [Receiver(0) for _ in range(4)]
    slow = Receiver(args.slow)
    team = fresh_team([*fast, slow])
    contact_id = a_contact(team)
    env = {
        **os.environ,
        "WORKER_CONCURRENCY": str(args.concurrency),
        "WEBHOOKS_DRAIN_CONCURRENCY": str(args.drain_concurrency),
    }
    workers = [
        subprocess.Popen(
            [sys.executable, "manage.py", "worker"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(args.workers)
    ]
    with connection.cursor() as cursor:  # wait until every worker has started and listens
        cursor.execute("SELECT coalesce(max(id), 0) FROM procrastinate_workers")
        known = cursor.fetchone()[0]
        while True:
            cursor.execute("SELECT count(*) FROM procrastinate_workers WHERE id > %s", [known])
            if cursor.fetchone()[0] >= args.workers:
                break
            time.sleep(0.2)
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    committed: dict[int, float] = {}
    total = int(args.rate * args.seconds)
    started = time.time()
    connection.ensure_connection()
    with connection.cursor() as cursor:
        for number in range(1, total + 1):
            due = started + number / args.rate
            pause = due - time.time()
            if pause > 0:
                time.sleep(pause)
            cursor.execute(
                "UPDATE contacts_contact SET first_name = %s WHERE id = %s",
                [f"u{number}", contact_id],
            )  # autocommit: the statement is its transaction
            committed[number] = time.time()
    behind = time.time() - (started + total / args.rate)
    print(f"load average after producing: {os.getloadavg()[0]:.1f}; producer {behind:.1f} s late")
    deadline = time.time() + args.wait
    while time.time() < deadline and any(len(r.arrivals) < total for r in fast):
        time.sleep(0.5)
    delays = [r.arrivals[n] - committed[n] for r in fast for n in committed if n in r.arrivals]
    with connection.cursor() as cursor:  # where the time went: until the delivery was made
        cursor.execute(
            """
            SELECT (payload -> 'data' -> 'state' ->> 'first_name'), extract(epoch FROM created_at)
            FROM webhooks_webhookdelivery WHERE team_id = %s AND endpoint_id <> %s
            """,
            [team.pk, WebhookEndpoint.objects.get(url=slow.url).pk],
        )
        dispatched = [
            float(made) - committed[int(name[1:])]
            for name, made in cursor.fetchall()
            if int(name[1:]) in committed
        ]
    missing = sum(total - len(r.arrivals) for r in fast)
    print(
        f"{args.rate:g} events/s for {args.seconds:g} s, {args.workers} worker(s) x "
        f"{args.concurrency}, drain concurrency {args.drain_concurrency}: fast endpoints "
        f"p50 {percentile(delays, 0.5):.2f} s, p99 {percentile(delays, 0.99):.2f} s, "
        f"max {max(delays):.2f} s (commit to delivery made: p50 "
        f"{percentile(dispatched, 0.5):.2f} s, p99 {percentile(dispatched, 0.99):.2f} s); "
        f"{missing} of {4 * total} not received within "
        f"{args.wait:g} s; slow endpoint received {len(slow.arrivals)}; "
        f"load average {os.getloadavg()[0]:.1f}"
    )

    for worker in workers:
        worker.terminate()
    for worker in workers:
        try:
            worker.wait(30)
        except subprocess.TimeoutExpired:
            worker.kill()


if __name__ == "__main__":
    main()
