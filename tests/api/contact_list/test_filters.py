"""The list's filters: company, lead status, do-not-call, has-phone, and bad values named."""

import pytest
from django import forms

from contacts.filtersets import ContactFilterSet
from crm import ids
from tests.api.contact_list.listing import assert_bad_parameter, listed_ids, listing
from tests.factories import CompanyFactory, ContactFactory
from tests.kit.api import CONTACTS

# --- filters ------------------------------------------------------------------------------------


def test_list_filters_by_own_company(api, team, company):
    elsewhere = CompanyFactory(team=team)
    in_company = ContactFactory.create_batch(2, team=team, company=company)
    ContactFactory.create_batch(3, team=team, company=elsewhere)

    response = listing(api, team, companyId=company.public_id)

    assert sorted(listed_ids(response)) == sorted(c.public_id for c in in_company)
    assert response.json()["count"] == 2


def test_list_by_another_teams_company_is_404(api, team, company, other_company):
    ContactFactory(team=other_company.team, company=other_company, first_name="Secretive")

    response = listing(api, team, companyId=other_company.public_id)

    assert response.status_code == 404
    body = response.json()
    assert body["success"] is False
    assert "contacts" not in body
    assert "Secretive" not in response.content.decode()
    assert other_company.name not in response.content.decode()


def test_list_by_unknown_company_is_404(api, team):
    response = listing(api, team, companyId=ids.encode("comp", ids.uuid7()))

    assert response.status_code == 404
    assert response.json()["success"] is False


@pytest.mark.parametrize("company_id", ["comp_123", "garbage", "comp_" + "u" * 26])
def test_list_rejects_malformed_company_id(api, team, company_id):
    assert_bad_parameter(listing(api, team, companyId=company_id), "companyId")


def test_list_rejects_company_id_with_another_prefix(api, team):
    assert_bad_parameter(listing(api, team, companyId=team.public_id), "companyId")


def test_list_filters_by_lead_status(api, team, company):
    qualified = ContactFactory.create_batch(2, team=team, company=company, lead_status="qualified")
    ContactFactory(team=team, company=company, lead_status="new")
    ContactFactory(team=team, company=company, lead_status="converted")

    response = listing(api, team, leadStatus="qualified")

    assert sorted(listed_ids(response)) == sorted(c.public_id for c in qualified)
    assert response.json()["count"] == 2
    assert {item["lead_status"] for item in response.json()["contacts"]} == {"qualified"}


def test_list_filters_by_any_of_several_lead_statuses(api, team, company):
    wanted = [
        ContactFactory(team=team, company=company, lead_status="qualified"),
        ContactFactory(team=team, company=company, lead_status="new"),
    ]
    ContactFactory(team=team, company=company, lead_status="converted")

    response = listing(api, team, leadStatus="new, Qualified")

    assert sorted(listed_ids(response)) == sorted(c.public_id for c in wanted)


def test_multi_value_filters_take_repeated_parameters_as_well_as_commas(api, team, company):
    wanted = [
        ContactFactory(team=team, company=company, lead_status="qualified", tags=["vip", "b"]),
        ContactFactory(team=team, company=company, lead_status="new", tags=["vip", "b", "c"]),
    ]
    ContactFactory(team=team, company=company, lead_status="converted", tags=["vip", "b"])
    ContactFactory(team=team, company=company, lead_status="new", tags=["vip"])

    repeated = listing(api, team, leadStatus=["new", "qualified"], tags=["vip", "b"])
    mixed = listing(api, team, leadStatus=["new,qualified", "new"], tags=["vip,b"])

    expected = sorted(c.public_id for c in wanted)
    assert sorted(listed_ids(repeated)) == expected
    assert sorted(listed_ids(mixed)) == expected


@pytest.mark.parametrize("values", [["new", "won"], ["new", ""]])
def test_a_bad_repeated_lead_status_is_a_400(api, team, values):
    assert_bad_parameter(listing(api, team, leadStatus=values), "leadStatus")


def test_other_parameters_are_still_given_once(api, team, company):
    assert_bad_parameter(listing(api, team, hasPhone=["true", "false"]), "hasPhone")
    assert_bad_parameter(listing(api, team, leadStatuses="new"), "leadStatuses")


@pytest.mark.parametrize("value", ["won", "lead", "new,won", ",", "new;qualified"])
def test_list_rejects_unknown_lead_status(api, team, value):
    assert_bad_parameter(listing(api, team, leadStatus=value), "leadStatus")


@pytest.mark.parametrize(("value", "expected"), [("true", True), ("false", False)])
def test_list_filters_by_do_not_call(api, team, company, value, expected):
    blocked = ContactFactory(team=team, company=company, do_not_call=True)
    callable_ = ContactFactory(team=team, company=company, do_not_call=False)

    response = listing(api, team, doNotCall=value)

    assert listed_ids(response) == [(blocked if expected else callable_).public_id]
    assert response.json()["count"] == 1


@pytest.mark.parametrize("blocker", ["callable", "callableNow"])
def test_two_not_filters_list_and_count_what_both_keep(api, team, company, blocker):
    ContactFactory(team=team, company=company, do_not_call=True)  # left out by doNotCall
    no_phone = ContactFactory(team=team, company=company, phone=None)  # kept by both
    ContactFactory(team=team, company=company, phone="+14155551234")  # callable now: left out

    response = listing(api, team, doNotCall="false", **{blocker: "false"})

    assert listed_ids(response) == [no_phone.public_id]
    assert response.json()["count"] == 1


