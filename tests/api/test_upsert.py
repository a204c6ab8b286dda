"""`POST /api/crm/contacts/upsert`, through HTTP: match, update or create, conflicts, tenancy."""

import pytest
from django.utils import timezone

from contacts.models import Contact
from tests.factories import ContactFactory
from tests.kit.api import error_fields

URL = "/api/crm/contacts/upsert"


def upsert(client, team, **body):
    return client.post(URL, {"teamId": team.public_id, **body}, format="json")


def new_contact_body(company, **fields):
    return {
        "companyId": company.public_id,
        "firstName": "Sarah",
        "lastName": "Chen",
        **fields,
    }


@pytest.fixture
def sarah(company):
    return ContactFactory(
        company=company,
        first_name="Sarah",
        last_name="Chen",
        email="sarah.chen@example.com",
        phone="+12025550147",
        external_id="crm-42",
        job_title="Engineer",
        lead_status="new",
        tags=["vip"],
        custom_fields={"size": "500", "interest": "outbound", "region": "west"},
    )


# --- matching and updating -------------------------------------------------------------------


def test_upsert_matching_email_ignores_case_and_answers_200_not_created(api, team, sarah):
    response = upsert(api, team, matchOn="email", email="SARAH.Chen@Example.COM", jobTitle="CTO")

    assert response.status_code == 200, response.json()
    payload = response.json()
    assert set(payload) == {"success", "created", "contact"}
    assert payload["success"] is True
    assert payload["created"] is False
    assert payload["contact"]["id"] == sarah.public_id
    assert payload["contact"]["job_title"] == "CTO"
    assert Contact.objects.count() == 1


def test_upsert_update_changes_only_the_fields_sent(api, team, sarah):
    response = upsert(api, team, matchOn="externalId", externalId="crm-42", leadStatus="qualified")

    contact = response.json()["contact"]
    assert contact["lead_status"] == "qualified"
    assert contact["first_name"] == "Sarah"
    assert contact["last_name"] == "Chen"
    assert contact["email"] == "sarah.chen@example.com"
    assert contact["phone"] == "+12025550147"
    assert contact["job_title"] == "Engineer"
    assert contact["tags"] == ["vip"]
    assert contact["custom_fields"] == {"size": "500", "interest": "outbound", "region": "west"}
    sarah.refresh_from_db()
    assert sarah.lead_status == "qualified"
    assert sarah.job_title == "Engineer"


def test_upsert_update_merges_custom_fields_and_null_removes_a_key(api, team, sarah):
    response = upsert(
        api,
        team,
        matchOn="email",
        email="sarah.chen@example.com",
        customFields={"size": "1000", "interest": None, "budget": 50000},
    )

    assert response.status_code == 200, response.json()
    expected = {"size": "1000", "region": "west", "budget": 50000}
    assert response.json()["contact"]["custom_fields"] == expected
    sarah.refresh_from_db()
    assert sarah.custom_fields == expected


@pytest.mark.parametrize(
    "typed", ["+1 (202) 555-0147", "+1 202-555-0147", "+1.202.555.0147", "+12025550147"]
)
def test_upsert_matches_phone_in_e164_however_it_is_typed(api, team, sarah, typed):
    response = upsert(api, team, matchOn="phone", phone=typed, notes="Called back.")

    assert response.status_code == 200, response.json()
    assert response.json()["created"] is False
    assert response.json()["contact"]["id"] == sarah.public_id
    assert response.json()["contact"]["notes"] == "Called back."
    assert Contact.objects.count() == 1


def test_upsert_refuses_a_national_phone_without_country_code(api, team, company, sarah):
    response = upsert(
        api, team, matchOn="phone", phone="(202) 555-0147", **new_contact_body(company)
    )

    assert response.status_code == 400
    assert list(error_fields(response)) == ["phone"]
    assert Contact.objects.count() == 1


def test_upsert_matches_external_id(api, team, sarah):
    response = upsert(api, team, matchOn="externalId", externalId="crm-42", firstName="Sara")

    assert response.status_code == 200, response.json()
    assert response.json()["contact"]["id"] == sarah.public_id
    assert response.json()["contact"]["first_name"] == "Sara"


def test_upsert_external_id_match_is_exact(api, team, company, sarah):
    response = upsert(
        api, team, matchOn="externalId", externalId="crm-43", **new_contact_body(company)
    )

    assert response.status_code == 201, response.json()
    assert response.json()["contact"]["id"] != sarah.public_id


