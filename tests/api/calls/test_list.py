"""`GET /api/crm/calls` and `GET /api/crm/calls/{id}`: the team's calls as a resource.

Get, list, IDs, isolation, writes refused and the query count are the contract's
(`tests/api/test_contracts.py`); this module tests the filters, the order and the index.
"""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from calls.models import Call
from calls.selectors import call_list
from crm import ids
from crm.api.pagination import DEFAULT_LIMIT
from tests.factories import CallFactory, CompanyFactory, ContactFactory, TeamFactory
from tests.kit.api import CALLS, api_error, listed_ids
from tests.kit.planner import count_plan


def listing(client, team, **params):
    return client.get(CALLS, {"teamId": team.public_id, **params})


def at(day: int, hour: int = 10) -> datetime:
    return datetime(2024, 1, day, hour, tzinfo=UTC)


@pytest.fixture
def contact(company):
    return ContactFactory(company=company)


def test_a_call_recorded_through_its_contact_is_listed_and_fetched_as_recorded(api, team, contact):
    body = {
        "campaignId": "spring-outreach",
        "startedAt": "2024-01-15T10:00:00Z",
        "durationSeconds": 184,
        "outcome": "answered",
        "summary": "Wants a demo.",
        "extractedFields": {"budget": 50000},
    }
    recorded = api.post(f"/api/crm/contacts/{contact.public_id}/calls", body, format="json")
    call = recorded.json()["call"]

    listed = listing(api, team).json()
    fetched = api.get(f"{CALLS}/{call['id']}")

    assert listed["calls"] == [call]
    assert (listed["count"], listed["limit"], listed["offset"]) == (1, DEFAULT_LIMIT, 0)
    assert fetched.status_code == 200
    assert fetched.json() == {"success": True, "call": call}


def test_the_list_is_newest_first_ties_broken_by_id(api, team, contact):
    older = CallFactory(contact=contact, started_at=at(1))
    newest = CallFactory(contact=contact, started_at=at(3))
    tied = sorted(
        CallFactory.create_batch(2, contact=contact, started_at=at(2)), key=lambda c: c.pk
    )

    listed = listed_ids(listing(api, team), "calls")

    assert listed == [c.public_id for c in (newest, tied[1], tied[0], older)]


def test_pages_follow_one_another_with_the_total_count(api, team, contact):
    calls = [CallFactory(contact=contact, started_at=at(day)) for day in range(1, 8)]

    pages = [listing(api, team, limit=3, offset=offset).json() for offset in (0, 3, 6)]

    assert [page["count"] for page in pages] == [7, 7, 7]
    listed = [call["id"] for page in pages for call in page["calls"]]
    assert listed == [call.public_id for call in reversed(calls)]


def test_calls_of_archived_contacts_are_listed(api, team, company):
    contact = ContactFactory(company=company)
    call = CallFactory(contact=contact)
    api.delete(f"/api/crm/contacts/{contact.public_id}")

    assert listed_ids(listing(api, team), "calls") == [call.public_id]
    assert api.get(f"{CALLS}/{call.public_id}").status_code == 200


# --- filters ------------------------------------------------------------------------------------


def test_contact_id_keeps_that_contacts_calls(api, team, company, contact):
    theirs = CallFactory(contact=contact)
    CallFactory(contact=ContactFactory(company=company))

    assert listed_ids(listing(api, team, contactId=contact.public_id), "calls") == [
        theirs.public_id
    ]


def test_another_teams_contact_is_404_naming_contact_id(api, team, other_company):
    theirs = ContactFactory(company=other_company)
    CallFactory(contact=theirs)
    unknown = ids.encode("cont", ids.uuid7())

    for contact_id in (theirs.public_id, unknown):
        error = api_error(listing(api, team, contactId=contact_id), 404, "not_found")
        assert set(error["fields"]) == {"contactId"}


def test_campaign_id_keeps_that_campaigns_calls_exactly(api, team, contact):
    spring = CallFactory(contact=contact, campaign_id="spring")
    CallFactory(contact=contact, campaign_id="Spring")
    CallFactory(contact=contact, campaign_id="spring-2")

    assert listed_ids(listing(api, team, campaignId="spring"), "calls") == [spring.public_id]


def test_outcome_takes_one_or_more_outcomes_in_any_case(api, team, contact):
    busy = CallFactory(contact=contact, outcome="busy", started_at=at(2))
    missed = CallFactory(contact=contact, outcome="no_answer", started_at=at(1))
    CallFactory(contact=contact, outcome="answered")

    assert listed_ids(listing(api, team, outcome="BUSY"), "calls") == [busy.public_id]
    assert listed_ids(listing(api, team, outcome="busy, no_answer"), "calls") == [
        busy.public_id,
        missed.public_id,
    ]


def test_started_after_and_before_select_a_half_open_period(api, team, contact):
    calls = {day: CallFactory(contact=contact, started_at=at(day, 0)) for day in (1, 2, 3, 4)}

    period = listing(api, team, startedAfter="2024-01-02", startedBefore="2024-01-04T00:00:00Z")
    with_offset = listing(api, team, startedAfter="2024-01-02T01:00:00+01:00")

    assert listed_ids(period, "calls") == [calls[3].public_id, calls[2].public_id]
    assert len(listed_ids(with_offset, "calls")) == 3


