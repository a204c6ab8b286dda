"""Writes for the do-not-call registry: the one place its entries are added and removed.

Adding is idempotent and set-based (one INSERT ... ON CONFLICT DO NOTHING for any number of
numbers): a number already on the team's registry keeps its first entry. Removing is a
recorded act: the entry stays, marked removed by whom and when, and the number can be
registered again later.

Contacts carrying the numbers a write adds or removes, archived ones included, are rechecked
by PostgreSQL (`Contact.number_on_do_not_call_list`), not here: the registry's statement
triggers (donotcall migration 0007) do it for every write, these and a raw SQL one alike. A
removed number leaves a contact listed when its other number is still on the registry.

Concurrent writes stay consistent through one lock per team, "the team's numbers"
(lock_team_numbers): every registry write holds it exclusive, every check of a contact's
numbers against the registry (the contact trigger, the contacts importer) shared, so that
whichever commits second sees what the first wrote.
"""

from collections.abc import Callable, Iterable

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from crm import ids
from crm.models import ApiToken, Team
from donotcall.models import DoNotCallEntry, Source

_INSERT = f"""
INSERT INTO donotcall_donotcallentry (
    id, team_id, number, reason, source, added_by_token_id, added_by_user_id, call_id,
    contact_id, created_at
)
SELECT {ids.UUID7_SQL}, given.team_id, given.number, about.reason, about.source,
    about.token_id, about.user_id, about.call_id, given.contact_id, now()
FROM ({{numbers}}) AS given (team_id, number, contact_id)
CROSS JOIN (SELECT %s::varchar, %s::varchar, %s::bigint, %s::integer, %s::uuid)
    AS about (reason, source, token_id, user_id, call_id)
WHERE given.number IS NOT NULL
ON CONFLICT (team_id, number) WHERE removed_at IS NULL DO NOTHING
RETURNING number
"""

# `Contact.number_on_do_not_call_list` of the contact row `c`, in SQL: either number live on
# its team's registry. For set-based statements (the contacts importer); crm_numbers_on_registry
# (donotcall migration 0006) is the one definition, which the contact trigger and the
# registry's own triggers read too. Inlined by PostgreSQL: a probe of the registry's unique
# index per number.
NUMBERS_ON_REGISTRY = (
    "(SELECT on_registry FROM crm_numbers_on_registry(c.team_id, c.phone, c.phone_secondary))"
)


# The advisory lock of "the team's numbers", for the rest of the transaction, for each team
# given (in one order, so that two multi-team writers cannot deadlock); the key is made by
# crm_team_numbers_lock_key (contacts migration 0012), which the contact trigger uses too.
_LOCK_TEAMS = """
SELECT {function}(crm_team_numbers_lock_key(teams.team_id))
FROM (SELECT DISTINCT team_id FROM ({teams}) AS given (team_id) ORDER BY team_id) AS teams
"""


def lock_team_numbers(team, *, to_register: bool) -> None:
    """Hold the team's numbers lock until the transaction ends: exclusive when it will
    change the registry (`to_register`), else shared (it writes contacts' numbers).

    A transaction that writes a contact's number and then the registry calls this with
    `to_register` before its first write: the trigger's shared lock upgraded later to
    exclusive would deadlock with another transaction doing the same. Called before any
    contact row is locked, too: a registry writer holding the lock may be waiting for that row.
    """
    _lock_teams_of("SELECT %s::uuid", [getattr(team, "pk", team)], exclusive=to_register)


def lock_numbers_of_teams(team_ids: QuerySet, *, to_register: bool) -> None:
    """lock_team_numbers for each team a queryset of `team_id` values names (bulk changes)."""
    sql, params = team_ids.order_by().query.sql_with_params()
    _lock_teams_of(sql, list(params), exclusive=to_register)


def _lock_teams_of(select: str, params: list, *, exclusive: bool) -> None:
    """Take the numbers lock of each team a SELECT yields as its first column."""
    function = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
    with connection.cursor() as cursor:
        cursor.execute(_LOCK_TEAMS.format(function=function, teams=select), params)


