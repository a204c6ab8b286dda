"""Merging duplicate contacts into one: the one place the rules of a merge are written; the
API (`POST /api/crm/contacts/{id}/merge`) and the admin's merge screen call `merge_contacts`.

The survivor keeps its ID. Each field takes the value of the record chosen for it, or else
the survivor's when it has one, or else the first source's (in the order given) that has
one (`default_record`: a blank, None or "", is no value). Tags unite; custom fields merge
key by key by the same rule, unless a key's record is chosen; do-not-call is kept if any
record has it, and the registry keeps every entry. Calls move to the survivor. The sources
are archived with `merged_into` pointing at the survivor, so that a read of their IDs can
say where they went; merging a source already merged into the survivor changes nothing.
"""

from dataclasses import dataclass

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from calls.models import Call
from contacts import rules, services
from contacts.models import CONTACT_FIELDS, Contact
from crm import ids
from crm.exceptions import ConflictError
from donotcall import services as do_not_call
from history.selectors import is_empty

# Fields whose value is taken from one record: the survivor's, a chosen one's, or the
# first source's that has one.
CHOSEN_FIELDS = (
    "company",
    *(
        field.name
        for field in CONTACT_FIELDS
        if field.name not in ("do_not_call", "custom_fields", "tags")
    ),
)
# Fields a caller may choose a record for: those, the whole tag list or custom fields of
# one record, and one custom field (`custom_fields.<key>`). Do-not-call is never chosen:
# any record's flag wins over callable.
CHOOSABLE_FIELDS = (*CHOSEN_FIELDS, "tags", "custom_fields")
CUSTOM_FIELD_PREFIX = "custom_fields."
MAX_SOURCES = 20


class ContactMergedError(Exception):
    """The contact was merged into another; `survivor_id` names it (HTTP 410 in the API)."""

    def __init__(self, contact: Contact):
        self.contact = contact
        self.survivor_id = ids.encode(Contact.id_prefix, contact.merged_into_id)
        super().__init__(
            f"Contact {contact.public_id} was merged into {self.survivor_id}; use that ID."
        )


@dataclass(frozen=True)
class MergeResult:
    survivor: Contact
    merged: list[Contact]  # every source, now merged into the survivor
    newly_merged: list[Contact]  # those this call merged (none on a repeat)


def merge_contacts(
    survivor: Contact, source_ids, *, choices: dict | None = None, token=None, user=None
) -> MergeResult:
    """Merge the contacts `source_ids` (primary keys, of the survivor's team) into `survivor`.

    `choices` maps a field of CHOOSABLE_FIELDS, or `custom_fields.<key>`, to the primary key
    of the record (the survivor or a source) whose value it takes. One transaction: the
    survivor's and the sources' rows are locked, so a concurrent write or merge waits.
    `token` or `user` is who merges, recorded on the do-not-call entries it may add.

    Raises Http404 for a source not in the team, ValidationError for a bad request (the
    survivor among its sources, a choice naming another record or field), ConflictError
    for an archived survivor or a source merged elsewhere, ContactMergedError for a
    survivor that was itself merged.
    """
    choices = dict(choices or {})
    source_ids = list(dict.fromkeys(source_ids))
    _check_request(survivor, source_ids, choices)
    with transaction.atomic():
        # The numbers lock comes before any contact row (see lock_team_numbers).
        do_not_call.lock_team_numbers(survivor.team_id, to_register=True)
        locked = {
            contact.pk: contact
            for contact in Contact.objects.lookup_in_team(survivor.team_id)
            .filter(pk__in=[survivor.pk, *source_ids])
            .select_for_update()
            .order_by("pk")
        }
        survivor = _live_survivor(locked.get(survivor.pk) or survivor)
        sources = [_source(locked, pk, survivor) for pk in source_ids]
        newly_merged = [source for source in sources if source.merged_into_id is None]
        if newly_merged:
            # One recorded act: the survivor's and the sources' events share this context.
            pghistory.context(
                merged_into=survivor.public_id,
                merged_ids=[source.public_id for source in newly_merged],
            )
            _absorb(survivor, newly_merged, choices, token=token, user=user)
    return MergeResult(survivor=survivor, merged=sources, newly_merged=newly_merged)


def _check_request(survivor: Contact, source_ids: list, choices: dict) -> None:
    errors = {}
    if not source_ids:
        errors["source_ids"] = ["Name at least one contact to merge."]
    elif survivor.pk in source_ids:
        errors["source_ids"] = ["A contact cannot be merged into itself."]
    elif len(source_ids) > MAX_SOURCES:
        errors["source_ids"] = [f"Merge at most {MAX_SOURCES} contacts at once."]
    records = {survivor.pk, *source_ids}
    for field, pk in choices.items():
        if field not in CHOOSABLE_FIELDS and not (
            field.startswith(CUSTOM_FIELD_PREFIX) and len(field) > len(CUSTOM_FIELD_PREFIX)
        ):
            errors[f"fields.{field}"] = [
                "Not a field to choose: do-not-call is kept if any record has it."
                if field == "do_not_call"
                else "Unknown field."
            ]
        elif pk not in records:
            errors[f"fields.{field}"] = ["Choose the survivor or one of the merged contacts."]
    if errors:
        raise ValidationError(errors)


def _live_survivor(survivor: Contact) -> Contact:
    if survivor.merged_into_id is not None:
        raise ContactMergedError(survivor)
    if survivor.is_archived:
        raise ConflictError(
            f"Contact {survivor.public_id} is archived; restore it, or merge into a live contact.",
            archived_at=survivor.archived_at.isoformat().replace("+00:00", "Z"),
        )
    return survivor