@pytest.mark.parametrize(("value", "expected"), [("true", True), ("false", False)])
def test_list_filters_by_has_phone(api, team, company, value, expected):
    with_phone = ContactFactory(team=team, company=company, phone="+14155551234")
    without_phone = ContactFactory(team=team, company=company, phone=None)

    response = listing(api, team, hasPhone=value)

    assert listed_ids(response) == [(with_phone if expected else without_phone).public_id]
    assert response.json()["count"] == 1


def test_has_phone_false_finds_contacts_created_through_the_api_without_a_phone(api, team, company):
    for phone in [{}, {"phone": None}]:
        created = api.post(
            CONTACTS,
            {"teamId": team.public_id, "companyId": company.public_id, **phone}
            | {"firstName": "No", "lastName": "Phone"},
            format="json",
        )
        assert created.status_code == 201, created.json()
    ContactFactory(team=team, company=company, phone="+14155551234")

    without = listing(api, team, hasPhone="false").json()
    with_phone = listing(api, team, hasPhone="true").json()

    assert [item["first_name"] for item in without["contacts"]] == ["No", "No"]
    assert [item["phone"] for item in with_phone["contacts"]] == ["+14155551234"]


def test_list_filters_combine(api, team, company):
    match = ContactFactory(
        team=team, company=company, lead_status="qualified", phone="+14155551234"
    )
    ContactFactory(team=team, company=company, lead_status="qualified", phone=None)
    ContactFactory(team=team, company=company, lead_status="new", phone="+14155550000")

    response = listing(api, team, leadStatus="qualified", hasPhone="true", doNotCall="false")

    assert listed_ids(response) == [match.public_id]


@pytest.mark.parametrize("parameter", ["doNotCall", "hasPhone"])
@pytest.mark.parametrize("value", ["yes", "1", "maybe", "0", "no"])
def test_list_rejects_boolean_filter_other_than_true_or_false(api, team, parameter, value):
    assert_bad_parameter(listing(api, team, **{parameter: value}), parameter)


@pytest.mark.parametrize(
    "query",
    [
        "doNotCall=true&doNotCall=false",
        "hasPhone=true&hasPhone=true",
        "limit=5&limit=10",
    ],
)
def test_list_rejects_a_repeated_parameter(api, team, query):
    response = api.get(f"{CONTACTS}?teamId={team.public_id}&{query}")

    assert_bad_parameter(response, query.split("=")[0])


def test_list_rejects_a_repeated_team_id_even_with_the_own_team_last(api, team, other_team):
    response = api.get(f"{CONTACTS}?teamId={other_team.public_id}&teamId={team.public_id}")

    assert_bad_parameter(response, "teamId")


@pytest.mark.parametrize("name", ["hasPhone", "doNotCall", "companyId", "leadStatus", "limit"])
def test_list_rejects_an_empty_parameter(api, team, name):
    assert_bad_parameter(listing(api, team, **{name: ""}), name)


def test_list_takes_an_empty_search_as_no_search(api, team, company):
    ContactFactory(company=company)

    assert listing(api, team, search="").json()["count"] == 1


def test_list_refuses_a_format_override(api, team):
    assert_bad_parameter(listing(api, team, format="api"), "format")


@pytest.mark.parametrize("parameter", ["leadstatus", "team_id", "do_not_call", "page"])
def test_list_rejects_unknown_parameter(api, team, company, parameter):
    ContactFactory(team=team, company=company)

    assert_bad_parameter(listing(api, team, **{parameter: "new"}), parameter)


def test_each_request_filters_in_its_own_team(api, team, company, other_api, other_company):
    # The filters are the filterset class's, shared by its requests: each must still run in
    # the team of the request that uses it.
    ContactFactory(team=team, company=company)
    theirs = ContactFactory(team=other_company.team, company=other_company)

    mine = listing(api, team, companyId=company.public_id)
    other = listing(other_api, other_company.team, companyId=other_company.public_id)

    assert mine.json()["count"] == 1
    assert listed_ids(other) == [theirs.public_id]


def test_a_bad_value_is_named_again_on_the_next_request(api, team):
    # The filters' form fields are shared by the requests' forms: an error stays the request's.
    first = listing(api, team, leadStatus="bogus")
    both = listing(api, team, leadStatus="new,bogus", doNotCall="maybe")
    again = listing(api, team, leadStatus="bogus")

    assert_bad_parameter(first, "leadStatus")
    assert set(both.json()["error"]["fields"]) == {"leadStatus", "doNotCall"}
    assert again.json()["error"]["fields"] == first.json()["error"]["fields"]
    assert listing(api, team).status_code == 200


def test_the_form_fields_shared_by_the_requests_cannot_be_changed(team):
    # A change to one filterset's form fields would reach every request after it: it raises.
    form = ContactFilterSet({"teamId": team.public_id}, team=team).form

    with pytest.raises(TypeError):
        form.fields["leadStatus"] = forms.CharField()
    with pytest.raises(TypeError):
        del form.fields["leadStatus"]
    assert ContactFilterSet({}, team=team).form.fields["leadStatus"] is form.fields["leadStatus"]
