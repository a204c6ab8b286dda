"""Whether a contact may be called: its standing call blockers, written once.

A blocker is a name and the SQL condition under which it holds. The same conditions give a
contact's `call_blockers` (one array per row, computed in the list's own query) and the
`callable` filter (each negated at the top of the WHERE, so the registry's is an anti-join).
Another blocker is one more entry in `standing_blockers`.
"""

from functools import reduce
from operator import and_

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Case, F, Func, Q, Value, When

from crm.models import Team
from donotcall.selectors import number_on_registry


def standing_blockers(team: Team | None = None) -> dict[str, Q | None]:
    """Blocker name -> the condition on a contact row under which it holds, in the order
    responses list them; None for a blocker that cannot hold for `team`'s contacts.

    Given the contacts' team, its rules are values in the query (no join to the team);
    without, each row reads its team's.
    """
    if team is None:
        attempts = Q(
            team__max_call_attempts__isnull=False, call_count__gte=F("team__max_call_attempts")
        )
    elif team.max_call_attempts is None:
        attempts = None
    else:
        attempts = Q(call_count__gte=team.max_call_attempts)
    return {
        # The number a dialler calls (contacts.windows.standing_callable agrees).
        "no_phone": Q(phone__isnull=True),
        "do_not_call": Q(do_not_call=True),
        "number_on_do_not_call_list": on_registry_condition(),
        "archived": Q(archived_at__isnull=False),
        "max_attempts_reached": attempts,
    }


def _holding(team: Team | None) -> dict[str, Q]:
    return {name: q for name, q in standing_blockers(team).items() if q is not None}


def on_registry_condition() -> Q:
    """The contact's phone or secondary phone is on its team's do-not-call registry."""
    return Q(number_on_registry("phone")) | (
        # Asked only of contacts that have one: as a second anti-join, PostgreSQL hashed the
        # team's whole registry again for a column that is mostly empty.
        Q(phone_secondary__isnull=False) & Q(number_on_registry("phone_secondary"))
    )


def not_on_registry_condition() -> Q:
    """Neither of the contact's numbers is on its team's registry: each negated on its own,
    so that the phone's is an anti-join."""
    return _negated_parts(on_registry_condition())


# standing_blockers' names, known without building its queries (which need the models loaded).
BLOCKER_NAMES = (
    "no_phone",
    "do_not_call",
    "number_on_do_not_call_list",
    "archived",
    "max_attempts_reached",
)


def call_blockers(team: Team | None = None) -> Func:
    """The contact's standing blockers as a text array (empty when callable); `team`, when
    every row is of that team."""
    cases = [
        Case(When(condition, then=Value(name)), output_field=models.TextField())
        for name, condition in _holding(team).items()
    ]
    return Func(
        *cases,
        template="array_remove(ARRAY[%(expressions)s]::text[], NULL)",
        output_field=ArrayField(models.TextField()),
    )


def callable_condition(team: Team | None = None) -> Q:
    """Contacts with no standing blocker: each blocker's condition negated, ANDed."""
    return reduce(and_, (_negated_parts(condition) for condition in _holding(team).values()))


def _negated_parts(condition: Q) -> Q:
    """NOT (a OR b) as (NOT a) AND (NOT b): each EXISTS of an OR negated on its own, so that
    PostgreSQL plans it as an anti-join."""
    parts = condition.children if condition.connector == Q.OR else [condition]
    return reduce(and_, (~part if isinstance(part, Q) else ~Q(part) for part in parts))


def not_callable_condition(team: Team | None = None) -> Q:
    """Contacts with at least one standing blocker."""
    return reduce(lambda a, b: a | b, _holding(team).values())
