"""Turning the change feed into deliveries, and running one endpoint's deliveries.

The dispatcher follows the feed (events.selectors) with a position stored in
`DispatchPosition`: in one transaction it reads the transactions committed since, makes the
deliveries of their events (services.deliveries_for_all) and moves the position, then queues
their endpoints' drain jobs. A rolled-back change never reaches the feed, and a crash before the
commit leaves the position where it was: each event makes its deliveries exactly once, the
importer's raw SQL included, since the feed is written by PostgreSQL's triggers.

Each endpoint has one drain job at a time (a queueing lock and a lock per endpoint), which
attempts the endpoint's due deliveries a few at once; a slow endpoint holds its own job's
worker slot, not the others'.
"""

import functools
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from crm.models import Team
from events.api.serializers import FeedEventSerializer
from events.cursors import Cursor
from events.selectors import CursorExpired, event_feed
from webhooks import sending, services
from webhooks.events import WebhookEvent
from webhooks.models import DispatchPosition, WebhookDelivery, WebhookEndpoint

# The feed's transactions one dispatch reads at most, so that one transaction stays short.
DISPATCH_BATCH = 500
# Events read per page of a team's feed.
FEED_PAGE = 200
# Deliveries one drain round claims per request it keeps in flight: a round is recorded in one
# transaction once all its requests have answered.
DRAIN_ROUND_PER_REQUEST = 4


@dataclass(frozen=True)
class Dispatched:
    through_sequence: int
    deliveries: int
    caught_up: bool  # false: more transactions were committed than one dispatch reads


def dispatch_events(*, wake_drain) -> Dispatched:
    """Make the deliveries of every event committed since the last dispatch and move the
    position past them, in one transaction; then queue their endpoints' drain jobs
    (`wake_drain(endpoint_id)`). Dispatchers run one at a time: the position's row is locked."""
    with transaction.atomic():
        position = DispatchPosition.objects.select_for_update().get_or_create(id=1)[0]
        start = position.through_sequence
        with connection.cursor() as cursor:
            # A statement that sees number N sees every number below it (events.models).
            cursor.execute("SELECT coalesce(max(sequence), 0) FROM events_committedtransaction")
            last_committed = cursor.fetchone()[0]
        end = min(last_committed, start + DISPATCH_BATCH)
        if end <= start:
            return Dispatched(start, 0, True)
        events = [
            event for team in _teams_with_events(start, end) for event in _events(team, start, end)
        ]
        made = services.deliveries_for_all(events)
        # Once committed: a drain job already waiting then surely starts after this commit
        # and sees these deliveries (queued inside the transaction, a waiting job could start
        # before the commit, miss them and end). A crash in between leaves them to the
        # minute's sweep (tasks.dispatch_webhook_events).
        for endpoint_id in sorted({delivery.endpoint_id for delivery in made}):
            transaction.on_commit(functools.partial(wake_drain, endpoint_id))
        position.through_sequence = end
        position.save(update_fields=["through_sequence", "updated_at"])
    return Dispatched(end, len(made), end == last_committed)


def _teams_with_events(start: int, end: int) -> list[Team]:
    """The teams with an active endpoint and events in transactions (start, end]: a team
    without an endpoint costs the dispatcher nothing, its transactions are not read."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT team.team_id
            FROM (SELECT DISTINCT team_id FROM webhooks_webhookendpoint WHERE active) AS team
            WHERE EXISTS (SELECT FROM events_teamtransaction AS written
                          WHERE written.team_id = team.team_id
                            AND written.sequence > %s AND written.sequence <= %s)
            """,
            [start, end],
        )
        team_ids = [row[0] for row in cursor.fetchall()]
    return list(Team.objects.filter(pk__in=team_ids).order_by("pk"))


def _events(team: Team, start: int, end: int):
    """The team's feed events in transactions (start, end], as webhooks send them: the
    feed's own JSON of the event (its serializer), with the event's cursor as its ID."""
    after = Cursor.end_of(start)
    while True:
        try:
            page = event_feed(
                team=team,
                filters={"teamId": team.public_id, "after": after.encode()},
                limit=FEED_PAGE,
            )
        except CursorExpired:
            return  # past the feed's retention: nothing left to send
        for event in page.events:
            if event.cursor.sequence > end:
                return
            yield WebhookEvent(
                id=f"evt_{event.cursor.encode()}",
                type=event.type,
                team_id=team.pk,
                occurred_at=event.at,
                data=FeedEventSerializer(event).data,
            )
        if not page.has_more or not page.events:
            return
        after = page.events[-1].cursor


def drain_endpoint(endpoint_id, *, seconds: float | None = None) -> datetime | None:
    """Attempt the endpoint's due deliveries for at most `seconds` (WEBHOOKS_DRAIN_SECONDS):
    claimed a round at a time in one statement, sent WEBHOOKS_DRAIN_CONCURRENCY at once,
    recorded in one transaction. Returns when its next delivery is due (now or earlier when
    the time ran out with work left), or None when none is pending."""
    seconds = settings.WEBHOOKS_DRAIN_SECONDS if seconds is None else seconds
    deadline = time.monotonic() + seconds
    concurrency = max(1, settings.WEBHOOKS_DRAIN_CONCURRENCY)
    endpoint = WebhookEndpoint.objects.filter(pk=endpoint_id).first()
    if endpoint is None:
        return None  # deleted, with its log
    if not endpoint.active:
        # Each due delivery is given up unsent, as `deliver` does for a disabled endpoint.
        for delivery in _pending(endpoint_id).filter(next_attempt_at__lte=timezone.now()):
            services.deliver(delivery.pk)
        return None
    senders = _SenderPerThread()
    with senders, ThreadPoolExecutor(max_workers=concurrency) as pool:
        while time.monotonic() < deadline:
            claimed = services.claim_due(endpoint, limit=concurrency * DRAIN_ROUND_PER_REQUEST)
            if not claimed:
                break
            answers = pool.map(lambda delivery: services.attempt(delivery, senders.get()), claimed)
            services.record_attempts(
                (delivery, *answer) for delivery, answer in zip(claimed, answers, strict=True)
            )
            if not WebhookEndpoint.objects.filter(pk=endpoint_id, active=True).exists():
                break  # given up on: its next drain gives up the rest
    return _pending(endpoint_id).values_list("next_attempt_at", flat=True).first()


class _SenderPerThread:
    """A `sending.Sender` for each of a drain job's threads, all closed when the job ends: an
    endpoint's connections are kept between its deliveries for the job's length only."""

    def __init__(self):
        self._local = threading.local()
        self._all: list[sending.Sender] = []
        self._lock = threading.Lock()

    def get(self) -> sending.Sender:
        sender = getattr(self._local, "sender", None)
        if sender is None:
            sender = self._local.sender = sending.Sender()
            with self._lock:
                self._all.append(sender)
        return sender

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        for sender in self._all:
            sender.close()


def _pending(endpoint_id):
    return WebhookDelivery.objects.filter(
        endpoint_id=endpoint_id, next_attempt_at__isnull=False
    ).order_by("next_attempt_at", "id")


def endpoints_with_due_deliveries() -> list:
    """Active endpoints with a delivery due now: whatever missed its drain job."""
    return list(
        WebhookEndpoint.objects.filter(
            active=True,
            deliveries__next_attempt_at__lte=timezone.now(),
        )
        .values_list("id", flat=True)
        .distinct()
    )
