"""The list answer: its envelope and every documented field of each contact."""

from datetime import UTC, datetime, timedelta

from contacts.models import Contact
from crm.api.pagination import DEFAULT_LIMIT
from tests.api.contact_list.listing import CONTACT_FIELDS, CONTACT_ID, UTC_TIMESTAMP, listing
from tests.factories import ContactFactory
from tests.kit.payloads import full_contact

# --- envelope and fields ------------------------------------------------------------------------


def test_list_answers_the_envelope_with_count_limit_and_offset(api, team, company):
    ContactFactory.create_batch(3, team=team, company=company)

    response = listing(api, team)

    assert response.status_code == 200, response.json()
    body = response.json()
    assert set(body) == {"success", "contacts", "count", "limit", "offset"}
    assert body["success"] is True
    assert len(body["contacts"]) == 3
    assert body["count"] == 3
    assert body["limit"] == DEFAULT_LIMIT
    assert body["offset"] == 0


def test_list_of_a_team_without_contacts_is_empty_not_an_error(api, team):
    body = listing(api, team).json()

    assert body == {
        "success": True,
        "contacts": [],
        "count": 0,
        "limit": DEFAULT_LIMIT,
        "offset": 0,
    }


def test_list_item_carries_every_documented_field_with_its_value(api, team, company):
    contact = full_contact(
        company,
        phone_secondary="+12025550147",
        lead_status="qualified",
        preferred_contact_method="phone",
        do_not_call=True,
        notes="Met at the booth.",
    )
    Contact.objects.filter(pk=contact.pk).update(
        created_at=datetime(2024, 1, 15, 10, 0, tzinfo=UTC),
        updated_at=datetime(2024, 1, 16, 11, 30, 5, tzinfo=UTC),
    )

    [item] = listing(api, team).json()["contacts"]

    assert item == {
        "id": contact.public_id,
        "team_id": team.public_id,
        "company_id": company.public_id,
        "first_name": "Sarah",
        "last_name": "Chen",
        "email": "sarah.chen@example.com",
        "phone": "+14155551234",
        "phone_secondary": "+12025550147",
        "job_title": "VP of Engineering",
        "lead_status": "qualified",
        "source": "trade-show",
        "timezone": "America/Los_Angeles",
        "preferred_contact_method": "phone",
        "do_not_call": True,
        "notes": "Met at the booth.",
        "custom_fields": {"company_size": "500-1000", "interest": "outbound-automation"},
        "tags": ["enterprise", "warm-lead"],
        "external_id": None,
        "time_zones": ["America/Los_Angeles"],
        "last_called_at": None,
        "call_count": 0,
        "call_blockers": ["do_not_call"],
        "next_callable_at": None,  # flagged do-not-call
        "created_at": "2024-01-15T10:00:00Z",
        "updated_at": "2024-01-16T11:30:05Z",
        "archived_at": None,
        "merged_into_id": None,
    }


def test_list_item_answers_null_for_empty_fields_and_empty_tags_and_custom_fields(
    api, team, company
):
    ContactFactory(team=team, company=company, email=None, phone=None)

    [item] = listing(api, team).json()["contacts"]

    assert set(item) == CONTACT_FIELDS
    assert CONTACT_ID.match(item["id"])
    for name in [
        "email",
        "phone",
        "phone_secondary",
        "job_title",
        "source",
        "timezone",
        "preferred_contact_method",
        "notes",
    ]:
        assert item[name] is None, name
    assert item["tags"] == []
    assert item["custom_fields"] == {}
    assert item["lead_status"] == "new"
    assert item["do_not_call"] is False
    assert item["time_zones"] == []
    assert item["next_callable_at"] is None  # no phone


def test_list_timestamps_are_utc_and_end_in_z(api, team, company):
    ContactFactory(team=team, company=company)

    [item] = listing(api, team).json()["contacts"]

    for name in ["created_at", "updated_at"]:
        assert UTC_TIMESTAMP.match(item[name]), item[name]
        stamp = datetime.fromisoformat(item[name].replace("Z", "+00:00"))
        assert abs(datetime.now(UTC) - stamp) < timedelta(minutes=5)
