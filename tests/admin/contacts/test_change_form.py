"""The contact change form, and the calls shown on it."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts.models import Contact
from contacts.rules import CUSTOM_FIELDS_MAX_KEYS, TAGS_MAX_COUNT
from tests.admin.contacts.pages import change_url, form_data, save, stored
from tests.factories import ContactFactory
from tests.kit.admin import form_errors
from tests.kit.api import client_for

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


def shown_rows(response) -> list[tuple]:
    widget = response.context["adminform"].form["custom_fields"].subwidgets[0]
    return [(row["key"], row["type"], row["value"]) for row in widget.data["rows"]]


def test_failed_saves_show_the_posted_rows_and_two_blank_ones_not_more_each_time(
    admin_client, company
):
    contact = ContactFactory(company=company, custom_fields={})
    rows = [("budget", "number", "lots"), ("region", "text", "west")]
    blank = ("", "text", "")

    first = save(admin_client, contact, rows=rows)
    # The browser posts back every row it was shown, the blank ones too.
    second = admin_client.post(
        change_url(contact), form_data(contact, shown_rows(first)[:-2], first_name="Again")
    )

    assert "custom_fields" in form_errors(first)
    assert shown_rows(first) == [*rows, blank, blank]
    assert shown_rows(second) == [*rows, blank, blank]
