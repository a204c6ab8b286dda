"""`POST /api/crm/contacts/batch`, through HTTP: each operation answered as its single endpoint
would, in order; partial success or, with `atomic`, all or nothing; tenancy; idempotency."""

import pytest

from contacts.models import Contact
from contacts.rules import CUSTOM_FIELDS_MAX_KEYS
from tests.factories import CompanyFactory, ContactFactory
from tests.kit.api import CONTACTS, api_error, detail_url
from tests.kit.payloads import contact_body

URL = f"{CONTACTS}/batch"


def batch(client, operations, **body):
    return client.post(URL, {"operations": operations, **body}, format="json")


def results(response) -> list[dict]:
    assert response.status_code == 200, response.json()
    payload = response.json()
    assert payload["success"] is True
    assert [result["index"] for result in payload["results"]] == list(
        range(len(payload["results"]))
    )
    return payload["results"]


@pytest.fixture
def sarah(company):
    return ContactFactory(
        company=company, first_name="Sarah", last_name="Chen", email="sarah@example.com"
    )


def test_batch_answers_each_operation_in_order_with_its_single_endpoint_status(
    api, team, company, sarah
):
    archived = ContactFactory(company=company, first_name="Old")
    operations = [
        {"op": "create", "data": contact_body(team, company, email="ana@example.com")},
        {"op": "update", "id": sarah.public_id, "data": {"jobTitle": "CTO"}},
        {
            "op": "upsert",
            "data": {"teamId": team.public_id, "matchOn": "email", "email": "SARAH@example.com"},
        },
        {"op": "archive", "id": archived.public_id},
    ]

    response = batch(api, operations)

    created, updated, upserted, archived_result = results(response)
    assert response.json()["succeeded"] == 4
    assert response.json()["failed"] == 0
    assert created["status"] == 201
    assert created["contact"]["email"] == "ana@example.com"
    assert created["location"] == detail_url(CONTACTS, created["contact"]["id"])
    assert updated["status"] == 200
    assert updated["contact"]["job_title"] == "CTO"
    assert upserted["status"] == 200
    assert upserted["created"] is False
    assert upserted["contact"]["id"] == sarah.public_id
    assert archived_result["status"] == 200
    assert archived_result["contact"]["archived_at"] is not None
    # The record each answers is the one the single endpoint answers, ETag included.
    single = api.get(detail_url(CONTACTS, sarah))
    assert upserted["contact"] == single.json()["contact"]
    assert upserted["etag"] == single["ETag"]
    assert Contact.objects.get(pk=sarah.pk).job_title == "CTO"
    assert Contact.objects.get(pk=archived.pk).is_archived


def test_a_bad_operation_is_answered_with_its_error_and_the_others_are_written(
    api, team, company, sarah
):
    operations = [
        {"op": "create", "data": contact_body(team, company, email="ana@example.com")},
        {"op": "create", "data": contact_body(team, company, phone="not a phone")},
        {"op": "create", "data": contact_body(team, company, email="SARAH@example.com")},
        {"op": "update", "id": "cont_00000000000000000000000000", "data": {"jobTitle": "CTO"}},
        {"op": "create", "data": contact_body(team, company, email="bo@example.com")},
    ]

    response = batch(api, operations)

    ok, bad_phone, duplicate, missing, ok_too = results(response)
    assert response.json()["failed"] == 3
    assert (ok["status"], ok_too["status"]) == (201, 201)
    # The single endpoint's error object, field names and all.
    single = api.post(CONTACTS, contact_body(team, company, phone="not a phone"), format="json")
    assert bad_phone == {"index": 1, "status": 400, "error": api_error(single, 400)}
    assert duplicate["status"] == 409
    assert duplicate["error"]["code"] == "conflict"
    assert duplicate["error"]["existing_id"] == sarah.public_id
    assert missing["status"] == 404
    assert missing["error"]["code"] == "not_found"
    emails = set(Contact.objects.values_list("email", flat=True))
    assert emails == {"sarah@example.com", "ana@example.com", "bo@example.com"}


