"""Writes for contacts (a call is recorded by calls.services).

Callers pass values already checked by `contacts.rules` (the API serializers and
the admin form do). Each function is one transaction; a clash with another live
contact is a ConflictError naming the existing one.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Func, Q, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Lower
from django.utils import timezone

from companies.services import purge_archived_companies
from contacts import rules
from contacts.models import Contact
from crm import ids
from crm.exceptions import ConflictError
from crm.models import Team
from crm.services import delete_in_batches
from donotcall import services as do_not_call
from donotcall.models import Source

MATCH_KEYS = ("email", "phone", "external_id")
# What a contact needs before it can be created (an upsert that matches nothing creates).
REQUIRED_TO_CREATE = ("company", "first_name", "last_name")


def create_contact(*, token=None, user=None, **fields) -> Contact:
    """A new contact; `team` and `company` must already be the caller's (see TeamObjectField).
    `token` or `user` is who writes it, recorded on the do-not-call entries it may add."""
    if "custom_fields" in fields:
        # As in every later write, a null value means "no such key" (RFC 7396).
        fields["custom_fields"] = rules.merge_patch({}, fields["custom_fields"])
    try:
        with transaction.atomic():
            if fields.get("do_not_call"):
                do_not_call.lock_team_numbers(fields["team"], to_register=True)
            contact = Contact.objects.create(**fields)
            register_do_not_call_numbers(contact, token=token, user=user)
            return contact
    except IntegrityError as error:
        conflict = _duplicate_conflict(error, fields["team"], fields)
        if conflict is None:
            raise
        raise conflict from error


def update_contact(contact: Contact, changes: dict, *, token=None, user=None) -> Contact:
    """Apply `changes` (field -> value) to a live contact.

    `custom_fields` is a JSON merge patch (RFC 7396): keys merge one by one and a
    null value removes its key. The row is locked while merging, so concurrent
    patches of different keys both survive.
    """
    with transaction.atomic():
        if changes.keys() & {"do_not_call", "phone", "phone_secondary"}:
            registers = changes.get("do_not_call", contact.do_not_call)
            do_not_call.lock_team_numbers(contact.team_id, to_register=registers)
        contact = locked_live_contact(contact)
        changes = dict(changes)
        if "custom_fields" in changes:
            changes["custom_fields"] = merged_custom_fields(
                contact.custom_fields, changes["custom_fields"], field="custom_fields"
            )
        for name, value in changes.items():
            setattr(contact, name, value)
        if changes:
            save_checked(contact, [*changes, "updated_at"])
        if changes.keys() & {"do_not_call", "phone", "phone_secondary"}:
            register_do_not_call_numbers(contact, token=token, user=user)
    return contact


def register_do_not_call_numbers(contact: Contact, *, token=None, user=None) -> None:
    """A contact flagged do-not-call puts its numbers on its team's registry (source
    `contact`), so that no other contact, now or later, makes them callable. Clearing the
    flag leaves them there: taking a number off is a deliberate act on the registry."""
    if contact.do_not_call:
        do_not_call.register_numbers(
            team=contact.team_id,
            numbers=[contact.phone, contact.phone_secondary],
            source=Source.CONTACT,
            contact=contact,
            token=token,
            user=user,
        )


def archive_contact(contact: Contact) -> Contact:
    """Hide the contact from lists, search and campaigns; `purge_archived` deletes it later."""
    if not contact.is_archived:
        contact.archived_at = timezone.now()
        contact.save(update_fields=["archived_at", "updated_at"])
    return contact


def archive_contacts(contacts) -> int:
    """Archive the live contacts of a queryset; returns how many."""
    now = timezone.now()
    return contacts.live().update(archived_at=now, updated_at=now)


def purge_archived_contacts(*, archived_before: datetime, dry_run: bool = False) -> int:
    """Delete for good the contacts archived before `archived_before`, and those of teams
    deactivated before then, their calls with them; returns how many (a dry run counts them
    and deletes nothing)."""
    # Team by team: one condition across the join would read every contact each batch.
    purged = [Contact.objects.filter(archived_at__lt=archived_before)]
    purged += [team.contacts.all() for team in Team.deactivated_before(archived_before)]
    return sum(contacts.count() if dry_run else delete_in_batches(contacts) for contacts in purged)


def purge_archived_records(*, archived_before: datetime, dry_run: bool = False) -> tuple[int, int]:
    """Delete for good the contacts, then the companies, archived before `archived_before`;
    returns how many of each (a dry run counts and deletes nothing)."""
    # Contacts first: a company goes once it has no contacts left.
    contact_count = purge_archived_contacts(archived_before=archived_before, dry_run=dry_run)
    company_count = purge_archived_companies(archived_before=archived_before, dry_run=dry_run)
    return contact_count, company_count


def restore_contact(contact: Contact) -> Contact:
    """Bring an archived contact back, unless a live one has taken its email or external ID,
    or its company is archived. A contact merged into another stays archived: its calls and
    values live on in the survivor."""
    if contact.merged_into_id is not None:
        survivor_id = ids.encode(Contact.id_prefix, contact.merged_into_id)  # no query
        raise ConflictError(
            f"Contact {contact.public_id} was merged into {survivor_id}; it cannot be restored.",
            existing_id=survivor_id,
        )
    if contact.is_archived:
        if contact.company is not None and contact.company.is_archived:
            raise ConflictError(
                f"Its company {contact.company.public_id} is archived; restore the company "
                "first, or move the contact to another company.",
                {"company": ["Archived."]},
            )
        contact.archived_at = None
        save_checked(contact, ["archived_at", "updated_at"])
    return contact


def upsert_contact(
    *, team: Team, match_on: str, fields: dict, token=None, user=None
) -> tuple[Contact, bool]:
    """Update the live contact whose `match_on` field equals the given value, or create one.

    Returns (contact, created). Concurrent upserts of the same key are serialised
    by a transaction-level advisory lock, so they never create two contacts.
    """
    if match_on not in MATCH_KEYS:
        raise ValueError(f"cannot match on {match_on}")
    key = fields.get(match_on)
    if key is None:
        raise ValidationError({match_on: ["Required: it is the field to match on."]})
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))",
                [f"contact-upsert:{team.pk}:{match_on}:{str(key).lower()}"],
            )
        # Unordered, for the reason in TeamOwnedQuerySet.one_or_none; newest first when named.
        matches = sorted(
            _live_matches(team, match_on, key).order_by()[:10],
            key=lambda match: (match.created_at, match.pk),
            reverse=True,
        )
        if len(matches) > 1:
            ids = [match.public_id for match in matches]
            raise ConflictError(
                f"{len(matches)} contacts match {match_on} '{key}': {', '.join(ids)}.",
                {match_on: ["More than one live contact has this value."]},
                existing_ids=ids,
            )
        if matches:
            return update_contact(matches[0], fields, token=token, user=user), False
        missing = [name for name in REQUIRED_TO_CREATE if fields.get(name) in (None, "")]
        if missing:
            raise ValidationError(
                {name: ["Required to create a contact (nothing matched)."] for name in missing}
            )
        return create_contact(team=team, token=token, user=user, **fields), True


def locked_live_contact(contact: Contact) -> Contact:
    """The contact, its row locked until the transaction ends; a ConflictError if archived."""
    contact = Contact.objects.lookup_in_team(contact.team_id).select_for_update().get(pk=contact.pk)
    if contact.is_archived:
        raise ConflictError(
            f"Contact {contact.public_id} is archived; restore it before changing it.",
            archived_at=contact.archived_at.isoformat().replace("+00:00", "Z"),
        )
    return contact


def merged_custom_fields(current: dict, patch: dict, *, field: str) -> dict:
    """`patch` (RFC 7396) merged into `current`, checked by the custom-field rule; its
    errors are named after `field`, the request field the patch came in."""
    try:
        return rules.validate_custom_fields(rules.merge_patch(current, patch))
    except ValidationError as error:
        raise ValidationError(
            {field: [f"After merging: {message}" for message in error.messages]}
        ) from error


def save_checked(contact: Contact, update_fields: list[str]) -> None:
    """Save `update_fields`; a duplicate live email or external ID is a ConflictError."""
    try:
        with transaction.atomic():
            contact.save(update_fields=update_fields)
    except IntegrityError as error:
        conflict = _duplicate_conflict(error, contact.team, vars(contact))
        if conflict is None:
            raise
        raise conflict from error


def live_duplicate(contact: Contact) -> tuple[str, Contact] | None:
    """Another live contact of the team with this contact's email or external ID, if any."""
    for field in ("email", "external_id"):
        value = getattr(contact, field)
        if value:
            other = _live_matches(contact.team, field, value).exclude(pk=contact.pk).one_or_none()
            if other is not None:
                return field, other
    return None


