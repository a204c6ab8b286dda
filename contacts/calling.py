"""Whether a contact may be called: its standing call blockers, written once.

A blocker is a name and the SQL condition under which it holds. The same conditions give a
contact's `call_blockers` (one array per row, computed in the list's own query), the
`callable` filter (each negated), and the standing part of "callable at an instant"
(contacts.windows.callable_at_condition). Another blocker is one more entry in
`standing_blockers`.

Every condition reads a column of the contact's own row. Whether one of its numbers is on the
team's do-not-call registry is `number_on_do_not_call_list`, kept by PostgreSQL triggers on
contacts and on the registry (see the README's "Do-not-call registry" design notes), so that
"callable" is a predicate a partial index can carry instead of two anti-joins against the
registry. Being conditions on the row, they can also be tested on a row already read
(`row_blockers`): a page of one team's contacts gets its `call_blockers` from the columns it
holds, with the answer the SQL would give, without building and compiling the expression into
the page's query, which cost a list more than the rest of its query.
"""

from collections.abc import Callable
from functools import reduce
from operator import and_

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Case, F, Func, Q, Value, When

from crm.models import Team


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
    return {**_blockers_of_every_team(), "max_attempts_reached": attempts}


def _blockers_of_every_team() -> dict[str, Q]:
    return {
        "no_phone": Q(phone__isnull=True),  # the number a dialler calls
        "do_not_call": Q(do_not_call=True),
        "number_on_do_not_call_list": Q(number_on_do_not_call_list=True),
        "archived": Q(archived_at__isnull=False),
    }


# standing_blockers' names, known without building its queries (which need the models loaded).
BLOCKER_NAMES = (
    "no_phone",
    "do_not_call",
    "number_on_do_not_call_list",
    "archived",
    "max_attempts_reached",
)


def _holding(team: Team | None) -> dict[str, Q]:
    return {name: q for name, q in standing_blockers(team).items() if q is not None}


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


def row_blockers(team: Team) -> Callable[[object], list[str]]:
    """A function of a contact of `team`, as read from the database, that gives its
    `call_blockers` as `call_blockers(team)` computes them in SQL: each condition tested on
    the row's own columns (a NULL column, as in SQL, fails every comparison)."""
    tests = [(name, _row_test(condition)) for name, condition in _holding(team).items()]
    return lambda contact: [name for name, holds in tests if holds(contact)]


# The lookups the blockers use, as SQL evaluates them on one row's column.
_ROW_LOOKUPS = {
    "exact": lambda column, value: column is not None and column == value,
    "isnull": lambda column, value: (column is None) == value,
    "gte": lambda column, value: column is not None and column >= value,
}


def _row_test(condition: Q) -> Callable[[object], bool]:
    """`condition`, one lookup of a column by a constant, as a test of a row's attributes. Any
    other shape (a join, an expression, a lookup not in _ROW_LOOKUPS) is refused, so that a
    new blocker that cannot be tested this way fails loudly rather than differing."""
    from contacts.models import Contact

    refused = ValueError(f"{condition!r} cannot be tested on a row as read")
    if condition.negated or len(condition.children) != 1:
        raise refused
    ((lookup, value),) = condition.children
    name, _, kind = lookup.partition("__")
    column = Contact._meta.get_field(name)
    if kind not in {"", *_ROW_LOOKUPS} or column.is_relation:
        raise refused
    if hasattr(value, "resolve_expression"):  # another column (F), a subquery
        raise refused
    if value is None and kind in {"", "exact"}:  # Django writes `col = NULL` as IS NULL
        raise refused
    compare, attname = _ROW_LOOKUPS[kind or "exact"], column.attname
    return lambda contact: compare(getattr(contact, attname), value)


def callable_condition(team: Team | None = None) -> Q:
    """Contacts with no standing blocker."""
    return reduce(and_, (_not(condition) for condition in _holding(team).values()))


def callable_whatever_the_team() -> Q:
    """Contacts with none of the blockers that hold whatever the team's rules (all but the
    attempt cap): live, with a phone, neither flagged nor on the registry. The predicate of
    the partial indexes of callable contacts (contact_team_callable_zone_idx)."""
    return reduce(and_, (_not(condition) for condition in _blockers_of_every_team().values()))


def _not(condition: Q) -> Q:
    """A blocker's condition negated, written as the index predicates are: `phone IS NOT NULL`
    rather than `NOT (phone IS NULL)`, `NOT do_not_call`, so the planner matches them."""
    if len(condition.children) == 1 and not condition.negated:
        ((lookup, value),) = condition.children
        if lookup.endswith("__isnull"):
            return Q(**{lookup: not value})
        if value is True:
            return Q(**{lookup: False})
    return ~condition
