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


def numbers_on_registry(team, numbers) -> set[str]:
    """Which of the E.164 `numbers` are live on the team's registry."""
    given = {str(number) for number in numbers if number}
    if not given:
        return set()
    return set(
        DoNotCallEntry.objects.live()
        .lookup_in_team(team)
        .filter(number__in=given)
        .values_list("number", flat=True)
    )
