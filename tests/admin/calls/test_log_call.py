"""Staff log a call from the contact's page, through the API's service and rules."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from calls.models import Call
from contacts.models import Contact
from contacts.rules import CUSTOM_FIELDS_MAX_KEYS
from crm.staff_timezone import COOKIE
from donotcall.models import DoNotCallEntry, Source
from donotcall.services import register_numbers
from tests.factories import ContactFactory
from tests.kit.admin import admin_url, messages_of


def log_call_url(contact) -> str:
    return admin_url("contacts_contact_log_call", contact.pk)


def call_form(**overrides) -> dict:
    """The log-a-call form as the browser posts it."""
    data = {
        "campaign_id": "manual",
        "started_at_0": "2024-01-15",
        "started_at_1": "10:00",
        "duration_seconds": "184",
        "outcome": "answered",
        "summary": "Wants a demo next week.",
        "extracted_fields-key": ["budget", ""],
        "extracted_fields-type": ["number", "text"],
        "extracted_fields-value": ["50000", ""],
        "lead_status": "qualified",
    }
    data.update(overrides)
    return data


def snapshot(contact):
    fresh = Contact.objects.get(pk=contact.pk)
    return (fresh.custom_fields, fresh.lead_status, fresh.call_count, fresh.last_called_at)


def form_errors(response) -> dict:
    assert response.status_code == 200, "the form was expected to be shown again with errors"
    return response.context["form"].errors


def test_the_contact_page_links_to_logging_a_call(member_client, contact):
    page = member_client.get(admin_url("contacts_contact_change", contact.pk)).content.decode()

    assert log_call_url(contact) in page


def test_the_form_asks_for_the_apis_call_fields(member_client, contact):
    response = member_client.get(log_call_url(contact))

    assert response.status_code == 200
    assert list(response.context["form"].fields) == [
        "campaign_id",
        "phone_number",
        "started_at",
        "duration_seconds",
        "outcome",
        "summary",
        "extracted_fields",
        "lead_status",
    ]
    assert response.context["form"].initial["campaign_id"] == "manual"


def test_a_logged_call_is_recorded_as_the_api_records_one(member_client, contact):
    response = member_client.post(log_call_url(contact), call_form())

    assert response.status_code == 302
    assert response["Location"] == admin_url("contacts_contact_change", contact.pk)
    call = Call.objects.get()
    assert (call.contact, call.team_id) == (contact, contact.team_id)
    assert (call.campaign_id, call.duration_seconds, call.outcome) == ("manual", 184, "answered")
    assert call.started_at == datetime(2024, 1, 15, 10, tzinfo=UTC)
    assert call.extracted_fields == {"budget": 50000}
    contact.refresh_from_db()
    assert contact.custom_fields["budget"] == 50000
    assert contact.lead_status == "qualified"
    assert (contact.call_count, contact.last_called_at) == (1, call.started_at)
    assert any("Logged Answered call" in message for message in messages_of(response))


def test_the_start_is_read_in_the_staff_members_zone(member_client, contact):
    member_client.cookies[COOKIE] = "America/New_York"

    member_client.post(log_call_url(contact), call_form(started_at_1="05:00"))

    assert Call.objects.get().started_at == datetime(2024, 1, 15, 10, tzinfo=UTC)


def test_an_empty_lead_status_keeps_the_contacts(member_client, company):
    contact = ContactFactory(company=company, lead_status="contacted")

    member_client.post(log_call_url(contact), call_form(lead_status=""))

    assert Contact.objects.get(pk=contact.pk).lead_status == "contacted"
    assert Call.objects.get().lead_status is None


@pytest.mark.parametrize(
    ("field", "overrides", "message"),
    [
        ("started_at", {"started_at_0": "2999-01-01"}, "cannot start in the future"),
        ("started_at", {"started_at_0": "1999-12-31"}, "before 2000"),
        ("started_at", {"started_at_0": "yesterday"}, "Enter a valid date"),
        ("duration_seconds", {"duration_seconds": "86401"}, "less than or equal to 86400"),
        ("duration_seconds", {"duration_seconds": "-1"}, "greater than or equal to 0"),
        ("outcome", {"outcome": "hung_up"}, "Select a valid choice"),
        ("campaign_id", {"campaign_id": ""}, "This field is required"),
        ("lead_status", {"lead_status": "hot"}, "Select a valid choice"),
        ("extracted_fields", {"extracted_fields-key": ["", ""]}, "needs a field name"),
    ],
)
def test_a_bad_value_is_shown_by_its_field_and_nothing_is_written(
    member_client, contact, field, overrides, message
):
    before = snapshot(contact)

    response = member_client.post(log_call_url(contact), call_form(**overrides))

    errors = form_errors(response)
    assert set(errors) == {field}, errors
    assert message in " ".join(errors[field])
    assert not Call.objects.exists()
    assert snapshot(contact) == before


def test_the_api_and_the_form_refuse_a_start_in_the_same_words(api, member_client, contact):
    soon = timezone.now() + timedelta(hours=1)
    body = {"campaignId": "c", "startedAt": soon.isoformat(), "durationSeconds": 1,
            "outcome": "busy"}  # fmt: skip

    by_api = api.post(f"/api/crm/contacts/{contact.public_id}/calls", body, format="json")
    by_form = member_client.post(
        log_call_url(contact),
        call_form(started_at_0=f"{soon:%Y-%m-%d}", started_at_1=f"{soon:%H:%M:%S}"),
    )

    assert by_api.json()["error"]["fields"]["startedAt"] == form_errors(by_form)["started_at"]


def test_extracted_fields_over_the_limit_after_merging_write_nothing(member_client, company):
    full = {f"k{index}": index for index in range(CUSTOM_FIELDS_MAX_KEYS)}
    contact = ContactFactory(company=company, custom_fields=full)
    before = snapshot(contact)

    response = member_client.post(log_call_url(contact), call_form())

    assert "After merging" in " ".join(form_errors(response)["extracted_fields"])
    assert not Call.objects.exists()
    assert snapshot(contact) == before


def test_an_archived_contact_gets_no_call(member_client, company):
    contact = ContactFactory(company=company, archived_at=timezone.now())

    response = member_client.post(log_call_url(contact), call_form())

    assert "is archived" in " ".join(form_errors(response)["__all__"])
    assert not Call.objects.exists()


def test_another_teams_contact_is_404_and_gets_no_call(member_client, other_company):
    theirs = ContactFactory(company=other_company)

    assert member_client.get(log_call_url(theirs)).status_code == 404
    assert member_client.post(log_call_url(theirs), call_form()).status_code == 404
    assert not Call.objects.exists()


def test_a_do_not_call_contact_is_labelled_on_the_form(member_client, company):
    contact = ContactFactory(company=company, do_not_call=True)

    page = member_client.get(log_call_url(contact)).content.decode()

    assert '<span class="warning-label">Do not call</span>' in page


def test_a_contact_whose_number_is_on_the_registry_is_labelled_on_the_form(
    member_client, team, company
):
    register_numbers(team=team, numbers=["+14155550199"], source=Source.ADMIN)
    contact = ContactFactory(company=company, phone="+14155550199")

    page = member_client.get(log_call_url(contact)).content.decode()

    assert '<span class="warning-label">Number on do-not-call list</span>' in page
    assert '<span class="warning-label">Do not call</span>' not in page


# --- opt-outs: as through the API, the dialled number goes on the registry -------------------


@pytest.mark.parametrize(
    "overrides",
    [
        {"outcome": "opted_out"},
        {
            "extracted_fields-key": ["doNotCall", ""],
            "extracted_fields-type": ["yes_no", "text"],
            "extracted_fields-value": ["yes", ""],
        },
    ],
    ids=["outcome", "extracted-signal"],
)
def test_an_opt_out_logged_by_staff_registers_the_number_dialled(member_client, company, overrides):
    contact = ContactFactory(company=company, phone="+14155550100", custom_fields={})

    response = member_client.post(
        log_call_url(contact), call_form(phone_number="+1 415 555 0101", **overrides)
    )

    assert response.status_code == 302, form_errors(response)
    call = Call.objects.get()
    assert str(call.phone_number) == "+14155550101"
    stored = Contact.objects.get(pk=contact.pk)
    assert stored.do_not_call is True
    assert "doNotCall" not in stored.custom_fields
    entry = DoNotCallEntry.objects.live().get()
    assert (str(entry.number), entry.source, entry.call) == ("+14155550101", "call", call)
    assert entry.added_by == "staff user mia"


def test_a_do_not_call_signal_that_is_not_yes_or_no_is_a_form_error(member_client, contact):
    response = member_client.post(
        log_call_url(contact),
        call_form(
            **{
                "extracted_fields-key": ["doNotCall", ""],
                "extracted_fields-type": ["text", "text"],
                "extracted_fields-value": ["maybe", ""],
            }
        ),
    )

    assert "extracted_fields" in form_errors(response)
    assert not Call.objects.exists()
    assert not DoNotCallEntry.objects.exists()
