"""`cursor` paging of the contact list: every ordering, ties and NULLs, rows added and removed
between pages, and cursors that do not belong."""

from datetime import UTC, datetime, timedelta

import pytest

from contacts.filtersets import ORDERINGS
from contacts.models import Contact
from crm.api.pagination import MAX_LIMIT
from tests.api.contact_list.listing import assert_bad_parameter, listed_ids, listing
from tests.factories import ContactFactory

START = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)


def walk(api, team, *, limit: int, **params) -> list[str]:
    """Every contact's ID, page by page along `next_cursor`, from `cursor=`."""
    seen, cursor, pages = [], "", 0
    while cursor is not None:
        response = listing(api, team, limit=limit, cursor=cursor, **params)
        assert response.status_code == 200, response.json()
        body = response.json()
        assert len(body["contacts"]) <= limit
        seen += [item["id"] for item in body["contacts"]]
        cursor = body["next_cursor"]
        pages += 1
        assert pages < 100, "the cursor does not move"
    return seen


@pytest.fixture
def awkward_contacts(team, company):
    """Contacts tied on every key, some on all but the ID, some never called."""
    contacts = Contact.objects.bulk_create(
        ContactFactory.build_batch(23, team=team, company=company)
    )
    for index, contact in enumerate(contacts):
        Contact.objects.filter(pk=contact.pk).update(
            created_at=START + timedelta(minutes=index % 4),
            updated_at=START - timedelta(minutes=index % 3),
            last_name=["Adams", "Baker", "Adams"][index % 3],
            first_name=["Zoe", "Ann"][index % 2],
            # Every third contact never called; the others called at one of two moments.
            last_called_at=None if index % 3 == 0 else START + timedelta(hours=index % 2),
        )
    return contacts


@pytest.mark.parametrize("ordering", list(ORDERINGS))
@pytest.mark.parametrize("limit", [1, 4, 7])
def test_walking_by_cursor_lists_every_contact_once_in_the_offset_order(
    api, team, awkward_contacts, ordering, limit
):
    in_one_page = listed_ids(listing(api, team, ordering=ordering, limit=MAX_LIMIT))

    walked = walk(api, team, limit=limit, ordering=ordering)

    assert len(in_one_page) == 23
    assert walked == in_one_page


def test_the_default_order_is_walked_newest_first(api, team, awkward_contacts):
    assert walk(api, team, limit=5) == listed_ids(listing(api, team, limit=MAX_LIMIT))


def test_a_cursor_page_answers_next_cursor_instead_of_offset(api, team, company):
    ContactFactory.create_batch(3, team=team, company=company)

    first = listing(api, team, limit=2, cursor="").json()
    last = listing(api, team, limit=2, cursor=first["next_cursor"]).json()

    assert set(first) == {"success", "contacts", "count", "limit", "next_cursor"}
    assert len(first["contacts"]) == 2
    assert first["count"] == 3
    assert first["limit"] == 2
    assert isinstance(first["next_cursor"], str)
    assert len(last["contacts"]) == 1
    assert last["count"] == 3
    assert last["next_cursor"] is None


def test_a_page_that_ends_the_list_exactly_has_no_next_cursor(api, team, company):
    ContactFactory.create_batch(4, team=team, company=company)

    first = listing(api, team, limit=2, cursor="").json()
    second = listing(api, team, limit=2, cursor=first["next_cursor"]).json()

    assert len(second["contacts"]) == 2
    assert second["next_cursor"] is None


def test_an_empty_list_by_cursor_is_an_empty_page_without_next_cursor(api, team):
    body = listing(api, team, cursor="").json()

    assert body == {"success": True, "contacts": [], "count": 0, "limit": 50, "next_cursor": None}


def test_count_false_leaves_out_the_count_by_cursor_and_by_offset(api, team, company):
    ContactFactory.create_batch(3, team=team, company=company)

    by_cursor = listing(api, team, cursor="", count="false", limit=2).json()
    by_offset = listing(api, team, count="false", limit=2).json()
    counted = listing(api, team, cursor="", count="true", limit=2).json()

    assert by_cursor["count"] is None
    assert len(by_cursor["contacts"]) == 2
    assert by_cursor["next_cursor"] is not None
    assert by_offset["count"] is None
    assert by_offset["offset"] == 0
    assert counted["count"] == 3


def test_a_cursor_walk_may_drop_the_count_after_the_first_page(api, team, company):
    ContactFactory.create_batch(3, team=team, company=company)

    first = listing(api, team, limit=2, cursor="").json()
    rest = listing(api, team, limit=2, cursor=first["next_cursor"], count="false").json()

    assert first["count"] == 3
    assert rest["count"] is None
    assert len(rest["contacts"]) == 1


def test_contacts_added_and_removed_between_pages_move_no_other_contact(api, team, company):
    contacts = Contact.objects.bulk_create(
        ContactFactory.build_batch(9, team=team, company=company)
    )
    for index, contact in enumerate(contacts):
        Contact.objects.filter(pk=contact.pk).update(created_at=START + timedelta(hours=index))
    first = listing(api, team, limit=3, cursor="").json()
    first_ids = [item["id"] for item in first["contacts"]]

    # Newer than every contact, so before the first page; and one of the next page removed.
    ContactFactory.create_batch(4, team=team, company=company)
    Contact.objects.filter(pk=contacts[5].pk).update(archived_at=START)
    second = listing(api, team, limit=3, cursor=first["next_cursor"]).json()

    newest_first = [contact.public_id for contact in reversed(contacts)]
    assert first_ids == newest_first[:3]
    # An offset of 3 would now repeat the first page's contacts; the cursor reads on after
    # its last one, without the archived contact.
    assert [item["id"] for item in second["contacts"]] == [
        newest_first[4],
        newest_first[5],
        newest_first[6],
    ]
    assert second["count"] == 12


