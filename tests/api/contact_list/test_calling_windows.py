"""Who to call, and when: calling windows in each contact's local time.

`callableAt`, `callableNow`, `lastCalledBefore`, `lastCalledAfter`, `neverCalled`,
`ordering=lastCalledAt` on the list, and `next_callable_at` on every contact, following the
team's calling rules (`PATCH /api/crm/team`). The team's window is the default, 08:00 to
21:00 every day, unless a test says otherwise.
"""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contacts import windows
from contacts.models import Contact
from tests.api.contact_list.listing import assert_bad_parameter, listed_ids, listing
from tests.factories import ContactFactory
from tests.kit.api import CONTACTS, detail_url
from tests.kit.planner import count_plan

TEAM = "/api/crm/team"
NEW_YORK_NUMBER = "+12125550100"  # area code 212: America/New_York
LOS_ANGELES_NUMBER = "+13105550100"  # area code 310: America/Los_Angeles
SAO_PAULO_NUMBER = "+5511987654321"  # Brazil, area 11: America/Sao_Paulo
MANAUS_NUMBER = "+5592987654321"  # Brazil, area 92: America/Manaus
RUSSIAN_MOBILE = "+79161234567"  # Russian mobiles map to sixteen zones, Bucharest to Anadyr
TOLL_FREE = "+18005550100"  # every NANP zone, Guam (UTC+10) to St John's and Pago Pago
SATELLITE = "+870301234567"  # Inmarsat: no zone at all, so the team's default applies


