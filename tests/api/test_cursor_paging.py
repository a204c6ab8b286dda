"""`cursor` paging of the lists outside the entity contract (tests.kit.contract): the
do-not-call registry, a contact's calls, and a record's history. Each is walked by cursor
and compared with the same list in one page."""

from donotcall import services as do_not_call
from tests.factories import CallFactory, ContactFactory
from tests.kit.api import COMPANIES, CONTACTS, DO_NOT_CALL, api_error, detail_url, listed_ids
from tests.kit.contract import walk_by_cursor


def assert_walks_like_one_page(api, url, list_key, params, *, at_least):
    in_one_page = listed_ids(api.get(url, {**params, "limit": 200}), list_key)

    walked = walk_by_cursor(api, url, list_key, params, 2)

    assert len(in_one_page) >= at_least
    assert walked == in_one_page


def test_the_do_not_call_registry_walks_by_cursor(api, team):
    do_not_call.register_numbers(
        team=team, numbers=[f"+1415555{n:04d}" for n in range(7)], source="api"
    )

    assert_walks_like_one_page(api, DO_NOT_CALL, "entries", {"teamId": team.public_id}, at_least=7)


def test_a_contacts_calls_walk_by_cursor(api, team, company):
    contact = ContactFactory(team=team, company=company)
    CallFactory.create_batch(5, contact=contact)

    url = f"{detail_url(CONTACTS, contact)}/calls"
    assert_walks_like_one_page(api, url, "calls", {}, at_least=5)


def test_a_records_history_walks_by_cursor(api, team, company):
    contact = ContactFactory(team=team, company=company)
    for status in ["contacted", "qualified", "new", "contacted"]:
        api.patch(detail_url(CONTACTS, contact), {"leadStatus": status}, format="json")
    for name in ["Acme", "Acme Two", "Acme Three"]:
        api.patch(detail_url(COMPANIES, company), {"name": name}, format="json")

    assert_walks_like_one_page(
        api, f"{detail_url(CONTACTS, contact)}/history", "history", {}, at_least=5
    )
    assert_walks_like_one_page(
        api, f"{detail_url(COMPANIES, company)}/history", "history", {}, at_least=4
    )


def test_a_cursor_of_one_records_history_is_refused_for_anothers(api, team, company):
    contacts = ContactFactory.create_batch(2, team=team, company=company)
    for contact in contacts:
        for status in ["contacted", "qualified"]:
            api.patch(detail_url(CONTACTS, contact), {"leadStatus": status}, format="json")
    first, second = (f"{detail_url(CONTACTS, contact)}/history" for contact in contacts)
    cursor = api.get(first, {"limit": 1, "cursor": ""}).json()["next_cursor"]

    assert api.get(first, {"limit": 1, "cursor": cursor}).status_code == 200
    error = api_error(api.get(second, {"cursor": cursor}), 400, "validation_error")
    assert "cursor" in error["fields"]


def test_a_paged_action_refuses_cursor_with_offset(api, team, company):
    contact = ContactFactory(team=team, company=company)

    response = api.get(f"{detail_url(CONTACTS, contact)}/calls", {"cursor": "", "offset": 1})

    assert "cursor" in api_error(response, 400, "validation_error")["fields"]