def _live_matches(team: Team, field: str, value):
    contacts = Contact.objects.live().lookup_in_team(team)
    if field == "email":
        # The same comparison as contact_unique_live_email, so its index serves it; with its
        # predicate stated, which PostgreSQL cannot infer through lower() (see
        # contacts.imports.loading.EMAIL_KEY).
        return contacts.alias(lower_email=Lower("email")).filter(
            email__isnull=False, lower_email=Lower(Value(value))
        )
    return contacts.filter(**{field: value})


def _duplicate_conflict(error: IntegrityError, team: Team, fields: dict) -> ConflictError | None:
    """The ConflictError for a duplicate live email or external ID, naming the existing contact."""
    constraint = getattr(getattr(error.__cause__, "diag", None), "constraint_name", None)
    field = {
        "contact_unique_live_email": "email",
        "contact_unique_live_external_id": "external_id",
    }.get(constraint)
    if field is None:
        return None
    existing = _live_matches(team, field, fields[field]).one_or_none()
    existing_id = existing.public_id if existing else None
    label = "email" if field == "email" else "external ID"
    return ConflictError(
        f"A live contact in your team already has this {label}: {existing_id}.",
        {field: [f"Already used by {existing_id}."]},
        existing_id=existing_id,
    )


# --- bulk changes (admin actions) --------------------------------------
# Each takes a queryset already limited to the caller's teams and returns how many rows changed.


