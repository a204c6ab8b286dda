"""`POST /api/crm/contacts/{id}/merge` and a merged contact's ID, through HTTP: values,
calls, tags, custom fields, do-not-call, history, idempotency, tenancy and refusals."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from calls.models import Call
from contacts.models import Contact
from donotcall.models import DoNotCallEntry
from tests.factories import CallFactory, ContactFactory
from tests.kit.api import CONTACTS, api_error, detail_url, error_fields


def merge(client, survivor, *sources, headers=None, **body):
    return client.post(
        f"{detail_url(CONTACTS, survivor)}/merge",
        {"sourceIds": [source.public_id for source in sources], **body},
        format="json",
        headers=headers or {},
    )


@pytest.fixture
def sarah(company):
    return ContactFactory(
        company=company,
        first_name="Sarah",
        last_name="Chen",
        email="sarah.chen@example.com",
        phone="+14155551234",
        job_title=None,
        source="trade-show",
        tags=["vip", "Enterprise"],
        custom_fields={"size": "500", "region": "west"},
    )


@pytest.fixture
def sarah_again(company):
    return ContactFactory(
        company=company,
        first_name="Sarah",
        last_name="Chen",
        email="s.chen@example.com",
        phone="+14155551234",
        job_title="VP of Engineering",
        source="webinar",
        tags=["enterprise", "warm-lead"],
        custom_fields={"size": "1000", "budget": 50000},
    )


def test_merge_fills_the_survivors_empty_fields_and_keeps_its_own(api, sarah, sarah_again):
    response = merge(api, sarah, sarah_again)

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["merged_ids"] == [sarah_again.public_id]
    contact = body["contact"]
    assert contact["id"] == sarah.public_id
    assert contact["email"] == "sarah.chen@example.com"  # the survivor's own
    assert contact["source"] == "trade-show"
    assert contact["job_title"] == "VP of Engineering"  # the survivor had none
    assert contact["tags"] == ["vip", "Enterprise", "warm-lead"]
    assert contact["custom_fields"] == {"size": "500", "region": "west", "budget": 50000}
    assert contact["merged_into_id"] is None


def test_a_blank_custom_field_takes_a_sources_value_as_a_blank_field_does(api, company):
    survivor = ContactFactory(company=company, custom_fields={"size": None, "tier": ""})
    first = ContactFactory(company=company, custom_fields={"size": "", "tier": "gold"})
    second = ContactFactory(company=company, custom_fields={"size": "500", "region": None})

    response = merge(api, survivor, first, second)

    assert response.status_code == 200, response.json()
    assert response.json()["contact"]["custom_fields"] == {
        "size": "500",
        "tier": "gold",
        "region": None,
    }


def test_chosen_fields_take_the_chosen_records_values(api, sarah, sarah_again):
    response = merge(
        api,
        sarah,
        sarah_again,
        fields={
            "email": sarah_again.public_id,
            "source": sarah_again.public_id,
            "customFields.size": sarah_again.public_id,
            "tags": sarah.public_id,
        },
    )

    contact = response.json()["contact"]
    assert contact["email"] == "s.chen@example.com"  # taken from the archived source: no clash
    assert contact["source"] == "webinar"
    assert contact["custom_fields"]["size"] == "1000"
    assert contact["tags"] == ["vip", "Enterprise"]


def test_sources_are_archived_pointing_at_the_survivor_and_their_id_answers_410(
    api, sarah, sarah_again
):
    merge(api, sarah, sarah_again)

    error = api_error(api.get(detail_url(CONTACTS, sarah_again)), 410, "contact_merged")
    assert error["merged_into_id"] == sarah.public_id
    assert sarah.public_id in error["message"]
    # Changing or restoring it says the same; its history stays readable.
    api_error(
        api.patch(detail_url(CONTACTS, sarah_again), {"notes": "x"}, format="json"),
        410,
        "contact_merged",
    )
    api_error(api.post(f"{detail_url(CONTACTS, sarah_again)}/restore"), 410, "contact_merged")
    assert api.get(f"{detail_url(CONTACTS, sarah_again)}/history").status_code == 200
    listed = api.get(CONTACTS, {"teamId": sarah.team.public_id}).json()["contacts"]
    assert [item["id"] for item in listed] == [sarah.public_id]
    stored = Contact.objects.get(pk=sarah_again.pk)
    assert stored.archived_at is not None
    assert stored.merged_into_id == sarah.pk


def test_calls_move_to_the_survivor_with_their_count_and_last_call(api, sarah, sarah_again):
    CallFactory(contact=sarah)
    moved = [CallFactory(contact=sarah_again), CallFactory(contact=sarah_again)]
    Contact.objects.filter(pk=sarah.pk).update(call_count=1)
    Contact.objects.filter(pk=sarah_again.pk).update(call_count=2)

    contact = merge(api, sarah, sarah_again).json()["contact"]

    assert contact["call_count"] == 3
    assert contact["last_called_at"] == moved[-1].started_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert Call.objects.filter(contact=sarah).count() == 3
    calls = api.get(f"{detail_url(CONTACTS, sarah)}/calls").json()
    assert calls["count"] == 3


def test_do_not_call_wins_and_registry_entries_stay(api, sarah, sarah_again):
    api.patch(detail_url(CONTACTS, sarah_again), {"doNotCall": True}, format="json")
    assert DoNotCallEntry.objects.filter(number="+14155551234", removed_at=None).exists()

    contact = merge(api, sarah, sarah_again).json()["contact"]

    assert contact["do_not_call"] is True
    assert "do_not_call" in contact["call_blockers"]
    assert DoNotCallEntry.objects.filter(number="+14155551234", removed_at=None).count() == 1


def test_do_not_call_cannot_be_chosen(api, sarah, sarah_again):
    response = merge(api, sarah, sarah_again, fields={"doNotCall": sarah.public_id})

    api_error(response, 400, "validation_error")
    assert error_fields(response) == {
        "fields.doNotCall": ["Not a field to choose: do-not-call is kept if any record has it."]
    }


def test_a_choice_must_name_the_survivor_or_a_source(api, sarah, sarah_again, company):
    stranger = ContactFactory(company=company)

    response = merge(api, sarah, sarah_again, fields={"companyId": stranger.public_id})

    api_error(response, 400, "validation_error")
    assert list(error_fields(response)) == ["fields.companyId"]
    assert Contact.objects.get(pk=sarah_again.pk).archived_at is None


def test_merging_again_is_harmless(api, sarah, sarah_again):
    first = merge(api, sarah, sarah_again).json()
    updated_at = Contact.objects.get(pk=sarah.pk).updated_at

    again = merge(api, sarah, sarah_again)

    assert again.status_code == 200, again.json()
    assert again.json()["merged_ids"] == first["merged_ids"]
    assert Contact.objects.get(pk=sarah.pk).updated_at == updated_at


def test_an_idempotency_key_replays_the_first_answer(api, sarah, sarah_again):
    headers = {"Idempotency-Key": "merge-sarah-1"}
    first = merge(api, sarah, sarah_again, headers=headers)
    replay = merge(api, sarah, sarah_again, headers=headers)

    assert replay.status_code == 200
    assert replay["Idempotent-Replayed"] == "true"
    assert replay.json() == first.json()


def test_a_contact_cannot_be_merged_into_itself(api, sarah):
    response = merge(api, sarah, sarah)

    api_error(response, 400, "validation_error")
    assert error_fields(response) == {"sourceIds": ["A contact cannot be merged into itself."]}


def test_an_archived_survivor_is_a_409(api, sarah, sarah_again):
    api.delete(detail_url(CONTACTS, sarah))

    error = api_error(merge(api, sarah, sarah_again), 409, "conflict")
    assert "archived" in error["message"]
    assert Contact.objects.get(pk=sarah_again.pk).archived_at is None


def test_a_merged_survivor_is_a_410_naming_where_it_went(api, sarah, sarah_again, company):
    third = ContactFactory(company=company)
    merge(api, sarah, sarah_again)

    error = api_error(merge(api, sarah_again, third), 410, "contact_merged")
    assert error["merged_into_id"] == sarah.public_id


def test_a_source_merged_elsewhere_is_a_409_naming_it(api, sarah, sarah_again, company):
    third = ContactFactory(company=company)
    merge(api, sarah, sarah_again)

    error = api_error(merge(api, third, sarah_again), 409, "conflict")
    assert error["existing_id"] == sarah.public_id


def test_contacts_merged_into_a_source_follow_it_to_the_survivor(api, sarah, sarah_again, company):
    third = ContactFactory(company=company)
    merge(api, sarah_again, third)
    merge(api, sarah, sarah_again)

    error = api_error(api.get(detail_url(CONTACTS, third)), 410, "contact_merged")
    assert error["merged_into_id"] == sarah.public_id


def test_merging_another_teams_contact_is_a_404_and_changes_nothing(
    api, other_api, sarah, other_company
):
    theirs = ContactFactory(company=other_company)

    api_error(merge(api, sarah, theirs), 404, "not_found")
    api_error(merge(other_api, theirs, sarah), 404, "not_found")
    assert Contact.objects.get(pk=theirs.pk).archived_at is None
    assert Contact.objects.get(pk=sarah.pk).archived_at is None


def test_a_bad_body_is_a_400_naming_the_field(api, sarah):
    api_error(merge(api, sarah), 400, "validation_error")
    response = api.post(
        f"{detail_url(CONTACTS, sarah)}/merge", {"sourceIds": "cont_x", "x": 1}, format="json"
    )
    api_error(response, 400, "validation_error")
    assert set(error_fields(response)) == {"sourceIds", "x"}
    response = api.post(
        f"{detail_url(CONTACTS, sarah)}/merge", {"sourceIds": ["comp_x"]}, format="json"
    )
    assert "sourceIds.0" in error_fields(response)


def test_tags_over_the_limit_together_are_a_400_and_nothing_changes(api, sarah, sarah_again):
    Contact.objects.filter(pk=sarah.pk).update(tags=[f"a{n}" for n in range(30)])
    Contact.objects.filter(pk=sarah_again.pk).update(tags=[f"b{n}" for n in range(30)])

    response = merge(api, sarah, sarah_again)

    api_error(response, 400, "validation_error")
    assert "tags" in error_fields(response)
    assert Contact.objects.get(pk=sarah_again.pk).archived_at is None


def test_history_records_the_merge_as_one_act_with_its_actor(api, sarah, sarah_again):
    merge(api, sarah, sarah_again)

    survivor_entry = api.get(f"{detail_url(CONTACTS, sarah)}/history").json()["history"][0]
    source_entry = api.get(f"{detail_url(CONTACTS, sarah_again)}/history").json()["history"][0]
    for entry in (survivor_entry, source_entry):
        assert entry["actor"]["type"] == "api_token"
        assert entry["path"] == f"POST {detail_url(CONTACTS, sarah)}/merge"
        assert entry["merge"] == {
            "survivor_id": sarah.public_id,
            "merged_ids": [sarah_again.public_id],
        }
    assert survivor_entry["type"] == "update"
    assert source_entry["type"] == "archive"
    changes = {change["field"]: change["new"] for change in source_entry["changes"]}
    assert changes["merged_into_id"] == sarah.public_id


def test_the_merge_takes_the_same_queries_for_more_sources(api, company):
    def queries(count):
        survivor = ContactFactory(company=company)
        sources = [ContactFactory(company=company) for _ in range(count)]
        with CaptureQueriesContext(connection) as context:
            assert merge(api, survivor, *sources).status_code == 200
        return len(context.captured_queries)

    queries(1)  # the token's first use of the minute is written once
    assert queries(5) == queries(1)


def test_an_archived_source_is_merged_keeping_its_archive_time(api, sarah, sarah_again):
    api.delete(detail_url(CONTACTS, sarah_again))
    archived_at = Contact.objects.get(pk=sarah_again.pk).archived_at

    response = merge(api, sarah, sarah_again)

    assert response.status_code == 200, response.json()
    assert response.json()["contact"]["job_title"] == "VP of Engineering"
    stored = Contact.objects.get(pk=sarah_again.pk)
    assert (stored.merged_into_id, stored.archived_at) == (sarah.pk, archived_at)


def test_a_merged_contact_in_a_batch_answers_what_its_single_request_does(api, sarah, sarah_again):
    merge(api, sarah, sarah_again)
    call = {
        "campaignId": "spring",
        "startedAt": "2024-01-15T10:00:00Z",
        "durationSeconds": 60,
        "outcome": "answered",
    }
    single = [
        api.patch(detail_url(CONTACTS, sarah_again), {"notes": "x"}, format="json"),
        api.delete(detail_url(CONTACTS, sarah_again)),
        api.post(f"{detail_url(CONTACTS, sarah_again)}/calls", call, format="json"),
    ]
    contacts_batch = api.post(
        f"{CONTACTS}/batch",
        {
            "operations": [
                {"op": "update", "id": sarah_again.public_id, "data": {"notes": "x"}},
                {"op": "archive", "id": sarah_again.public_id},
            ]
        },
        format="json",
    )
    calls_batch = api.post(
        "/api/crm/calls/batch",
        {"operations": [{"op": "create", "contactId": sarah_again.public_id, "data": call}]},
        format="json",
    )

    batched = contacts_batch.json()["results"] + calls_batch.json()["results"]
    for response, result in zip(single, batched, strict=True):
        error = api_error(response, 410, "contact_merged")
        assert (result["status"], result["error"]) == (410, error)
        assert result["error"]["merged_into_id"] == sarah.public_id
    assert not Call.objects.exists()
