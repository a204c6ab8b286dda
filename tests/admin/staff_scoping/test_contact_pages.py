"""The contact list, search, filters and pages by URL show a member only their teams' contacts."""

import pytest
from django.utils import timezone

from contacts.models import Contact
from tests.admin.forms import contact_form
from tests.admin.staff_scoping.scoping import filter_choices, snapshot
from tests.factories import CompanyFactory, ContactFactory, TeamFactory
from tests.kit.admin import admin_url, form_choices, form_errors, listed, logged_in, staff_user

# --- contact list, search and filters ----------------------------------------------------------


def test_member_contact_list_shows_only_their_teams_contacts(member_client, company, ours, theirs):
    also_ours = ContactFactory(company=company)

    response = member_client.get(admin_url("contacts_contact_changelist"))

    assert listed(response) == {ours, also_ours}
    page = response.content.decode()
    assert "Olivia" in page
    assert "Theirs" not in page
    assert "2 contacts" in page


def test_member_of_two_teams_sees_both_teams_contacts_and_companies(
    client, team, other_team, company, other_company, ours, theirs
):
    third = ContactFactory(company=CompanyFactory(team=TeamFactory(name="Third")))
    logged_in(client, staff_user("dual", team, other_team))

    contacts = listed(client.get(admin_url("contacts_contact_changelist")))
    companies = listed(client.get(admin_url("companies_company_changelist")))

    assert contacts == {ours, theirs}
    assert third not in contacts
    assert companies == {company, other_company}


@pytest.mark.parametrize("typed", ["sarah chen", "(415) 555-1234", "chen@example"])
def test_member_search_finds_only_their_teams_matches(member_client, company, other_company, typed):
    sarah = ContactFactory(
        company=company,
        first_name="Sarah",
        last_name="Chen",
        email="s.chen@example.com",
        phone="+14155551234",
    )
    ContactFactory(
        company=other_company,
        first_name="Sarah",
        last_name="Chen",
        email="sarah.chen@example.com",
        phone="+14155551234",
    )

    response = member_client.get(admin_url("contacts_contact_changelist"), {"q": typed})

    assert listed(response) == {sarah}


def test_member_source_filter_offers_only_their_teams_sources(
    member_client, company, other_company
):
    ContactFactory(company=company, source="webinar")
    ContactFactory(company=other_company, source="tradeshow")

    response = member_client.get(admin_url("contacts_contact_changelist"))

    assert filter_choices(response, "source") == ["webinar"]
    assert "tradeshow" not in response.content.decode()


def test_member_tag_filter_offers_only_their_teams_tags(member_client, company, other_company):
    ContactFactory(company=company, tags=["vip"])
    ContactFactory(company=other_company, tags=["rival-secret"])

    response = member_client.get(admin_url("contacts_contact_changelist"))

    assert filter_choices(response, "tag") == ["vip"]
    assert "rival-secret" not in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "param"),
    [("source", "tradeshow", "source"), ("tags", ["rival"], "tag")],
)
def test_member_filtering_by_another_teams_value_shows_none_of_theirs(
    member_client, company, other_company, field, value, param
):
    ContactFactory(company=other_company, **{field: value})
    mine = ContactFactory(company=company, **{field: value})
    wanted = value if isinstance(value, str) else value[0]

    response = member_client.get(admin_url("contacts_contact_changelist"), {param: wanted})

    assert listed(response) == {mine}


def test_member_company_filter_with_another_teams_company_shows_nothing(
    member_client, company, other_company, ours, theirs
):
    own = member_client.get(
        admin_url("contacts_contact_changelist"), {"company__id__exact": company.pk}
    )
    other = member_client.get(
        admin_url("contacts_contact_changelist"), {"company__id__exact": other_company.pk}
    )

    assert listed(own) == {ours}
    assert listed(other) == set()
    assert "Rival Inc" not in other.content.decode()


# --- contact pages by URL ----------------------------------------------------------------------


@pytest.mark.parametrize("view", ["change", "delete", "history"])
def test_member_gets_404_for_another_teams_contact_page(member_client, ours, theirs, view):
    assert member_client.get(admin_url(f"contacts_contact_{view}", theirs.pk)).status_code == 404
    assert member_client.get(admin_url(f"contacts_contact_{view}", ours.pk)).status_code == 200


def test_member_cannot_change_another_teams_contact_by_post(
    member_client, other_team, other_company, theirs
):
    before = snapshot(theirs)

    response = member_client.post(
        admin_url("contacts_contact_change", theirs.pk),
        contact_form(other_team, other_company, first_name="Hacked", email=theirs.email),
    )

    assert response.status_code == 404
    assert snapshot(theirs) == before


def test_member_cannot_delete_another_teams_contact_by_post(member_client, theirs):
    response = member_client.post(admin_url("contacts_contact_delete", theirs.pk), {"post": "yes"})

    assert response.status_code == 404
    assert Contact.objects.filter(pk=theirs.pk).exists()


@pytest.mark.parametrize("page", ["add", "change"])
def test_member_contact_form_offers_only_their_teams_and_live_companies(
    member_client, team, company, other_company, ours, page
):
    archived = CompanyFactory(team=team, name="Gone Inc", archived_at=timezone.now())
    args = [ours.pk] if page == "change" else []

    response = member_client.get(admin_url(f"contacts_contact_{page}", *args))

    assert form_choices(response, "team") == {team}
    assert form_choices(response, "company") == {company}
    assert archived not in form_choices(response, "company")


def test_member_of_two_teams_contact_form_offers_both_teams(
    client, team, other_team, company, other_company
):
    CompanyFactory(team=TeamFactory(name="Third"))
    logged_in(client, staff_user("dual", team, other_team))

    response = client.get(admin_url("contacts_contact_add"))

    assert form_choices(response, "team") == {team, other_team}
    assert form_choices(response, "company") == {company, other_company}


def test_member_adds_a_contact_to_their_own_team(member_client, team, company):
    response = member_client.post(admin_url("contacts_contact_add"), contact_form(team, company))

    assert response.status_code == 302, form_errors(response)
    contact = Contact.objects.get()
    assert (contact.team, contact.company) == (team, company)


def test_member_cannot_add_a_contact_with_another_teams_company(member_client, team, other_company):
    response = member_client.post(
        admin_url("contacts_contact_add"), contact_form(team, other_company)
    )

    assert "company" in form_errors(response)
    assert not Contact.objects.exists()


def test_member_cannot_add_a_contact_to_another_team(member_client, other_team, other_company):
    response = member_client.post(
        admin_url("contacts_contact_add"), contact_form(other_team, other_company)
    )

    assert "team" in form_errors(response)
    assert not Contact.objects.exists()


def test_member_cannot_move_their_contact_to_another_team(
    member_client, other_team, other_company, ours
):
    before = snapshot(ours)

    response = member_client.post(
        admin_url("contacts_contact_change", ours.pk),
        contact_form(
            other_team,
            other_company,
            first_name=ours.first_name,
            last_name=ours.last_name,
            email=ours.email,
        ),
    )

    assert form_errors(response).keys() & {"team", "company"}
    assert snapshot(ours) == before


def test_member_cannot_move_their_contact_to_another_teams_company(
    member_client, team, other_company, ours
):
    before = snapshot(ours)

    response = member_client.post(
        admin_url("contacts_contact_change", ours.pk),
        contact_form(
            team,
            other_company,
            first_name=ours.first_name,
            last_name=ours.last_name,
            email=ours.email,
        ),
    )

    assert "company" in form_errors(response)
    assert snapshot(ours) == before