def test_a_contact_updated_after_it_was_read_is_met_again_at_the_end(api, team, company):
    contacts = Contact.objects.bulk_create(
        ContactFactory.build_batch(6, team=team, company=company)
    )
    for index, contact in enumerate(contacts):
        Contact.objects.filter(pk=contact.pk).update(updated_at=START + timedelta(hours=index))
    first = listing(api, team, limit=3, cursor="", ordering="updatedAt").json()

    # A sync client's classic race: a contact already read is updated meanwhile, and moves to
    # the end, where the walk meets it again, changed.
    Contact.objects.filter(pk=contacts[0].pk).update(updated_at=START + timedelta(days=1))
    rest = walk_from(api, team, first["next_cursor"], limit=3, ordering="updatedAt")

    assert [item["id"] for item in first["contacts"]] == [c.public_id for c in contacts[:3]]
    assert rest == [c.public_id for c in contacts[3:]] + [contacts[0].public_id]


def walk_from(api, team, cursor, *, limit, **params) -> list[str]:
    seen = []
    while cursor is not None:
        body = listing(api, team, limit=limit, cursor=cursor, **params).json()
        seen += [item["id"] for item in body["contacts"]]
        cursor = body["next_cursor"]
    return seen


def test_filters_apply_to_every_cursor_page(api, team, company):
    ContactFactory.create_batch(5, team=team, company=company, lead_status="qualified")
    ContactFactory.create_batch(5, team=team, company=company, lead_status="new")

    walked = walk(api, team, limit=2, leadStatus="qualified")

    assert len(walked) == 5
    assert set(walked) == set(listed_ids(listing(api, team, leadStatus="qualified")))


# --- cursors that do not belong -----------------------------------------------------------------


@pytest.fixture
def a_cursor(api, team, company) -> str:
    ContactFactory.create_batch(3, team=team, company=company)
    cursor = listing(api, team, limit=1, cursor="", leadStatus="new").json()["next_cursor"]
    assert cursor
    return cursor


@pytest.mark.parametrize(
    "tampered",
    [
        "nonsense",
        "eyJzIjoiYWJjIiwiayI6WzFdfQ:forged",
        "%00",
        "x" * 3000,
    ],
)
def test_a_cursor_this_list_did_not_give_out_is_a_400_naming_cursor(api, team, tampered):
    assert_bad_parameter(listing(api, team, cursor=tampered), "cursor")


def test_an_altered_cursor_is_a_400_naming_cursor(api, team, a_cursor):
    payload, signature = a_cursor.rsplit(":", 1)
    flipped = payload[:-1] + ("A" if payload[-1] != "A" else "B")

    assert_bad_parameter(
        listing(api, team, cursor=f"{flipped}:{signature}", leadStatus="new"), "cursor"
    )


def test_a_cursor_with_other_filters_is_a_400_naming_cursor(api, team, a_cursor):
    response = listing(api, team, cursor=a_cursor, leadStatus="contacted")

    assert_bad_parameter(response, "cursor")
    assert "filters" in response.json()["error"]["fields"]["cursor"][0]


def test_a_cursor_without_its_filters_is_a_400_naming_cursor(api, team, a_cursor):
    assert_bad_parameter(listing(api, team, cursor=a_cursor), "cursor")


def test_a_cursor_with_another_ordering_is_a_400_naming_cursor(api, team, a_cursor):
    response = listing(api, team, cursor=a_cursor, leadStatus="new", ordering="lastName")

    assert_bad_parameter(response, "cursor")


def test_a_cursor_of_another_list_is_a_400_naming_cursor(api, team, company, a_cursor):
    response = api.get(
        "/api/crm/companies", {"teamId": team.public_id, "cursor": a_cursor, "leadStatus": "x"}
    )
    # leadStatus is not a companies filter: an unknown parameter is refused first.
    assert response.status_code == 400
    response = api.get("/api/crm/companies", {"teamId": team.public_id, "cursor": a_cursor})

    assert_bad_parameter(response, "cursor")


def test_a_cursor_with_another_limit_reads_on(api, team, a_cursor):
    body = listing(api, team, cursor=a_cursor, leadStatus="new", limit=5).json()

    assert len(body["contacts"]) == 2
    assert body["next_cursor"] is None


def test_cursor_and_offset_together_are_a_400(api, team, a_cursor):
    response = listing(api, team, cursor=a_cursor, offset=0, leadStatus="new")

    assert_bad_parameter(response, "cursor")
    assert_bad_parameter(listing(api, team, cursor="", offset=5), "offset")


@pytest.mark.parametrize("value", ["yes", "0", "TRUEISH"])
def test_a_count_other_than_true_or_false_is_a_400(api, team, value):
    assert_bad_parameter(listing(api, team, count=value), "count")


def test_cursor_is_given_once(api, team):
    response = api.get(f"/api/crm/contacts?teamId={team.public_id}&cursor=&cursor=")

    assert_bad_parameter(response, "cursor")


def test_count_reads_true_and_false_as_the_boolean_filters_do(api, team):
    bad_count = listing(api, team, count="yes").json()["error"]["fields"]["count"]
    bad_filter = listing(api, team, doNotCall="yes").json()["error"]["fields"]["doNotCall"]

    assert bad_count == bad_filter == ["Must be 'true' or 'false'."]
    assert listing(api, team, count=" FALSE ").json()["count"] is None
    assert listing(api, team, count="True").json()["count"] == 0