def at(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


def callable_at(api, team, instant: str, **params) -> list[str]:
    return listed_ids(listing(api, team, callableAt=instant, **params))


def contact(team, **fields):
    fields.setdefault("timezone", None)
    return ContactFactory(team=team, company__team=team, **fields)


@pytest.fixture
def clock(monkeypatch):
    """Sets the instant the calling rules call now."""

    def set_now(text: str):
        monkeypatch.setattr(windows, "now", lambda: at(text))

    return set_now


def next_callable(api, person) -> str | None:
    response = api.get(detail_url(CONTACTS, person))
    assert response.status_code == 200, response.json()
    return response.json()["contact"]["next_callable_at"]


# --- local time ----------------------------------------------------------------------------------


def test_window_follows_new_york_across_its_spring_forward_day(api, team):
    person = contact(team, timezone="America/New_York")

    # 12:30 UTC is 07:30 EST the day before the change, 08:30 EDT on the day.
    assert callable_at(api, team, "2026-03-07T12:30:00Z") == []
    assert callable_at(api, team, "2026-03-08T12:30:00Z") == [person.public_id]
    # 00:30 UTC is 19:30 EST on the 7th, inside; 01:30 UTC on the 9th is 21:30 EDT, outside.
    assert callable_at(api, team, "2026-03-08T00:30:00Z") == [person.public_id]
    assert callable_at(api, team, "2026-03-09T01:30:00Z") == []


def test_next_callable_at_across_the_spring_forward_day(api, team, clock):
    person = contact(team, timezone="America/New_York")

    clock("2026-03-07T05:00:00Z")  # midnight EST
    assert next_callable(api, person) == "2026-03-07T13:00:00Z"  # 08:00 EST
    clock("2026-03-08T05:00:00Z")  # 00:00 EST, two hours before the clocks go forward
    assert next_callable(api, person) == "2026-03-08T12:00:00Z"  # 08:00 EDT


def test_window_in_a_half_hour_zone(api, team, clock):
    person = contact(team, timezone="Asia/Kolkata")  # UTC+05:30

    assert callable_at(api, team, "2026-03-10T02:29:00Z") == []  # 07:59 IST
    assert callable_at(api, team, "2026-03-10T02:30:00Z") == [person.public_id]  # 08:00
    assert callable_at(api, team, "2026-03-10T15:29:59Z") == [person.public_id]  # 20:59:59
    assert callable_at(api, team, "2026-03-10T15:30:00Z") == []  # 21:00
    clock("2026-03-10T00:00:00Z")
    assert next_callable(api, person) == "2026-03-10T02:30:00Z"


def test_without_a_timezone_a_us_number_is_called_in_its_area_codes_zone(api, team):
    new_york = contact(team, phone=NEW_YORK_NUMBER)
    los_angeles = contact(team, phone=LOS_ANGELES_NUMBER)

    # 13:30 UTC in March: 09:30 in New York, 06:30 in Los Angeles.
    assert callable_at(api, team, "2026-03-10T13:30:00Z") == [new_york.public_id]
    # 03:30 UTC: 23:30 in New York, 20:30 in Los Angeles.
    assert callable_at(api, team, "2026-03-10T03:30:00Z") == [los_angeles.public_id]
    assert api.get(detail_url(CONTACTS, new_york)).json()["contact"]["time_zones"] == [
        "America/New_York"
    ]


def test_a_countrys_numbers_are_called_in_their_own_zones(api, team):
    sao_paulo = contact(team, phone=SAO_PAULO_NUMBER)
    manaus = contact(team, phone=MANAUS_NUMBER)

    # 11:30 UTC: 08:30 in São Paulo (UTC-3), 07:30 in Manaus (UTC-4).
    assert callable_at(api, team, "2026-03-10T11:30:00Z") == [sao_paulo.public_id]
    assert set(callable_at(api, team, "2026-03-10T12:30:00Z")) == {
        sao_paulo.public_id,
        manaus.public_id,
    }
    assert manaus.time_zones == ["America/Manaus"]


def test_a_number_of_several_zones_is_called_in_the_intersection_of_their_windows(api, team, clock):
    person = contact(team, phone=RUSSIAN_MOBILE)
    assert "Asia/Anadyr" in person.time_zones and "Europe/Bucharest" in person.time_zones

    # 08:00 in Anadyr (UTC+12) is 20:00 UTC the day before; 21:00 in Bucharest (UTC+2 in
    # March) is 19:00 UTC: only 06:00 to 09:00 UTC is inside every zone's window.
    assert callable_at(api, team, "2026-03-10T05:59:00Z") == []
    assert callable_at(api, team, "2026-03-10T06:00:00Z") == [person.public_id]
    assert callable_at(api, team, "2026-03-10T08:59:00Z") == [person.public_id]
    assert callable_at(api, team, "2026-03-10T09:00:00Z") == []
    clock("2026-03-10T12:00:00Z")
    assert next_callable(api, person) == "2026-03-11T06:00:00Z"


def test_a_contacts_own_timezone_wins_over_its_numbers_zones(api, team):
    person = contact(team, phone=RUSSIAN_MOBILE, timezone="Europe/Moscow")

    # 17:30 UTC is 20:30 in Moscow, outside Anadyr's window but inside Moscow's.
    assert callable_at(api, team, "2026-03-10T17:30:00Z") == [person.public_id]


def test_windows_that_never_meet_make_a_contact_never_callable(api, team, clock):
    person = contact(team, phone=TOLL_FREE)
    clock("2026-03-10T12:00:00Z")
    # From 08:00 to 21:00 the zones of every NANP number meet from 22:00 UTC (08:00 in Guam)
    # to 23:30 UTC (21:00 in St John's, UTC-02:30 in March).
    assert next_callable(api, person) == "2026-03-10T22:00:00Z"
    assert callable_at(api, team, "2026-03-10T23:29:00Z") == [person.public_id]

    # From 09:00 to 17:00, Guam's day ends before St John's begins, and St John's ends
    # before Pago Pago's (UTC-11) begins.
    api.patch(TEAM, {"callingHoursStart": "09:00", "callingHoursEnd": "17:00"}, format="json")
    assert next_callable(api, person) is None
    assert all(callable_at(api, team, f"2026-03-10T{hour:02d}:00:00Z") == [] for hour in range(24))


def test_a_contact_with_no_known_zone_is_called_in_the_teams_default(api, team, clock):
    person = contact(team, phone=SATELLITE)
    assert person.time_zones == []

    assert callable_at(api, team, "2026-03-10T07:30:00Z") == []  # 07:30 UTC, the default
    api.patch(TEAM, {"defaultTimezone": "Europe/Berlin"}, format="json")
    assert callable_at(api, team, "2026-03-10T07:30:00Z") == [person.public_id]  # 08:30
    clock("2026-03-10T03:00:00Z")
    assert next_callable(api, person) == "2026-03-10T07:00:00Z"


def test_calling_days_are_the_contacts_local_days(api, team, clock):
    person = contact(team, timezone="Pacific/Auckland")  # UTC+13 in March
    api.patch(TEAM, {"callingDays": ["mon", "tue", "wed", "thu", "fri"]}, format="json")

    # Friday 2026-03-13 20:00 UTC is Saturday 09:00 in Auckland.
    assert callable_at(api, team, "2026-03-13T20:00:00Z") == []
    # Sunday 2026-03-15 20:00 UTC is Monday 09:00 there.
    assert callable_at(api, team, "2026-03-15T20:00:00Z") == [person.public_id]
    clock("2026-03-13T20:00:00Z")
    assert next_callable(api, person) == "2026-03-15T19:00:00Z"  # Monday 08:00


def test_changing_the_phone_or_timezone_moves_the_window(api, team):
    person = contact(team, phone=NEW_YORK_NUMBER)

    api.patch(detail_url(CONTACTS, person), {"phone": LOS_ANGELES_NUMBER}, format="json")
    assert callable_at(api, team, "2026-03-10T03:30:00Z") == [person.public_id]
    api.patch(detail_url(CONTACTS, person), {"timezone": "Asia/Kolkata"}, format="json")
    assert callable_at(api, team, "2026-03-10T03:30:00Z") == [person.public_id]  # 09:00 IST
    assert callable_at(api, team, "2026-03-10T16:00:00Z") == []
    api.patch(detail_url(CONTACTS, person), {"timezone": None}, format="json")
    assert api.get(detail_url(CONTACTS, person)).json()["contact"]["time_zones"] == [
        "America/Los_Angeles"
    ]


# --- gap, cap and standing blockers ------------------------------------------------------------


def record_call(api, person, started_at: str):
    response = api.post(
        f"{detail_url(CONTACTS, person)}/calls",
        {
            "campaignId": "spring",
            "startedAt": started_at,
            "durationSeconds": 60,
            "outcome": "no_answer",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()


def test_minimum_gap_since_the_last_call(api, team, clock):
    person = contact(team, timezone="UTC")
    api.patch(TEAM, {"minCallGapMinutes": 120}, format="json")
    record_call(api, person, "2026-03-10T10:00:00Z")

    assert callable_at(api, team, "2026-03-10T11:59:00Z") == []
    assert callable_at(api, team, "2026-03-10T12:00:00Z") == [person.public_id]
    clock("2026-03-10T10:30:00Z")
    assert next_callable(api, person) == "2026-03-10T12:00:00Z"
    clock("2026-03-10T20:30:00Z")  # the gap ends after the window closes: next morning
    record_call(api, person, "2026-03-10T20:00:00Z")
    assert next_callable(api, person) == "2026-03-11T08:00:00Z"


def test_maximum_attempts(api, team, clock):
    person = contact(team, timezone="UTC")
    api.patch(TEAM, {"maxCallAttempts": 2}, format="json")
    clock("2026-03-10T12:00:00Z")
    record_call(api, person, "2026-03-09T10:00:00Z")

    assert callable_at(api, team, "2026-03-10T12:00:00Z") == [person.public_id]
    assert next_callable(api, person) == "2026-03-10T12:00:00Z"
    record_call(api, person, "2026-03-09T11:00:00Z")
    assert callable_at(api, team, "2026-03-10T12:00:00Z") == []
    assert next_callable(api, person) is None
    api.patch(TEAM, {"maxCallAttempts": 3}, format="json")
    assert next_callable(api, person) == "2026-03-10T12:00:00Z"


@pytest.mark.parametrize(
    "fields", [{"phone": None}, {"do_not_call": True}], ids=["no phone", "do not call"]
)
def test_a_contact_that_may_not_be_called_is_never_callable(api, team, clock, fields):
    person = contact(team, timezone="UTC", **fields)
    clock("2026-03-10T12:00:00Z")

    assert callable_at(api, team, "2026-03-10T12:00:00Z") == []
    assert next_callable(api, person) is None


def test_an_archived_contact_has_no_next_callable_instant(api, team, clock):
    person = contact(team, timezone="UTC")
    clock("2026-03-10T12:00:00Z")
    api.delete(detail_url(CONTACTS, person))

    assert next_callable(api, person) is None


def test_callable_now_is_callable_at_this_instant(api, team, clock):
    inside = contact(team, timezone="UTC")
    outside = contact(team, timezone="Asia/Tokyo")  # 21:00 there
    clock("2026-03-10T12:00:00Z")

    assert listed_ids(listing(api, team, callableNow="true")) == [inside.public_id]
    assert listed_ids(listing(api, team, callableNow="false")) == [outside.public_id]


def test_callable_now_false_counts_every_contact_that_may_not_be_called_now(api, team, clock):
    contact(team, timezone="UTC", lead_status="new")  # callable now
    contact(team, timezone="Asia/Tokyo", lead_status="new")  # 21:00 there
    contact(team, timezone="UTC", phone=None, lead_status="contacted")
    contact(team, timezone="UTC", do_not_call=True, lead_status="new")
    api.delete(detail_url(CONTACTS, contact(team, timezone="Asia/Tokyo")))  # not listed at all
    clock("2026-03-10T12:00:00Z")
    listing(api, team, limit=1)  # warm-up: records the token's last use

    with CaptureQueriesContext(connection) as plain:
        listing(api, team, limit=1)
    with CaptureQueriesContext(connection) as excluded:
        body = listing(api, team, callableNow="false", limit=1).json()

    assert (body["count"], len(body["contacts"])) == (3, 1)
    assert len(excluded.captured_queries) == len(plain.captured_queries)  # one count
    narrowed = listing(api, team, callableNow="false", leadStatus="new", limit=1).json()
    assert narrowed["count"] == 2


def test_callable_filters_combine_with_others_and_the_count(api, team):
    for status in ("new", "new", "contacted"):
        contact(team, timezone="UTC", lead_status=status)
    contact(team, timezone="Asia/Tokyo", lead_status="new")

    body = listing(api, team, callableAt="2026-03-10T12:00:00Z", leadStatus="new", limit=1).json()

    assert body["count"] == 2
    assert len(body["contacts"]) == 1


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("callableAt", "tomorrow"),
        ("callableAt", "2026-03-10T12:00:00"),
        ("callableNow", "yes"),
        ("lastCalledBefore", "2026-13-01"),
        ("lastCalledAfter", "soon"),
        ("neverCalled", "1"),
        ("ordering", "lastCalled"),
    ],
)
def test_bad_calling_parameters_are_400s_naming_them(api, team, name, value):
    assert_bad_parameter(listing(api, team, **{name: value}), name)


# --- last call -----------------------------------------------------------------------------------


@pytest.fixture
def called(api, team):
    """Three contacts called on the 1st, 5th and 9th of March, and one never called."""
    people = {}
    for day in (1, 5, 9):
        people[day] = contact(team, timezone="UTC")
        record_call(api, people[day], f"2026-03-{day:02d}T10:00:00Z")
    people[None] = contact(team, timezone="UTC")
    return {day: person.public_id for day, person in people.items()}


def test_last_called_before_and_after(api, team, called):
    assert set(listed_ids(listing(api, team, lastCalledBefore="2026-03-05T10:00:00Z"))) == {
        called[1]
    }
    assert set(listed_ids(listing(api, team, lastCalledAfter="2026-03-05T10:00:00Z"))) == {
        called[9]
    }
    assert set(
        listed_ids(listing(api, team, lastCalledAfter="2026-03-02", lastCalledBefore="2026-03-09"))
    ) == {called[5]}


def test_never_called(api, team, called):
    assert listed_ids(listing(api, team, neverCalled="true")) == [called[None]]
    assert set(listed_ids(listing(api, team, neverCalled="false"))) == {
        called[1],
        called[5],
        called[9],
    }


def test_ordering_by_last_call_puts_never_called_first_ascending(api, team, called):
    assert listed_ids(listing(api, team, ordering="lastCalledAt")) == [
        called[None],
        called[1],
        called[5],
        called[9],
    ]
    assert listed_ids(listing(api, team, ordering="-lastCalledAt")) == [
        called[9],
        called[5],
        called[1],
        called[None],
    ]


# --- cost ----------------------------------------------------------------------------------------


def test_callable_list_query_count_does_not_grow_with_page_size(api, team):
    for index in range(30):
        contact(team, timezone="UTC", phone=f"+1415555{index:04d}")
    listing(api, team, limit=1)  # warm-up: records the token's last use

    def queries(limit: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = listing(api, team, callableAt="2026-03-10T12:00:00Z", limit=limit)
        assert len(response.json()["contacts"]) == limit
        return len([q for q in captured.captured_queries if "SAVEPOINT" not in q["sql"]])

    assert queries(2) == queries(30)


def test_next_callable_at_is_the_same_instant_for_the_whole_page(api, team, clock):
    contact(team, timezone="UTC")
    contact(team, timezone="UTC")
    clock("2026-03-10T12:00:00Z")

    items = listing(api, team).json()["contacts"]

    assert {item["next_callable_at"] for item in items} == {"2026-03-10T12:00:00Z"}


def test_team_rules_of_another_team_do_not_apply(api, other_api, team, other_team):
    person = contact(team, timezone="UTC")
    other_api.patch(TEAM, {"callingHoursStart": "13:00"}, format="json")

    assert callable_at(api, team, "2026-03-10T12:00:00Z") == [person.public_id]
    assert listing(other_api, other_team, callableAt="2026-03-10T12:00:00Z").json()["count"] == 0


def test_a_whole_week_of_windows_matches_next_callable_at(api, team, clock):
    """The list's filter and the contact's next instant agree, hour by hour."""
    people = [
        contact(team, timezone="America/New_York"),
        contact(team, timezone="Asia/Kolkata"),
        contact(team, phone=RUSSIAN_MOBILE),
    ]
    start = at("2026-03-07T00:00:00Z")
    for hour in range(0, 72, 5):
        instant = start + timedelta(hours=hour)
        stamp = instant.strftime("%Y-%m-%dT%H:%M:%SZ")
        clock(stamp)
        listed = set(callable_at(api, team, stamp))
        for person in people:
            assert (next_callable(api, person) == stamp) == (person.public_id in listed)


ZONES = ["America/New_York", "America/Chicago", "Europe/Paris", "Asia/Kolkata", "Europe/London"]


def test_callable_count_reads_only_the_contacts_on_a_large_table(team, company, other_team):
    with connection.cursor() as cursor:
        # Keeps autovacuum's ANALYZE away (see test_cost's trigram test).
        cursor.execute("LOCK TABLE contacts_contact IN SHARE UPDATE EXCLUSIVE MODE")
        # Every eleventh contact's number on the registry, before the contacts arrive.
        cursor.execute(
            """
            INSERT INTO donotcall_donotcallentry (id, team_id, number, source, created_at)
            SELECT gen_random_uuid(), %s, '+1' || (201 + g %% 700) || lpad(g::text, 7, '0'),
                'api', now()
            FROM generate_series(11, 10000, 11) AS g
            """,
            [team.pk],
        )
        for owner, number in ((team, 10_000), (other_team, 40_000)):
            cursor.execute(
                """
                INSERT INTO contacts_contact (
                    id, team_id, company_id, first_name, last_name, phone, lead_status,
                    do_not_call, custom_fields, tags, time_zones, created_at, updated_at
                )
                SELECT gen_random_uuid(), %(team)s, NULL, 'First' || g, 'Last' || g,
                    '+1' || (201 + g %% 700) || lpad(g::text, 7, '0'), 'new', g %% 7 = 0,
                    '{}'::jsonb, '{}'::varchar[], ARRAY[(%(zones)s::varchar[])[1 + g %% 5]],
                    now(), now()
                FROM generate_series(1, %(number)s) AS g
                """,
                {"team": owner.pk, "number": number, "zones": ZONES},
            )
        cursor.execute("ANALYZE contacts_contact")

    instant = at("2026-03-10T03:00:00Z")  # 08:30 in Kolkata, night in the other four zones
    callable_now = Contact.objects.filter(team=team).filter(
        windows.callable_at_condition(team, instant)
    )

    # The shape of the list's count.
    plan = count_plan(callable_now)
    # One pass over the contacts: the registry is each row's own flag, not a join. Which
    # pass depends on the table's visibility map (an index-only scan of
    # contact_team_callable_zone_idx once vacuumed, see the README's "List speed"), which a
    # test's transaction cannot set.
    assert "donotcall" not in plan, plan
    assert plan.count("on contacts_contact") == 1, plan
    assert callable_now.count() == len(
        [g for g in range(1, 10_001) if g % 7 and g % 11 and ZONES[g % 5] == "Asia/Kolkata"]
    )


def test_an_instant_inside_no_zones_window_lists_no_one(api, team, clock):
    person = contact(team, timezone="UTC")
    api.patch(
        TEAM,
        {"callingDays": ["mon"], "callingHoursStart": "08:00", "callingHoursEnd": "08:01"},
        format="json",
    )
    clock("2026-03-11T12:00:00Z")  # Wednesday: no zone is at Monday 08:00

    assert listed_ids(listing(api, team, callableNow="true")) == []
    assert listed_ids(listing(api, team, callableNow="false")) == [person.public_id]
    assert next_callable(api, person) == "2026-03-16T08:00:00Z"
