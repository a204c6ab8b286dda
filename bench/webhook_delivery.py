"""What a webhook delivery costs, and whether one slow endpoint delays the others.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/crm_webhookbench
    .venv/bin/python manage.py migrate
    .venv/bin/python bench/webhook_delivery.py [--rate 100] [--seconds 60] [--workers 8]

Receivers are threaded HTTP servers on 127.0.0.1 (WEBHOOKS_ALLOW_PRIVATE_URLS is set): four
answer at once, one after --slow seconds. Part 1 times `deliveries_for` (one event, five
subscribed endpoints, in its transaction) and `deliver` to a fast receiver, one at a time.
Part 2 offers --rate events a second for --seconds; each commit hands its deliveries' IDs to
--workers processes calling `deliver`, as a task queue's workers would (a multiprocessing
queue stands in for the real one), and reports, for the fast endpoints, the time from the
event's commit to its receipt. It runs twice: every delivery in one pool of workers, then the slow
endpoint's in a pool of its own, as a queue per endpoint (or a concurrency limit) would.
"""

import argparse
import multiprocessing
import os
import queue
import statistics
import sys
import threading
import time
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["WEBHOOKS_ALLOW_PRIVATE_URLS"] = "true"

import django  # noqa: E402

django.setup()

from django.db import connections, transaction  # noqa: E402

from crm import ids  # noqa: E402
from crm import services as crm_services  # noqa: E402
from webhooks import services  # noqa: E402
from webhooks.events import WebhookEvent  # noqa: E402
from webhooks.models import WebhookDelivery, WebhookEndpoint  # noqa: E402

TEAM_NAME = "Webhooks benchmark"


class Receiver:
    """Records when each event ID arrived; answers after `delay` seconds."""

    def __init__(self, delay: float):
        self.arrivals: dict[str, float] = {}
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def do_POST(self):
                self.rfile.read(int(self.headers["Content-Length"]))
                receiver.arrivals[self.headers["webhook-id"]] = time.monotonic()
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
    from crm.models import Team

    for team in Team.objects.filter(name=TEAM_NAME):
        WebhookDelivery.objects.filter(team=team).delete()
        WebhookEndpoint.objects.filter(team=team).delete()
    team = Team.objects.filter(name=TEAM_NAME).first() or crm_services.create_team(name=TEAM_NAME)
    for receiver in receivers:
        services.create_endpoint(team=team, url=receiver.url, event_types=["contact.updated"])
    return team


def an_event(team) -> WebhookEvent:
    return WebhookEvent(
        id=ids.encode("evt", ids.uuid7()),
        type="contact.updated",
        team_id=team.pk,
        occurred_at=datetime.now(UTC),
        data={"id": ids.encode("cont", ids.uuid7()), "first_name": "Sarah", "tags": ["vip"]},
    )


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def part_one(team, fast: Receiver, samples: int = 200) -> None:
    offer, send = [], []
    fast_endpoint = WebhookEndpoint.objects.get(team=team, url=fast.url).pk
    for _ in range(samples):
        started = time.perf_counter()
        with transaction.atomic():
            deliveries = services.deliveries_for(an_event(team))
        offer.append(time.perf_counter() - started)
        (to_fast,) = [d for d in deliveries if d.endpoint_id == fast_endpoint]
        started = time.perf_counter()
        services.deliver(to_fast.id)
        send.append(time.perf_counter() - started)
    print(
        f"deliveries_for, 5 endpoints: median {statistics.median(offer) * 1000:.1f} ms, "
        f"p99 {percentile(offer, 0.99) * 1000:.1f} ms"
    )
    print(
        f"deliver to a receiver answering at once: median {statistics.median(send) * 1000:.1f} ms, "
        f"p99 {percentile(send, 0.99) * 1000:.1f} ms ({1 / statistics.median(send):.0f} a second "
        "per worker)"
    )


def worker(lane) -> None:
    """A worker process, as a task queue runs them: deliver each ID it is handed."""
    connections.close_all()  # the parent's connection is not this process's to use
    while (item := lane.get()) is not None:
        services.deliver(item)
    connections.close_all()


def part_two(team, receivers, slow_url, *, rate, seconds, workers, own_lane: bool) -> None:
    forking = multiprocessing.get_context("fork")
    lanes = {"shared": forking.Queue(), "slow": forking.Queue() if own_lane else None}
    committed: dict[str, float] = {}
    connections.close_all()  # before forking: no child inherits an open connection
    processes = [
        forking.Process(target=worker, args=(lane,), daemon=True)
        for lane in lanes.values()
        if lane is not None
        for _ in range(workers)
    ]
    for process in processes:
        process.start()
    slow_endpoint = WebhookEndpoint.objects.get(team=team, url=slow_url).pk
    started = time.monotonic()
    for number in range(rate * seconds):
        pause = started + number / rate - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        event = an_event(team)
        with transaction.atomic():
            deliveries = services.deliveries_for(event)
        committed[event.id] = time.monotonic()
        for delivery in deliveries:
            slow = delivery.endpoint_id == slow_endpoint
            lane = lanes["slow"] if (slow and own_lane) else lanes["shared"]
            lane.put(delivery.id)
    behind = time.monotonic() - started - seconds
    deadline = time.monotonic() + 120
    fast = [r for r in receivers if r.url != slow_url]
    while time.monotonic() < deadline and not all(
        committed.keys() <= r.arrivals.keys() for r in fast
    ):
        time.sleep(0.2)
    # Drop what is still queued (the slow endpoint's backlog) and let the workers finish.
    for lane in lanes.values():
        if lane is not None:
            while True:
                try:
                    lane.get(timeout=0.5)
                except queue.Empty:
                    break
            for _ in range(workers):
                lane.put(None)
    for process in processes:
        process.join()
    latencies = [
        receiver.arrivals[event_id] - at
        for receiver in fast
        for event_id, at in committed.items()
        if event_id in receiver.arrivals
    ]
    missing = len(fast) * len(committed) - len(latencies)
    # The in-process queue does not run retries: a failed attempt's delivery is left due.
    failed = WebhookDelivery.objects.filter(team=team, status=WebhookDelivery.Status.FAILED)
    errors = sorted({error[:60] for error in failed.values_list("error", flat=True)})
    name = "slow endpoint in its own pool" if own_lane else "one pool for every endpoint"
    print(
        f"{name}: {len(committed)} events in {seconds} s (producer {behind:+.1f} s late), "
        f"{workers} workers{' per pool' if own_lane else ''}: fast endpoints' commit to receipt "
        f"p50 {percentile(latencies, 0.5):.3f} s, p99 {percentile(latencies, 0.99):.3f} s, "
        f"max {max(latencies):.3f} s; {missing} not received within 120 s; "
        f"{failed.count()} failed attempts awaiting a retry {errors}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rate", type=int, default=100, help="events a second")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--slow", type=float, default=2.0, help="the slow receiver's delay")
    options = parser.parse_args()
    receivers = [Receiver(0) for _ in range(4)] + [Receiver(options.slow)]
    team = fresh_team(receivers)
    part_one(team, receivers[0])
    for own_lane in (False, True):
        team = fresh_team(receivers)
        part_two(
            team,
            receivers,
            receivers[-1].url,
            rate=options.rate,
            seconds=options.seconds,
            workers=options.workers,
            own_lane=own_lane,
        )


if __name__ == "__main__":
    main()
