"""Reading, patching, archiving and restoring one company, through HTTP."""

from datetime import timedelta

import pytest
from django.utils import timezone

from companies.models import Company
from contacts.models import Contact
from crm import ids
from tests.factories import CompanyFactory, ContactFactory
from tests.kit.api import COMPANIES, CONTACTS, detail_url, error_fields, listed_ids

LONG_AGO = timezone.now() - timedelta(days=10)
UNKNOWN_ID = ids.encode("comp", ids.uuid7())


def detail(company) -> str:
    return detail_url(COMPANIES, company)


def patch(client, company, **body):
    return client.patch(detail(company), body, format="json")


def company_ids(client, team) -> list[str]:
    return listed_ids(client.get(COMPANIES, {"teamId": team.public_id}), "companies")


def contact_ids(client, team) -> list[str]:
    return listed_ids(client.get(CONTACTS, {"teamId": team.public_id}), "contacts")


def snapshot(company) -> dict:
    stored = Company.objects.get(pk=company.pk)
    return {field.attname: getattr(stored, field.attname) for field in Company._meta.fields}


@pytest.fixture
def globex(team):
    return CompanyFactory(team=team, name="Globex", domain="globex.example")


# --- GET ----------------------------------------------------------------------------------------


def test_get_answers_the_company_envelope(api, team, globex):
    response = api.get(detail(globex))

    assert response.status_code == 200, response.json()
    body = response.json()
    assert set(body) == {"success", "company"}
    assert body["success"] is True
    assert body["company"]["id"] == globex.public_id
    assert body["company"]["team_id"] == team.public_id
    assert body["company"]["name"] == "Globex"
    assert body["company"]["domain"] == "globex.example"
    assert body["company"]["archived_at"] is None


@pytest.mark.parametrize(
    "bad_id", ["comp_123", "cont_01h455vb4pex5vsknk084sn02q", "01h455vb4pex5vsknk084sn02q"]
)
def test_get_with_malformed_id_is_400_naming_id(api, globex, bad_id):
    response = api.get(detail(bad_id))

    assert response.status_code == 400
    assert list(error_fields(response)) == ["id"]


def test_get_another_teams_company_answers_like_an_unknown_id(api, other_company):
    foreign = api.get(detail(other_company))
    unknown = api.get(detail(UNKNOWN_ID))

    assert foreign.status_code == unknown.status_code == 404
    assert foreign.json()["error"]["code"] == "not_found"
    foreign_text = foreign.content.decode().replace(other_company.public_id, "<id>")
    unknown_text = unknown.content.decode().replace(UNKNOWN_ID, "<id>")
    assert foreign_text == unknown_text
    assert other_company.name not in foreign.content.decode()


def test_get_archived_company_is_still_readable(api, globex):
    api.delete(detail(globex))

    response = api.get(detail(globex))

    assert response.status_code == 200
    assert response.json()["company"]["archived_at"] is not None


@pytest.mark.parametrize("method", ["get", "patch", "delete"])
def test_detail_routes_reject_unknown_query_parameters(api, globex, method):
    before = snapshot(globex)

    response = getattr(api, method)(f"{detail(globex)}?name=x", {}, format="json")

    assert response.status_code == 400
    assert list(error_fields(response)) == ["name"]
    assert snapshot(globex) == before


def test_restore_rejects_unknown_query_parameters(api, globex):
    api.delete(detail(globex))

    response = api.post(f"{detail(globex)}/restore?contacts=archive")

    assert response.status_code == 400
    assert list(error_fields(response)) == ["contacts"]
    assert Company.objects.get(pk=globex.pk).archived_at is not None


# --- PATCH --------------------------------------------------------------------------------------


def test_patch_changes_only_the_fields_sent(api, globex):
    response = patch(api, globex, name="Globex Corporation")

    assert response.status_code == 200, response.json()
    assert response.json()["company"]["name"] == "Globex Corporation"
    assert response.json()["company"]["domain"] == "globex.example"
    stored = Company.objects.get(pk=globex.pk)
    assert (stored.name, stored.domain) == ("Globex Corporation", "globex.example")


def test_patch_moves_updated_at_but_not_created_at(api, globex):
    Company.objects.filter(pk=globex.pk).update(created_at=LONG_AGO, updated_at=LONG_AGO)

    response = patch(api, globex, domain="globex.example.org")

    assert response.status_code == 200, response.json()
    stored = Company.objects.get(pk=globex.pk)
    assert stored.created_at == LONG_AGO
    assert stored.updated_at > timezone.now() - timedelta(minutes=1)


def test_patch_normalises_the_domain_like_create(api, globex):
    response = patch(api, globex, domain="https://WWW.Globex.COM/")

    assert response.status_code == 200, response.json()
    assert response.json()["company"]["domain"] == "www.globex.com"


