import re

import pytest

from contacts.models import Contact
from tests.kit.api import CONTACTS, error_fields
from tests.kit.payloads import full_contact_body

TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


@pytest.fixture
def body(team, company):
    """The reference's example request."""
    return full_contact_body(team, company)


def create(api, body, **overrides):
    return api.post(CONTACTS, {**body, **overrides}, format="json")


def test_create_answers_the_reference_response(api, team, company, body):
    response = create(api, body)

    assert response.status_code == 201
    payload = response.json()
    assert payload["success"] is True
    contact = payload["contact"]
    assert re.fullmatch(r"cont_[0-7][0-9a-hjkmnp-tv-z]{25}", contact["id"])
    assert TIMESTAMP.match(contact["created_at"])
    assert TIMESTAMP.match(contact["updated_at"])
    # Callable within a day: its next window in Los Angeles is at most a night away.
    assert TIMESTAMP.match(contact["next_callable_at"])
    del contact["id"], contact["created_at"], contact["updated_at"], contact["next_callable_at"]
    assert contact == {
        "team_id": team.public_id,
        "company_id": company.public_id,
        "first_name": "Sarah",
        "last_name": "Chen",
        "email": "sarah.chen@example.com",
        "phone": "+14155551234",
        "phone_secondary": None,
        "job_title": "VP of Engineering",
        "lead_status": "new",
        "source": "trade-show",
        "timezone": "America/Los_Angeles",
        "preferred_contact_method": None,
        "do_not_call": False,
        "notes": None,
        "custom_fields": {"company_size": "500-1000", "interest": "outbound-automation"},
        "tags": ["enterprise", "warm-lead"],
        "external_id": None,
        "time_zones": ["America/Los_Angeles"],
        "last_called_at": None,
        "call_count": 0,
        "call_blockers": [],
        "archived_at": None,
        "merged_into_id": None,
    }


def test_created_contact_is_stored_for_the_team(api, team, company, body):
    contact_id = create(api, body).json()["contact"]["id"]

    stored = Contact.objects.get()
    assert stored.public_id == contact_id
    assert stored.team == team and stored.company == company
    assert str(stored.phone) == "+14155551234"


def test_minimal_contact_gets_defaults_and_empty_values(api, team, company):
    response = api.post(
        CONTACTS,
        {
            "teamId": team.public_id,
            "companyId": company.public_id,
            "firstName": "Ana",
            "lastName": "Lima",
        },
        format="json",
    )

    assert response.status_code == 201
    contact = response.json()["contact"]
    assert contact["lead_status"] == "new"
    assert contact["do_not_call"] is False
    assert contact["tags"] == []
    assert contact["custom_fields"] == {}
    for field in ("email", "phone", "phone_secondary", "job_title", "source", "timezone",
                  "preferred_contact_method", "notes"):  # fmt: skip
        assert contact[field] is None


def test_preferred_contact_method_and_notes_are_stored(api, body):
    contact = create(
        api, body, preferredContactMethod="email", notes="Met at booth 12.", doNotCall=True
    ).json()["contact"]

    assert contact["preferred_contact_method"] == "email"
    assert contact["notes"] == "Met at booth 12."
    assert contact["do_not_call"] is True


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("+1 (202) 555-0147", "+12025550147"),
        ("+44 20 7183 8750", "+442071838750"),
        ("  +14155551234 ", "+14155551234"),
    ],
)
def test_readable_international_phones_are_stored_as_e164(api, body, typed, stored):
    response = create(api, body, phone=typed, phoneSecondary=typed)

    assert response.status_code == 201
    assert response.json()["contact"]["phone"] == stored
    assert response.json()["contact"]["phone_secondary"] == stored


@pytest.mark.parametrize(
    "bad_phone", ["12345", "+1", "call me", "4155551234", "+1 555 555 5555", "+1 415 555 1234 x12"]
)
def test_invalid_phone_is_rejected_and_nothing_is_written(api, body, bad_phone):
    response = create(api, body, phone=bad_phone)

    assert response.status_code == 400
    assert "phone" in error_fields(response)
    assert not Contact.objects.exists()


