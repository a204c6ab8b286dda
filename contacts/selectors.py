"""Reads shared by the API, the admin and the commands: plain functions, callable without a
request."""

from collections.abc import Iterable, Iterator, Mapping

from django_filters.utils import translate_validation

from contacts import calling
from contacts.filtersets import ContactFilterSet
from contacts.models import Contact, ContactQuerySet
from crm.models import Team


class ContactListQuerySet(ContactQuerySet):
    """The list's contacts: when the filterset found nothing narrowing them but `ordering`
    and at most one "not" filter, counted from the team's own indexes
    (contacts.filtersets.CountOfTheTeam); the rest as usual."""

    def count(self) -> int:
        plan = getattr(self.query, "count_of_the_team", None)
        if plan is None or self._result_cache is not None or not plan.counts(self.query):
            return super().count()
        return plan.count()


def contact_list(*, team: Team, filters: Mapping[str, str]) -> ContactQuerySet:
    """The team's live contacts that `filters` (the list API's query parameters, `teamId`
    included) select, in the order they ask for.

    A bad parameter raises DRF's ValidationError naming it; another team's company or team,
    NotFound.
    """
    contacts = ContactListQuerySet(Contact).for_team(team).live().defer("search_text")
    filterset = ContactFilterSet(filters, queryset=contacts, team=team)
    if not filterset.is_valid():
        raise translate_validation(filterset.errors)
    return filterset.qs


def with_call_blockers(contacts: Iterable[Contact], team: Team) -> Iterator[Contact]:
    """`team`'s contacts as read (a page, an export), each given its `call_blockers` from its
    own columns (contacts.calling.row_blockers): what `ContactQuerySet.with_call_blockers`
    computes in SQL, without building the expression into every page's query."""
    blockers = calling.row_blockers(team)
    for contact in contacts:
        contact.call_blockers = blockers(contact)
        yield contact