def test_patch_null_domain_clears_it(api, globex):
    response = patch(api, globex, domain=None)

    assert response.status_code == 200, response.json()
    assert Company.objects.get(pk=globex.pk).domain is None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", ""),
        ("name", "   "),
        ("name", None),
        ("name", "x" * 201),
        ("domain", "not a domain"),
        ("domain", "example.com/pricing"),
    ],
)
def test_patch_with_a_bad_value_is_400_naming_the_field_and_writes_nothing(
    api, globex, field, value
):
    before = snapshot(globex)

    response = patch(api, globex, **{field: value})

    assert response.status_code == 400
    assert list(error_fields(response)) == [field]
    assert snapshot(globex) == before


@pytest.mark.parametrize("field", ["id", "teamId", "createdAt", "updatedAt", "archivedAt"])
def test_patch_of_a_server_field_is_400_saying_it_cannot_be_changed(api, team, globex, field):
    before = snapshot(globex)

    response = patch(api, globex, **{field: team.public_id})

    assert response.status_code == 400
    fields = error_fields(response)
    assert list(fields) == [field]
    assert "cannot be changed" in fields[field][0]
    assert snapshot(globex) == before


@pytest.mark.parametrize("same_name", ["Acme Inc", "ACME INC", "  acme inc "])
def test_patch_to_another_companys_name_is_409_naming_it(api, company, globex, same_name):
    before = snapshot(globex)

    response = patch(api, globex, name=same_name)

    assert response.status_code == 409, response.json()
    error = response.json()["error"]
    assert error["code"] == "conflict"
    assert error["existing_id"] == company.public_id
    assert snapshot(globex) == before


def test_patch_changing_only_the_case_of_its_own_name_is_allowed(api, globex):
    response = patch(api, globex, name="GLOBEX")

    assert response.status_code == 200, response.json()
    assert response.json()["company"]["name"] == "GLOBEX"


def test_patch_to_another_teams_company_name_is_allowed(api, globex, other_company):
    response = patch(api, globex, name=other_company.name)

    assert response.status_code == 200, response.json()


def test_patch_of_an_archived_company_is_409(api, globex):
    api.delete(detail(globex))
    before = snapshot(globex)

    response = patch(api, globex, name="Globex 2")

    assert response.status_code == 409
    assert snapshot(globex) == before


def test_other_team_cannot_patch(other_api, globex):
    before = snapshot(globex)

    response = other_api.patch(detail(globex), {"name": "Hacked"}, format="json")

    assert response.status_code == 404
    assert snapshot(globex) == before


def test_patch_unknown_id_is_404(api, globex):
    assert patch(api, UNKNOWN_ID, name="X").status_code == 404


# --- DELETE -------------------------------------------------------------------------------------


def test_delete_archives_a_company_without_contacts(api, team, company, globex):
    response = api.delete(detail(globex))

    assert response.status_code == 200, response.json()
    assert response.json()["success"] is True
    assert response.json()["company"]["archived_at"] is not None
    assert Company.objects.get(pk=globex.pk).archived_at is not None
    assert company_ids(api, team) == [company.public_id]


def test_delete_of_a_company_with_live_contacts_is_409_naming_both_choices(api, globex):
    contacts = ContactFactory.create_batch(2, company=globex)
    ContactFactory(company=globex, archived_at=timezone.now())

    response = api.delete(detail(globex))

    assert response.status_code == 409, response.json()
    error = response.json()["error"]
    assert error["code"] == "conflict"
    assert "contacts=archive" in error["message"]
    assert "contacts=detach" in error["message"]
    assert error["contact_count"] == 2
    assert Company.objects.get(pk=globex.pk).archived_at is None
    assert all(Contact.objects.get(pk=c.pk).archived_at is None for c in contacts)


def test_delete_with_contacts_archive_archives_the_company_and_its_contacts(
    api, team, company, globex
):
    theirs = ContactFactory.create_batch(2, company=globex)
    elsewhere = ContactFactory(company=company)

    response = api.delete(f"{detail(globex)}?contacts=archive")

    assert response.status_code == 200, response.json()
    assert response.json()["company"]["archived_at"] is not None
    assert all(Contact.objects.get(pk=c.pk).archived_at is not None for c in theirs)
    assert contact_ids(api, team) == [elsewhere.public_id]
    assert company_ids(api, team) == [company.public_id]


def test_delete_with_contacts_detach_keeps_the_contacts_without_a_company(api, team, globex):
    theirs = ContactFactory.create_batch(2, company=globex)

    response = api.delete(f"{detail(globex)}?contacts=detach")

    assert response.status_code == 200, response.json()
    assert Company.objects.get(pk=globex.pk).archived_at is not None
    assert set(contact_ids(api, team)) == {c.public_id for c in theirs}
    for contact in theirs:
        got = api.get(f"{CONTACTS}/{contact.public_id}").json()["contact"]
        assert got["company_id"] is None
        assert got["archived_at"] is None