def _source(locked: dict, pk, survivor: Contact) -> Contact:
    source = locked.get(pk)
    if source is None:
        raise Http404(f"Contact {ids.encode(Contact.id_prefix, pk)} not found.")
    if source.merged_into_id not in (None, survivor.pk):
        other = ids.encode(Contact.id_prefix, source.merged_into_id)
        raise ConflictError(
            f"Contact {source.public_id} was already merged into {other}.",
            {"source_ids": [f"{source.public_id} was merged into {other}."]},
            existing_id=other,
        )
    return source


def _absorb(survivor: Contact, sources: list[Contact], choices: dict, *, token, user) -> None:
    """Archive `sources` into `survivor`, then give the survivor their values and calls."""
    records = {contact.pk: contact for contact in [survivor, *sources]}
    source_pks = [source.pk for source in sources]
    now = timezone.now()
    # The sources go first, so that the survivor may take an email or external ID of theirs
    # without clashing on the live-uniqueness indexes.
    Contact.objects.filter(pk__in=source_pks).update(
        merged_into=survivor,
        archived_at=Coalesce("archived_at", Value(now)),  # an archived source keeps its time
        updated_at=now,
        call_count=0,
        last_called_at=None,
    )
    # Contacts merged into a source earlier now point at where it went.
    Contact.objects.filter(merged_into__in=source_pks).update(merged_into=survivor)

    changed = set()
    for field in CHOSEN_FIELDS:
        attname = Contact._meta.get_field(field).attname
        record = records.get(choices.get(field)) or default_record(field, survivor, sources)
        value = getattr(record, attname)
        if value != getattr(survivor, attname):
            setattr(survivor, attname, value)
            changed.add(field)

    tags = _merged_tags(survivor, sources, records.get(choices.get("tags")))
    custom_fields = _merged_custom_fields(survivor, sources, records, choices)
    do_not_call_flag = any(record.do_not_call for record in records.values())
    for field, value in (
        ("tags", tags),
        ("custom_fields", custom_fields),
        ("do_not_call", do_not_call_flag),
    ):
        if value != getattr(survivor, field):
            setattr(survivor, field, value)
            changed.add(field)

    calls = Call.objects.filter(contact_id__in=source_pks)
    last_call = calls.aggregate(last=Max("started_at"))["last"]
    moved = calls.update(contact_id=survivor.pk)
    if moved:
        survivor.call_count += moved
        changed.add("call_count")
        if survivor.last_called_at is None or last_call > survivor.last_called_at:
            survivor.last_called_at = last_call
            changed.add("last_called_at")
    # Written even when no value changed, so that `updated_at` says the contact changed.
    services.save_checked(survivor, [*changed, "updated_at"])
    services.register_do_not_call_numbers(survivor, token=token, user=user)


def default_record(name: str, survivor: Contact, sources: list[Contact]) -> Contact:
    """The record whose value the field `name` (one of CHOSEN_FIELDS, or
    `custom_fields.<key>`) takes when none is chosen for it: the survivor when it has a
    value, else the first source (in the order given) that has one, else the first record
    that holds the field at all. A blank (None, "", [] or {}) is no value."""
    holding = [
        (record, value)
        for record in [survivor, *sources]
        if (value := _value(record, name)) is not _ABSENT
    ]
    return next((record for record, value in holding if not is_empty(value)), holding[0][0])


_ABSENT = object()  # a custom field the record does not have


def _value(record: Contact, name: str):
    if name.startswith(CUSTOM_FIELD_PREFIX):
        return record.custom_fields.get(name.removeprefix(CUSTOM_FIELD_PREFIX), _ABSENT)
    return getattr(record, Contact._meta.get_field(name).attname)


def _merged_tags(survivor: Contact, sources: list[Contact], chosen: Contact | None) -> list:
    """The chosen record's tags, or every record's, the survivor's first (case-insensitive)."""
    if chosen is not None:
        return chosen.tags
    tags = [tag for record in [survivor, *sources] for tag in record.tags]
    try:
        return rules.normalize_tags(tags)
    except ValidationError as error:
        raise ValidationError(
            {"tags": [f"Together: {message}" for message in error.messages]}
        ) from error


def _merged_custom_fields(survivor: Contact, sources: list, records: dict, choices: dict) -> dict:
    """Every record's keys: a chosen record's value for its key, else `default_record`'s;
    with `custom_fields` chosen, that record's object as it is."""
    whole = records.get(choices.get("custom_fields"))
    if whole is not None:
        merged = dict(whole.custom_fields)
    else:
        keys = dict.fromkeys(key for record in [survivor, *sources] for key in record.custom_fields)
        merged = {
            key: default_record(f"{CUSTOM_FIELD_PREFIX}{key}", survivor, sources).custom_fields[key]
            for key in keys
        }
    for field, pk in choices.items():
        if field.startswith(CUSTOM_FIELD_PREFIX):
            key = field.removeprefix(CUSTOM_FIELD_PREFIX)
            values = records[pk].custom_fields
            if key in values:
                merged[key] = values[key]
            else:
                merged.pop(key, None)
    try:
        return rules.validate_custom_fields(merged)
    except ValidationError as error:
        raise ValidationError(
            {"custom_fields": [f"Together: {message}" for message in error.messages]}
        ) from error
