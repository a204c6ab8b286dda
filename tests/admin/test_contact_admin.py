"""The contact admin pages: list, search, filters, paginator, form, bulk actions, CSV, calls."""

import csv
import io
import json
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contacts import admin as contacts_admin
from contacts.models import Contact, LeadStatus
from contacts.rules import CUSTOM_FIELDS_MAX_KEYS, TAGS_MAX_COUNT
from tests.factories import CompanyFactory, ContactFactory
from tests.kit.admin import form_errors, messages_of
from tests.kit.api import client_for

CSV_HEADER = (
    "id,externalId,firstName,lastName,email,phone,phoneSecondary,jobTitle,company,leadStatus,"
    "source,timezone,preferredContactMethod,doNotCall,notes,tags,customFields,createdAt,updatedAt"
)


def changelist_url() -> str:
    return reverse("admin:contacts_contact_changelist")


def change_url(contact) -> str:
    return reverse("admin:contacts_contact_change", args=[contact.pk])


def listing(client, **params):
    response = client.get(changelist_url(), params)
    assert response.status_code == 200
    return response


def listed(client, **params) -> set:
    return set(listing(client, **params).context["cl"].result_list)


def custom_rows(*rows) -> dict:
    """POST data for the custom field rows: each row is (name, kind, value)."""
    return {
        "custom_fields-key": [row[0] for row in rows],
        "custom_fields-type": [row[1] for row in rows],
        "custom_fields-value": [row[2] for row in rows],
    }


def form_data(contact, rows=(), **overrides) -> dict:
    """The change form as the browser posts it for `contact`, with `overrides` typed in."""
    data = {
        "team": contact.team_id,
        "company": contact.company_id or "",
        "first_name": contact.first_name,
        "last_name": contact.last_name,
        "email": contact.email or "",
        "phone": str(contact.phone or ""),
        "phone_secondary": str(contact.phone_secondary or ""),
        "job_title": contact.job_title or "",
        "lead_status": contact.lead_status,
        "source": contact.source or "",
        "timezone": contact.timezone or "",
        "preferred_contact_method": contact.preferred_contact_method or "",
        "notes": contact.notes or "",
        "tags": ", ".join(contact.tags),
        "external_id": contact.external_id or "",
        **custom_rows(*rows, ("", "text", ""), ("", "text", "")),
    }
    if contact.do_not_call:
        data["do_not_call"] = "on"
    data.update(overrides)
    return data


def save(client, contact, rows=(), **overrides):
    return client.post(change_url(contact), form_data(contact, rows, **overrides))


def stored(contact) -> Contact:
    return Contact.objects.get(pk=contact.pk)


# --- change list columns -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phone", "shown"),
    [("+14155551234", "+1 415-555-1234"), ("+442079460958", "+44 20 7946 0958")],
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

    assert listed(admin_client, archived_at__isempty="1") == {live}
    assert listed(admin_client, archived_at__isempty="0") == {archived}


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
    monkeypatch.setattr(contacts_admin.CappedCountPaginator, "CAP", 5)
    ContactFactory.create_batch(7, company=company)

    response = listing(admin_client)

    assert "more than 5 contacts" in paginator_text(response)
    assert len(response.context["cl"].result_list) == 7


def test_change_list_never_counts_past_the_cap(admin_client, company, monkeypatch):
    monkeypatch.setattr(contacts_admin.CappedCountPaginator, "CAP", 5)
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
    monkeypatch.setattr(contacts_admin.CappedCountPaginator, "CAP", 5)
    ContactFactory.create_batch(5, company=company)

    text = paginator_text(listing(admin_client))

    assert "5 contacts" in text
    assert "more than" not in text


def test_paginator_counts_a_filtered_page_under_the_cap(admin_client, company, monkeypatch):
    monkeypatch.setattr(contacts_admin.CappedCountPaginator, "CAP", 5)
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


# --- the change form ---------------------------------------------------------------------------