def test_a_write_that_fails_leaves_nothing_of_itself_behind(api, team, company, sarah):
    # Custom fields are checked after merging, inside the write: the failed write's other
    # changes (the job title) are rolled back with it, and the next operation still runs.
    full = {f"key{n}": n for n in range(CUSTOM_FIELDS_MAX_KEYS)}
    Contact.objects.filter(pk=sarah.pk).update(custom_fields=full, job_title="Engineer")
    one_more = {"jobTitle": "CTO", "customFields": {"extra": 1}}
    operations = [
        {"op": "update", "id": sarah.public_id, "data": one_more},
        {"op": "update", "id": sarah.public_id, "data": {"source": "batch"}},
    ]

    failed, ok = results(batch(api, operations))

    assert failed["status"] == 400, failed
    assert set(failed["error"]["fields"]) == {"customFields"}
    assert ok["status"] == 200
    sarah.refresh_from_db()
    assert (sarah.job_title, sarah.source) == ("Engineer", "batch")
    assert sarah.custom_fields == full


def test_atomic_batch_writes_nothing_and_names_every_bad_operation(api, team, company, sarah):
    operations = [
        {"op": "create", "data": contact_body(team, company, email="ana@example.com")},
        {"op": "create", "data": contact_body(team, company, phone="not a phone")},
        {"op": "update", "id": sarah.public_id, "data": {"jobTitle": "CTO"}},
        {"op": "archive", "id": "cont_00000000000000000000000000"},
        {"op": "remove", "id": sarah.public_id},
    ]

    response = batch(api, operations, atomic=True)

    error = api_error(response, 400, "batch_failed")
    assert [(failure["index"], failure["status"]) for failure in error["results"]] == [
        (1, 400),
        (3, 404),
        (4, 400),
    ]
    assert set(error["fields"]) == {"operations.1.phone", "operations.3", "operations.4.op"}
    assert Contact.objects.count() == 1
    assert Contact.objects.get(pk=sarah.pk).job_title != "CTO"


def test_atomic_batch_rolls_back_when_a_write_fails_and_names_every_failed_write(
    api, team, company, sarah
):
    # Each passes the checks; two clash with what is stored when written.
    operations = [
        {"op": "create", "data": contact_body(team, company, email="ana@example.com")},
        {"op": "create", "data": contact_body(team, company, email="sarah@example.com")},
        {"op": "update", "id": sarah.public_id, "data": {"jobTitle": "CTO"}},
        {"op": "create", "data": contact_body(team, company, email="ANA@example.com")},
    ]

    response = batch(api, operations, atomic=True)

    error = api_error(response, 400, "batch_failed")
    assert [(failure["index"], failure["status"]) for failure in error["results"]] == [
        (1, 409),
        (3, 409),
    ]
    assert list(Contact.objects.values_list("email", flat=True)) == ["sarah@example.com"]
    assert Contact.objects.get(pk=sarah.pk).job_title != "CTO"


def test_atomic_batch_that_succeeds_writes_everything(api, team, company):
    operations = [
        {"op": "create", "data": contact_body(team, company, email=f"c{n}@example.com")}
        for n in range(3)
    ]

    response = batch(api, operations, atomic=True)

    assert [result["status"] for result in results(response)] == [201, 201, 201]
    assert Contact.objects.count() == 3


def test_operations_are_checked_for_shape(api, team, company, sarah):
    operations = [
        "create",
        {"data": contact_body(team, company)},
        {"op": "archive", "id": sarah.public_id, "data": {}},
        {"op": "update", "data": {"jobTitle": "CTO"}},
        {"op": "update", "id": sarah.public_id, "data": {"job_title": "CTO"}},
        {"op": "update", "id": sarah.public_id, "data": {}, "ifMatch": 7},
        {"op": "update", "id": "comp_00000000000000000000000000", "data": {}},
    ]

    failures = results(batch(api, operations))

    assert [failure["status"] for failure in failures] == [400] * 7
    fields = [set(failure["error"]["fields"]) for failure in failures]
    assert fields == [
        set(),
        {"op"},
        {"data"},
        {"id"},
        {"job_title"},
        {"ifMatch"},
        {"id"},
    ]


