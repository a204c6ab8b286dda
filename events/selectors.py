"""Reading the change feed: a team's events after a cursor, in commit order, each with the
record's state after the change, as the API renders the record."""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone
from django_filters.utils import translate_validation
from rest_framework.exceptions import ValidationError

from crm.models import ApiToken, Team
from donotcall.models import DoNotCallEntry
from events.cursors import NOT_A_CURSOR, Cursor
from events.filtersets import EventFilterSet
from events.kinds import KIND_BY_NAME, KIND_BY_RANK, KINDS, Kind
from events.models import TeamTransaction


class CursorExpired(Exception):
    """The cursor points before the oldest event kept."""


@dataclass(frozen=True)
class FeedEvent:
    cursor: Cursor  # this event's position: `after` it reads on from the next one
    type: str
    kind: Kind
    at: datetime.datetime  # when its transaction committed
    actor_type: str | None  # api_token, staff_user, command; None when nobody was named
    actor: str | None
    actor_id: str | None
    path: str | None
    record: object  # the record after the change (for a purge, as it was when purged)


@dataclass(frozen=True)
class FeedPage:
    events: list[FeedEvent]
    next_cursor: Cursor
    has_more: bool


def retention_cutoff(now: datetime.datetime | None = None) -> datetime.datetime:
    """Events of transactions committed before this are past retention."""
    return (now or timezone.now()) - datetime.timedelta(days=settings.EVENT_RETENTION_DAYS)


def event_feed(*, team: Team, filters: Mapping[str, str], limit: int) -> FeedPage:
    """The team's next `limit` events after `filters["after"]` of the types asked for.

    Raises the FilterSet's 400s, and CursorExpired for a cursor past retention."""
    filterset = EventFilterSet(filters, queryset=TeamTransaction.objects.none(), team=team)
    if not filterset.is_valid():
        raise translate_validation(filterset.errors)
    filterset.qs  # noqa: B018 -- the FilterSet checks `teamId` as it filters
    after = _checked_start(filterset.form.cleaned_data["after"])
    types = filterset.form.cleaned_data["types"]
    return _page(team, after, types, limit)


def _checked_start(after: Cursor | None) -> Cursor:
    """Where to read from: `after`, unless events after it are no longer kept (CursorExpired)
    or it was never given (a 400); without it, after the last transaction past retention."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT coalesce((SELECT value FROM events_feedcounter), 0),
                   greatest(
                       coalesce((SELECT purged_through FROM events_feedcounter), 0),
                       -- Numbers are given in commit order, and so are commit times.
                       coalesce((SELECT sequence FROM events_committedtransaction
                                  WHERE committed_at < %s
                                  ORDER BY committed_at DESC LIMIT 1), 0))
            """,
            [retention_cutoff()],
        )
        given, last_expired = cursor.fetchone()
    oldest_kept = Cursor.end_of(last_expired)
    if after is None:
        return oldest_kept
    if after.sequence > given:
        raise ValidationError({"after": [NOT_A_CURSOR]})
    if after < oldest_kept:
        raise CursorExpired()
    return after


