"""Writes for webhooks: endpoints, the deliveries of events, and each delivery attempt.

The dispatcher (webhooks.dispatch) calls `deliveries_for_all(events)` in the transaction that
moves its position in the change feed; drain jobs `claim_due`, `attempt` and
`record_attempts`; `deliver(delivery_id)` does the three for one delivery (the
`deliver_webhooks` command).
"""

import json
import random
import time
import uuid
from datetime import datetime, timedelta
from typing import NamedTuple

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from crm import ids
from crm.models import Team
from webhooks import sending, signing
from webhooks.events import EVENT_TYPES, WebhookEvent
from webhooks.models import WebhookDelivery, WebhookEndpoint, new_secret

# The wait after each failed attempt (Standard Webhooks' suggested schedule): eight attempts
# over about 27 hours, then the delivery is given up and its endpoint disabled.
RETRY_DELAYS = (
    timedelta(seconds=5),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=5),
    timedelta(hours=10),
    timedelta(hours=10),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
# Each wait is stretched or shrunk by up to this share, so failures spread out.
JITTER = 0.1

Status = WebhookDelivery.Status


# --- endpoints -----------------------------------------------------------------------------


def create_endpoint(*, team: Team, url: str, event_types: list[str], active: bool = True):
    endpoint = WebhookEndpoint(team=team, url=url, event_types=event_types, active=active)
    if not active:
        endpoint.disabled_reason = "Created disabled."
        endpoint.disabled_at = timezone.now()
    endpoint.save()
    return endpoint


def update_endpoint(endpoint: WebhookEndpoint, changes: dict) -> WebhookEndpoint:
    """Apply `changes` (field -> value). `active` true re-enables a disabled endpoint (its
    reason is cleared); false disables it."""
    changes = dict(changes)
    active = changes.pop("active", None)
    for name, value in changes.items():
        setattr(endpoint, name, value)
    if active is True and not endpoint.active:
        _enable(endpoint)
    elif active is False and endpoint.active:
        _disable(endpoint, "Turned off through the API.")
    endpoint.save()
    return endpoint


def enable_endpoint(endpoint: WebhookEndpoint) -> WebhookEndpoint:
    """Re-enable a disabled endpoint: a deliberate act, since it was disabled for a reason."""
    if not endpoint.active:
        _enable(endpoint)
        endpoint.save(update_fields=["active", "disabled_reason", "disabled_at", "updated_at"])
    return endpoint


def disable_endpoint(endpoint: WebhookEndpoint, reason: str) -> WebhookEndpoint:
    if endpoint.active:
        _disable(endpoint, reason)
        endpoint.save(update_fields=["active", "disabled_reason", "disabled_at", "updated_at"])
    return endpoint


def rotate_secret(endpoint: WebhookEndpoint) -> WebhookEndpoint:
    """A new signing secret; deliveries from now on are signed with it."""
    endpoint.secret = new_secret()
    endpoint.save(update_fields=["secret", "updated_at"])
    return endpoint


def delete_endpoint(endpoint: WebhookEndpoint) -> None:
    """Delete the endpoint and its delivery log."""
    endpoint.delete()


def _enable(endpoint: WebhookEndpoint) -> None:
    endpoint.active, endpoint.disabled_reason, endpoint.disabled_at = True, "", None


def _disable(endpoint: WebhookEndpoint, reason: str) -> None:
    endpoint.active, endpoint.disabled_reason = False, reason
    endpoint.disabled_at = timezone.now()


# --- deliveries ----------------------------------------------------------------------------


def payload_of(event: WebhookEvent) -> dict:
    """The JSON body every endpoint receives for `event`."""
    return {
        "id": event.id,
        "type": event.type,
        "timestamp": event.occurred_at.isoformat().replace("+00:00", "Z"),
        "team_id": ids.encode(Team.id_prefix, event.team_id),
        "data": event.data,
    }


class NewDelivery(NamedTuple):
    """A delivery just made: its ID for `deliver`, and its endpoint, so that a task queue can
    keep one endpoint's deliveries from holding up another's."""

    id: uuid.UUID
    endpoint_id: uuid.UUID


def deliveries_for(event: WebhookEvent) -> list[NewDelivery]:
    """One pending delivery, due now, per active endpoint of the event's team subscribed to
    its type; returns the new ones, for the task queue. Call it inside the
    transaction that made the change, so a rolled-back change sends nothing. An event offered
    again creates no second delivery (webhook_delivery_once_per_event)."""
    return deliveries_for_all([event])


