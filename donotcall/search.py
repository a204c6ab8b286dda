"""Finding registry entries by number, written once for the API's `search` and the admin's
search box."""

import re

from django.core.exceptions import ValidationError
from django.db.models import Q


def number_search_condition(text: str) -> Q:
    """Entries whose number holds the digits of `text`, typed in any format: `+1 (415)
    555-0199`, `415-555-0199` and `5550199` all find +14155550199. Only digits count; text
    without any raises ValidationError."""
    digits = re.sub(r"\D", "", text)
    if not digits:
        raise ValidationError("Give a number or some of its digits.", code="invalid")
    return Q(number__contains=digits)
