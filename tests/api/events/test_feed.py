"""`GET /api/crm/events`: the team's changes in commit order, each with its type, actor and
the record's state after it; paged by cursor, filtered by type, scoped to the team.

These tests commit (transaction=True): a transaction is numbered in the feed at its commit,
so a test inside one rolled-back transaction would see no event at all."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contacts.models import Contact
from tests.factories import CompanyFactory, ContactFactory, TeamFactory
from tests.kit.api import COMPANIES, CONTACTS, DO_NOT_CALL, api_error, client_for, detail_url
from tests.kit.commands import run_command

EVENTS = "/api/crm/events"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def team():
    return TeamFactory(name="Acme Sales")


@pytest.fixture
def api(team):
    return client_for(team)


def feed(api, team, **parameters) -> dict:
    response = api.get(EVENTS, {"teamId": team.public_id, **parameters})
    assert response.status_code == 200, response.json()
    return response.json()


def read_all(api, team, **parameters) -> list[dict]:
    """Every event from the start, page by page, as a client reads them."""
    events, after = [], {}
    while True:
        page = feed(api, team, **parameters, **after)
        events += page["events"]
        after = {"after": page["next_cursor"]}
        if not page["has_more"]:
            return events


def create_contact(api, team, company, **fields):
    body = {
        "teamId": team.public_id,
        "companyId": company.public_id,
        "firstName": "Ann",
        "lastName": "Lee",
        **fields,
    }
    response = api.post(CONTACTS, body, format="json")
    assert response.status_code == 201, response.json()
    return response.json()["contact"]


def test_a_contacts_lifecycle_is_listed_in_order_with_its_state_and_actor(api, team):
    company = CompanyFactory(team=team, name="Globex")
    contact = create_contact(api, team, company, jobTitle="Engineer")
    url = detail_url(CONTACTS, contact["id"])
    api.patch(url, {"jobTitle": "CTO"}, format="json")
    api.delete(url)
    api.post(f"{url}/restore")

    events = read_all(api, team)

    assert [event["type"] for event in events] == [
        "company.created",
        "contact.created",
        "contact.updated",
        "contact.archived",
        "contact.restored",
    ]
    created, updated, archived, restored = events[1:]
    assert {event["record_id"] for event in events[1:]} == {contact["id"]}
    assert created["state"]["job_title"] == "Engineer"
    assert updated["state"]["job_title"] == "CTO"
    assert archived["state"]["archived_at"] is not None
    assert restored["state"]["archived_at"] is None
    assert updated["actor"]["type"] == "api_token"
    assert updated["path"] == f"PATCH {url}"
    assert events[0]["actor"] is None  # written by a factory, outside any request


def test_a_contacts_state_is_rendered_as_its_list_renders_it(api, team):
    company = CompanyFactory(team=team, name="Globex")
    create_contact(api, team, company, phone="+1 (415) 555-0101", tags=["vip"])

    [listed] = api.get(CONTACTS, {"teamId": team.public_id}).json()["contacts"]
    state = read_all(api, team, types="contact.created")[0]["state"]

    derived = {"time_zones", "call_blockers", "next_callable_at"}
    assert state == {key: value for key, value in listed.items() if key not in derived}


def test_companies_and_do_not_call_entries_are_listed(api, team):
    response = api.post(COMPANIES, {"teamId": team.public_id, "name": "Initech"}, format="json")
    company = response.json()["company"]
    api.delete(detail_url(COMPANIES, company["id"]))
    api.post(DO_NOT_CALL, {"teamId": team.public_id, "numbers": ["+14155550199"]}, format="json")
    api.delete(f"{DO_NOT_CALL}/+14155550199?teamId={team.public_id}")

    events = read_all(api, team)

    assert [event["type"] for event in events] == [
        "company.created",
        "company.archived",
        "do_not_call.added",
        "do_not_call.removed",
    ]
    assert events[1]["state"]["archived_at"] is not None
    assert events[2]["state"]["number"] == "+14155550199"
    assert events[2]["record_id"].startswith("dnc_")
    assert events[3]["state"]["removed_at"] is not None


def test_a_purge_carries_the_record_as_it_was(api, team):
    contact = ContactFactory(team=team, company=CompanyFactory(team=team), first_name="Gone")
    api.delete(detail_url(CONTACTS, contact))
    Contact.objects.filter(pk=contact.pk).update(archived_at=timezone.now() - timedelta(days=40))

    assert run_command("purge_archived", "--days", "30").code == 0

    [purged] = read_all(api, team, types="contact.purged")
    assert (purged["record_id"], purged["state"]["first_name"]) == (contact.public_id, "Gone")
    assert purged["actor"]["type"] == "command"
    assert purged["path"].startswith("manage.py purge_archived")


def test_pages_follow_one_another_without_overlap_inside_one_transaction(api, team):
    company = CompanyFactory(team=team)
    ContactFactory.create_batch(7, team=team, company=company)

    one_by_one = read_all(api, team, limit=2)
    all_at_once = feed(api, team, limit=200)["events"]

    assert [event["cursor"] for event in one_by_one] == [event["cursor"] for event in all_at_once]
    assert len(all_at_once) == 8


def test_an_empty_page_gives_a_cursor_to_poll_from(api, team):
    first = feed(api, team)
    assert first["events"] == [] and first["has_more"] is False

    CompanyFactory(team=team, name="Later")
    then = feed(api, team, after=first["next_cursor"])

    assert [event["type"] for event in then["events"]] == ["company.created"]
    again = feed(api, team, after=then["next_cursor"])
    assert again["events"] == []


def test_types_filter_the_feed(api, team):
    company = CompanyFactory(team=team)
    contact = ContactFactory(team=team, company=company)
    api.delete(detail_url(CONTACTS, contact))

    events = read_all(api, team, types="contact.archived,COMPANY.created")

    assert [event["type"] for event in events] == ["company.created", "contact.archived"]


def test_an_unknown_type_is_a_400_naming_types(api, team):
    response = api.get(EVENTS, {"teamId": team.public_id, "types": "contact.deleted"})

    error = api_error(response, 400, "validation_error")
    assert "contact.deleted" in error["fields"]["types"][0]


@pytest.mark.parametrize("cursor", ["abc", "MS4xLjIuMw", "x" * 100, "MS45OTk5OTk5OS45LjA"])
def test_a_cursor_the_feed_never_gave_is_a_400_naming_after(api, team, cursor):
    response = api.get(EVENTS, {"teamId": team.public_id, "after": cursor})

    error = api_error(response, 400, "validation_error")
    assert list(error["fields"]) == ["after"]


def test_another_teams_token_sees_none_of_it(api, team):
    rival = TeamFactory(name="Rival")
    CompanyFactory(team=team, name="Ours")

    assert read_all(client_for(rival), rival) == []
    response = client_for(rival).get(EVENTS, {"teamId": team.public_id})
    assert api_error(response, 404, "not_found")["fields"] == {"teamId": ["Not this token's team."]}


def test_a_cursor_older_than_retention_is_a_410(api, team, settings):
    CompanyFactory(team=team, name="Old")
    cursor = feed(api, team)["events"][0]["cursor"]

    settings.EVENT_RETENTION_DAYS = 0

    response = api.get(EVENTS, {"teamId": team.public_id, "after": cursor})
    assert api_error(response, 410, "cursor_expired")["message"]
    assert feed(api, team)["events"] == []  # from the oldest kept: none


def queries_for_a_page(api, team, limit) -> int:
    with CaptureQueriesContext(connection) as queries:
        page = feed(api, team, limit=limit)
    assert len(page["events"]) == limit
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_page(api, team):
    company = CompanyFactory(team=team)
    for number in range(10):
        ContactFactory(team=team, company=company)
        api.post(
            DO_NOT_CALL,
            {"teamId": team.public_id, "numbers": [f"+1415555{number:04d}"]},
            format="json",
        )

    assert queries_for_a_page(api, team, 3) == queries_for_a_page(api, team, 20)
