"""`contacts.selectors`: the reads the API, the admin and the commands share, without a request."""

import pytest
from django.db.models import Count
from rest_framework.exceptions import NotFound, ValidationError

from contacts.selectors import contact_list
from tests.factories import ContactFactory


def test_contact_list_applies_the_list_apis_parameters_without_a_request(team, company):
    new = ContactFactory(company=company, tags=["vip"])
    ContactFactory(company=company, lead_status="contacted", tags=["vip"])
    ContactFactory(company=company)

    contacts = contact_list(
        team=team, filters={"teamId": team.public_id, "leadStatus": "new", "tags": "VIP"}
    )

    assert list(contacts) == [new]


def test_contact_list_keeps_to_the_teams_live_contacts(team, company, other_company):
    live = ContactFactory(company=company)
    ContactFactory(company=company, archived_at="2024-01-15T10:00:00Z")
    ContactFactory(company=other_company)

    assert list(contact_list(team=team, filters={"teamId": team.public_id})) == [live]


def test_contact_list_names_a_bad_parameter(team):
    with pytest.raises(ValidationError) as raised:
        contact_list(team=team, filters={"teamId": team.public_id, "hasPhone": "maybe"})

    assert "hasPhone" in raised.value.detail


def test_contact_list_refuses_another_teams_company(team, other_company):
    filters = {"teamId": team.public_id, "companyId": other_company.public_id}

    with pytest.raises(NotFound):
        contact_list(team=team, filters=filters)


def test_contact_list_not_callable_now_counts_what_it_lists_when_narrowed_further(team, company):
    ContactFactory(company=company, phone=None, lead_status="new")
    ContactFactory(company=company, phone=None, lead_status="contacted")
    contacts = contact_list(team=team, filters={"teamId": team.public_id, "callableNow": "false"})

    narrowed = contacts.filter(lead_status="new")

    assert contacts.count() == 2
    assert narrowed.count() == len(list(narrowed)) == 1


@pytest.mark.parametrize("filters", [{}, {"doNotCall": "false"}, {"callable": "false"}])
def test_a_contact_list_read_further_counts_what_it_then_holds(team, company, filters):
    # The list's own count is of the team's indexes (contacts.filtersets.CountOfTheTeam);
    # a queryset made from it counts its own rows.
    ContactFactory(company=company, lead_status="new", do_not_call=True)
    ContactFactory(company=company, lead_status="new", phone=None)
    ContactFactory(company=company, lead_status="contacted")
    ContactFactory(company=company, archived_at="2024-01-15T10:00:00Z")
    contacts = contact_list(team=team, filters={"teamId": team.public_id, **filters})
    listed = list(contacts.all())  # a copy: `contacts` itself stays unread

    assert contacts.count() == len(listed)
    assert contacts.filter(lead_status="new").count() == len(
        [c for c in listed if c.lead_status == "new"]
    )
    statuses = contacts.values("lead_status").annotate(n=Count("id"))
    assert statuses.count() == len({c.lead_status for c in listed})
    assert contacts[:1].count() == min(len(listed), 1)
    assert contacts.distinct().count() == len(listed)