def set_lead_status(contacts, lead_status: str) -> int:
    status = rules.normalize_lead_status(lead_status)
    return (
        contacts.live()
        .exclude(lead_status=status)
        .update(lead_status=status, updated_at=timezone.now())
    )


def set_do_not_call(contacts, flag: bool, *, user=None) -> int:
    """Set or clear the do-not-call flag; setting it also puts the contacts' numbers on their
    teams' registries (see register_do_not_call_numbers)."""
    with transaction.atomic():
        if flag:
            do_not_call.lock_numbers_of_teams(contacts.live().values("team_id"), to_register=True)
        changed = (
            contacts.live()
            .exclude(do_not_call=flag)
            .update(do_not_call=flag, updated_at=timezone.now())
        )
        if flag:
            do_not_call.register_contact_numbers(contacts.live(), source=Source.CONTACT, user=user)
    return changed


def add_tag(contacts, tag: str) -> tuple[int, int]:
    """Add `tag` where it is missing (ignoring case). Returns (added, skipped for being full)."""
    (tag,) = rules.normalize_tags([tag]) or [None]
    if tag is None:
        raise ValidationError({"tags": ["Give a tag."]})
    missing = contacts.live().exclude(pk__in=contacts.with_tag(tag).values("pk"))
    full = missing.filter(_tag_count_at_least(rules.TAGS_MAX_COUNT)).count()
    added = missing.exclude(_tag_count_at_least(rules.TAGS_MAX_COUNT)).update(
        tags=Func(F("tags"), Value(tag), function="array_append"), updated_at=timezone.now()
    )
    return added, full


def remove_tag(contacts, tag: str) -> int:
    """Remove `tag` (ignoring case) wherever it is."""
    tag = tag.strip()
    return (
        contacts.live()
        .with_tag(tag)
        .update(
            tags=RawSQL(
                "ARRAY(SELECT t FROM unnest(tags) AS t WHERE lower(t) <> lower(%s))", [tag]
            ),
            updated_at=timezone.now(),
        )
    )


def _tag_count_at_least(count: int) -> Q:
    return Q(tags__len__gte=count)
