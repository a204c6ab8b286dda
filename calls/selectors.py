"""Reads of calls shared by the API and the admin: plain functions, callable without a
request."""

from collections.abc import Mapping

from django_filters.utils import translate_validation

from calls.filtersets import CallFilterSet
from calls.models import Call
from crm.models import Team


def call_list(*, team: Team, filters: Mapping[str, str]):
    """The team's calls that `filters` (the calls API's query parameters, `teamId` included)
    select, newest first; errors as `contacts.selectors.contact_list`'s."""
    filterset = CallFilterSet(filters, queryset=Call.objects.for_team(team), team=team)
    if not filterset.is_valid():
        raise translate_validation(filterset.errors)
    return filterset.qs
