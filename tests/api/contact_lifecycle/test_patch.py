"""`PATCH /api/crm/contacts/{id}`: what changes, custom fields merged and tags replaced, and
the rules of create."""

from datetime import timedelta

import pytest
from django.utils import timezone

from contacts.models import Contact
from tests.api.contact_lifecycle.one_contact import (
    LONG_AGO,
    UNKNOWN_ID,
    age,
    detail,
    patch,
    snapshot,
)
from tests.factories import CompanyFactory, ContactFactory
from tests.kit.api import error_fields

# --- PATCH: what changes ------------------------------------------------------------------------


def test_patch_changes_only_the_fields_sent(api, contact):
    before = api.get(detail(contact)).json()["contact"]

    response = patch(api, contact, jobTitle="CTO", leadStatus="qualified")

    assert response.status_code == 200, response.json()
    after = response.json()["contact"]
    assert after["job_title"] == "CTO"
    assert after["lead_status"] == "qualified"
    unchanged = set(before) - {"job_title", "lead_status", "updated_at"}
    assert {k: after[k] for k in unchanged} == {k: before[k] for k in unchanged}
    stored = Contact.objects.get(pk=contact.pk)
    assert (stored.job_title, stored.lead_status) == ("CTO", "qualified")
    assert stored.email == "sarah.chen@example.com"


def test_patch_answers_the_stored_contact(api, contact):
    response = patch(api, contact, firstName="  Sara ")

    assert response.json()["contact"] == api.get(detail(contact)).json()["contact"]
    assert response.json()["contact"]["first_name"] == "Sara"


def test_patch_moves_updated_at_but_not_created_at(api, contact):
    age(contact)

    response = patch(api, contact, notes="Called back.")

    assert response.status_code == 200, response.json()
    stored = Contact.objects.get(pk=contact.pk)
    assert stored.created_at == LONG_AGO
    assert stored.updated_at > timezone.now() - timedelta(minutes=1)
    body = response.json()["contact"]
    assert body["created_at"] == LONG_AGO.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert body["updated_at"] != body["created_at"]


def test_patch_can_clear_an_optional_field_with_null(api, contact):
    response = patch(api, contact, jobTitle=None, phone=None)

    assert response.status_code == 200, response.json()
    assert response.json()["contact"]["job_title"] is None
    assert response.json()["contact"]["phone"] is None
    assert Contact.objects.get(pk=contact.pk).phone is None


def test_patch_normalises_values_like_create(api, contact):
    response = patch(
        api, contact, phone="+1 (202) 555-0147", timezone="america/chicago", leadStatus="Converted"
    )

    assert response.status_code == 200, response.json()
    got = response.json()["contact"]
    assert (got["phone"], got["timezone"], got["lead_status"]) == (
        "+12025550147",
        "America/Chicago",
        "converted",
    )


def test_patch_moves_the_contact_to_another_company_of_the_team(api, team, contact):
    globex = CompanyFactory(team=team, name="Globex")

    response = patch(api, contact, companyId=globex.public_id)

    assert response.status_code == 200, response.json()
    assert response.json()["contact"]["company_id"] == globex.public_id
    assert Contact.objects.get(pk=contact.pk).company == globex


@pytest.mark.parametrize(
    "field", ["id", "teamId", "createdAt", "updatedAt", "archivedAt", "callCount", "lastCalledAt"]
)
def test_patch_of_a_server_field_is_400_saying_it_cannot_be_changed(api, team, contact, field):
    before = snapshot(contact)
    value = {"teamId": team.public_id, "callCount": 5}.get(field, "2020-01-01T00:00:00Z")

    response = patch(api, contact, **{field: value})

    assert response.status_code == 400
    fields = error_fields(response)
    assert list(fields) == [field]
    assert "cannot be changed" in fields[field][0]
    assert snapshot(contact) == before


