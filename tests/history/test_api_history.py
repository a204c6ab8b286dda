"""`GET /api/crm/contacts/{id}/history` and `/api/crm/companies/{id}/history`: every change,
newest first, with who made it, through what, and the fields before and after."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from crm.models import ApiToken
from tests.factories import ContactFactory
from tests.kit.api import COMPANIES, CONTACTS, api_error, detail_url
from tests.kit.payloads import contact_body

pytestmark = pytest.mark.django_db


def history_of(api, collection, record_id, **params):
    response = api.get(f"{detail_url(collection, record_id)}/history", params)
    assert response.status_code == 200, response.content[:300]
    return response.json()


def created_contact(api, team, company, **fields) -> str:
    response = api.post(CONTACTS, contact_body(team, company, **fields), format="json")
    assert response.status_code == 201, response.content[:300]
    return response.json()["contact"]["id"]


def token_of(team) -> ApiToken:
    return ApiToken.objects.filter(team=team).latest("created_at")


def changes_of(entry) -> dict:
    return {change["field"]: (change["old"], change["new"]) for change in entry["changes"]}


def test_a_patch_is_recorded_with_the_token_the_request_and_the_fields_it_changed(
    api, team, company
):
    contact_id = created_contact(api, team, company, leadStatus="new", tags=["a"])
    api.patch(
        detail_url(CONTACTS, contact_id), {"leadStatus": "qualified", "tags": ["a", "b"]}, "json"
    )

    body = history_of(api, CONTACTS, contact_id)

    assert (body["success"], body["count"], body["limit"], body["offset"]) == (True, 2, 50, 0)
    update, create = body["history"]
    token = token_of(team)
    assert update["type"] == "update"
    assert update["actor"] == {"type": "api_token", "name": str(token), "id": token.display_prefix}
    assert update["path"] == f"PATCH /api/crm/contacts/{contact_id}"
    assert changes_of(update) == {"lead_status": ("new", "qualified"), "tags": (["a"], ["a", "b"])}
    assert update["changes"][0]["label"] == "lead status"
    assert create["type"] == "create"
    assert create["path"] == "POST /api/crm/contacts"
    assert changes_of(create)["first_name"] == (None, "Sarah")
    assert changes_of(create)["company_id"] == (None, company.public_id)
    assert update["id"] > create["id"]


def test_a_patch_that_changes_nothing_records_nothing(api, team, company):
    contact_id = created_contact(api, team, company, leadStatus="contacted")

    response = api.patch(detail_url(CONTACTS, contact_id), {"leadStatus": "contacted"}, "json")

    assert response.status_code == 200
    assert [entry["type"] for entry in history_of(api, CONTACTS, contact_id)["history"]] == [
        "create"
    ]


def test_archive_and_restore_are_named_so(api, team, company):
    contact_id = created_contact(api, team, company)
    api.delete(detail_url(CONTACTS, contact_id))
    api.post(f"{detail_url(CONTACTS, contact_id)}/restore")

    restore, archive, _ = history_of(api, CONTACTS, contact_id)["history"]

    assert (restore["type"], archive["type"]) == ("restore", "archive")
    assert archive["path"] == f"DELETE /api/crm/contacts/{contact_id}"
    assert changes_of(archive)["archived_at"][0] is None
    assert changes_of(restore)["archived_at"][1] is None


def test_a_recorded_call_names_the_call_that_changed_the_contact(api, team, company):
    contact_id = created_contact(api, team, company, phone="+14155551234")
    call = api.post(
        f"{detail_url(CONTACTS, contact_id)}/calls",
        {
            "campaignId": "spring",
            "startedAt": "2024-01-15T10:00:00Z",
            "durationSeconds": 60,
            "outcome": "answered",
            "leadStatus": "qualified",
        },
        format="json",
    ).json()["call"]

    update = history_of(api, CONTACTS, contact_id)["history"][0]

    assert update["call_id"] == call["id"]
    assert update["path"] == f"POST /api/crm/contacts/{contact_id}/calls"
    assert changes_of(update)["lead_status"] == ("new", "qualified")
    assert changes_of(update)["call_count"] == (0, 1)


def test_a_company_has_its_history_too(api, company):
    api.patch(detail_url(COMPANIES, company), {"domain": "acme.example"}, "json")

    [update, *_] = history_of(api, COMPANIES, company.public_id)["history"]

    assert changes_of(update) == {"domain": (company.domain, "acme.example")}


def test_the_history_is_paged_newest_first(api, team, company):
    contact_id = created_contact(api, team, company)
    for status in ["contacted", "qualified", "converted"]:
        api.patch(detail_url(CONTACTS, contact_id), {"leadStatus": status}, "json")

    body = history_of(api, CONTACTS, contact_id, limit=2, offset=1)

    assert (body["count"], body["limit"], body["offset"]) == (4, 2, 1)
    assert [changes_of(entry)["lead_status"][1] for entry in body["history"]] == [
        "qualified",
        "contacted",
    ]


def test_the_queries_do_not_grow_with_the_page(api, team, company):
    contact_id = created_contact(api, team, company)

    def queries(count):
        for index in range(count):
            api.patch(detail_url(CONTACTS, contact_id), {"jobTitle": f"t{index}"}, "json")
        with CaptureQueriesContext(connection) as captured:
            history_of(api, CONTACTS, contact_id)
        return len(captured)

    assert queries(1) == queries(10)


def test_another_teams_token_sees_404(api, other_api, team, company):
    contact_id = created_contact(api, team, company)

    api_error(other_api.get(f"{detail_url(CONTACTS, contact_id)}/history"), 404, "not_found")
    api_error(other_api.get(f"{detail_url(COMPANIES, company)}/history"), 404, "not_found")


def test_an_unknown_parameter_is_refused(api, company):
    contact = ContactFactory(company=company)

    error = api_error(api.get(f"{detail_url(CONTACTS, contact)}/history?since=x"), 400)

    assert "since" in error["fields"]
