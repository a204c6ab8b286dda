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
from django.db.models import Case, Func, Q, Value, When

from donotcall.selectors import number_on_registry


def standing_blockers() -> dict[str, Q]:
    """Blocker name -> the condition on a contact row under which it holds, in the order
    responses list them."""
    return {
        "no_phone": Q(phone__isnull=True, phone_secondary__isnull=True),
        "do_not_call": Q(do_not_call=True),
        "number_on_do_not_call_list": Q(number_on_registry("phone"))
        # Asked only of contacts that have one: as a second anti-join, PostgreSQL hashed the
        # team's whole registry again for a column that is mostly empty.
        | (Q(phone_secondary__isnull=False) & Q(number_on_registry("phone_secondary"))),
        "archived": Q(archived_at__isnull=False),
    }


BLOCKER_NAMES = tuple(standing_blockers())


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
    conditions = []
    for condition in standing_blockers().values():
        # Each EXISTS of an OR negated on its own, so PostgreSQL plans them as anti-joins.
        parts = condition.children if condition.connector == Q.OR else [condition]
        conditions.extend(~Q(part) if not isinstance(part, Q) else ~part for part in parts)
    return reduce(and_, conditions)


def not_callable_condition() -> Q:
    """Contacts with at least one standing blocker."""
    return reduce(lambda a, b: a | b, standing_blockers().values())