def test_filters_combine_and_count_what_they_select(api, team, company, contact):
    other = ContactFactory(company=company)
    wanted = CallFactory(contact=contact, campaign_id="spring", outcome="busy", started_at=at(5))
    CallFactory(contact=contact, campaign_id="spring", outcome="busy", started_at=at(1))
    CallFactory(contact=contact, campaign_id="autumn", outcome="busy", started_at=at(5))
    CallFactory(contact=other, campaign_id="spring", outcome="busy", started_at=at(5))

    response = listing(
        api,
        team,
        contactId=contact.public_id,
        campaignId="spring",
        outcome="busy",
        startedAfter="2024-01-03",
    )

    assert listed_ids(response, "calls") == [wanted.public_id]
    assert response.json()["count"] == 1


@pytest.mark.parametrize(
    ("parameter", "value"),
    [
        ("contactId", "comp_01hzzzzzzzzzzzzzzzzzzzzzzz"),
        ("contactId", "nope"),
        ("outcome", "hung_up"),
        ("outcome", ","),
        ("campaignId", "x" * 201),
        ("campaignId", "spring\x00"),
        ("startedAfter", "yesterday"),
        ("startedAfter", "2024-01-15T10:00:00"),
        ("startedBefore", "2024-02-30"),
        ("teamId", "team_01hzzzzzzzzzzzzzzzzzzzzzz"),
        ("ordering", "-startedAt"),
        ("contact_id", "cont_01hzzzzzzzzzzzzzzzzzzzzzzz"),
        ("outcome", ""),
    ],
)
def test_a_bad_parameter_is_400_naming_it(api, team, contact, parameter, value):
    CallFactory(contact=contact)

    error = api_error(listing(api, team, **{parameter: value}), 400, "validation_error")

    assert set(error["fields"]) == {parameter}


def test_team_id_is_required(api, team):
    error = api_error(api.get(CALLS), 400, "validation_error")

    assert set(error["fields"]) == {"teamId"}


def test_a_contact_id_filter_adds_one_existence_check(api, team, contact):
    CallFactory.create_batch(3, contact=contact)
    listing(api, team)  # the token's last use is written once

    with CaptureQueriesContext(connection) as plain:
        listing(api, team)
    with CaptureQueriesContext(connection) as filtered:
        listing(api, team, contactId=contact.public_id)

    assert len(filtered) == len(plain) + 1


# --- the index ----------------------------------------------------------------------------------


def test_the_teams_newest_calls_and_a_campaigns_are_read_through_team_led_indexes(
    team, company, other_team, other_company
):
    with connection.cursor() as cursor:
        # As in the contacts' index test: keep autovacuum from recording the table as empty.
        cursor.execute("LOCK TABLE contacts_call IN SHARE UPDATE EXCLUSIVE MODE")
    insert_calls(ContactFactory(company=company), 20_000)
    insert_calls(ContactFactory(company=other_company), 20_000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE contacts_call")
    calls = Call.objects.for_team(team)

    newest = calls[:DEFAULT_LIMIT]
    in_a_period = calls.filter(started_at__gte=at(20), started_at__lt=at(21))
    of_a_campaign = calls.filter(campaign_id="campaign-7")[:DEFAULT_LIMIT]

    assert "call_team_newest_idx" in newest.explain(), newest.explain()
    assert "call_team_newest_idx" in in_a_period.explain(), in_a_period.explain()
    assert "call_team_campaign_idx" in of_a_campaign.explain(), of_a_campaign.explain()


def test_a_team_new_since_the_last_analyse_is_counted_reading_its_calls_in_table_order(
    api, team, company, other_team, other_company
):
    with connection.cursor() as cursor:
        cursor.execute("LOCK TABLE contacts_call IN SHARE UPDATE EXCLUSIVE MODE")
    insert_calls(ContactFactory(company=other_company), 20_000)
    insert_calls(ContactFactory(company=CompanyFactory(team=TeamFactory())), 20_000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE contacts_call")
    insert_calls(ContactFactory(company=company), 20_000)

    # Estimated at a row or two (every known team in team_id's most-common-values list), the
    # team's calls were fetched one by one through the campaign index, in its order, not the
    # table's: at 50,000 calls, 41,696 buffers instead of 1,465 (calls migration 0004).
    plan = count_plan(call_list(team=team, filters={"teamId": team.public_id}))
    assert "Index Scan" not in plan.replace("Bitmap Index Scan", ""), plan
    assert "Index Only Scan" not in plan, plan
    assert listing(api, team).json()["count"] == 20_000


def insert_calls(contact, number: int) -> None:
    """`number` calls of `contact`, a minute apart, over 100 campaigns, in one statement."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO contacts_call (id, team_id, contact_id, campaign_id, started_at,
                duration_seconds, outcome, extracted_fields, created_at)
            SELECT gen_random_uuid(), %(team)s, %(contact)s, 'campaign-' || (g %% 100),
                %(start)s + g * interval '1 minute', 60, 'answered', '{}', now()
            FROM generate_series(1, %(number)s) AS g
            """,
            {"team": contact.team_id, "contact": contact.pk, "start": at(1), "number": number},
        )