# --- creating --------------------------------------------------------------------------------


def test_upsert_without_match_creates_and_answers_201_created(api, team, company):
    response = upsert(
        api,
        team,
        matchOn="email",
        email="ana.lima@example.com",
        **new_contact_body(company, firstName="Ana", lastName="Lima", tags=["new"]),
    )

    assert response.status_code == 201, response.json()
    payload = response.json()
    assert set(payload) == {"success", "created", "contact"}
    assert payload["success"] is True
    assert payload["created"] is True
    contact = payload["contact"]
    assert contact["first_name"] == "Ana"
    assert contact["email"] == "ana.lima@example.com"
    assert contact["team_id"] == team.public_id
    assert contact["company_id"] == company.public_id
    assert contact["tags"] == ["new"]
    assert contact["lead_status"] == "new"
    stored = Contact.objects.get()
    assert stored.public_id == contact["id"]


def test_upsert_create_requires_company_and_names_and_names_them(api, team):
    response = upsert(api, team, matchOn="email", email="ana.lima@example.com")

    assert response.status_code == 400
    assert set(error_fields(response)) == {"companyId", "firstName", "lastName"}
    assert not Contact.objects.exists()


def test_upsert_create_names_only_the_missing_field(api, team, company):
    response = upsert(
        api, team, matchOn="email", email="ana.lima@example.com", companyId=company.public_id,
        firstName="Ana",
    )  # fmt: skip

    assert response.status_code == 400
    assert list(error_fields(response)) == ["lastName"]
    assert not Contact.objects.exists()


def test_upsert_update_does_not_require_the_fields_a_create_needs(api, team, sarah):
    response = upsert(api, team, matchOn="email", email="sarah.chen@example.com")

    assert response.status_code == 200, response.json()
    assert response.json()["contact"]["first_name"] == "Sarah"


def test_running_the_same_upsert_twice_creates_one_contact(api, team, company):
    body = new_contact_body(company, email="ana.lima@example.com", jobTitle="CTO")

    first = upsert(api, team, matchOn="email", **body)
    second = upsert(api, team, matchOn="email", **body)

    assert (first.status_code, second.status_code) == (201, 200)
    assert (first.json()["created"], second.json()["created"]) == (True, False)
    assert first.json()["contact"]["id"] == second.json()["contact"]["id"]
    assert Contact.objects.count() == 1


def test_running_the_same_phone_upsert_twice_creates_one_contact(api, team, company):
    body = new_contact_body(company, phone="+1 (202) 555-0147")

    first = upsert(api, team, matchOn="phone", **body)
    second = upsert(api, team, matchOn="phone", **body)

    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["contact"]["id"] == second.json()["contact"]["id"]
    assert Contact.objects.count() == 1


# --- matchOn and the match field --------------------------------------------------------------


def test_upsert_without_match_on_is_400_naming_it(api, team, company):
    response = upsert(api, team, email="ana.lima@example.com", **new_contact_body(company))

    assert response.status_code == 400
    assert "matchOn" in error_fields(response)
    assert not Contact.objects.exists()


@pytest.mark.parametrize("match_on", ["name", "external_id", "Email", "", None, 1, ["email"]])
def test_upsert_with_unknown_match_on_is_400_naming_it(api, team, company, match_on):
    response = upsert(
        api, team, matchOn=match_on, email="ana.lima@example.com", **new_contact_body(company)
    )

    assert response.status_code == 400
    assert list(error_fields(response)) == ["matchOn"]
    assert not Contact.objects.exists()


@pytest.mark.parametrize("match_on", ["email", "phone", "externalId"])
def test_upsert_without_the_match_field_is_400_naming_it(api, team, company, match_on):
    response = upsert(api, team, matchOn=match_on, **new_contact_body(company))

    assert response.status_code == 400
    assert list(error_fields(response)) == [match_on]
    assert not Contact.objects.exists()


@pytest.mark.parametrize(("match_on", "blank"), [("email", ""), ("phone", "  "), ("email", None)])
def test_upsert_with_a_blank_match_field_is_400_naming_it(api, team, company, match_on, blank):
    response = upsert(api, team, matchOn=match_on, **{match_on: blank}, **new_contact_body(company))

    assert response.status_code == 400
    assert list(error_fields(response)) == [match_on]
    assert not Contact.objects.exists()