def test_change_form_is_grouped_in_sections_with_readonly_id_and_timestamps(admin_client, company):
    contact = ContactFactory(company=company)

    page = admin_client.get(change_url(contact)).content.decode()

    for section in ["Identity", "Reach", "Status", "Custom data", "Notes"]:
        assert f">{section}</h2>" in page
    assert contact.public_id in page
    assert 'name="public_id"' not in page
    assert 'name="created_at"' not in page
    assert 'name="updated_at"' not in page


def test_change_form_shows_custom_fields_as_rows_not_json(admin_client, company):
    contact = ContactFactory(
        company=company, custom_fields={"budget": 5000, "region": "west", "decider": True}
    )

    page = admin_client.get(change_url(contact)).content.decode()

    assert 'name="custom_fields-key" value="budget"' in page
    assert 'name="custom_fields-value" value="5000"' in page
    assert 'name="custom_fields-value" value="yes"' in page
    assert '<textarea name="custom_fields"' not in page
    assert '{"budget"' not in page


def test_change_form_shows_tags_as_a_comma_separated_box(admin_client, company):
    contact = ContactFactory(company=company, tags=["vip", "Warm lead"])

    page = admin_client.get(change_url(contact)).content.decode()

    assert 'name="tags" value="vip, Warm lead"' in page


def test_change_form_offers_iana_zones_to_pick(admin_client, company):
    contact = ContactFactory(company=company)

    page = admin_client.get(change_url(contact)).content.decode()

    assert '<option value="America/Chicago">' in page
    assert '<option value="Europe/London">' in page


def test_custom_field_rows_are_stored_with_their_types(admin_client, company):
    contact = ContactFactory(company=company, custom_fields={})

    response = save(
        admin_client,
        contact,
        rows=[
            ("region", "text", "West coast"),
            ("budget", "number", "50000"),
            ("score", "number", "2.5"),
            ("decision_maker", "yes_no", "yes"),
            ("churned", "yes_no", "no"),
            ("products", "json", '["dialer", "crm"]'),
        ],
    )

    assert response.status_code == 302, form_errors(response)
    custom_fields = stored(contact).custom_fields
    assert custom_fields == {
        "region": "West coast",
        "budget": 50000,
        "score": 2.5,
        "decision_maker": True,
        "churned": False,
        "products": ["dialer", "crm"],
    }
    assert isinstance(custom_fields["budget"], int)
    assert isinstance(custom_fields["score"], float)


def test_custom_fields_survive_saving_the_form_unchanged(admin_client, company):
    fields = {"budget": 5000, "score": 2.5, "region": "west", "vip": False, "tags": ["a"]}
    contact = ContactFactory(company=company, custom_fields=fields)
    page = admin_client.get(change_url(contact))
    rows = [
        (row["key"], row["type"], row["value"])
        for row in page.context["adminform"].form["custom_fields"].subwidgets[0].data["rows"]
        if row["key"]
    ]

    response = save(admin_client, contact, rows=rows)

    assert response.status_code == 302, form_errors(response)
    assert stored(contact).custom_fields == fields


@pytest.mark.parametrize(
    "rows",
    [
        pytest.param([("budget", "number", "1"), ("budget", "number", "2")], id="duplicate-name"),
        pytest.param([("", "text", "orphan value")], id="value-without-name"),
        pytest.param([("budget", "number", "lots")], id="not-a-number"),
        pytest.param([("decider", "yes_no", "maybe")], id="not-yes-or-no"),
        pytest.param([("products", "json", "[unclosed")], id="bad-json"),
        pytest.param(
            [(f"field{n}", "text", "x") for n in range(CUSTOM_FIELDS_MAX_KEYS + 1)],
            id="too-many-fields",
        ),
    ],
)
def test_bad_custom_field_rows_are_a_form_error_and_nothing_is_saved(admin_client, company, rows):
    contact = ContactFactory(company=company, first_name="Sarah", custom_fields={"keep": "me"})

    response = save(admin_client, contact, rows=rows, first_name="Changed")

    assert "custom_fields" in form_errors(response)
    assert stored(contact).custom_fields == {"keep": "me"}
    assert stored(contact).first_name == "Sarah"


