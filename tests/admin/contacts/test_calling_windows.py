"""The contact admin for the calling floor: each contact's local time, and the callable-now,
last-called and never-called filters."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contacts import windows
from tests.admin.contacts.pages import change_url, listed, listing, save, stored
from tests.factories import CompanyFactory, ContactFactory
from tests.kit.admin import logged_in, staff_user

NOON_UTC = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def noon(monkeypatch):
    monkeypatch.setattr(windows, "now", lambda: NOON_UTC)


def test_change_list_shows_each_contacts_local_time(admin_client, company):
    ContactFactory(company=company, timezone="Asia/Kolkata")
    ContactFactory(company=company, timezone=None, phone="+12125550100")
    ContactFactory(company=company, timezone=None, phone="+870301234567")  # no zone: default

    page = listing(admin_client).content.decode()

    assert "Tue 17:30 (Asia/Kolkata)" in page
    assert "Tue 08:00 (America/New_York)" in page
    assert "Tue 12:00 (UTC) (team default)" in page


def test_a_number_of_several_zones_shows_the_range_of_their_clocks(admin_client, company):
    ContactFactory(company=company, timezone=None, phone="+5592987654321")  # one zone
    ContactFactory(company=company, timezone=None, phone="+79161234567")  # sixteen

    page = listing(admin_client).content.decode()

    # Bucharest (UTC+2) to Anadyr (UTC+12).
    assert "Tue 14:00 to Wed 00:00 (16 zones)" in page


def test_change_form_shows_the_local_time(admin_client, company):
    person = ContactFactory(company=company, timezone="Europe/Paris")

    page = admin_client.get(change_url(person)).content.decode()

    assert "Tue 13:00 (Europe/Paris)" in page


def test_saving_a_phone_in_the_admin_moves_the_local_time(admin_client, company):
    person = ContactFactory(company=company, timezone=None, phone="+12125550100")

    response = save(admin_client, person, phone="+1 310 555 0100")

    assert response.status_code == 302
    assert stored(person).time_zones == ["America/Los_Angeles"]


def test_callable_now_filter(admin_client, company):
    inside = ContactFactory(company=company, timezone="Europe/Paris")  # 13:00
    outside = ContactFactory(company=company, timezone="Asia/Tokyo")  # 21:00
    flagged = ContactFactory(company=company, timezone="Europe/Paris", do_not_call=True)

    assert listed(admin_client, callable_now="yes") == {inside}
    assert listed(admin_client, callable_now="no") == {outside, flagged}


def test_callable_now_follows_each_teams_own_rules(client, team, company, other_team):
    other_company = CompanyFactory(team=other_team)
    ours = ContactFactory(company=company, timezone="UTC")
    theirs = ContactFactory(company=other_company, timezone="UTC")
    other_team.calling_hours_start = datetime(2026, 1, 1, 13, 0).time()
    other_team.save()
    user = staff_user("floor", team, other_team)

    assert listed(logged_in(client, user), callable_now="yes") == {ours}
    assert listed(client, callable_now="no") == {theirs}


def test_callable_now_shows_a_staff_member_only_their_teams(client, team, company, other_team):
    ours = ContactFactory(company=company, timezone="UTC")
    ContactFactory(company=CompanyFactory(team=other_team), timezone="UTC")

    assert listed(logged_in(client, staff_user("floor", team)), callable_now="yes") == {ours}


def test_never_called_and_last_called_filters(admin_client, company):
    never = ContactFactory(company=company)
    today = ContactFactory(company=company, last_called_at=timezone.now(), call_count=1)
    long_ago = ContactFactory(
        company=company, last_called_at=timezone.now() - timedelta(days=60), call_count=1
    )

    assert listed(admin_client, never_called="yes") == {never}
    assert listed(admin_client, never_called="no") == {today, long_ago}
    since = timezone.now() - timedelta(days=1)
    assert listed(admin_client, last_called_at__gte=since.isoformat()) == {today}


def test_local_time_column_costs_no_query_per_row(admin_client, company):
    for _ in range(3):
        ContactFactory(company=company, timezone="UTC")
    listing(admin_client)

    with CaptureQueriesContext(connection) as few:
        listing(admin_client)
    for _ in range(20):
        ContactFactory(company=company, timezone=None)
    with CaptureQueriesContext(connection) as many:
        listing(admin_client)

    assert len(many.captured_queries) == len(few.captured_queries)
