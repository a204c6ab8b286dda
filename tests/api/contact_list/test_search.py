"""`search`: names, emails and phone numbers, however they are typed."""

import pytest

from tests.api.contact_list.listing import assert_bad_parameter, first_names, listing
from tests.factories import ContactFactory

# --- search -------------------------------------------------------------------------------------


@pytest.fixture
def people(team, company):
    """Contacts whose text shares nothing by accident; each found by its own first name."""
    return [
        ContactFactory(
            team=team,
            company=company,
            first_name="Sarah",
            last_name="Chen",
            email="sarah.chen@example.com",
            phone="+14155551234",
        ),
        ContactFactory(
            team=team,
            company=company,
            first_name="Samuel",
            last_name="Lee",
            email="sam_lee@globex.example",
            phone="+12025550147",
            phone_secondary="+16175550199",
        ),
        ContactFactory(
            team=team,
            company=company,
            first_name="Priya",
            last_name="Shah",
            email="priya.shah@initech.example",
            phone="+442079460958",
        ),
        ContactFactory(
            team=team, company=company, first_name="Noel", last_name="100%", email=None, phone=None
        ),
        ContactFactory(
            team=team,
            company=company,
            first_name="Bart",
            last_name="Back\\slash",
            email=None,
            phone=None,
        ),
    ]


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("sarah", {"Sarah"}),
        ("SARAH", {"Sarah"}),
        ("sAr", {"Sarah"}),
        ("hen", {"Sarah"}),
        ("CHEN", {"Sarah"}),
        ("Sarah Chen", {"Sarah"}),
        ("chen sarah", {"Sarah"}),
        ("  sarah   chen  ", {"Sarah"}),
        ("sarah.chen@example.com", {"Sarah"}),
        ("SARAH.CHEN@EXAMPLE", {"Sarah"}),
        ("@globex", {"Samuel"}),
        ("sam", {"Samuel"}),
        ("a", {"Sarah", "Samuel", "Priya", "Bart"}),
        ("noel", {"Noel"}),
        ("back", {"Bart"}),
    ],
)
def test_search_matches_names_and_email_case_insensitively(api, team, people, search, expected):
    response = listing(api, team, search=search)

    assert first_names(response) == expected
    assert response.json()["count"] == len(expected)


@pytest.mark.parametrize("search", ["sarah lee", "samuel chen", "sarah zzz"])
def test_search_words_must_all_match(api, team, people, search):
    response = listing(api, team, search=search)

    assert first_names(response) == set()
    assert response.json()["count"] == 0


@pytest.mark.parametrize(
    ("search", "expected"),
    [("jose", {"José"}), ("JOSÉ NÚÑEZ", {"José"}), ("nunez", {"José"}), ("zoe", {"Zoë"})],
)
def test_search_ignores_accents(api, team, company, search, expected):
    ContactFactory(company=company, first_name="José", last_name="Núñez")
    ContactFactory(company=company, first_name="Zoë", last_name="Šimková")
    ContactFactory(company=company, first_name="Josh", last_name="Nunn")

    assert first_names(listing(api, team, search=search)) == expected


@pytest.mark.parametrize(
    "search",
    ["+14155551234", "(415) 555-1234", "415-555-1234", "415 555 1234", "14155551234", "555-1234"],
)
def test_search_finds_a_phone_however_it_is_typed(api, team, people, search):
    assert first_names(listing(api, team, search=search)) == {"Sarah"}


@pytest.mark.parametrize("search", ["415 1234", "1234 415", "sarah 1234"])
def test_search_matches_numeric_words_separately(api, team, people, search):
    assert first_names(listing(api, team, search=search)) == {"Sarah"}


def test_search_finds_an_international_number_written_with_its_trunk_prefix(api, team, company):
    ContactFactory(company=company, first_name="Oliver", phone="+442071838750")

    assert first_names(listing(api, team, search="+44 (0)20 7183 8750")) == {"Oliver"}


@pytest.mark.parametrize("search", ["+16175550199", "(617) 555-0199", "617-555-0199"])
def test_search_finds_the_secondary_phone(api, team, people, search):
    assert first_names(listing(api, team, search=search)) == {"Samuel"}


def test_search_combines_a_name_and_a_phone(api, team, people):
    assert first_names(listing(api, team, search="sarah 415-555-1234")) == {"Sarah"}
    assert first_names(listing(api, team, search="priya 415-555-1234")) == set()


def test_search_percent_is_literal(api, team, people):
    assert first_names(listing(api, team, search="%")) == {"Noel"}
    assert first_names(listing(api, team, search="0%")) == {"Noel"}
    assert first_names(listing(api, team, search="s%h")) == set()


def test_search_underscore_is_literal(api, team, people):
    assert first_names(listing(api, team, search="_")) == {"Samuel"}
    assert first_names(listing(api, team, search="m_l")) == {"Samuel"}
    # "_" would match any one character if it were a wildcard: "r_h" would find Sarah.
    assert first_names(listing(api, team, search="r_h")) == set()


def test_search_backslash_is_literal(api, team, people):
    assert first_names(listing(api, team, search="\\")) == {"Bart"}
    assert first_names(listing(api, team, search="k\\s")) == {"Bart"}


def test_search_combines_with_filters(api, team, company, people):
    ContactFactory(team=team, company=company, first_name="Sarah", last_name="Ng", phone=None)

    response = listing(api, team, search="sarah", hasPhone="false")

    assert [item["last_name"] for item in response.json()["contacts"]] == ["Ng"]


def test_search_rejects_an_overlong_query(api, team):
    assert_bad_parameter(listing(api, team, search="x" * 1000), "search")
