"""`limit` and `offset`, and the count before pagination."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contacts.models import Contact
from crm import ids
from crm.api.pagination import DEFAULT_LIMIT, MAX_LIMIT
from tests.api.contact_list.listing import assert_bad_parameter, listed_ids, listing
from tests.factories import ContactFactory

# --- pagination ---------------------------------------------------------------------------------


def make_contacts(team, company, number: int) -> list[Contact]:
    return Contact.objects.bulk_create(
        ContactFactory.build_batch(number, team=team, company=company)
    )


def test_list_limit_defaults_to_50(api, team, company):
    make_contacts(team, company, DEFAULT_LIMIT + 1)

    body = listing(api, team).json()

    assert DEFAULT_LIMIT == 50
    assert len(body["contacts"]) == 50
    assert body["limit"] == 50
    assert body["count"] == 51


def test_list_echoes_the_limit_and_offset_applied(api, team, company):
    make_contacts(team, company, 12)

    body = listing(api, team, limit=5, offset=10).json()

    assert body["limit"] == 5
    assert body["offset"] == 10
    assert len(body["contacts"]) == 2
    assert body["count"] == 12


def test_list_lowers_a_limit_above_the_maximum_and_echoes_it(api, team, company):
    make_contacts(team, company, MAX_LIMIT + 1)

    body = listing(api, team, limit=MAX_LIMIT * 5).json()

    assert body["limit"] == MAX_LIMIT
    assert len(body["contacts"]) == MAX_LIMIT
    assert body["count"] == MAX_LIMIT + 1


@pytest.mark.parametrize("value", ["0", "-1", "abc", "1.5", "10abc"])
def test_list_rejects_bad_limit(api, team, value):
    assert_bad_parameter(listing(api, team, limit=value), "limit")


@pytest.mark.parametrize("value", ["-1", "abc", "1.5"])
def test_list_rejects_bad_offset(api, team, value):
    assert_bad_parameter(listing(api, team, offset=value), "offset")


def test_list_count_is_the_total_before_pagination(api, team, company):
    make_contacts(team, company, 7)
    ContactFactory.create_batch(2, team=team, company=company, lead_status="qualified")

    everyone = listing(api, team, limit=3).json()
    qualified = listing(api, team, limit=1, leadStatus="qualified").json()

    assert len(everyone["contacts"]) == 3
    assert everyone["count"] == 9
    assert len(qualified["contacts"]) == 1
    assert qualified["count"] == 2


def test_list_offset_past_the_end_is_an_empty_page(api, team, company):
    make_contacts(team, company, 3)

    body = listing(api, team, offset=10).json()

    assert body["contacts"] == []
    assert body["count"] == 3
    assert body["offset"] == 10


def test_list_is_newest_first(api, team, company):
    contacts = make_contacts(team, company, 4)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    # Creation order and ID order deliberately disagree with the timestamps.
    for hours, contact in zip([3, 1, 4, 2], contacts, strict=True):
        Contact.objects.filter(pk=contact.pk).update(created_at=start + timedelta(hours=hours))

    stamps = [item["created_at"] for item in listing(api, team).json()["contacts"]]

    assert stamps == [
        "2024-01-01T04:00:00Z",
        "2024-01-01T03:00:00Z",
        "2024-01-01T02:00:00Z",
        "2024-01-01T01:00:00Z",
    ]


def test_paging_returns_every_contact_once_when_many_share_created_at(api, team, company):
    # Enough ties that PostgreSQL's sort, left to itself, orders them differently per page.
    contacts = make_contacts(team, company, 200)
    same_moment = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
    Contact.objects.filter(team=team).update(created_at=same_moment)
    newer = [c.pk for c in contacts[100:120]]
    Contact.objects.filter(pk__in=newer).update(created_at=same_moment + timedelta(days=1))

    seen, stamps = [], []
    for offset in range(0, 210, 15):
        body = listing(api, team, limit=15, offset=offset).json()
        assert body["count"] == 200
        seen += [item["id"] for item in body["contacts"]]
        stamps += [item["created_at"] for item in body["contacts"]]

    assert len(seen) == 200
    assert sorted(seen) == sorted(c.public_id for c in contacts)
    # Newest first across pages: the 20 newer contacts fill the first page and a bit.
    assert stamps == ["2024-03-02T12:00:00Z"] * 20 + ["2024-03-01T12:00:00Z"] * 180
    assert set(seen[:20]) == {ids.encode("cont", pk) for pk in newer}
    # Asking again in one page gives the same order: the tie-breaker is stable.
    assert listed_ids(listing(api, team, limit=MAX_LIMIT)) == seen


@pytest.mark.parametrize("paging", [{}, {"cursor": ""}], ids=["by offset", "by cursor"])
def test_the_call_blockers_are_read_from_the_pages_rows_not_computed_in_sql(
    api, team, company, paging
):
    make_contacts(team, company, 3)

    with CaptureQueriesContext(connection) as queries:
        body = listing(api, team, limit=2, **paging).json()

    assert body["count"] == 3
    assert all("call_blockers" in contact for contact in body["contacts"])
    # Neither the count nor the page builds contacts.calling.call_blockers' expression: the
    # page's rows hold every column the blockers test (contacts.calling.row_blockers).
    assert not [query for query in queries if "array_remove(ARRAY[" in query["sql"]]
    assert len([query for query in queries if "COUNT(" in query["sql"]]) == 1