def test_patch_of_a_server_field_writes_none_of_the_other_fields(api, contact):
    before = snapshot(contact)

    response = patch(api, contact, jobTitle="CTO", createdAt="2020-01-01T00:00:00Z")

    assert response.status_code == 400
    assert snapshot(contact) == before


def test_patch_with_unknown_field_is_400(api, contact):
    response = patch(api, contact, job_title="CTO")

    assert response.status_code == 400
    assert error_fields(response) == {"job_title": ["Unknown field; did you mean 'jobTitle'?"]}


# --- PATCH: customFields merge, tags replace ----------------------------------------------------


def test_patch_custom_fields_merges_key_by_key(api, contact):
    response = patch(api, contact, customFields={"interest": "inbound", "budget": 1200})

    assert response.status_code == 200, response.json()
    expected = {
        "size": "500-1000",
        "interest": "inbound",
        "budget": 1200,
        "meta": {"calls": 2, "x": 1},
    }
    assert response.json()["contact"]["custom_fields"] == expected
    assert Contact.objects.get(pk=contact.pk).custom_fields == expected


def test_patch_custom_fields_null_removes_the_key(api, contact):
    response = patch(api, contact, customFields={"interest": None, "never-there": None})

    assert response.status_code == 200, response.json()
    assert response.json()["contact"]["custom_fields"] == {
        "size": "500-1000",
        "meta": {"calls": 2, "x": 1},
    }


def test_patch_custom_fields_merges_nested_objects(api, contact):
    response = patch(api, contact, customFields={"meta": {"calls": 3, "x": None, "y": [1, 2]}})

    assert response.status_code == 200, response.json()
    assert response.json()["contact"]["custom_fields"]["meta"] == {"calls": 3, "y": [1, 2]}


def test_patch_custom_fields_replaces_arrays_and_scalars_whole(api, contact):
    Contact.objects.filter(pk=contact.pk).update(custom_fields={"list": [1, 2, 3], "obj": {"a": 1}})

    response = patch(api, contact, customFields={"list": [4], "obj": "flat"})

    assert response.json()["contact"]["custom_fields"] == {"list": [4], "obj": "flat"}


def test_patch_empty_custom_fields_changes_nothing(api, contact):
    response = patch(api, contact, customFields={})

    assert response.status_code == 200
    assert response.json()["contact"]["custom_fields"] == contact.custom_fields


def test_patch_custom_fields_over_the_key_limit_after_merge_is_400_and_writes_nothing(api, contact):
    Contact.objects.filter(pk=contact.pk).update(custom_fields={f"old{i}": i for i in range(60)})
    before = snapshot(contact)

    response = patch(api, contact, jobTitle="CTO", customFields={f"new{i}": i for i in range(50)})

    assert response.status_code == 400
    assert list(error_fields(response)) == ["customFields"]
    assert snapshot(contact) == before


def test_patch_custom_fields_over_the_size_limit_after_merge_is_400(api, contact):
    Contact.objects.filter(pk=contact.pk).update(custom_fields={"a": "x" * 9000})
    before = snapshot(contact)

    response = patch(api, contact, customFields={"b": "y" * 9000})

    assert response.status_code == 400
    assert list(error_fields(response)) == ["customFields"]
    assert snapshot(contact) == before


def test_patch_custom_fields_removing_keys_can_bring_it_under_the_limit(api, contact):
    Contact.objects.filter(pk=contact.pk).update(custom_fields={f"old{i}": i for i in range(100)})

    response = patch(api, contact, customFields={"old0": None, "new": 1})

    assert response.status_code == 200, response.json()
    assert len(response.json()["contact"]["custom_fields"]) == 100


@pytest.mark.parametrize("bad", [["a"], "text", None])
def test_patch_custom_fields_must_be_an_object(api, contact, bad):
    before = snapshot(contact)

    response = patch(api, contact, customFields=bad)

    assert response.status_code == 400
    assert list(error_fields(response)) == ["customFields"]
    assert snapshot(contact) == before


