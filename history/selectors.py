"""A record's history, newest first, as entries a person can read: what happened, when, who
did it and through what, and each field's value before and after."""

import datetime
import json
import uuid
from dataclasses import dataclass

from django.db import models
from django.db.models import OuterRef, Subquery

from crm import ids
from history.models import CREATE, EVENT_MODELS, PURGE

# Columns every record has that say nothing about what changed.
_NOT_SHOWN = {"id", "team", "created_at", "updated_at"}


@dataclass(frozen=True)
class FieldChange:
    name: str  # as the API names it (`company_id` for a reference)
    label: str  # the model field's verbose name
    old: object  # JSON-ready: IDs as TypeIDs, times as ISO 8601 UTC, phones as E.164
    new: object

    @property
    def old_text(self) -> str:
        return readable(self.old)

    @property
    def new_text(self) -> str:
        return readable(self.new)


def readable(value) -> str:
    """A value as the admin shows it to people: yes/no, a comma-separated list, JSON."""
    if value is None or value == "" or value == [] or value == {}:
        return "(empty)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


@dataclass(frozen=True)
class HistoryEntry:
    id: int
    type: str  # the event's label: create, update, archive, restore, remove, purge
    at: datetime.datetime
    actor_type: str | None  # api_token, staff_user, command; None when nobody was named
    actor: str | None
    actor_id: str | None
    path: str | None
    call_id: str | None  # the recorded call that made the change
    changes: list[FieldChange]
    # A merge the change was part of: {"survivor_id": ..., "merged_ids": [...]}.
    merge: dict | None = None

    @property
    def by(self) -> str:
        """Who made the change, for people: `API token Sync (crm_ab12cd34…)`."""
        kind = _ACTOR_KINDS.get(self.actor_type)
        return f"{kind} {self.actor}" if kind else "Unknown: no request or command was named"


_ACTOR_KINDS = {"api_token": "API token", "staff_user": "Staff user", "command": "Command"}


def record_events(record, *, team_ids=None) -> models.QuerySet:
    """The events of `record`, newest first, each with `previous_event_id` (the one before
    it); with `team_ids`, only events of those teams (an API token's, a staff member's)."""
    event_model = EVENT_MODELS[type(record)]
    events = event_model.objects.filter(pgh_obj_id=record.pk)
    if team_ids is not None:
        events = events.filter(team_id__in=team_ids)
    previous = event_model.objects.filter(
        team_id=OuterRef("team_id"),
        pgh_obj_id=OuterRef("pgh_obj_id"),
        pgh_id__lt=OuterRef("pgh_id"),
    ).order_by("-pgh_id")
    return (
        events.select_related("pgh_context")
        .annotate(previous_event_id=Subquery(previous.values("pgh_id")[:1]))
        .order_by("-pgh_id")
    )


def history_entries(events) -> list[HistoryEntry]:
    """Entries for a page of `record_events`, their field changes included (one query for
    the events before the page's)."""
    events = list(events)
    if not events:
        return []
    event_model = type(events[0])
    teams = {event.team_id for event in events}
    before = event_model.objects.filter(team_id__in=teams).in_bulk(
        [event.previous_event_id for event in events if event.previous_event_id is not None]
    )
    fields = shown_fields(event_model)
    return [_entry(event, before.get(event.previous_event_id), fields) for event in events]


def shown_fields(event_model) -> list[models.Field]:
    """The tracked record's fields an entry compares, in the model's order."""
    return [
        field
        for field in event_model._meta.concrete_fields
        if not field.name.startswith("pgh_")
        and field.name not in _NOT_SHOWN
        and field.name in {f.name for f in event_model.pgh_tracked_model._meta.fields}
    ]


def _entry(event, previous, fields) -> HistoryEntry:
    metadata = event.pgh_context.metadata if event.pgh_context else {}
    return HistoryEntry(
        id=event.pgh_id,
        type=event.pgh_label,
        at=event.pgh_created_at,
        actor_type=metadata.get("actor_type"),
        actor=metadata.get("actor"),
        actor_id=_text(metadata.get("actor_id")),
        path=metadata.get("path"),
        call_id=metadata.get("call"),
        changes=_changes(event, previous, fields),
        merge=(
            {"survivor_id": metadata["merged_into"], "merged_ids": metadata.get("merged_ids", [])}
            if "merged_into" in metadata
            else None
        ),
    )


def _changes(event, previous, fields) -> list[FieldChange]:
    """Each field whose value differs from the event before (for a creation, each field
    given a value; a purge changes nothing, it removes the record)."""
    if event.pgh_label == PURGE:
        return []
    changes = []
    for field in fields:
        new = getattr(event, field.attname)
        old = getattr(previous, field.attname) if previous is not None else None
        if event.pgh_label == CREATE or previous is None:
            if is_empty(new):
                continue
            old = None
        elif old == new:
            continue
        changes.append(
            FieldChange(
                name=field.attname,
                label=str(field.verbose_name),
                old=json_value(field, old),
                new=json_value(field, new),
            )
        )
    return changes


def is_empty(value) -> bool:
    """Whether a field's value is blank: None, "", [] or {} (a change between two blanks is no
    change; a merge takes a blank as "no value")."""
    return value is None or value == "" or value == [] or value == {}


def json_value(field, value):
    """A stored value as the API shows it: a reference as its TypeID, a time in UTC to the
    second, a phone number as E.164 text."""
    if value is None:
        return None
    if isinstance(value, uuid.UUID):
        prefix = getattr(field.related_model, "id_prefix", None) if field.is_relation else None
        return ids.encode(prefix, value) if prefix else str(value)
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, bool | int | float | str | list | dict):
        return value
    return getattr(value, "raw_input", None) or str(value)  # a phone: its stored E.164 text


def _text(value) -> str | None:
    return None if value is None else str(value)
