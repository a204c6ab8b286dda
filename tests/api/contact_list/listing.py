"""What the list tests share: the request, its answer's shape, and reading it."""

import re

from crm import ids
from tests.kit import api as kit_api
from tests.kit.api import CONTACTS

CONTACT_ID = re.compile(r"^cont_[0-9a-hjkmnp-tv-z]{26}$")
UTC_TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")


# Every field of a contact in the reference, plus preferred_contact_method and what the
# calling rules tell (time_zones, call_blockers, next_callable_at).
CONTACT_FIELDS = {
    "id",
    "team_id",
    "company_id",
    "first_name",
    "last_name",
    "email",
    "phone",
    "phone_secondary",
    "job_title",
    "lead_status",
    "source",
    "timezone",
    "preferred_contact_method",
    "do_not_call",
    "notes",
    "custom_fields",
    "tags",
    "external_id",
    "last_called_at",
    "call_count",
    "call_blockers",
    "time_zones",
    "next_callable_at",
    "created_at",
    "updated_at",
    "archived_at",
    "merged_into_id",
}


def listing(client, team, **params):
    return client.get(CONTACTS, {"teamId": team.public_id, **params})


def listed_ids(response) -> list[str]:
    return kit_api.listed_ids(response, "contacts")


def first_names(response) -> set[str]:
    assert response.status_code == 200, response.json()
    return {item["first_name"] for item in response.json()["contacts"]}


def assert_bad_parameter(response, name: str) -> None:
    """A 400 in the shared error shape that names the offending query parameter."""
    assert response.status_code == 400, response.json()
    body = response.json()
    assert body["success"] is False
    assert body["error"]["code"] == "validation_error"
    assert name in body["error"]["fields"], body
    assert body["error"]["fields"][name], body


def unknown_team_id() -> str:
    return ids.encode("team", ids.uuid7())