def register_numbers(
    *,
    team: Team,
    numbers: Iterable[str],
    source: str,
    reason: str | None = None,
    token: ApiToken | None = None,
    user=None,
    call=None,
    contact=None,
) -> set[str]:
    """Put E.164 `numbers` on the team's registry; returns those that were not on it yet.

    `numbers` must already be normalised (contacts.rules.normalize_phone); None and repeats
    are skipped. `token` or `user` is who adds them; `call` or `contact` what they came from.
    """
    given = sorted({str(number) for number in numbers if number})
    if not given:
        return set()
    select = "SELECT %s::uuid, unnest(%s::varchar[]), %s::uuid"
    params = [getattr(team, "pk", team), given, getattr(contact, "pk", contact)]
    return register_selected_numbers(
        select, params, source=source, reason=reason, token=token, user=user, call=call
    )


def register_contact_numbers(contacts: QuerySet, *, source: str, user=None) -> int:
    """Put the phone and secondary phone of every contact in `contacts` on its team's
    registry, linked to the contact, in one statement; returns how many were new."""
    selects = [
        contacts.order_by().values_list("team_id", field, "id").query.sql_with_params()
        for field in ("phone", "phone_secondary")
    ]
    select = " UNION ALL ".join(sql for sql, _ in selects)
    params = [param for _, select_params in selects for param in select_params]
    return len(register_selected_numbers(select, params, source=source, user=user))


def register_selected_numbers(
    select: str, params: list, *, source: str, reason=None, token=None, user=None, call=None
) -> set[str]:
    """Register the numbers a SELECT yields as (team_id, number, contact_id) rows, in one
    INSERT ... SELECT (for callers that hold their numbers in a table, such as an import's
    staging table); returns those that were not on their team's registry yet."""
    if source not in Source.values:
        raise ValueError(f"unknown do-not-call source {source!r}")
    about = [reason, source, *(getattr(x, "pk", x) for x in (token, user, call))]
    with transaction.atomic(), connection.cursor() as cursor:
        # Before the INSERT, though the registry trigger takes it too: taken only after, two
        # writers of one number could each hold what the other waits for (the lock, and the
        # number's entry in the unique index).
        _lock_teams_of(f"SELECT team_id FROM ({select}) AS given (team_id)", params, exclusive=True)
        cursor.execute(_INSERT.format(numbers=select), [*params, *about])
        return {number for (number,) in cursor.fetchall()}


def remove_number(
    *,
    team: Team,
    number: str,
    token: ApiToken | None = None,
    user=None,
    precondition: Callable[[DoNotCallEntry], None] | None = None,
) -> DoNotCallEntry | None:
    """Take an E.164 number off the team's registry, recording who did and when; returns the
    removed entry, or None when the number was not on it. `precondition`, when given, sees
    the entry as read under its lock, before it is changed, and raises to leave it as is."""
    with transaction.atomic():
        lock_team_numbers(team, to_register=True)
        entry = (
            DoNotCallEntry.objects.live()
            .lookup_in_team(team)
            .filter(number=number)
            .select_for_update()
            .one_or_none()
        )
        if entry is None:
            return None
        if precondition is not None:
            precondition(entry)
        entry.removed_at = timezone.now()
        entry.removed_by_token = token
        entry.removed_by_user = user
        entry.save(update_fields=["removed_at", "removed_by_token", "removed_by_user"])
    return entry


def remove_entries(entries: QuerySet, *, user=None, token: ApiToken | None = None) -> int:
    """Mark the live entries of `entries` removed by `user` (or `token`), now; returns how
    many were."""
    with transaction.atomic():
        lock_numbers_of_teams(entries.live().values("team_id"), to_register=True)
        removed = list(entries.live().order_by().select_for_update().values_list("pk", flat=True))
        DoNotCallEntry.objects.filter(pk__in=removed).update(
            removed_at=timezone.now(), removed_by_user=user, removed_by_token=token
        )
    return len(removed)