def _page(team: Team, after: Cursor, types: list[str] | None, limit: int) -> FeedPage:
    """One statement, so one snapshot, reads the page's positions and the last sequence
    committed: a snapshot that sees a number sees every number below it, so when the team
    has no more events the next cursor moves to that number, and later polls skip the
    other teams' transactions before it."""
    branches, parameters = (
        [],
        {
            "team": team.pk,
            "sequence": after.sequence,
            "rank": after.rank,
            "event_id": after.event_id,
            "limit": limit + 1,
        },
    )
    for kind in KINDS:
        labels = [label for label, name in kind.types.items() if types is None or name in types]
        if not labels:
            continue
        parameters[f"labels_{kind.rank}"] = labels
        # Inside the cursor's transaction, only events after it; in later ones, all.
        branches.append(
            f"""(SELECT {kind.rank} AS rank, event.pgh_id AS event_id
                FROM {kind.table} AS event
                WHERE event.transaction_id = team_transaction.transaction_id
                  AND event.team_id = team_transaction.team_id
                  AND event.pgh_label = ANY(%(labels_{kind.rank})s)
                  AND event.pgh_id > CASE
                      WHEN team_transaction.sequence > %(sequence)s OR {kind.rank} > %(rank)s
                      THEN 0
                      WHEN {kind.rank} = %(rank)s THEN %(event_id)s
                      ELSE 2147483647 END
                ORDER BY event.pgh_id
                LIMIT %(limit)s)"""
        )
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH page AS (
                SELECT team_transaction.sequence, team_transaction.transaction_id,
                       event.rank, event.event_id
                FROM events_teamtransaction AS team_transaction
                CROSS JOIN LATERAL ({" UNION ALL ".join(branches)}) AS event
                WHERE team_transaction.team_id = %(team)s
                  AND team_transaction.sequence >= %(sequence)s
                ORDER BY team_transaction.sequence, event.rank, event.event_id
                LIMIT %(limit)s
            )
            SELECT page.sequence, page.rank, page.event_id, committed.committed_at,
                   (SELECT max(sequence) FROM events_committedtransaction) AS last_committed
            FROM (SELECT 1) AS always
            LEFT JOIN page ON true
            LEFT JOIN events_committedtransaction AS committed
                   ON committed.transaction_id = page.transaction_id
            ORDER BY page.sequence, page.rank, page.event_id
            """,
            parameters,
        )
        rows = cursor.fetchall()
    last_committed = rows[0][4] or 0
    positions = [(Cursor(*row[:3]), row[3]) for row in rows if row[0] is not None]
    has_more = len(positions) > limit
    positions = positions[:limit]
    # A short page read every event this snapshot holds for the team: read on from its end.
    next_cursor = positions[-1][0] if has_more else max(after, Cursor.end_of(last_committed))
    return FeedPage(_events(positions), next_cursor, has_more)


def _events(positions: list[tuple[Cursor, datetime.datetime]]) -> list[FeedEvent]:
    """The events at `positions`, read per kind (a query per kind on the page)."""
    by_kind: dict[int, dict] = {}
    for kind in KINDS:
        wanted = [position.event_id for position, _ in positions if position.rank == kind.rank]
        if wanted:
            rows = kind.event_model.objects.select_related("pgh_context").in_bulk(wanted)
            by_kind[kind.rank] = rows
    records = {
        rank: {event_id: _record(KIND_BY_RANK[rank], event) for event_id, event in rows.items()}
        for rank, rows in by_kind.items()
    }
    registry = KIND_BY_NAME["do_not_call"].rank
    _attach_added_by(list(records.get(registry, {}).values()))
    events = []
    for position, committed_at in positions:
        kind = KIND_BY_RANK[position.rank]
        event = by_kind[kind.rank][position.event_id]
        metadata = event.pgh_context.metadata if event.pgh_context else {}
        actor_id = metadata.get("actor_id")
        events.append(
            FeedEvent(
                cursor=position,
                type=kind.types[event.pgh_label],
                kind=kind,
                at=committed_at,
                actor_type=metadata.get("actor_type"),
                actor=metadata.get("actor"),
                actor_id=None if actor_id is None else str(actor_id),
                path=metadata.get("path"),
                record=records[kind.rank][position.event_id],
            )
        )
    return events


def _record(kind: Kind, event):
    """The tracked record as the event holds it (its derived columns left at their defaults:
    the feed's state leaves them out)."""
    model = kind.record_model
    stored = {field.attname for field in kind.event_model._meta.concrete_fields}
    return model(
        **{
            field.attname: getattr(event, field.attname)
            for field in model._meta.concrete_fields
            if field.attname in stored
        }
    )


def _attach_added_by(entries: list[DoNotCallEntry]) -> None:
    """Who added each do-not-call entry, as the registry's list shows it: the page's tokens
    and users read once."""
    tokens = ApiToken.objects.in_bulk({entry.added_by_token_id for entry in entries} - {None})
    users = get_user_model().objects.in_bulk({entry.added_by_user_id for entry in entries} - {None})
    for entry in entries:
        entry.added_by_token = tokens.get(entry.added_by_token_id)
        entry.added_by_user = users.get(entry.added_by_user_id)