def test_clearing_a_custom_field_row_removes_the_key(admin_client, company):
    contact = ContactFactory(company=company, custom_fields={"budget": 1000, "region": "west"})

    response = save(admin_client, contact, rows=[("region", "text", "west"), ("", "number", "")])

    assert response.status_code == 302, form_errors(response)
    assert stored(contact).custom_fields == {"region": "west"}


def test_tags_box_is_split_trimmed_and_deduplicated(admin_client, company):
    contact = ContactFactory(company=company, tags=[])

    response = save(admin_client, contact, tags="vip, Warm lead, vip")

    assert response.status_code == 302, form_errors(response)
    assert stored(contact).tags == ["vip", "Warm lead"]


@pytest.mark.parametrize(
    "tags",
    [
        pytest.param("vip; gold", id="semicolon"),
        pytest.param("x" * 51, id="too-long"),
        pytest.param(", ".join(f"t{n}" for n in range(TAGS_MAX_COUNT + 1)), id="too-many"),
    ],
)
def test_bad_tags_are_a_form_error_and_nothing_is_saved(admin_client, company, tags):
    contact = ContactFactory(company=company, tags=["old"])

    response = save(admin_client, contact, tags=tags)

    assert "tags" in form_errors(response)
    assert stored(contact).tags == ["old"]


def test_timezone_is_stored_in_its_canonical_spelling(admin_client, company):
    contact = ContactFactory(company=company)

    response = save(admin_client, contact, timezone="america/chicago")

    assert response.status_code == 302, form_errors(response)
    assert stored(contact).timezone == "America/Chicago"


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "localtime", "EST5EDT-ish"])
def test_unknown_timezone_is_a_form_error_and_nothing_is_saved(admin_client, company, zone):
    contact = ContactFactory(company=company, timezone="Europe/London")

    response = save(admin_client, contact, timezone=zone)

    assert "timezone" in form_errors(response)
    assert stored(contact).timezone == "Europe/London"


def test_invalid_lead_status_is_a_form_error(admin_client, company):
    contact = ContactFactory(company=company, lead_status="new")

    response = save(admin_client, contact, lead_status="hot")

    assert "lead_status" in form_errors(response)
    assert stored(contact).lead_status == "new"


def test_email_of_another_live_contact_in_the_team_is_a_form_error_on_add(
    admin_client, team, company
):
    ContactFactory(company=company, email="sarah@example.com")
    data = form_data(ContactFactory.build(company=company), email="SARAH@example.com")

    response = admin_client.post(reverse("admin:contacts_contact_add"), data)

    assert "email" in form_errors(response)
    assert Contact.objects.filter(team=team).count() == 1


def test_email_of_another_live_contact_in_the_team_is_a_form_error_on_change(admin_client, company):
    ContactFactory(company=company, email="sarah@example.com")
    contact = ContactFactory(company=company, email="omar@example.com")

    response = save(admin_client, contact, email="sarah@example.com")

    assert "email" in form_errors(response)
    assert stored(contact).email == "omar@example.com"


def test_external_id_of_another_live_contact_in_the_team_is_a_form_error(admin_client, company):
    ContactFactory(company=company, external_id="crm-1")
    contact = ContactFactory(company=company, external_id="crm-2")

    response = save(admin_client, contact, external_id="crm-1")

    assert "external_id" in form_errors(response)
    assert stored(contact).external_id == "crm-2"


def test_email_of_an_archived_or_another_teams_contact_may_be_reused(
    admin_client, company, other_company
):
    ContactFactory(company=company, email="gone@example.com", archived_at=timezone.now())
    ContactFactory(company=other_company, email="theirs@example.com")
    first = ContactFactory(company=company)
    second = ContactFactory(company=company)

    archived_reuse = save(admin_client, first, email="gone@example.com")
    other_team_reuse = save(admin_client, second, email="theirs@example.com")

    assert archived_reuse.status_code == 302, form_errors(archived_reuse)
    assert other_team_reuse.status_code == 302, form_errors(other_team_reuse)
    assert stored(first).email == "gone@example.com"
    assert stored(second).email == "theirs@example.com"


# --- bulk actions ------------------------------------------------------------------------------


def run_action(client, action: str, contacts, **extra):
    data = {"action": action, "_selected_action": [c.pk for c in contacts], **extra}
    return client.post(changelist_url(), data)


