"""The API's lookups by ID and by key read a handful of rows whatever the statistics say.

In a brand-new install nothing was ever analysed, and a team new since the last ANALYZE was
estimated at a row or two (an average team since contacts migration 0023); then every index
that leads with `team_id` looks as cheap as the right one, and a lookup that takes the wrong
one reads the whole team. Each request here
runs against a team of TEAM_SIZE contacts and must read at most a few rows, and never the
name index, which only a name-ordered list may read (contacts.models.listed_by_name).
"""

import pytest

from contacts.models import Contact
from tests.factories import ContactFactory
from tests.kit.api import CONTACTS, DO_NOT_CALL
from tests.kit.planner import STATES, rows_read, team_in_state

TEAM_SIZE = 3000
FEW_ROWS = 20
NAME_INDEX = "contact_team_name_idx"


@pytest.fixture(params=STATES)
def big_team(request, team, company):
    """`team` with TEAM_SIZE contacts, in one of the states the planner meets them in."""
    return team_in_state(request.param, team, TEAM_SIZE, company=company)


@pytest.fixture
def sarah(big_team, company):
    return ContactFactory(
        company=company, email="sarah.chen@example.com", phone="+12025559147", external_id="x-1"
    )


def reads(call) -> tuple[object, int]:
    """The response to `call` and the contact rows and index entries it read; a read of the
    name index fails at once, however few rows it read."""
    with rows_read() as read:
        response = call()
    assert NAME_INDEX not in read.scanned, read.scanned
    return response, read.count


def test_get_by_id_reads_a_few_rows(api, sarah):
    response, read = reads(lambda: api.get(f"{CONTACTS}/{sarah.public_id}"))
    assert response.status_code == 200
    assert read <= FEW_ROWS


def test_patch_reads_a_few_rows(api, sarah):
    response, read = reads(
        lambda: api.patch(f"{CONTACTS}/{sarah.public_id}", {"jobTitle": "CTO"}, format="json")
    )
    assert response.status_code == 200
    assert read <= FEW_ROWS


@pytest.mark.parametrize(
    ("match_on", "value"),
    [("email", "SARAH.CHEN@example.com"), ("phone", "+1 202 555 9147"), ("externalId", "x-1")],
)
def test_upsert_finds_its_match_reading_a_few_rows(api, big_team, sarah, match_on, value):
    body = {"teamId": big_team.public_id, "matchOn": match_on, match_on: value, "source": "web"}
    response, read = reads(lambda: api.post(f"{CONTACTS}/upsert", body, format="json"))
    assert response.status_code == 200, response.json()
    assert response.json()["contact"]["id"] == sarah.public_id
    assert read <= FEW_ROWS


def test_duplicate_email_conflict_names_the_contact_reading_a_few_rows(
    api, big_team, company, sarah
):
    body = {
        "teamId": big_team.public_id,
        "companyId": company.public_id,
        "firstName": "Sarah",
        "lastName": "Chen",
        "email": "Sarah.Chen@example.com",
    }
    response, read = reads(lambda: api.post(CONTACTS, body, format="json"))
    assert response.status_code == 409
    assert response.json()["error"]["existing_id"] == sarah.public_id
    assert read <= FEW_ROWS


def test_restore_checks_for_a_live_duplicate_reading_a_few_rows(api, big_team, sarah):
    Contact.objects.filter(pk=sarah.pk).update(archived_at="2024-01-01T00:00:00Z")
    response, read = reads(lambda: api.post(f"{CONTACTS}/{sarah.public_id}/restore"))
    assert response.status_code == 200
    assert read <= FEW_ROWS


def test_registering_a_number_flags_its_contact_reading_a_few_rows(api, big_team, sarah):
    body = {"teamId": big_team.public_id, "numbers": ["+1 202 555 9147"]}
    response, read = reads(lambda: api.post(DO_NOT_CALL, body, format="json"))
    assert response.status_code in (200, 201), response.json()
    contact = api.get(f"{CONTACTS}/{sarah.public_id}").json()["contact"]
    assert "number_on_do_not_call_list" in contact["call_blockers"]
    assert read <= FEW_ROWS