def test_invalid_secondary_phone_is_named(api, body):
    response = create(api, body, phoneSecondary="12345")

    assert response.status_code == 400
    assert list(error_fields(response)) == ["phoneSecondary"]


def test_empty_optional_strings_mean_not_given(api, body):
    response = create(api, body, email="", phone="  ", jobTitle="", timezone="")

    assert response.status_code == 201
    contact = response.json()["contact"]
    assert [contact[f] for f in ("email", "phone", "job_title", "timezone")] == [None] * 4


def test_email_is_trimmed_and_its_domain_lowercased(api, body):
    contact = create(api, body, email="  Sarah.Chen@EXAMPLE.Com ").json()["contact"]

    assert contact["email"] == "Sarah.Chen@example.com"


@pytest.mark.parametrize("bad_email", ["sarah", "sarah@", "@example.com", "a b@example.com"])
def test_invalid_email_is_rejected(api, body, bad_email):
    response = create(api, body, email=bad_email)

    assert response.status_code == 400
    assert list(error_fields(response)) == ["email"]


def test_timezone_is_canonicalised(api, body):
    contact = create(api, body, timezone="america/chicago").json()["contact"]

    assert contact["timezone"] == "America/Chicago"


@pytest.mark.parametrize(
    "bad_zone",
    ["Mars/Olympus", "PST8PDTX", "GMT+25", "../etc/passwd", "localtime", "Factory", "posixrules"],
)
def test_unknown_timezone_is_rejected(api, body, bad_zone):
    response = create(api, body, timezone=bad_zone)

    assert response.status_code == 400
    assert list(error_fields(response)) == ["timezone"]


@pytest.mark.parametrize("status", ["new", "contacted", "qualified", "unqualified", "converted"])
def test_every_lead_status_is_accepted(api, body, status):
    assert create(api, body, leadStatus=status).json()["contact"]["lead_status"] == status


def test_lead_status_is_matched_ignoring_case(api, body):
    assert create(api, body, leadStatus=" Qualified ").json()["contact"]["lead_status"] == (
        "qualified"
    )


def test_unknown_lead_status_lists_the_valid_ones(api, body):
    response = create(api, body, leadStatus="hot")

    assert response.status_code == 400
    assert "qualified" in error_fields(response)["leadStatus"][0]


@pytest.mark.parametrize("not_boolean", ["true", "false", 1, 0, "yes", None])
def test_do_not_call_must_be_a_json_boolean(api, body, not_boolean):
    response = create(api, body, doNotCall=not_boolean)

    assert response.status_code == 400
    assert list(error_fields(response)) == ["doNotCall"]
    assert not Contact.objects.exists()


def test_tags_are_trimmed_and_deduplicated_ignoring_case(api, body):
    contact = create(api, body, tags=[" VIP ", "vip", "", "warm-lead", "Warm-Lead"]).json()[
        "contact"
    ]

    assert contact["tags"] == ["VIP", "warm-lead"]


@pytest.mark.parametrize(
    "bad_tags",
    [
        "vip",
        {"a": 1},
        [1, 2],
        ["x" * 51],
        [f"tag{i}" for i in range(51)],
        None,
        ["Smith, John"],
        ["a;b"],
    ],
)
def test_malformed_tags_are_rejected(api, body, bad_tags):
    response = create(api, body, tags=bad_tags)

    assert response.status_code == 400
    assert list(error_fields(response)) == ["tags"]


def nested(levels: int) -> dict:
    value: dict = {}
    for _ in range(levels - 1):
        value = {"x": value}
    return value


def test_custom_fields_may_nest_ten_levels(api, body):
    response = create(api, body, customFields={"deep": nested(9)})

    assert response.status_code == 201


def test_custom_fields_keep_nested_json(api, body):
    custom = {"budget": 1200.5, "decision_makers": ["cto", "cfo"], "meta": {"calls": 2}}

    contact = create(api, body, customFields=custom).json()["contact"]

    assert contact["custom_fields"] == custom