def deliveries_for_all(events: list[WebhookEvent]) -> list[NewDelivery]:
    """`deliveries_for` of each event, in one statement (one round trip however many
    events): the dispatcher offers all the events it read at once."""
    for event in events:
        if event.type not in EVENT_TYPES:
            raise ValueError(f"Unknown event type {event.type!r}.")
    if not events:
        return []
    table, endpoints = WebhookDelivery._meta.db_table, WebhookEndpoint._meta.db_table
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {table} (id, team_id, endpoint_id, event_id, event_type, payload,
                status, attempts, next_attempt_at, response_excerpt, error, created_at)
            SELECT {ids.UUID7_SQL}, endpoint.team_id, endpoint.id, event.id, event.type,
                event.payload::jsonb, %(pending)s, 0, %(now)s, '', '', %(now)s
            FROM unnest(%(event_ids)s::varchar[], %(types)s::varchar[], %(payloads)s::text[],
                        %(teams)s::uuid[]) WITH ORDINALITY
                AS event(id, type, payload, team_id, position)
            JOIN {endpoints} AS endpoint
              ON endpoint.team_id = event.team_id AND endpoint.active
             AND endpoint.event_types @> ARRAY[event.type]::varchar[]
            ORDER BY event.position, endpoint.id
            ON CONFLICT (team_id, endpoint_id, event_id) WHERE resent_from_id IS NULL DO NOTHING
            RETURNING id, endpoint_id
            """,
            {
                "event_ids": [event.id for event in events],
                "types": [event.type for event in events],
                "payloads": [
                    json.dumps(payload_of(event), cls=DjangoJSONEncoder) for event in events
                ],
                "teams": [event.team_id for event in events],
                "pending": Status.PENDING,
                "now": now,
            },
        )
        return [NewDelivery(*row) for row in cursor.fetchall()]


def send_again(delivery: WebhookDelivery) -> WebhookDelivery:
    """A new delivery of the same event and payload to the same endpoint, due now, with a
    fresh retry schedule; the original stays in the log as it was."""
    return WebhookDelivery.objects.create(
        team_id=delivery.team_id,
        endpoint_id=delivery.endpoint_id,
        event_id=delivery.event_id,
        event_type=delivery.event_type,
        payload=delivery.payload,
        resent_from=delivery,
        next_attempt_at=timezone.now(),
    )


def deliver(delivery_id, *, now: datetime | None = None) -> WebhookDelivery | None:
    """Make the delivery's next attempt if it is due (`next_attempt_at` at or before `now`,
    by default the present) and record how it went; None when it is not due, finished, or
    being attempted elsewhere.

    A 2xx answer succeeds. Anything else (another status, a redirect, a refused address, no
    answer in time) schedules the next attempt after `RETRY_DELAYS`; after the last one the
    delivery is given up and its endpoint disabled with the reason. The attempt is claimed
    before the request is sent, so two workers never send it together, and a worker that
    dies mid-request leaves it due again after WEBHOOKS_ATTEMPT_LEASE_SECONDS.
    """
    claimed = _claim(now or timezone.now(), delivery_id=delivery_id)
    if not claimed:
        return None
    (delivery,) = claimed
    if delivery.status == Status.GIVEN_UP:
        return delivery
    answer, problem = attempt(delivery)
    with transaction.atomic():
        _record(delivery, answer, problem, now or timezone.now())
    return delivery


def claim_due(endpoint: WebhookEndpoint, *, limit: int) -> list[WebhookDelivery]:
    """Claim up to `limit` of the endpoint's due deliveries, oldest due first, by the rule
    `deliver` claims one by: each is the caller's to `attempt` and then `record_attempts`
    until the lease (WEBHOOKS_ATTEMPT_LEASE_SECONDS) ends. Once the endpoint is disabled its
    due deliveries are given up unsent instead, and none is returned."""
    claimed = _claim(timezone.now(), endpoint_id=endpoint.pk, limit=limit)
    return [delivery for delivery in claimed if delivery.status != Status.GIVEN_UP]


def attempt(
    delivery: WebhookDelivery, sender: sending.Sender | None = None
) -> tuple[sending.Answer | None, str]:
    """Sign and POST a claimed delivery: the answer (None without one) and what went wrong
    ("" for a 2xx). No database work: callers may run several at once, each thread with its
    own `sender` to keep its connection between deliveries (without one, a connection of
    its own)."""
    body = json.dumps(delivery.payload, separators=(",", ":"), ensure_ascii=False).encode()
    headers = signing.headers(delivery.endpoint.secret, delivery.event_id, int(time.time()), body)
    post = sender.post if sender is not None else sending.post
    try:
        answer = post(delivery.endpoint.url, body, headers)
    except sending.SendError as error:
        return None, str(error)
    return answer, "" if 200 <= answer.status < 300 else f"HTTP {answer.status}"


def record_attempts(outcomes) -> None:
    """Store how each claimed delivery's attempt went (`(delivery, answer, problem)`), in one
    transaction."""
    now = timezone.now()
    with transaction.atomic():
        _record_all(list(outcomes), now)


def _claim(
    now: datetime, *, delivery_id=None, endpoint_id=None, limit: int = 1
) -> list[WebhookDelivery]:
    """The one claim rule, in one statement: of the deliveries due at `now` (the one with
    `delivery_id`, or up to `limit` of `endpoint_id`'s, oldest due first) and not being
    attempted elsewhere, each of an active endpoint counts an attempt and is leased to the
    caller; each of a disabled endpoint is given up unsent. The claimed ones, oldest first,
    with their endpoints."""
    table = WebhookDelivery._meta.db_table
    which = (
        "delivery.id = %(delivery)s"
        if delivery_id is not None
        else "delivery.endpoint_id = %(endpoint)s"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH due AS (
                SELECT delivery.id, endpoint.active
                FROM {table} AS delivery
                JOIN {WebhookEndpoint._meta.db_table} AS endpoint
                  ON endpoint.id = delivery.endpoint_id
                WHERE {which} AND delivery.next_attempt_at <= %(now)s
                ORDER BY delivery.next_attempt_at, delivery.id
                LIMIT %(limit)s
                FOR UPDATE OF delivery SKIP LOCKED)
            UPDATE {table} AS delivery
            SET attempts = delivery.attempts + CASE WHEN due.active THEN 1 ELSE 0 END,
                last_attempt_at = CASE WHEN due.active THEN %(now)s
                                       ELSE delivery.last_attempt_at END,
                -- An attempt that never records its outcome (its worker died) is due again
                -- when the lease ends.
                next_attempt_at = CASE WHEN due.active THEN %(lease_ends)s END,
                status = CASE WHEN due.active THEN delivery.status ELSE %(given_up)s END,
                error = CASE WHEN due.active THEN delivery.error ELSE %(unsent)s END
            FROM due
            WHERE delivery.id = due.id
            RETURNING delivery.id
            """,
            {
                "delivery": delivery_id,
                "endpoint": endpoint_id,
                "now": now,
                "lease_ends": now + attempt_lease(),
                "limit": limit,
                "given_up": Status.GIVEN_UP,
                "unsent": "Not sent: the endpoint was disabled before this attempt.",
            },
        )
        claimed = [row[0] for row in cursor.fetchall()]
    deliveries = WebhookDelivery.objects.select_related("endpoint").in_bulk(claimed)
    return sorted(deliveries.values(), key=lambda delivery: (delivery.created_at, delivery.pk))