# --- several matches, archived contacts -------------------------------------------------------


def test_two_live_contacts_with_the_phone_is_409_naming_both(api, team, company):
    first = ContactFactory(company=company, phone="+12025550147", job_title="Engineer")
    second = ContactFactory(company=company, phone="+12025550147", job_title="Engineer")

    response = upsert(api, team, matchOn="phone", phone="+1 (202) 555-0147", jobTitle="CTO")

    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "conflict"
    assert set(error["existing_ids"]) == {first.public_id, second.public_id}
    assert first.public_id in error["message"] and second.public_id in error["message"]
    assert "phone" in error["fields"]
    assert set(Contact.objects.values_list("job_title", flat=True)) == {"Engineer"}
    assert Contact.objects.count() == 2


def test_an_archived_duplicate_phone_does_not_count_as_a_match(api, team, company):
    live = ContactFactory(company=company, phone="+12025550147")
    ContactFactory(company=company, phone="+12025550147", archived_at=timezone.now())

    response = upsert(api, team, matchOn="phone", phone="+12025550147", jobTitle="CTO")

    assert response.status_code == 200, response.json()
    assert response.json()["contact"]["id"] == live.public_id


@pytest.mark.parametrize(
    ("match_on", "value"),
    [("email", "sarah.chen@example.com"), ("phone", "+12025550147"), ("externalId", "crm-42")],
)
def test_archived_contacts_are_never_matched(api, team, company, sarah, match_on, value):
    sarah.archived_at = timezone.now()
    sarah.save()

    response = upsert(
        api, team, matchOn=match_on, **{match_on: value}, **new_contact_body(company, notes="New")
    )

    assert response.status_code == 201, response.json()
    assert response.json()["created"] is True
    assert response.json()["contact"]["id"] != sarah.public_id
    sarah.refresh_from_db()
    assert sarah.is_archived
    assert sarah.notes is None
    assert Contact.objects.count() == 2


# --- tenancy ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("match_on", "value"),
    [("email", "sarah.chen@example.com"), ("phone", "+12025550147"), ("externalId", "crm-42")],
)
def test_another_teams_contact_is_never_matched(api, team, company, other_company, match_on, value):
    theirs = ContactFactory(
        company=other_company,
        email="sarah.chen@example.com",
        phone="+12025550147",
        external_id="crm-42",
        job_title="Engineer",
    )

    response = upsert(
        api,
        team,
        matchOn=match_on,
        **{match_on: value},
        **new_contact_body(company, jobTitle="CTO"),
    )

    assert response.status_code == 201, response.json()
    assert response.json()["contact"]["id"] != theirs.public_id
    assert response.json()["contact"]["team_id"] == team.public_id
    theirs.refresh_from_db()
    assert theirs.job_title == "Engineer"


def test_upsert_into_another_teams_team_id_is_404(api, team, company, other_team, sarah):
    response = upsert(
        api,
        other_team,
        matchOn="email",
        email="sarah.chen@example.com",
        **new_contact_body(company, jobTitle="CTO"),
    )

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert "teamId" in error_fields(response)
    sarah.refresh_from_db()
    assert sarah.job_title == "Engineer"
    assert Contact.objects.count() == 1


def test_upsert_creating_with_another_teams_company_is_404(api, team, other_company):
    response = upsert(
        api, team, matchOn="email", email="ana.lima@example.com", **new_contact_body(other_company)
    )

    assert response.status_code == 404
    assert "companyId" in error_fields(response)
    assert not Contact.objects.exists()


def test_upsert_moving_a_match_to_another_teams_company_is_404(api, team, other_company, sarah):
    response = upsert(
        api,
        team,
        matchOn="email",
        email="sarah.chen@example.com",
        companyId=other_company.public_id,
        jobTitle="CTO",
    )

    assert response.status_code == 404
    assert "companyId" in error_fields(response)
    sarah.refresh_from_db()
    assert sarah.company_id != other_company.pk
    assert sarah.job_title == "Engineer"


def test_another_teams_token_cannot_upsert_into_our_team(other_api, team, company, sarah):
    response = upsert(
        other_api,
        team,
        matchOn="email",
        email="sarah.chen@example.com",
        **new_contact_body(company, jobTitle="CTO"),
    )

    assert response.status_code == 404
    sarah.refresh_from_db()
    assert sarah.job_title == "Engineer"
    assert Contact.objects.count() == 1
