"""`crm.api.keyset`: any order a list may declare, walked page by page, gives the rows of the
order in one read; an order that cannot be paged by cursor is refused when it is declared."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.models import F, Value
from django.db.models.functions import Coalesce, Lower

from contacts.models import Contact
from crm.api import keyset
from tests.factories import CompanyFactory, ContactFactory


def walk(queryset, limit: int) -> list:
    rows, cursor = [], None
    for _ in range(100):
        page = keyset.page_after(queryset, cursor=cursor, scope="test", limit=limit)
        rows += page.rows
        cursor = page.next_cursor
        if cursor is None:
            return rows
    raise AssertionError("the cursor does not move")


@pytest.fixture
def contacts(team):
    companies = [CompanyFactory(team=team, name=name) for name in ["Beta", "alpha", "Gamma"]]
    made = []
    for index in range(14):
        made.append(
            ContactFactory(
                team=team,
                company=companies[index % 3],
                last_name=["adams", "Baker", "Adams", "baker"][index % 4],
                # Nullable, NULLs in the middle of the keys: job title, then the ID.
                job_title=None if index % 3 == 0 else ["Buyer", "CEO"][index % 2],
            )
        )
    return Contact.objects.filter(team=team)


@pytest.mark.parametrize(
    "ordering",
    [
        [Lower("last_name").asc(), "id"],  # computed
        [Lower("last_name").desc(), "-id"],
        ["company__name", "id"],  # across a relation
        ["-company__name", "-pk"],
        ["job_title", "id"],  # nullable, NULLs last ascending by default
        ["-job_title", "-id"],  # and first descending
        [F("job_title").asc(nulls_first=True), "last_name", "id"],
        [F("job_title").desc(nulls_last=True), "-last_name", "-id"],
        ["last_name", F("job_title").asc(nulls_first=True), "id"],  # a nullable key inside
        ["-last_name", F("job_title").desc(nulls_last=True), "-id"],
    ],
    ids=str,
)
@pytest.mark.parametrize("limit", [1, 3])
def test_a_walk_by_cursor_gives_every_row_once_in_the_declared_order(contacts, ordering, limit):
    ordered = contacts.order_by(*ordering)

    assert walk(ordered, limit) == list(ordered)


def test_an_annotation_may_be_a_key(contacts):
    ordered = contacts.annotate(title=Coalesce("job_title", Value("-"))).order_by("title", "id")

    assert walk(ordered, 2) == list(ordered)


def test_the_models_default_order_is_the_lists_order(contacts):
    assert walk(contacts, 4) == list(contacts)


@pytest.mark.parametrize(
    "ordering",
    [["last_name"], ["id", "last_name"], ["last_name", "-id"], ["?"]],
    ids=str,
)
def test_an_order_that_cannot_be_paged_by_cursor_is_refused(contacts, ordering):
    with pytest.raises(ImproperlyConfigured):
        keyset.page_after(contacts.order_by(*ordering), cursor=None, scope="test", limit=5)


def test_a_cursor_of_another_scope_is_refused(contacts):
    cursor = keyset.page_after(contacts, cursor=None, scope="one", limit=2).next_cursor

    with pytest.raises(keyset.InvalidCursor):
        keyset.page_after(contacts, cursor=cursor, scope="two", limit=2)
