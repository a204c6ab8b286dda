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

from donotcall.selectors import number_on_registry


def standing_blockers() -> dict[str, Q]:
    """Blocker name -> the condition on a contact row under which it holds, in the order
    responses list them."""
    return {
        # The number a dialler calls (contacts.windows.standing_callable agrees).
        "no_phone": Q(phone__isnull=True),
        "do_not_call": Q(do_not_call=True),
        "number_on_do_not_call_list": on_registry_condition(),
        "archived": Q(archived_at__isnull=False),
        "max_attempts_reached": Q(
            team__max_call_attempts__isnull=False,
            call_count__gte=F("team__max_call_attempts"),
        ),
    }


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


def call_blockers() -> Func:
    """The contact's standing blockers as a text array (empty when callable)."""
    cases = [
        Case(When(condition, then=Value(name)), output_field=models.TextField())
        for name, condition in standing_blockers().items()
    ]
    return Func(
        *cases,
        template="array_remove(ARRAY[%(expressions)s]::text[], NULL)",
        output_field=ArrayField(models.TextField()),
    )


def callable_condition() -> Q:
    """Contacts with no standing blocker: each blocker's condition negated, ANDed."""
    return reduce(and_, (_negated_parts(condition) for condition in standing_blockers().values()))


def _negated_parts(condition: Q) -> Q:
    """NOT (a OR b) as (NOT a) AND (NOT b): each EXISTS of an OR negated on its own, so that
    PostgreSQL plans it as an anti-join."""
    parts = condition.children if condition.connector == Q.OR else [condition]
    return reduce(and_, (~part if isinstance(part, Q) else ~Q(part) for part in parts))


def not_callable_condition() -> Q:
    """Contacts with at least one standing blocker."""
    return reduce(lambda a, b: a | b, standing_blockers().values())