@pytest.mark.parametrize(
    "bad_custom_fields",
    [
        ["a"],
        "text",
        None,
        {"": 1},
        {"k" * 101: 1},
        {f"key{i}": i for i in range(101)},
        {"blob": "x" * 17_000},
        {"nul": "a\u0000b"},
        {"deep": {"nul": ["a\u0000b"]}},
        {"deep": nested(10)},
    ],
)
def test_malformed_custom_fields_are_rejected(api, body, bad_custom_fields):
    response = create(api, body, customFields=bad_custom_fields)

    assert response.status_code == 400
    assert list(error_fields(response)) == ["customFields"]
    assert not Contact.objects.exists()


@pytest.mark.parametrize("field", ["teamId", "companyId", "firstName", "lastName"])
def test_required_fields_are_named_when_missing(api, body, field):
    del body[field]

    response = create(api, body)

    assert response.status_code == 400
    assert field in error_fields(response)


@pytest.mark.parametrize("field", ["firstName", "lastName"])
@pytest.mark.parametrize("blank", ["", "   ", None])
def test_names_may_not_be_blank(api, body, field, blank):
    response = create(api, body, **{field: blank})

    assert response.status_code == 400
    assert list(error_fields(response)) == [field]


def test_names_are_trimmed(api, body):
    contact = create(api, body, firstName="  Sarah ", lastName=" Chen").json()["contact"]

    assert (contact["first_name"], contact["last_name"]) == ("Sarah", "Chen")


@pytest.mark.parametrize(
    ("field", "limit"),
    [("firstName", 100), ("lastName", 100), ("jobTitle", 200), ("source", 100), ("notes", 20_000)],
)
def test_over_long_text_is_rejected_not_truncated(api, body, field, limit):
    assert create(api, body, **{field: "x" * limit}).status_code == 201

    response = create(api, body, **{field: "x" * (limit + 1)})

    assert response.status_code == 400
    assert list(error_fields(response)) == [field]


def test_a_100000_character_name_is_a_400(api, body):
    response = create(api, body, firstName="x" * 100_000)

    assert response.status_code == 400
    assert list(error_fields(response)) == ["firstName"]


def test_all_bad_fields_are_reported_at_once(api, body):
    response = create(api, body, phone="12345", email="nope", leadStatus="hot", doNotCall="no")

    assert response.status_code == 400
    assert set(error_fields(response)) == {"phone", "email", "leadStatus", "doNotCall"}


def test_snake_case_field_is_refused_with_a_hint(api, body):
    response = create(api, body, do_not_call=True)

    assert response.status_code == 400
    assert error_fields(response) == {"do_not_call": ["Unknown field; did you mean 'doNotCall'?"]}
    assert not Contact.objects.exists()


@pytest.mark.parametrize("field", ["id", "createdAt", "updatedAt", "searchText", "favouriteColour"])
def test_fields_the_client_may_not_set_are_refused(api, body, field):
    response = create(api, body, **{field: "x"})

    assert response.status_code == 400
    assert list(error_fields(response)) == [field]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("teamId", "team_123"),
        ("teamId", "comp_01h455vb4pex5vsknk084sn02q"),
        ("teamId", "team_81h455vb4pex5vsknk084sn02q"),
        ("teamId", 42),
        ("companyId", "comp_01h455vb4pex5vsknk084sn02u"),
        ("companyId", "01h455vb4pex5vsknk084sn02q"),
    ],
)
def test_malformed_ids_are_400s_naming_the_field(api, body, field, value):
    response = create(api, body, **{field: value})

    assert response.status_code == 400
    assert field in error_fields(response)


def test_unknown_company_is_404(api, body):
    response = create(api, body, companyId="comp_01h455vb4pex5vsknk084sn02q")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert "companyId" in error_fields(response)


def test_another_teams_id_is_404_and_writes_nothing(api, body, other_team):
    response = create(api, body, teamId=other_team.public_id)

    assert response.status_code == 404
    assert not Contact.objects.exists()


def test_another_teams_company_is_404_and_writes_nothing(api, body, other_company):
    response = create(api, body, companyId=other_company.public_id)

    assert response.status_code == 404
    assert "companyId" in error_fields(response)
    assert not Contact.objects.exists()


def test_other_team_cannot_create_in_this_team(other_api, body):
    response = other_api.post(CONTACTS, body, format="json")

    assert response.status_code == 404
    assert not Contact.objects.exists()