@pytest.mark.parametrize(
    "body, field",
    [
        ({"operations": []}, "operations"),
        ({"operations": {"op": "create"}}, "operations"),
        ({"operations": [{"op": "archive", "id": "x"}] * 101}, "operations"),
        ({"operations": [{"op": "archive", "id": "x"}], "atomic": "yes"}, "atomic"),
        ({"operations": [{"op": "archive", "id": "x"}], "all": True}, "all"),
    ],
)
def test_a_malformed_batch_is_a_400_naming_the_field(api, body, field):
    response = api.post(URL, body, format="json")

    assert field in api_error(response, 400, "validation_error")["fields"]


def test_a_hundred_operations_are_taken(api, team, company):
    operations = [
        {"op": "create", "data": contact_body(team, company, email=f"c{n}@example.com")}
        for n in range(100)
    ]

    assert len(results(batch(api, operations))) == 100
    assert Contact.objects.count() == 100


def test_batch_reaches_only_the_callers_team(api, team, company, other_team):
    other_company = CompanyFactory(team=other_team)
    theirs = ContactFactory(company=other_company, job_title="Engineer")
    operations = [
        {"op": "update", "id": theirs.public_id, "data": {"jobTitle": "CTO"}},
        {"op": "archive", "id": theirs.public_id},
        {"op": "create", "data": contact_body(other_team, other_company)},
        {"op": "create", "data": contact_body(team, other_company)},
        {
            "op": "upsert",
            "data": {"teamId": other_team.public_id, "matchOn": "email", "email": "x@example.com"},
        },
    ]

    statuses = [result["status"] for result in results(batch(api, operations))]

    assert statuses == [404, 404, 404, 404, 404]
    theirs.refresh_from_db()
    assert theirs.job_title == "Engineer"
    assert not theirs.is_archived
    assert Contact.objects.count() == 1


def test_an_idempotency_key_covers_the_whole_batch(api, team, company):
    operations = [
        {"op": "create", "data": contact_body(team, company, email="ana@example.com")},
        {"op": "create", "data": contact_body(team, company, phone="not a phone")},
    ]
    key = {"HTTP_IDEMPOTENCY_KEY": "sync-run-7"}

    first = api.post(URL, {"operations": operations}, format="json", **key)
    again = api.post(URL, {"operations": operations}, format="json", **key)
    other = api.post(URL, {"operations": operations[:1]}, format="json", **key)

    assert again.status_code == 200
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert Contact.objects.count() == 1
    api_error(other, 422, "idempotency_key_reused")


def test_batch_update_honours_each_operations_if_match(api, sarah):
    etag = api.get(detail_url(CONTACTS, sarah))["ETag"]
    operations = [
        {"op": "update", "id": sarah.public_id, "data": {"jobTitle": "CTO"}, "ifMatch": etag},
        # The first changed the contact: the tag read before is stale now.
        {"op": "update", "id": sarah.public_id, "data": {"jobTitle": "CEO"}, "ifMatch": etag},
        {"op": "archive", "id": sarah.public_id, "ifMatch": "*"},
    ]

    first, stale, archived = results(batch(api, operations))

    assert first["status"] == 200
    assert stale["status"] == 412
    assert stale["error"]["code"] == "precondition_failed"
    assert archived["status"] == 200
    sarah.refresh_from_db()
    assert sarah.job_title == "CTO"
    assert sarah.is_archived


def test_batch_queries_grow_with_operations_not_beyond(
    api, team, company, django_assert_max_num_queries
):
    # Not a timing: a guard against a batch doing far more per operation than the single
    # endpoint (each create is a handful of statements plus two savepoints).
    operations = [
        {"op": "create", "data": contact_body(team, company, email=f"c{n}@example.com")}
        for n in range(20)
    ]
    with django_assert_max_num_queries(20 * 20):
        results(batch(api, operations))
