"""The contact change list: its columns, search, filters and capped count."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contacts.models import Contact
from crm import admin_helpers
from tests.admin.contacts.pages import listed, listing
from tests.factories import CompanyFactory, ContactFactory

# --- change list columns -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phone", "shown"),
    [("+14155551234", "+1 415 555 1234"), ("+442079460958", "+44 20 7946 0958")],
)
def test_change_list_shows_the_phone_in_readable_international_format(
    admin_client, company, phone, shown
):
    ContactFactory(company=company, phone=phone)

    page = listing(admin_client).content.decode()

    assert shown in page
    assert phone not in page


def test_change_list_shows_name_company_email_tags_and_lead_status(admin_client, company):
    ContactFactory(
        company=company,
        first_name="Sarah",
        last_name="Chen",
        email="sarah.chen@example.com",
        tags=["vip", "Warm lead"],
        lead_status="qualified",
    )

    page = listing(admin_client).content.decode()

    assert "Sarah Chen" in page
    assert "Acme Inc" in page
    assert "sarah.chen@example.com" in page
    assert "vip, Warm lead" in page
    assert "Qualified" in page


def test_change_list_query_count_does_not_grow_with_the_rows(admin_client, company):
    ContactFactory.create_batch(2, company=company, tags=["a"])
    with CaptureQueriesContext(connection) as few:
        listing(admin_client)
    ContactFactory.create_batch(20, company=CompanyFactory(team=company.team), tags=["b"])
    with CaptureQueriesContext(connection) as many:
        listing(admin_client)

    assert len(many) == len(few)


# --- search ------------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["jose", "JOSÉ", "Jose"])
def test_search_ignores_accents_and_case(admin_client, company, typed):
    jose = ContactFactory(company=company, first_name="José", last_name="García")
    ContactFactory(company=company, first_name="Omar", last_name="Miller")

    assert listed(admin_client, q=typed) == {jose}


@pytest.mark.parametrize("typed", ["jose garcia", "garcía", "GARCIA"])
def test_search_ignores_accents_in_every_word(admin_client, company, typed):
    jose = ContactFactory(company=company, first_name="José", last_name="García")
    ContactFactory(company=company, first_name="Joseph", last_name="Miller")

    assert listed(admin_client, q=typed) == {jose}


def test_search_finds_by_part_of_the_email(admin_client, company):
    sarah = ContactFactory(company=company, email="sarah.chen@globex.example")
    ContactFactory(company=company, email="omar@initech.example")

    assert listed(admin_client, q="globex") == {sarah}


def test_search_requires_every_word_to_match(admin_client, company):
    ContactFactory(company=company, first_name="Sarah", last_name="Chen")
    ContactFactory(company=company, first_name="Omar", last_name="Jones")

    assert listed(admin_client, q="sarah jones") == set()


def test_search_finds_a_phone_typed_with_spaces_as_a_whole_number(admin_client, company):
    uk = ContactFactory(company=company, phone="+442079460958")
    ContactFactory(company=company, phone="+14155551234")

    assert listed(admin_client, q="+44 20 7946 0958") == {uk}


# --- filters -----------------------------------------------------------------------------------


def test_lead_status_filter(admin_client, company):
    qualified = ContactFactory(company=company, lead_status="qualified")
    ContactFactory(company=company, lead_status="new")

    assert listed(admin_client, lead_status__exact="qualified") == {qualified}


def test_do_not_call_filter(admin_client, company):
    blocked = ContactFactory(company=company, do_not_call=True)
    callable_ = ContactFactory(company=company, do_not_call=False)

    assert listed(admin_client, do_not_call__exact="1") == {blocked}
    assert listed(admin_client, do_not_call__exact="0") == {callable_}


def test_has_phone_filter(admin_client, company):
    with_phone = ContactFactory(company=company, phone="+14155551234")
    without = ContactFactory(company=company, phone=None)

    assert listed(admin_client, has_phone="yes") == {with_phone}
    assert listed(admin_client, has_phone="no") == {without}
    assert listed(admin_client) == {with_phone, without}


def test_company_filter_shows_only_that_companys_contacts(admin_client, company):
    globex = CompanyFactory(team=company.team, name="Globex")
    at_globex = ContactFactory(company=globex)
    ContactFactory(company=company)

    response = listing(admin_client, company__id__exact=globex.pk)

    assert set(response.context["cl"].result_list) == {at_globex}
    # The picker is the autocomplete box with the chosen company, not a list of every company.
    page = response.content.decode()
    assert 'id="company-filter"' in page
    assert "admin-autocomplete" in page
    assert f'<option value="{globex.pk}" selected>Globex</option>' in page
    assert f'<option value="{company.pk}"' not in page


@pytest.mark.parametrize("value", ["0190a0f4-0000-7000-8000-000000000000", "not-a-uuid"])
def test_company_filter_with_an_unknown_company_shows_no_contacts(admin_client, company, value):
    ContactFactory(company=company)

    assert listed(admin_client, company__id__exact=value) == set()


@pytest.mark.parametrize("typed", ["vip", "VIP", "Vip"])
def test_tag_filter_ignores_case(admin_client, company, typed):
    vip = ContactFactory(company=company, tags=["warm", "vip"])
    ContactFactory(company=company, tags=["cold"])

    assert listed(admin_client, tag=typed) == {vip}


def test_tag_filter_offers_the_teams_tags(admin_client, company):
    ContactFactory(company=company, tags=["vip", "warm"])
    ContactFactory(company=company, tags=["VIP"])

    response = listing(admin_client)

    (spec,) = [s for s in response.context["cl"].filter_specs if s.title == "tag"]
    # One choice per tag whatever its case, the most used first.
    assert [value.lower() for value, _ in spec.lookup_choices] == ["vip", "warm"]


def test_source_filter(admin_client, company):
    webinar = ContactFactory(company=company, source="webinar")
    ContactFactory(company=company, source="referral")
    ContactFactory(company=company, source=None)

    response = listing(admin_client, source="webinar")

    assert set(response.context["cl"].result_list) == {webinar}
    (spec,) = [s for s in response.context["cl"].filter_specs if s.title == "source"]
    assert [value for value, _ in spec.lookup_choices] == ["referral", "webinar"]


def test_created_date_filter(admin_client, company):
    recent = ContactFactory(company=company)
    old = ContactFactory(company=company)
    Contact.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))
    (spec,) = [
        s for s in listing(admin_client).context["cl"].filter_specs if s.title == "created at"
    ]
    links = dict(spec.links)

    assert listed(admin_client, **links["Past 7 days"]) == {recent}
    assert listed(admin_client, **links["Today"]) == {recent}
    assert listed(admin_client, **links["This year"]) >= {recent}


def test_archived_filter(admin_client, company):
    live = ContactFactory(company=company)
    archived = ContactFactory(company=company, archived_at=timezone.now())

    assert listed(admin_client) == {live}
    assert listed(admin_client, archived="yes") == {archived}


def test_filters_combine_with_search(admin_client, company):
    wanted = ContactFactory(company=company, first_name="Sarah", lead_status="qualified")
    ContactFactory(company=company, first_name="Sarah", lead_status="new")
    ContactFactory(company=company, first_name="Omar", lead_status="qualified")

    assert listed(admin_client, q="sarah", lead_status__exact="qualified") == {wanted}


# --- the capped count --------------------------------------------------------------------------


def paginator_text(response) -> str:
    page = response.content.decode()
    start = page.index('<p class="paginator">')
    return " ".join(page[start : page.index("</p>", start)].split())


def test_paginator_says_more_than_the_cap_when_there_are_more_rows(
    admin_client, company, monkeypatch
):
    monkeypatch.setattr(admin_helpers.CappedCountPaginator, "CAP", 5)
    ContactFactory.create_batch(7, company=company)

    response = listing(admin_client)

    assert "more than 5 contacts" in paginator_text(response)
    assert len(response.context["cl"].result_list) == 7


def test_change_list_never_counts_past_the_cap(admin_client, company, monkeypatch):
    monkeypatch.setattr(admin_helpers.CappedCountPaginator, "CAP", 5)
    ContactFactory.create_batch(7, company=company)

    with CaptureQueriesContext(connection) as queries:
        listing(admin_client, lead_status__exact="new")

    counts = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].upper().startswith("SELECT COUNT(") and "contacts_contact" in query["sql"]
    ]
    assert counts
    assert all("LIMIT 6" in sql.upper() for sql in counts), counts


def test_paginator_shows_the_real_count_up_to_the_cap(admin_client, company, monkeypatch):
    monkeypatch.setattr(admin_helpers.CappedCountPaginator, "CAP", 5)
    ContactFactory.create_batch(5, company=company)

    text = paginator_text(listing(admin_client))

    assert "5 contacts" in text
    assert "more than" not in text


def test_paginator_counts_a_filtered_page_under_the_cap(admin_client, company, monkeypatch):
    monkeypatch.setattr(admin_helpers.CappedCountPaginator, "CAP", 5)
    ContactFactory.create_batch(7, company=company)
    ContactFactory.create_batch(2, company=company, tags=["vip"])

    text = paginator_text(listing(admin_client, tag="vip"))

    assert "2 contacts" in text
    assert "more than" not in text


def test_paginator_shows_the_real_count_with_the_default_cap(admin_client, company):
    ContactFactory.create_batch(3, company=company)

    text = paginator_text(listing(admin_client))

    assert "3 contacts" in text
    assert "more than 10000" not in text


def search_count_text(response) -> str | None:
    page = response.content.decode()
    if 'id="search-result-count"' not in page:
        return None
    start = page.index('id="search-result-count"')
    return " ".join(page[page.index(">", start) + 1 : page.index("</span>", start)].split())


def test_the_search_bar_says_more_than_the_cap_for_a_search_past_it(
    admin_client, company, monkeypatch
):
    monkeypatch.setattr(admin_helpers.CappedCountPaginator, "CAP", 5)
    ContactFactory.create_batch(7, company=company, first_name="Sarah")

    text = search_count_text(listing(admin_client, q="sarah"))

    assert text == 'more than 5 results (<a href="?">Show all</a>)'


def test_the_search_bar_counts_a_search_under_the_cap(admin_client, company):
    ContactFactory.create_batch(2, company=company, first_name="Sarah")
    ContactFactory(company=company, first_name="Omar")

    assert search_count_text(listing(admin_client, q="sarah")) == (
        '2 results (<a href="?">Show all</a>)'
    )


def test_the_unfiltered_list_has_no_search_count_beside_the_paginators(admin_client, company):
    ContactFactory.create_batch(2, company=company)

    assert search_count_text(listing(admin_client)) is None
