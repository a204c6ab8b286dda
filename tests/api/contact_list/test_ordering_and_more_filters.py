"""`GET /api/crm/contacts`, more ways to list: ordering, leadStatus lists, tags, updatedSince,
custom-field filters in both forms, and archived contacts staying out of every one of them."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from contacts.models import Contact
from tests.api.contact_list.listing import listed_ids, listing
from tests.factories import ContactFactory
from tests.kit.api import error_fields

T0 = datetime(2024, 1, 15, 8, 0, tzinfo=UTC)


def make(company, *, created_at=None, updated_at=None, **fields) -> Contact:
    """A contact, with its timestamps set as given (auto_now would overwrite them on save)."""
    contact = ContactFactory(company=company, **fields)
    stamps = {
        name: value
        for name, value in (("created_at", created_at), ("updated_at", updated_at))
        if value
    }
    if stamps:
        Contact.objects.filter(pk=contact.pk).update(**stamps)
    return Contact.objects.get(pk=contact.pk)


# --- ordering --------------------------------------------------------------------------------


@pytest.fixture
def ordering_contacts(company):
    """Ties on every ordering key, so only the tie-breakers decide between some of them."""
    return [
        make(company, last_name="Baker", first_name="Ann", created_at=T0, updated_at=T0),
        make(company, last_name="Adams", first_name="Zoe", created_at=T0, updated_at=T0),
        make(company, last_name="Baker", first_name="Ann", created_at=T0, updated_at=T0),
        make(
            company,
            last_name="Clark",
            first_name="Bob",
            created_at=T0 - timedelta(days=1),
            updated_at=T0 + timedelta(days=1),
        ),
        make(
            company,
            last_name="Baker",
            first_name="Al",
            created_at=T0 + timedelta(days=1),
            updated_at=T0 - timedelta(days=1),
        ),
        make(company, last_name="Adams", first_name="Zoe", created_at=T0, updated_at=T0),
    ]


SORT_KEYS = {
    "createdAt": lambda c: (c.created_at, c.id),
    "updatedAt": lambda c: (c.updated_at, c.id),
    "lastName": lambda c: (c.last_name, c.first_name, c.id),
}


@pytest.mark.parametrize(
    "ordering",
    ["createdAt", "-createdAt", "updatedAt", "-updatedAt", "lastName", "-lastName"],
)
def test_ordering_sorts_and_breaks_ties_by_id(api, team, ordering_contacts, ordering):
    key = SORT_KEYS[ordering.removeprefix("-")]
    expected = sorted(ordering_contacts, key=key, reverse=ordering.startswith("-"))

    response = listing(api, team, ordering=ordering)

    assert listed_ids(response) == [contact.public_id for contact in expected]


@pytest.mark.parametrize(
    "ordering", ["createdAt", "-createdAt", "updatedAt", "-updatedAt", "lastName", "-lastName"]
)
def test_ordered_pages_never_overlap_or_skip(api, team, ordering_contacts, ordering):
    pages = [listing(api, team, ordering=ordering, limit=2, offset=offset) for offset in (0, 2, 4)]
    whole = listing(api, team, ordering=ordering)

    assert [i for page in pages for i in listed_ids(page)] == listed_ids(whole)


def test_default_order_is_newest_first(api, team, ordering_contacts):
    expected = sorted(ordering_contacts, key=SORT_KEYS["createdAt"], reverse=True)

    assert listed_ids(listing(api, team)) == [contact.public_id for contact in expected]


@pytest.mark.parametrize(
    "ordering", ["name", "created_at", "-", "createdAt,lastName", "+createdAt", "CREATEDAT", "id"]
)
def test_unknown_ordering_is_400_naming_ordering(api, team, ordering):
    response = listing(api, team, ordering=ordering)

    assert response.status_code == 400
    assert list(error_fields(response)) == ["ordering"]


# --- leadStatus ------------------------------------------------------------------------------


def test_lead_status_list_returns_contacts_of_every_status_given(api, team, company):
    new = make(company, lead_status="new")
    contacted = make(company, lead_status="contacted")
    make(company, lead_status="qualified")
    make(company, lead_status="converted")

    response = listing(api, team, leadStatus="new,contacted")

    assert set(listed_ids(response)) == {new.public_id, contacted.public_id}
    assert response.json()["count"] == 2


def test_lead_status_list_ignores_case_and_spaces(api, team, company):
    new = make(company, lead_status="new")
    qualified = make(company, lead_status="qualified")
    make(company, lead_status="contacted")

    response = listing(api, team, leadStatus=" New , QUALIFIED")

    assert set(listed_ids(response)) == {new.public_id, qualified.public_id}


@pytest.mark.parametrize("value", ["new,hot", ",", "new;contacted"])
def test_lead_status_list_with_a_bad_value_is_400(api, team, company, value):
    make(company, lead_status="new")

    response = listing(api, team, leadStatus=value)

    assert response.status_code == 400
    assert list(error_fields(response)) == ["leadStatus"]


# --- tags ------------------------------------------------------------------------------------


@pytest.fixture
def tagged(company):
    return {
        "both": make(company, tags=["VIP", "Enterprise"]),
        "both_and_more": make(company, tags=["enterprise", "warm", "vip"]),
        "vip_only": make(company, tags=["vip"]),
        "enterprise_only": make(company, tags=["enterprise"]),
        "none": make(company, tags=[]),
    }


def test_tags_returns_contacts_having_all_the_given_tags(api, team, tagged):
    response = listing(api, team, tags="vip,enterprise")

    assert set(listed_ids(response)) == {
        tagged["both"].public_id,
        tagged["both_and_more"].public_id,
    }


def test_tags_match_ignoring_case_and_spaces(api, team, tagged):
    response = listing(api, team, tags=" ENTERPRISE , Vip ")

    assert set(listed_ids(response)) == {
        tagged["both"].public_id,
        tagged["both_and_more"].public_id,
    }


def test_a_single_tag_returns_every_contact_having_it(api, team, tagged):
    response = listing(api, team, tags="VIP")

    assert set(listed_ids(response)) == {
        tagged["both"].public_id,
        tagged["both_and_more"].public_id,
        tagged["vip_only"].public_id,
    }


def test_tags_match_whole_tags_only(api, team, company):
    make(company, tags=["vip-gold"])

    assert listed_ids(listing(api, team, tags="vip")) == []


def test_tags_without_any_tag_is_400_not_everyone(api, team, tagged):
    response = listing(api, team, tags=" , ")

    assert response.status_code == 400
    assert list(error_fields(response)) == ["tags"]


# --- updatedSince ----------------------------------------------------------------------------


@pytest.fixture
def updated(company):
    return {
        "day_before": make(company, updated_at=datetime(2024, 1, 14, 23, 59, 59, tzinfo=UTC)),
        "midnight": make(company, updated_at=datetime(2024, 1, 15, 0, 0, tzinfo=UTC)),
        "just_before": make(company, updated_at=T0 - timedelta(microseconds=1)),
        "at": make(company, updated_at=T0),
        "after": make(company, updated_at=T0 + timedelta(hours=1)),
    }


def names_of(updated, response) -> set[str]:
    ids = set(listed_ids(response))
    return {name for name, contact in updated.items() if contact.public_id in ids}


@pytest.mark.parametrize(
    "since",
    [
        "2024-01-15T08:00:00Z",
        "2024-01-15T10:00:00+02:00",
        "2024-01-15T03:00:00-05:00",
        "2024-01-15T08:00:00.000000Z",
    ],
)
def test_updated_since_includes_the_instant_and_later(api, team, updated, since):
    response = listing(api, team, updatedSince=since)

    assert names_of(updated, response) == {"at", "after"}


def test_updated_since_a_bare_date_means_its_midnight_utc(api, team, updated):
    response = listing(api, team, updatedSince="2024-01-15")

    assert names_of(updated, response) == {"midnight", "just_before", "at", "after"}


def test_updated_since_with_updated_at_ordering_pages_a_sync(api, team, updated):
    response = listing(api, team, updatedSince="2024-01-15T00:00:00Z", ordering="updatedAt")

    assert listed_ids(response) == [
        updated[name].public_id for name in ("midnight", "just_before", "at", "after")
    ]


@pytest.mark.parametrize(
    "since",
    [
        "2024-01-15T08:00:00",  # a time without its offset
        "2024-01-15 08:00",
        "yesterday",
        "2024-13-01",
        "2024-02-30T10:00:00Z",
        "15/01/2024",
        "1705305600",
    ],
)
def test_updated_since_naive_or_garbage_is_400_naming_it(api, team, updated, since):
    response = listing(api, team, updatedSince=since)

    assert response.status_code == 400
    assert list(error_fields(response)) == ["updatedSince"]


# --- customField=<key>:<value> and customFields.<key>=<value> ---------------------------------


def by_custom_fields(form: str, **fields) -> dict:
    """Query parameters that keep the contacts with these custom fields, in either form."""
    if form == "customFields.<key>":
        return {f"customFields.{key}": value for key, value in fields.items()}
    return {"customField": [f"{key}:{value}" for key, value in fields.items()]}


def named_parameter(form: str, key: str) -> str:
    """The parameter an error in the filter on `key` names."""
    return f"customFields.{key}" if form == "customFields.<key>" else "customField"


both_forms = pytest.mark.parametrize("form", ["customFields.<key>", "customField"])


@pytest.fixture
def custom(company):
    return {
        "text_500": make(company, custom_fields={"size": "500", "vip": "true"}),
        "number_500": make(company, custom_fields={"size": 500, "vip": True}),
        "text_5000": make(company, custom_fields={"size": "5000", "vip": False}),
        "nested": make(company, custom_fields={"meta": {"size": 500}}),
        "empty": make(company, custom_fields={}),
    }


def custom_names(custom, response) -> set[str]:
    assert response.status_code == 200, response.json()
    ids = set(listed_ids(response))
    return {name for name, contact in custom.items() if contact.public_id in ids}


@both_forms
def test_custom_field_filter_matches_text_and_number(api, team, custom, form):
    response = listing(api, team, **by_custom_fields(form, size="500"))

    assert custom_names(custom, response) == {"text_500", "number_500"}


@both_forms
def test_custom_field_filter_matches_a_boolean_and_its_text(api, team, custom, form):
    response = listing(api, team, **by_custom_fields(form, vip="true"))

    assert custom_names(custom, response) == {"text_500", "number_500"}


@both_forms
def test_custom_field_filter_false_matches_false_only(api, team, custom, form):
    response = listing(api, team, **by_custom_fields(form, vip="false"))

    assert custom_names(custom, response) == {"text_5000"}


@both_forms
def test_custom_field_filter_on_plain_text(api, team, company, custom, form):
    sized = make(company, custom_fields={"company_size": "500-1000"})

    response = listing(api, team, **by_custom_fields(form, company_size="500-1000"))

    assert listed_ids(response) == [sized.public_id]


@both_forms
@pytest.mark.parametrize(("key", "value"), [("size", "999"), ("size", "50"), ("missing", "500")])
def test_custom_field_filter_without_a_match_returns_none(api, team, custom, form, key, value):
    response = listing(api, team, **by_custom_fields(form, **{key: value}))

    assert listed_ids(response) == []
    assert response.json()["count"] == 0


@both_forms
@pytest.mark.parametrize("value", ["", " "])
def test_custom_field_filter_with_a_blank_value_is_400_not_everyone(api, team, custom, form, value):
    response = listing(api, team, **by_custom_fields(form, size=value))

    assert response.status_code == 400
    assert list(error_fields(response)) == [named_parameter(form, "size")]


@both_forms
def test_several_custom_field_filters_must_all_match(api, team, custom, form):
    response = listing(api, team, **by_custom_fields(form, size="500", vip="true"))

    assert custom_names(custom, response) == {"text_500", "number_500"}
    response = listing(api, team, **by_custom_fields(form, size="5000", vip="true"))
    assert custom_names(custom, response) == set()


def test_the_two_custom_field_forms_combine_and_all_must_match(api, team, custom):
    both = {**by_custom_fields("customFields.<key>", vip="true"), "customField": "size:500"}
    response = listing(api, team, **both)
    assert custom_names(custom, response) == {"text_500", "number_500"}

    both["customField"] = "size:5000"
    assert custom_names(custom, listing(api, team, **both)) == set()


@both_forms
@pytest.mark.parametrize("key", ["", "k" * 101])
def test_custom_field_filter_with_an_empty_or_overlong_key_is_400(api, team, custom, form, key):
    response = listing(api, team, **by_custom_fields(form, **{key: "500"}))

    assert response.status_code == 400
    assert list(error_fields(response)) == [named_parameter(form, key)]


def test_custom_field_value_may_hold_colons_and_commas(api, team, company, custom):
    site = make(company, custom_fields={"site": "https://example.com:8443/a,b"})

    response = listing(api, team, customField="site:https://example.com:8443/a,b")

    assert listed_ids(response) == [site.public_id]


def test_custom_field_without_a_colon_is_400_naming_it(api, team, custom):
    response = listing(api, team, customField=["size:500", "size"])

    assert response.status_code == 400
    assert list(error_fields(response)) == ["customField"]
    assert "<key>:<value>" in error_fields(response)["customField"][0]


@pytest.mark.parametrize(
    "name", ["customFields", "customFields[size]", "customfield", "customField.size"]
)
def test_other_custom_field_spellings_are_unknown_parameters(api, team, custom, name):
    response = listing(api, team, **{name: "size:500" if name == "customFields" else "500"})

    assert response.status_code == 400
    assert list(error_fields(response)) == [name]
    assert error_fields(response)[name][0].startswith("Unknown parameter")


def test_bad_custom_field_filters_of_both_forms_are_named_with_the_other_bad_parameters(
    api, team, custom
):
    overlong = "customFields." + "k" * 101
    response = listing(api, team, leadStatus="bogus", customField="size", **{overlong: "500"})

    assert response.status_code == 400
    assert set(error_fields(response)) == {"leadStatus", "customField", overlong}


def test_a_custom_fields_key_given_twice_is_400(api, team, custom):
    response = listing(api, team, **{"customFields.size": ["500", "5000"]})

    assert response.status_code == 400
    assert list(error_fields(response)) == ["customFields.size"]


# --- archived contacts -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"ordering": "lastName"},
        {"ordering": "-updatedAt"},
        {"leadStatus": "new,contacted"},
        {"tags": "vip"},
        {"updatedSince": "2024-01-01"},
        {"customFields.size": "500"},
        {"customField": "size:500"},
    ],
)
def test_archived_contacts_are_never_listed(api, team, company, params):
    fields = {"lead_status": "new", "tags": ["vip"], "custom_fields": {"size": 500}}
    live = make(company, **fields)
    make(company, archived_at=timezone.now(), **fields)

    response = listing(api, team, **params)

    assert listed_ids(response) == [live.public_id]
    assert response.json()["count"] == 1


# --- tenancy ---------------------------------------------------------------------------------


def test_filters_never_reach_another_teams_contacts(api, team, company, other_company):
    fields = {"lead_status": "new", "tags": ["vip"], "custom_fields": {"size": 500}}
    ours = make(company, **fields)
    make(other_company, **fields)

    response = listing(
        api, team, leadStatus="new", tags="vip", ordering="lastName", **{"customFields.size": "500"}
    )

    assert listed_ids(response) == [ours.public_id]
