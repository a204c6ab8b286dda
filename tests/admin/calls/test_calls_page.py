"""The admin's Calls page: the team's calls, filtered, in the staff member's time zone."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from calls.models import Call
from contacts.models import Contact
from crm.staff_timezone import COOKIE
from tests.factories import CallFactory, ContactFactory
from tests.kit.admin import admin_url, listed, run_action


def at(day: int, hour: int = 10) -> datetime:
    return datetime(2024, 1, day, hour, tzinfo=UTC)


def calls_page(client, **params):
    return client.get(admin_url("calls_call_changelist"), params)


def test_a_member_sees_their_teams_calls_only(member_client, contact, other_company):
    ours = CallFactory(contact=contact)
    theirs = CallFactory(contact=ContactFactory(company=other_company))

    assert listed(calls_page(member_client)) == {ours}
    page = member_client.get(admin_url("calls_call_change", theirs.pk))
    assert page.status_code == 404


def test_calls_are_listed_newest_first(member_client, contact):
    calls = [CallFactory(contact=contact, started_at=at(day)) for day in (2, 3, 1)]

    response = calls_page(member_client)

    assert list(response.context["cl"].result_list) == [calls[1], calls[0], calls[2]]


def test_filters_by_outcome_campaign_and_date(member_client, contact):
    busy = CallFactory(contact=contact, outcome="busy", campaign_id="spring", started_at=at(3))
    answered = CallFactory(contact=contact, campaign_id="autumn", started_at=at(1))

    assert listed(calls_page(member_client, outcome__exact="busy")) == {busy}
    assert listed(calls_page(member_client, campaign="autumn")) == {answered}
    period = {
        "started_at__gte": "2024-01-02 00:00+00:00",
        "started_at__lt": "2024-01-04 00:00+00:00",
    }
    assert listed(calls_page(member_client, **period)) == {busy}
    page = calls_page(member_client).content.decode()
    assert "By outcome" in page and "By campaign" in page and "By started at" in page
    assert "?campaign=spring" in page


def test_the_campaign_filter_offers_the_members_teams_campaigns_only(
    member_client, contact, other_company
):
    CallFactory(contact=contact, campaign_id="spring")
    CallFactory(contact=ContactFactory(company=other_company), campaign_id="rival-secret")

    page = calls_page(member_client).content.decode()

    assert "?campaign=spring" in page
    assert "rival-secret" not in page


def test_the_page_costs_the_same_queries_for_more_calls(member_client, company, contact):
    CallFactory(contact=contact)
    calls_page(member_client)  # warm-up: the session and memberships are read once

    with CaptureQueriesContext(connection) as one:
        calls_page(member_client)
    for _ in range(10):
        CallFactory(contact=ContactFactory(company=company))
    with CaptureQueriesContext(connection) as eleven:
        response = calls_page(member_client)

    assert len(response.context["cl"].result_list) == 11
    assert len(eleven) == len(one), [query["sql"] for query in eleven.captured_queries]


def test_one_contacts_calls_from_the_contact_page_link(member_client, company, contact):
    theirs = CallFactory(contact=contact)
    CallFactory(contact=ContactFactory(company=company))

    assert listed(calls_page(member_client, contact__id__exact=contact.pk)) == {theirs}


@pytest.mark.parametrize(
    ("zone", "shown"),
    [
        ("America/New_York", "2024-01-15 05:00 EST"),
        ("America%2FNew_York", "2024-01-15 05:00 EST"),  # as the script writes it
        ("Asia/Kolkata", "2024-01-15 15:30 IST"),
        (None, "2024-01-15 10:00 UTC"),
        ("Mars/Olympus_Mons", "2024-01-15 10:00 UTC"),  # not a zone: UTC, never an error
    ],
)
def test_times_are_shown_in_the_staff_members_zone(member_client, contact, zone, shown):
    call = CallFactory(contact=contact, started_at=at(15))
    if zone is not None:
        member_client.cookies[COOKIE] = zone

    listing = calls_page(member_client).content.decode()
    detail = member_client.get(admin_url("calls_call_change", call.pk)).content.decode()
    contact_page = member_client.get(admin_url("contacts_contact_change", contact.pk))

    assert shown in listing
    assert shown in detail
    assert shown in contact_page.content.decode()


def test_the_date_filter_follows_the_staff_members_day(member_client, contact):
    zone = ZoneInfo("America/New_York")
    midnight = timezone.localtime(timezone.now(), zone).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    today = CallFactory(contact=contact, started_at=midnight + timedelta(minutes=1))
    CallFactory(contact=contact, started_at=midnight - timedelta(minutes=1))  # yesterday there
    member_client.cookies[COOKIE] = "America/New_York"

    specs = calls_page(member_client).context["cl"].filter_specs
    (started,) = [spec for spec in specs if spec.title == "started at"]

    assert listed(calls_page(member_client, **dict(started.links)["Today"])) == {today}


def test_the_staff_zone_never_reaches_the_api(api, client, contact):
    call = CallFactory(contact=contact, started_at=at(15))
    api.cookies[COOKIE] = "America/New_York"

    response = api.get(f"/api/crm/calls/{call.public_id}")

    assert response.json()["call"]["started_at"] == "2024-01-15T10:00:00Z"


def test_the_browser_reports_its_zone_from_a_script_file(member_client):
    page = member_client.get(admin_url("index")).content.decode()

    assert 'src="/static/crm/admin/staff_timezone.js"' in page


def test_calls_are_records_neither_added_changed_nor_deleted_here(member_client, contact):
    call = CallFactory(contact=contact, summary="As it was.")
    change = admin_url("calls_call_change", call.pk)

    assert member_client.get(admin_url("calls_call_add")).status_code == 403
    assert member_client.post(change, {"summary": "Rewritten."}).status_code == 403
    assert member_client.post(admin_url("calls_call_delete", call.pk)).status_code == 403
    page = member_client.get(change)
    assert page.status_code == 200
    assert "As it was." in page.content.decode()
    assert Call.objects.get(pk=call.pk).summary == "As it was."


def test_the_staff_zone_changes_no_exported_data(member_client, contact):
    Contact.objects.filter(pk=contact.pk).update(created_at=at(15))
    member_client.cookies[COOKIE] = "America/New_York"

    response = run_action(member_client, "export_csv", [contact])

    exported = b"".join(response.streaming_content).decode()
    assert "2024-01-15T10:00:00Z" in exported