def test_detach_leaves_already_archived_contacts_alone(api, globex):
    archived = ContactFactory(company=globex, archived_at=LONG_AGO)
    ContactFactory(company=globex)

    assert api.delete(f"{detail(globex)}?contacts=detach").status_code == 200

    stored = Contact.objects.get(pk=archived.pk)
    assert stored.archived_at == LONG_AGO


@pytest.mark.parametrize("policy", ["bogus", "", "delete"])
def test_delete_with_unknown_contacts_policy_is_400_naming_contacts(api, globex, policy):
    contact = ContactFactory(company=globex)

    response = api.delete(f"{detail(globex)}?contacts={policy}")

    assert response.status_code == 400
    assert list(error_fields(response)) == ["contacts"]
    assert Company.objects.get(pk=globex.pk).archived_at is None
    assert Contact.objects.get(pk=contact.pk).company_id == globex.pk


def test_delete_of_a_company_with_only_archived_contacts_needs_no_policy(api, globex):
    ContactFactory(company=globex, archived_at=timezone.now())

    response = api.delete(detail(globex))

    assert response.status_code == 200, response.json()
    assert Company.objects.get(pk=globex.pk).archived_at is not None


def test_second_delete_is_still_200(api, globex):
    first = api.delete(detail(globex)).json()["company"]["archived_at"]

    response = api.delete(detail(globex))

    assert response.status_code == 200
    assert response.json()["company"]["archived_at"] == first


def test_other_team_cannot_delete(other_api, globex):
    response = other_api.delete(f"{detail(globex)}?contacts=archive")

    assert response.status_code == 404
    assert Company.objects.get(pk=globex.pk).archived_at is None


def test_delete_unknown_id_is_404(api, globex):
    assert api.delete(detail(UNKNOWN_ID)).status_code == 404


def test_archived_company_name_can_be_reused(api, team, globex):
    api.delete(detail(globex))

    response = api.post(COMPANIES, {"teamId": team.public_id, "name": "GLOBEX"}, format="json")

    assert response.status_code == 201, response.json()
    assert company_ids(api, team) == [response.json()["company"]["id"]]


def test_contact_cannot_be_created_in_an_archived_company(api, team, globex):
    """An archived company keeps no live contacts unless a DELETE said so (detach/archive)."""
    api.delete(detail(globex))

    response = api.post(
        CONTACTS,
        {
            "teamId": team.public_id,
            "companyId": globex.public_id,
            "firstName": "Ana",
            "lastName": "Lima",
        },
        format="json",
    )

    assert response.status_code in {404, 409}, response.json()
    assert not Contact.objects.exists()


def test_contact_cannot_be_moved_into_an_archived_company(api, company, globex):
    contact = ContactFactory(company=company)
    api.delete(detail(globex))

    response = api.patch(
        f"{CONTACTS}/{contact.public_id}", {"companyId": globex.public_id}, format="json"
    )

    assert response.status_code in {404, 409}, response.json()
    assert Contact.objects.get(pk=contact.pk).company_id == company.pk


# --- restore ------------------------------------------------------------------------------------


def test_restore_brings_the_company_back(api, team, globex):
    api.delete(detail(globex))

    response = api.post(f"{detail(globex)}/restore")

    assert response.status_code == 200, response.json()
    assert response.json()["company"]["archived_at"] is None
    assert company_ids(api, team) == [globex.public_id]


def test_restore_when_the_name_was_reused_is_409(api, team, globex):
    api.delete(detail(globex))
    newcomer = api.post(COMPANIES, {"teamId": team.public_id, "name": "globex"}, format="json")

    response = api.post(f"{detail(globex)}/restore")

    assert response.status_code == 409, response.json()
    assert response.json()["error"]["existing_id"] == newcomer.json()["company"]["id"]
    assert Company.objects.get(pk=globex.pk).archived_at is not None


def test_restore_keeps_archived_contacts_archived(api, team, globex):
    contact = ContactFactory(company=globex)
    api.delete(f"{detail(globex)}?contacts=archive")

    api.post(f"{detail(globex)}/restore")

    assert Contact.objects.get(pk=contact.pk).archived_at is not None
    assert contact_ids(api, team) == []


def test_other_team_cannot_restore(api, other_api, globex):
    api.delete(detail(globex))

    response = other_api.post(f"{detail(globex)}/restore")

    assert response.status_code == 404
    assert Company.objects.get(pk=globex.pk).archived_at is not None
