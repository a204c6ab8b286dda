"""Reads of the do-not-call registry shared by the API, the admin and the contacts' filters."""

from django.db.models import Exists, OuterRef

from donotcall.models import DoNotCallEntry


def number_on_registry(number_field: str, team_field: str = "team_id") -> Exists:
    """Whether the outer row's `number_field` is live on its team's registry, in SQL.

    An EXISTS over do_not_call_unique_live_number: negated at the top of a WHERE it is an
    anti-join, so a list filters by it without a query per row.
    """
    return Exists(
        DoNotCallEntry.objects.live().filter(
            team_id=OuterRef(team_field), number=OuterRef(number_field)
        )
    )