def test_patch_tags_replace_the_list(api, contact):
    response = patch(api, contact, tags=["cold", " VIP ", "vip"])

    assert response.status_code == 200, response.json()
    assert response.json()["contact"]["tags"] == ["cold", "VIP"]
    assert Contact.objects.get(pk=contact.pk).tags == ["cold", "VIP"]


def test_patch_empty_tags_clears_them(api, contact):
    response = patch(api, contact, tags=[])

    assert response.json()["contact"]["tags"] == []


# --- PATCH: the rules of create -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("phone", "12345"),
        ("phone", "call me"),
        ("phoneSecondary", "+1"),
        ("email", "sarah@"),
        ("timezone", "Mars/Olympus"),
        ("leadStatus", "hot"),
        ("doNotCall", "yes"),
        ("firstName", "   "),
        ("lastName", None),
        ("firstName", "x" * 101),
        ("tags", ["a;b"]),
        ("companyId", "comp_123"),
    ],
)
def test_patch_with_a_bad_value_is_400_naming_the_field_and_writes_nothing(
    api, contact, field, value
):
    before = snapshot(contact)

    response = patch(api, contact, **{field: value})

    assert response.status_code == 400
    assert list(error_fields(response)) == [field]
    assert snapshot(contact) == before


def test_patch_reports_every_bad_field_at_once(api, contact):
    response = patch(api, contact, phone="12345", email="nope", leadStatus="hot")

    assert response.status_code == 400
    assert set(error_fields(response)) == {"phone", "email", "leadStatus"}


def test_patch_to_another_teams_company_is_404_and_writes_nothing(api, contact, other_company):
    before = snapshot(contact)

    response = patch(api, contact, companyId=other_company.public_id, jobTitle="CTO")

    assert response.status_code == 404
    assert "companyId" in error_fields(response)
    assert snapshot(contact) == before


@pytest.mark.parametrize("taken", ["taken@example.com", "TAKEN@example.com", "Taken@Example.COM"])
def test_patch_email_to_another_live_contacts_email_is_409(api, company, contact, taken):
    other = ContactFactory(company=company, email="taken@example.com")
    before = snapshot(contact)

    response = patch(api, contact, email=taken, jobTitle="CTO")

    assert response.status_code == 409, response.json()
    error = response.json()["error"]
    assert error["code"] == "conflict"
    assert error["existing_id"] == other.public_id
    assert "email" in error["fields"]
    assert snapshot(contact) == before


def test_patch_email_changing_only_its_case_is_allowed(api, contact):
    response = patch(api, contact, email="Sarah.Chen@example.com")

    assert response.status_code == 200, response.json()
    assert response.json()["contact"]["email"] == "Sarah.Chen@example.com"


def test_patch_email_to_an_archived_contacts_email_is_allowed(api, company, contact):
    ContactFactory(company=company, email="old@example.com", archived_at=timezone.now())

    response = patch(api, contact, email="old@example.com")

    assert response.status_code == 200, response.json()


def test_patch_of_an_archived_contact_is_409_and_writes_nothing(api, contact):
    api.delete(detail(contact))
    before = snapshot(contact)

    response = patch(api, contact, jobTitle="CTO")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conflict"
    assert snapshot(contact) == before


def test_other_team_cannot_patch(other_api, contact):
    before = snapshot(contact)

    response = other_api.patch(detail(contact), {"jobTitle": "Hacked"}, format="json")

    assert response.status_code == 404
    assert snapshot(contact) == before


def test_patch_unknown_id_is_404(api, contact):
    response = patch(api, UNKNOWN_ID, jobTitle="CTO")

    assert response.status_code == 404


def test_patch_malformed_id_is_400_naming_id(api, contact):
    response = patch(api, "cont_oops", jobTitle="CTO")

    assert response.status_code == 400
    assert list(error_fields(response)) == ["id"]
