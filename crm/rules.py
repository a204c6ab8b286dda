"""The rules a team's calling settings follow, written once for the API and the admin.

Each returns the normalised value or raises `django.core.exceptions.ValidationError` with a
message fit for the person who typed the value (as `contacts.rules` does for contacts).
"""

from datetime import time

from django.core.exceptions import ValidationError

from crm.models import Weekday

TIME_FORMAT = "%H:%M"


def normalize_calling_days(value) -> list[str]:
    """Days of the week (`mon` ... `sun`, any case), at least one, in the week's order."""
    if not isinstance(value, list | tuple):
        raise ValidationError('Give a list of days, e.g. ["mon", "tue"].')
    days = set()
    for item in value:
        day = item.strip().lower() if isinstance(item, str) else None
        if day not in Weekday.values:
            raise ValidationError(
                f"{str(item)[:20]!r} is not a day; use {', '.join(Weekday.values)}."
            )
        days.add(day)
    if not days:
        raise ValidationError("Give at least one day.")
    return [day for day in Weekday.values if day in days]


def check_calling_hours(start: time, end: time) -> None:
    """Calling hours end after they start, within one day."""
    if end <= start:
        raise ValidationError(
            f"Calling hours must end after they start "
            f"({start:{TIME_FORMAT}} to {end:{TIME_FORMAT}})."
        )