def tag_action(client, action: str, contacts, tag: str):
    """The two steps: choose the action (a form asks for the tag), then apply it."""
    asked = run_action(client, action, contacts)
    assert asked.status_code == 200
    assert 'name="tag"' in asked.content.decode()
    return run_action(client, action, contacts, apply="1", tag=tag)


def test_mark_do_not_call_reports_how_many_changed(admin_client, company):
    contacts = ContactFactory.create_batch(2, company=company, do_not_call=False)
    already = ContactFactory(company=company, do_not_call=True)

    response = run_action(admin_client, "mark_do_not_call", [*contacts, already])

    assert response.status_code == 302
    assert messages_of(response) == ["Marked 2 contact(s) as do not call."]
    assert all(stored(c).do_not_call for c in [*contacts, already])


def test_unmark_do_not_call_reports_how_many_changed(admin_client, company):
    contacts = ContactFactory.create_batch(3, company=company, do_not_call=True)
    already = ContactFactory(company=company, do_not_call=False)

    response = run_action(admin_client, "unmark_do_not_call", [*contacts, already])

    assert messages_of(response) == ["Cleared do not call on 3 contact(s)."]
    assert not any(stored(c).do_not_call for c in [*contacts, already])


@pytest.mark.parametrize(("status", "label"), LeadStatus.choices)
def test_set_lead_status_reports_how_many_changed(admin_client, company, status, label):
    other_status = "contacted" if status == "new" else "new"
    contacts = ContactFactory.create_batch(2, company=company, lead_status=other_status)
    already = ContactFactory(company=company, lead_status=status)
    unselected = ContactFactory(company=company, lead_status=other_status)

    response = run_action(admin_client, f"set_lead_status_{status}", [*contacts, already])

    assert messages_of(response) == [f"Set lead status {label} on 2 contact(s)."]
    assert {stored(c).lead_status for c in [*contacts, already]} == {status}
    assert stored(unselected).lead_status == other_status


def test_bulk_action_moves_updated_at_of_changed_contacts(admin_client, company):
    contact = ContactFactory(company=company)
    long_ago = timezone.now() - timedelta(days=30)
    Contact.objects.filter(pk=contact.pk).update(updated_at=long_ago)

    run_action(admin_client, "set_lead_status_qualified", [contact])

    assert stored(contact).updated_at > long_ago


def test_bulk_actions_leave_archived_contacts_alone(admin_client, company):
    live = ContactFactory(company=company, do_not_call=False)
    archived = ContactFactory(company=company, do_not_call=False, archived_at=timezone.now())

    response = run_action(admin_client, "mark_do_not_call", [live, archived])

    assert messages_of(response) == ["Marked 1 contact(s) as do not call."]
    assert stored(archived).do_not_call is False


def test_add_tag_asks_for_the_tag_for_the_selected_contacts(admin_client, company):
    contacts = ContactFactory.create_batch(2, company=company)

    response = run_action(admin_client, "add_tag", contacts)

    assert response.status_code == 200
    page = response.content.decode()
    assert "for the 2 selected contacts." in page
    assert not any(stored(c).tags for c in contacts)


def test_add_tag_adds_it_once_ignoring_case(admin_client, company):
    untagged = ContactFactory(company=company, tags=["warm"])
    tagged = ContactFactory(company=company, tags=["VIP"])

    response = tag_action(admin_client, "add_tag", [untagged, tagged], "vip")

    assert response.status_code == 302
    assert messages_of(response) == ["Tagged 1 contact(s) 'vip'."]
    assert stored(untagged).tags == ["warm", "vip"]
    assert stored(tagged).tags == ["VIP"]


def test_add_tag_skips_contacts_that_already_have_the_most_tags(admin_client, company):
    full_tags = [f"t{n}" for n in range(TAGS_MAX_COUNT)]
    full = ContactFactory(company=company, tags=full_tags)
    roomy = ContactFactory(company=company, tags=[])

    response = tag_action(admin_client, "add_tag", [full, roomy], "vip")

    (message,) = messages_of(response)
    assert message.startswith("Tagged 1 contact(s) 'vip'.")
    assert "1 already had the most tags allowed." in message
    assert stored(full).tags == full_tags
    assert stored(roomy).tags == ["vip"]