def _record(delivery: WebhookDelivery, answer, problem: str, now: datetime) -> None:
    _record_all([(delivery, answer, problem)], now)


def _record_all(outcomes, now: datetime) -> None:
    """Store how each attempt went, in one statement, inside the caller's transaction. It may
    match nothing: the endpoint, and its log with it, may have been deleted while the request
    was out."""
    for delivery, answer, problem in outcomes:
        delivery.last_status_code = answer.status if answer else None
        delivery.duration_ms = answer.duration_ms if answer else None
        delivery.response_excerpt = answer.excerpt if answer else ""
        delivery.error = problem
        if not problem:
            delivery.status, delivery.next_attempt_at = Status.SUCCEEDED, None
        elif delivery.attempts < MAX_ATTEMPTS:
            delivery.status = Status.FAILED
            delivery.next_attempt_at = now + retry_delay(delivery.attempts)
        else:
            delivery.status, delivery.next_attempt_at = Status.GIVEN_UP, None
    deliveries = [delivery for delivery, _, _ in outcomes]
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE {WebhookDelivery._meta.db_table} AS delivery
            SET status = outcome.status, next_attempt_at = outcome.next_attempt_at,
                last_status_code = outcome.last_status_code,
                duration_ms = outcome.duration_ms,
                response_excerpt = outcome.response_excerpt, error = outcome.error
            FROM unnest(%s::uuid[], %s::varchar[], %s::timestamptz[], %s::int[], %s::int[],
                        %s::text[], %s::text[])
                AS outcome(id, status, next_attempt_at, last_status_code, duration_ms,
                           response_excerpt, error)
            WHERE delivery.id = outcome.id
            """,
            [
                [getattr(delivery, name) for delivery in deliveries]
                for name in (
                    "pk",
                    "status",
                    "next_attempt_at",
                    "last_status_code",
                    "duration_ms",
                    "response_excerpt",
                    "error",
                )
            ],
        )
    for delivery in deliveries:
        if delivery.status == Status.GIVEN_UP:
            WebhookEndpoint.objects.filter(pk=delivery.endpoint_id, active=True).update(
                active=False,
                disabled_reason=_give_up_reason(delivery, now),
                disabled_at=timezone.now(),
                updated_at=timezone.now(),
            )


def attempt_lease() -> timedelta:
    return timedelta(seconds=settings.WEBHOOKS_ATTEMPT_LEASE_SECONDS)


def retry_delay(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed attempt, with jitter."""
    delay = RETRY_DELAYS[attempts - 1]
    return delay * random.uniform(1 - JITTER, 1 + JITTER)


def _give_up_reason(delivery: WebhookDelivery, now: datetime) -> str:
    hours = (now - delivery.created_at).total_seconds() / 3600
    return (
        f"The {delivery.event_type} delivery "
        f"{delivery.public_id} failed {delivery.attempts} times over {hours:.0f} hours "
        f"(last: {delivery.error}). Fix the receiver, then re-enable the endpoint."
    )
