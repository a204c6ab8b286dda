"""`POST /api/crm/companies` and `GET /api/crm/companies`, through HTTP."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from companies.models import Company
from crm import ids
from tests.factories import CompanyFactory
from tests.kit.api import COMPANIES, error_fields

COMPANY_ID = re.compile(r"^comp_[0-9a-hjkmnp-tv-z]{26}$")
UTC_TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")


def create(client, team, **body):
    return client.post(COMPANIES, {"teamId": team.public_id, **body}, format="json")


def listing(client, team, **params):
    return client.get(COMPANIES, {"teamId": team.public_id, **params})


# --- create -------------------------------------------------------------------------------------


def test_create_answers_201_with_the_company_envelope(api, team):
    response = create(api, team, name="Globex", domain="globex.example")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["success"] is True
    company = body["company"]
    assert set(company) == {
        "id",
        "team_id",
        "name",
        "domain",
        "created_at",
        "updated_at",
        "archived_at",
    }
    assert COMPANY_ID.match(company["id"])
    assert company["team_id"] == team.public_id
    assert company["name"] == "Globex"
    assert company["domain"] == "globex.example"
    assert UTC_TIMESTAMP.match(company["created_at"])
    assert UTC_TIMESTAMP.match(company["updated_at"])


def test_create_stores_the_company_under_the_returned_id(api, team):
    response = create(api, team, name="Globex", domain="globex.example")

    stored = Company.objects.get(pk=ids.decode("comp", response.json()["company"]["id"]))
    assert stored.team_id == team.pk
    assert stored.name == "Globex"
    assert stored.domain == "globex.example"


def test_create_without_domain_answers_null_domain(api, team):
    response = create(api, team, name="Initech")

    assert response.status_code == 201, response.json()
    assert response.json()["company"]["domain"] is None


def test_create_stores_blank_domain_as_null(api, team):
    response = create(api, team, name="Initech", domain="  ")

    assert response.status_code == 201, response.json()
    assert response.json()["company"]["domain"] is None


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("https://WWW.Example.com/", "www.example.com"),
        ("http://Example.COM", "example.com"),
        ("  sub.example.org  ", "sub.example.org"),
    ],
)
def test_create_normalises_domain(api, team, typed, stored):
    response = create(api, team, name="Globex", domain=typed)

    assert response.status_code == 201, response.json()
    assert response.json()["company"]["domain"] == stored
    assert Company.objects.get(team=team, name="Globex").domain == stored


@pytest.mark.parametrize(
    "domain",
    ["not a domain", "example.com/pricing", "https://", "exa mple.com", "-bad-.example"],
)
def test_create_rejects_invalid_domain_naming_domain(api, team, domain):
    response = create(api, team, name="Globex", domain=domain)

    assert response.status_code == 400
    assert list(error_fields(response)) == ["domain"]
    assert not Company.objects.exists()


@pytest.mark.parametrize("name", ["", "   "])
def test_create_rejects_blank_name(api, team, name):
    response = create(api, team, name=name)

    assert response.status_code == 400
    assert "name" in error_fields(response)
    assert not Company.objects.exists()


def test_create_requires_name(api, team):
    response = create(api, team)

    assert response.status_code == 400
    assert "name" in error_fields(response)


def test_create_rejects_name_over_200_characters(api, team):
    response = create(api, team, name="x" * 201)

    assert response.status_code == 400
    assert "name" in error_fields(response)
    assert not Company.objects.exists()


def test_create_accepts_name_of_exactly_200_characters(api, team):
    response = create(api, team, name="x" * 200)

    assert response.status_code == 201, response.json()
    assert response.json()["company"]["name"] == "x" * 200


def test_create_rejects_huge_name_with_400(api, team):
    response = create(api, team, name="x" * 100_000)

    assert response.status_code == 400
    assert "name" in error_fields(response)


def test_create_requires_team_id(api, team):
    response = api.post(COMPANIES, {"name": "Globex"}, format="json")

    assert response.status_code == 400
    assert "teamId" in error_fields(response)


@pytest.mark.parametrize("team_id", ["team_123", "comp_01jabcdefghjkmnpqrstvwxyz0", "nonsense"])
def test_create_rejects_malformed_team_id_naming_team_id(api, team, team_id):
    response = api.post(COMPANIES, {"teamId": team_id, "name": "Globex"}, format="json")

    assert response.status_code == 400
    assert "teamId" in error_fields(response)
    assert not Company.objects.exists()


def test_create_rejects_unknown_body_field(api, team):
    response = create(api, team, name="Globex", website="globex.example")

    assert response.status_code == 400
    assert "website" in error_fields(response)
    assert not Company.objects.exists()


@pytest.mark.parametrize("same_name", ["Acme Inc", "ACME INC", "acme inc", "  Acme Inc  "])
def test_create_rejects_same_name_in_same_team_with_409_naming_existing_id(
    api, team, company, same_name
):
    response = create(api, team, name=same_name)

    assert response.status_code == 409, response.json()
    body = response.json()
    assert body["success"] is False
    assert body["error"]["code"] == "conflict"
    assert company.public_id in body["error"]["message"]
    assert Company.objects.filter(team=team).count() == 1


def test_create_conflict_for_names_equal_when_lower_cased(api, team):
    """'ẞ' lower-cases to 'ß' (in Python and PostgreSQL), so these are one name in any case."""
    existing = CompanyFactory(team=team, name="Straße GmbH")

    response = create(api, team, name="STRAẞE GMBH")

    assert response.status_code == 409, response.content
    assert existing.public_id in response.json()["error"]["message"]
    assert Company.objects.filter(team=team).count() == 1


def test_create_allows_a_name_used_by_another_team(api, team, other_company):
    response = create(api, team, name=other_company.name)

    assert response.status_code == 201, response.json()
    assert Company.objects.filter(name=other_company.name).count() == 2


def test_create_with_another_teams_team_id_is_404_and_writes_nothing(api, other_team):
    response = create(api, other_team, name="Sneaky Co")

    assert response.status_code == 404
    assert response.json()["success"] is False
    assert not Company.objects.filter(name="Sneaky Co").exists()


def test_create_with_unknown_team_id_is_404(api, team):
    unknown = ids.encode("team", ids.uuid7())

    response = api.post(COMPANIES, {"teamId": unknown, "name": "Globex"}, format="json")

    assert response.status_code == 404
    assert not Company.objects.exists()


# --- list ---------------------------------------------------------------------------------------


def test_list_answers_the_envelope(api, team, company):
    response = listing(api, team)

    assert response.status_code == 200, response.json()
    body = response.json()
    assert set(body) == {"success", "companies", "count", "limit", "offset"}
    assert body["success"] is True
    assert body["count"] == 1
    assert body["limit"] == 50
    assert body["offset"] == 0
    [listed] = body["companies"]
    assert listed["id"] == company.public_id
    assert listed["team_id"] == team.public_id
    assert listed["name"] == "Acme Inc"
    assert set(listed) == {
        "id",
        "team_id",
        "name",
        "domain",
        "created_at",
        "updated_at",
        "archived_at",
    }


def test_list_shows_a_company_created_through_the_api(api, team):
    created = create(api, team, name="Globex").json()["company"]

    body = listing(api, team).json()

    assert [item["id"] for item in body["companies"]] == [created["id"]]


def test_list_never_shows_another_teams_companies(api, team, company, other_company):
    body = listing(api, team).json()

    assert [item["id"] for item in body["companies"]] == [company.public_id]
    assert body["count"] == 1


def test_list_with_another_teams_team_id_is_404(api, other_team, other_company):
    response = listing(api, other_team)

    assert response.status_code == 404
    assert response.json()["success"] is False
    assert other_company.name not in response.content.decode()


def test_list_requires_team_id(api, team):
    response = api.get(COMPANIES)

    assert response.status_code == 400
    assert "teamId" in error_fields(response)


def test_list_rejects_malformed_team_id(api, team):
    response = api.get(COMPANIES, {"teamId": "team_oops"})

    assert response.status_code == 400
    assert "teamId" in error_fields(response)


def test_list_searches_by_name_case_insensitively(api, team):
    CompanyFactory(team=team, name="Globex Corporation", domain="globex.example")
    CompanyFactory(team=team, name="Initech", domain="initech.example")

    body = listing(api, team, search="gLoBeX cOrP").json()

    assert [item["name"] for item in body["companies"]] == ["Globex Corporation"]
    assert body["count"] == 1


def test_list_searches_by_domain(api, team):
    CompanyFactory(team=team, name="Globex", domain="globex.example")
    CompanyFactory(team=team, name="Initech", domain="initech.example")

    body = listing(api, team, search="initech.exa").json()

    assert [item["name"] for item in body["companies"]] == ["Initech"]


def test_list_search_never_finds_another_teams_company(api, team, other_company):
    body = listing(api, team, search=other_company.name).json()

    assert body["companies"] == []
    assert body["count"] == 0


def test_list_search_treats_percent_as_a_literal(api, team):
    CompanyFactory(team=team, name="100% Juice")
    CompanyFactory(team=team, name="Juice Bar")

    body = listing(api, team, search="%").json()

    assert [item["name"] for item in body["companies"]] == ["100% Juice"]


def test_list_rejects_unknown_query_parameter(api, team):
    response = listing(api, team, name="Acme")

    assert response.status_code == 400
    assert list(error_fields(response)) == ["name"]


def test_list_pages_with_limit_and_offset_newest_first(api, team):
    names = [f"Company {n}" for n in range(5)]
    for name in names:
        create(api, team, name=name)

    first = listing(api, team, limit=2, offset=0).json()
    second = listing(api, team, limit=2, offset=2).json()

    assert first["count"] == second["count"] == 5
    assert (first["limit"], first["offset"]) == (2, 0)
    assert (second["limit"], second["offset"]) == (2, 2)
    assert [c["name"] for c in first["companies"]] == ["Company 4", "Company 3"]
    assert [c["name"] for c in second["companies"]] == ["Company 2", "Company 1"]


@pytest.mark.parametrize("limit", ["abc", "-1", "0"])
def test_list_rejects_bad_limit(api, team, limit):
    response = listing(api, team, limit=limit)

    assert response.status_code == 400
    assert "limit" in error_fields(response)


def test_list_query_count_does_not_grow_with_page_size(api, team):
    CompanyFactory(team=team)
    listing(api, team)  # the first call also records the token's last use
    with CaptureQueriesContext(connection) as one_company:
        assert listing(api, team).json()["count"] == 1
    CompanyFactory.create_batch(20, team=team)
    with CaptureQueriesContext(connection) as many_companies:
        assert listing(api, team).json()["count"] == 21

    assert len(many_companies) == len(one_company)