def test_add_tag_refuses_a_tag_with_a_separator(admin_client, company):
    contact = ContactFactory(company=company, tags=["warm"])

    response = tag_action(admin_client, "add_tag", [contact], "vip;gold")

    (message,) = messages_of(response)
    assert "';'" in message or "contains" in message
    assert stored(contact).tags == ["warm"]


def test_remove_tag_removes_it_in_any_case_and_keeps_the_others(admin_client, company):
    upper = ContactFactory(company=company, tags=["VIP", "warm"])
    lower = ContactFactory(company=company, tags=["vip"])
    without = ContactFactory(company=company, tags=["cold"])

    response = tag_action(admin_client, "remove_tag", [upper, lower, without], "vip")

    assert messages_of(response) == ["Removed 'vip' from 2 contact(s)."]
    assert stored(upper).tags == ["warm"]
    assert stored(lower).tags == []
    assert stored(without).tags == ["cold"]


# --- CSV export --------------------------------------------------------------------------------


def exported(response) -> list[list[str]]:
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_export_streams_csv_with_the_importer_header_and_a_row_per_selected_contact(
    admin_client, company
):
    chosen = ContactFactory.create_batch(2, company=company)
    ContactFactory(company=company)

    response = run_action(admin_client, "export_csv", chosen)

    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Disposition"].endswith('.csv"')
    rows = exported(response)
    assert ",".join(rows[0]) == CSV_HEADER
    assert sorted(row[0] for row in rows[1:]) == sorted(c.public_id for c in chosen)


def test_export_writes_every_column_of_a_contact(admin_client, company):
    contact = ContactFactory(
        company=company,
        external_id="crm-42",
        first_name="José",
        last_name="García",
        email="jose@example.com",
        phone="+14155551234",
        phone_secondary="+442079460958",
        job_title="Buyer",
        lead_status="qualified",
        source="webinar",
        timezone="America/Chicago",
        preferred_contact_method="email",
        do_not_call=True,
        notes='Said "call me", later\non Friday',
        tags=["vip", "Warm lead"],
        custom_fields={"budget": 5000, "region": "west"},
    )
    contact.refresh_from_db()

    (header, row) = exported(run_action(admin_client, "export_csv", [contact]))

    assert dict(zip(header, row, strict=True)) == {
        "id": contact.public_id,
        "externalId": "crm-42",
        "firstName": "José",
        "lastName": "García",
        "email": "jose@example.com",
        "phone": "+14155551234",
        "phoneSecondary": "+442079460958",
        "jobTitle": "Buyer",
        "company": "Acme Inc",
        "leadStatus": "qualified",
        "source": "webinar",
        "timezone": "America/Chicago",
        "preferredContactMethod": "email",
        "doNotCall": "true",
        "notes": 'Said "call me", later\non Friday',
        "tags": "vip;Warm lead",
        "customFields": json.dumps({"budget": 5000, "region": "west"}),
        "createdAt": contact.created_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "updatedAt": contact.updated_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def test_export_of_the_whole_filtered_list_follows_the_filter(admin_client, company):
    vips = ContactFactory.create_batch(2, company=company, tags=["vip"])
    ContactFactory(company=company, tags=["cold"])

    response = admin_client.post(
        changelist_url() + "?tag=vip",
        {"action": "export_csv", "_selected_action": [vips[0].pk], "select_across": "1"},
    )

    assert sorted(row[0] for row in exported(response)[1:]) == sorted(c.public_id for c in vips)


# --- company pages -----------------------------------------------------------------------------


def test_company_page_links_to_its_contacts_and_counts_the_live_ones(admin_client, company):
    live = ContactFactory.create_batch(2, company=company, first_name="Livia")
    ContactFactory(company=company, first_name="Archie", archived_at=timezone.now())
    elsewhere = ContactFactory(company=CompanyFactory(team=company.team), first_name="Elsa")

    page = admin_client.get(reverse("admin:crm_company_change", args=[company.pk]))

    html = page.content.decode()
    link = f"{changelist_url()}?company__id__exact={company.pk}"
    assert f'href="{link}"' in html
    assert "2 live contact(s)" in html
    assert "Livia" not in html  # linked, never listed inline
    linked = set(admin_client.get(link).context["cl"].result_list)
    assert set(live) <= linked
    assert elsewhere not in linked


def test_company_list_shows_the_live_contact_count(admin_client, company):
    ContactFactory.create_batch(3, company=company)
    ContactFactory(company=company, archived_at=timezone.now())

    response = admin_client.get(reverse("admin:crm_company_changelist"))

    (row,) = response.context["cl"].result_list
    assert row.live_contacts == 3
    assert '<td class="field-live_contacts">3</td>' in response.content.decode()


# --- calls on the contact page -----------------------------------------------------------------


def record_call(team, contact, **overrides):
    body = {
        "campaignId": "spring-outreach",
        "startedAt": "2024-01-15T10:00:00Z",
        "durationSeconds": 184,
        "outcome": "answered",
        "summary": "Interested; wants a demo next week.",
        "extractedFields": {"budget": 50000},
        **overrides,
    }
    response = client_for(team).post(
        f"/api/crm/contacts/{contact.public_id}/calls", body, format="json"
    )
    assert response.status_code == 201, response.json()


def test_contact_page_shows_calls_recorded_through_the_api(admin_client, team, company):
    contact = ContactFactory(company=company)
    record_call(team, contact)

    html = admin_client.get(change_url(contact)).content.decode()

    assert "2024-01-15 10:00" in html
    assert "spring-outreach" in html
    assert "184&nbsp;s" in html
    assert "Answered" in html
    assert "Interested; wants a demo next week." in html
    assert 'name="custom_fields-key" value="budget"' in html


def test_contact_page_shows_only_the_most_recent_calls(admin_client, team, company):
    contact = ContactFactory(company=company)
    for day in range(1, 12):
        record_call(team, contact, startedAt=f"2024-01-{day:02d}T09:00:00Z", summary=None)

    html = admin_client.get(change_url(contact)).content.decode()

    assert "2024-01-11 09:00" in html
    assert "2024-01-02 09:00" in html
    assert "2024-01-01 09:00" not in html


def test_contact_page_without_calls_says_so(admin_client, company):
    contact = ContactFactory(company=company)

    assert "No calls yet." in admin_client.get(change_url(contact)).content.decode()


def test_saving_a_form_opened_before_a_newer_change_is_refused(admin_client, company):
    contact = ContactFactory(company=company, first_name="Ann", do_not_call=False)
    change_url = reverse("admin:contacts_contact_change", args=[contact.pk])
    page = admin_client.get(change_url).content.decode()
    loaded_version = re.search(r'name="loaded_version" value="([^"]+)"', page).group(1)
    Contact.objects.filter(pk=contact.pk).update(do_not_call=True, updated_at=timezone.now())

    response = admin_client.post(
        change_url,
        {
            "team": company.team_id,
            "company": company.pk,
            "first_name": "Ann",
            "last_name": contact.last_name,
            "lead_status": "new",
            "loaded_version": loaded_version,
        },
    )

    assert response.status_code == 200
    assert "changed after you opened it" in response.content.decode()
    contact.refresh_from_db()
    assert contact.do_not_call is True


def test_deleting_a_contact_in_the_admin_archives_it(admin_client, company):
    contact = ContactFactory(company=company)

    admin_client.post(reverse("admin:contacts_contact_delete", args=[contact.pk]), {"post": "yes"})

    contact.refresh_from_db()
    assert contact.archived_at is not None
    assert not Contact.objects.live().exists()


def test_the_restore_action_brings_archived_contacts_back(admin_client, company):
    contact = ContactFactory(company=company, archived_at=timezone.now())

    response = admin_client.post(
        reverse("admin:contacts_contact_changelist"),
        {"action": "restore", "_selected_action": [contact.pk]},
        follow=True,
    )

    assert "Restored 1 contact(s)." in response.content.decode()
    contact.refresh_from_db()
    assert contact.archived_at is None
