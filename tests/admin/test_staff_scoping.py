"""The admin as a team's staff user: every page and action sees and changes only their teams."""

import re

import pytest
from django.utils import timezone

from contacts.models import Contact, LeadStatus
from crm.models import ApiToken, Company, Membership, Team
from tests.admin.forms import contact_form
from tests.factories import CompanyFactory, ContactFactory, TeamFactory, issue_token
from tests.kit.admin import (
    admin_url,
    form_errors,
    listed,
    logged_in,
    messages_of,
    run_action,
    staff_user,
)
from tests.kit.api import CONTACTS, bearer

MEMBER, MANAGER = Membership.Role.MEMBER, Membership.Role.MANAGER
AUTOCOMPLETE = "/admin/autocomplete/"


@pytest.fixture
def member(team):
    return staff_user("mia", team)


@pytest.fixture
def member_client(client, member):
    return logged_in(client, member)


@pytest.fixture
def manager_client(client, team):
    return logged_in(client, staff_user("max", team, role=MANAGER))


@pytest.fixture
def ours(company):
    return ContactFactory(company=company, first_name="Olivia", last_name="Ours")


@pytest.fixture
def theirs(other_company):
    return ContactFactory(company=other_company, first_name="Theo", last_name="Theirs")


def filter_choices(response, parameter: str) -> list[str]:
    (spec,) = [
        spec
        for spec in response.context["cl"].filter_specs
        if getattr(spec, "parameter_name", None) == parameter
    ]
    return [value for value, _ in spec.lookup_choices]


def snapshot(contact) -> dict:
    fresh = Contact.objects.get(pk=contact.pk)
    return {
        "lead_status": fresh.lead_status,
        "do_not_call": fresh.do_not_call,
        "tags": fresh.tags,
        "team": fresh.team_id,
        "company": fresh.company_id,
        "first_name": fresh.first_name,
        "updated_at": fresh.updated_at,
    }


def autocomplete(client, term="", model_name="contact", field_name="company", app="contacts"):
    return client.get(
        AUTOCOMPLETE,
        {"app_label": app, "model_name": model_name, "field_name": field_name, "term": term},
    )


def autocomplete_ids(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {result["id"] for result in response.json()["results"]}


# --- who gets in -------------------------------------------------------------------------------


def app_models(response) -> set[str]:
    assert response.status_code == 200
    return {model["object_name"] for app in response.context["app_list"] for model in app["models"]}


def test_member_admin_index_lists_contacts_and_companies_only(member_client):
    assert app_models(member_client.get(admin_url("index"))) == {"Company", "Contact"}


def test_manager_admin_index_also_lists_api_tokens_but_not_teams(manager_client):
    assert app_models(manager_client.get(admin_url("index"))) == {"ApiToken", "Company", "Contact"}


def test_staff_user_without_membership_sees_an_empty_admin(client, ours, company):
    logged_in(client, staff_user("nobody"))

    assert app_models(client.get(admin_url("index"))) == set()
    assert client.get(admin_url("contacts_contact_changelist")).status_code == 403
    assert client.get(admin_url("crm_company_changelist")).status_code == 403
    assert client.get(admin_url("contacts_contact_add")).status_code == 403
    assert client.get(admin_url("contacts_contact_change", ours.pk)).status_code in (403, 404)
    assert client.get(admin_url("crm_company_change", company.pk)).status_code in (403, 404)
    assert autocomplete(client).status_code == 403


def test_staff_user_without_membership_cannot_add_a_contact(client, team, company):
    logged_in(client, staff_user("nobody"))

    response = client.post(admin_url("contacts_contact_add"), contact_form(team, company))

    assert response.status_code == 403
    assert not Contact.objects.exists()


@pytest.mark.parametrize(
    "page",
    ["index", "contacts_contact_changelist", "crm_company_changelist", "contacts_contact_add"],
)
def test_non_staff_user_with_a_membership_is_sent_to_the_login_page(client, team, page):
    logged_in(client, staff_user("outsider", team, is_staff=False))

    response = client.get(admin_url(page))

    assert response.status_code == 302
    assert response["Location"].startswith(admin_url("login"))


def test_anonymous_user_is_sent_to_the_login_page(client, ours):
    response = client.get(admin_url("contacts_contact_change", ours.pk))

    assert response.status_code == 302
    assert response["Location"].startswith(admin_url("login"))


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
    companies = listed(client.get(admin_url("crm_company_changelist")))

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


def form_choices(response, field: str) -> set:
    assert response.status_code == 200
    return set(response.context["adminform"].form.fields[field].queryset)


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


# --- autocomplete ------------------------------------------------------------------------------


def test_company_autocomplete_returns_only_their_teams_companies(
    member_client, company, other_team
):
    CompanyFactory(team=other_team, name="Acme Rival")

    response = autocomplete(member_client, term="acme")

    assert autocomplete_ids(response) == {str(company.pk)}
    assert "Acme Rival" not in response.content.decode()


def test_company_autocomplete_without_a_term_lists_only_their_teams_companies(
    member_client, company, other_company
):
    assert autocomplete_ids(autocomplete(member_client)) == {str(company.pk)}


def test_company_autocomplete_offers_only_live_companies(member_client, team, company):
    CompanyFactory(team=team, name="Acme Archived", archived_at=timezone.now())

    response = autocomplete(member_client, term="acme")

    # The contact form's company box is this autocomplete: it offers what the form accepts.
    assert autocomplete_ids(response) == {str(company.pk)}


def test_company_autocomplete_for_a_member_of_two_teams_returns_both(
    client, team, other_team, company, other_company
):
    CompanyFactory(team=TeamFactory(name="Third"), name="Third Inc")
    logged_in(client, staff_user("dual", team, other_team))

    response = autocomplete(client, term="inc")

    assert autocomplete_ids(response) == {str(company.pk), str(other_company.pk)}


def test_contact_autocomplete_returns_only_their_teams_contacts(member_client, ours, theirs):
    response = autocomplete(member_client, model_name="call", field_name="contact")

    assert autocomplete_ids(response) == {str(ours.pk)}


@pytest.mark.parametrize(
    ("app", "model_name", "field_name"),
    [("contacts", "contact", "team"), ("crm", "membership", "team"), ("crm", "membership", "user")],
)
def test_member_cannot_list_teams_or_users_through_autocomplete(
    member_client, other_team, app, model_name, field_name
):
    response = autocomplete(member_client, app=app, model_name=model_name, field_name=field_name)

    assert response.status_code == 403
    assert other_team.name not in response.content.decode()


# --- bulk actions ------------------------------------------------------------------------------


# (action, the fields both contacts start with, extra POST data, what the action sets)
ACTIONS = [
    ("mark_do_not_call", {"do_not_call": False}, {}, {"do_not_call": True}),
    ("unmark_do_not_call", {"do_not_call": True}, {}, {"do_not_call": False}),
    *[
        (
            f"set_lead_status_{status}",
            {"lead_status": "contacted" if status == "new" else "new"},
            {},
            {"lead_status": status},
        )
        for status in LeadStatus.values
    ],
    ("add_tag", {"tags": []}, {"apply": "1", "tag": "vip"}, {"tags": ["vip"]}),
    ("remove_tag", {"tags": ["vip"]}, {"apply": "1", "tag": "vip"}, {"tags": []}),
]


@pytest.mark.parametrize(
    ("action", "start", "extra", "result"), ACTIONS, ids=[a[0] for a in ACTIONS]
)
def test_bulk_action_with_another_teams_ids_changes_only_their_own(
    member_client, company, other_company, action, start, extra, result
):
    mine = ContactFactory(company=company, **start)
    other = ContactFactory(company=other_company, **start)
    before = snapshot(other)

    response = run_action(member_client, action, [mine, other], **extra)

    assert response.status_code == 302
    assert snapshot(other) == before
    mine.refresh_from_db()
    assert {field: getattr(mine, field) for field in result} == result
    assert any(re.search(r"\b1 contact\(s\)", message) for message in messages_of(response))


@pytest.mark.parametrize(
    ("action", "start", "extra", "result"), ACTIONS, ids=[a[0] for a in ACTIONS]
)
def test_bulk_action_with_only_another_teams_ids_changes_nothing(
    member_client, other_company, action, start, extra, result
):
    other = ContactFactory(company=other_company, **start)
    before = snapshot(other)

    run_action(member_client, action, [other], **extra)

    assert snapshot(other) == before


def test_bulk_action_across_all_pages_changes_only_their_teams_contacts(
    member_client, company, other_company
):
    mine = ContactFactory(company=company)
    other = ContactFactory(company=other_company)
    before = snapshot(other)

    response = run_action(member_client, "mark_do_not_call", [mine], select_across="1")

    assert snapshot(other) == before
    mine.refresh_from_db()
    assert mine.do_not_call is True
    assert "Marked 1 contact(s) as do not call." in messages_of(response)


def test_tag_action_form_counts_only_their_teams_selected_contacts(member_client, ours, theirs):
    response = run_action(member_client, "add_tag", [ours, theirs])

    assert response.status_code == 200
    page = response.content.decode()
    assert "for the 1 selected contact." in page
    assert str(theirs.pk) not in page


def test_delete_action_with_another_teams_ids_deletes_nothing_of_theirs(
    member_client, other_company
):
    other = ContactFactory(company=other_company)

    run_action(member_client, "delete_selected", [other], post="yes")

    assert Contact.objects.filter(pk=other.pk).exists()


def exported_ids(response) -> list[str]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = b"".join(response.streaming_content).decode().splitlines()
    return [line.split(",")[0] for line in lines[1:]]


def test_csv_export_of_a_selection_includes_only_their_teams_rows(member_client, ours, theirs):
    response = run_action(member_client, "export_csv", [ours, theirs])

    assert exported_ids(response) == [ours.public_id]


def test_csv_export_across_all_pages_includes_only_their_teams_rows(
    member_client, company, other_company, ours, theirs
):
    also_ours = ContactFactory(company=company)
    ContactFactory(company=other_company)

    response = run_action(member_client, "export_csv", [ours], select_across="1")

    assert sorted(exported_ids(response)) == sorted([ours.public_id, also_ours.public_id])


# --- companies ---------------------------------------------------------------------------------


def test_member_company_list_and_search_show_only_their_teams_companies(
    member_client, company, other_company
):
    listing = member_client.get(admin_url("crm_company_changelist"))
    search = member_client.get(admin_url("crm_company_changelist"), {"q": "inc"})

    assert listed(listing) == {company}
    assert listed(search) == {company}
    assert "Rival Inc" not in listing.content.decode()


@pytest.mark.parametrize(
    ("view", "own_status"), [("change", 200), ("delete", 403), ("history", 200)]
)
def test_member_gets_404_for_another_teams_company_page(
    member_client, company, other_company, view, own_status
):
    # Companies are archived, not deleted, in the admin: their delete page is refused.
    assert member_client.get(admin_url(f"crm_company_{view}", other_company.pk)).status_code == 404
    assert member_client.get(admin_url(f"crm_company_{view}", company.pk)).status_code == own_status


def test_member_cannot_archive_another_teams_company(member_client, company, other_company):
    ContactFactory(company=other_company)
    for action in ["archive", "archive_with_contacts", "archive_keeping_contacts"]:
        member_client.post(
            admin_url("crm_company_changelist"),
            {"action": action, "_selected_action": [other_company.pk, company.pk]},
        )

    other_company.refresh_from_db()
    company.refresh_from_db()
    assert other_company.archived_at is None
    assert Contact.objects.live().filter(company=other_company).count() == 1
    assert company.archived_at is not None  # their own, selected beside it, was archived


def test_member_cannot_change_another_teams_company_by_post(
    member_client, other_team, other_company
):
    response = member_client.post(
        admin_url("crm_company_change", other_company.pk),
        {"team": other_team.pk, "name": "Hacked", "domain": ""},
    )

    assert response.status_code == 404
    other_company.refresh_from_db()
    assert other_company.name == "Rival Inc"


def test_member_cannot_delete_another_teams_company(member_client, other_company):
    by_page = member_client.post(admin_url("crm_company_delete", other_company.pk), {"post": "yes"})
    member_client.post(
        admin_url("crm_company_changelist"),
        {"action": "delete_selected", "_selected_action": [other_company.pk], "post": "yes"},
    )

    assert by_page.status_code == 404
    assert Company.objects.filter(pk=other_company.pk).exists()


def test_member_company_form_offers_only_their_teams(member_client, team, other_team):
    response = member_client.get(admin_url("crm_company_add"))

    assert form_choices(response, "team") == {team}


def test_member_cannot_add_a_company_to_another_team(member_client, other_team):
    response = member_client.post(
        admin_url("crm_company_add"), {"team": other_team.pk, "name": "Planted", "domain": ""}
    )

    assert "team" in form_errors(response)
    assert not Company.objects.filter(name="Planted").exists()


def test_member_adds_a_company_to_their_own_team(member_client, team):
    response = member_client.post(
        admin_url("crm_company_add"), {"team": team.pk, "name": "Globex", "domain": ""}
    )

    assert response.status_code == 302, form_errors(response)
    assert Company.objects.get(name="Globex").team == team


# --- teams: superusers only --------------------------------------------------------------------


@pytest.mark.parametrize("role", [MEMBER, MANAGER])
def test_staff_cannot_open_the_teams_admin(client, team, role):
    logged_in(client, staff_user("staffer", team, role=role))

    assert client.get(admin_url("crm_team_changelist")).status_code == 403
    assert client.get(admin_url("crm_team_add")).status_code == 403
    assert client.get(admin_url("crm_team_change", team.pk)).status_code == 403


@pytest.mark.parametrize("role", [MEMBER, MANAGER])
def test_staff_cannot_add_a_team_or_membership(client, team, role):
    user = staff_user("staffer", team, role=role)
    logged_in(client, user)

    response = client.post(
        admin_url("crm_team_add"),
        {
            "name": "Shadow",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-0-user": user.pk,
            "memberships-0-role": MANAGER,
        },
    )

    assert response.status_code == 403
    assert not Team.objects.filter(name="Shadow").exists()
    assert Membership.objects.get(user=user).role == role


# --- API tokens: managers of the team only -----------------------------------------------------


def test_member_cannot_see_or_create_api_tokens(member_client, team):
    issue_token(team)
    token = ApiToken.objects.get(team=team)

    assert member_client.get(admin_url("crm_apitoken_changelist")).status_code == 403
    assert member_client.get(admin_url("crm_apitoken_add")).status_code == 403
    assert member_client.get(admin_url("crm_apitoken_change", token.pk)).status_code in (403, 404)
    response = member_client.post(
        admin_url("crm_apitoken_add"), {"team": team.pk, "name": "sneaky"}
    )
    assert response.status_code == 403
    assert not ApiToken.objects.filter(name="sneaky").exists()


def test_member_cannot_revoke_api_tokens(member_client, team):
    issue_token(team)
    token = ApiToken.objects.get(team=team)

    member_client.post(
        admin_url("crm_apitoken_changelist"), {"action": "revoke", "_selected_action": [token.pk]}
    )

    token.refresh_from_db()
    assert token.revoked_at is None


def test_manager_sees_only_their_teams_tokens(manager_client, team, other_team):
    issue_token(team)
    issue_token(other_team)

    response = manager_client.get(admin_url("crm_apitoken_changelist"))

    assert listed(response) == set(ApiToken.objects.filter(team=team))


def test_manager_does_not_see_tokens_of_a_team_where_they_are_only_a_member(
    client, team, other_team
):
    user = staff_user("max", team, role=MANAGER)
    Membership.objects.create(user=user, team=other_team, role=MEMBER)
    logged_in(client, user)
    issue_token(team)
    issue_token(other_team)
    theirs = ApiToken.objects.get(team=other_team)

    listing = client.get(admin_url("crm_apitoken_changelist"))
    add = client.get(admin_url("crm_apitoken_add"))

    assert listed(listing) == set(ApiToken.objects.filter(team=team))
    assert form_choices(add, "team") == {team}
    assert client.get(admin_url("crm_apitoken_change", theirs.pk)).status_code == 404


@pytest.mark.parametrize("view", ["change", "history"])
def test_manager_gets_404_for_another_teams_token_page(manager_client, team, other_team, view):
    issue_token(team)
    issue_token(other_team)
    mine, theirs = ApiToken.objects.get(team=team), ApiToken.objects.get(team=other_team)

    assert manager_client.get(admin_url(f"crm_apitoken_{view}", theirs.pk)).status_code == 404
    assert manager_client.get(admin_url(f"crm_apitoken_{view}", mine.pk)).status_code == 200


def test_manager_creates_a_token_shown_once_that_works_on_the_api(manager_client, team, ours):
    response = manager_client.post(
        admin_url("crm_apitoken_add"), {"team": team.pk, "name": "dialer"}
    )

    assert response.status_code == 200
    page = response.content.decode()
    secret = re.search(r'value="(crm_[^"]+)"', page).group(1)
    token = ApiToken.objects.get(name="dialer")
    assert token.team == team
    assert page.count(secret) == 1
    assert secret not in manager_client.get(admin_url("crm_apitoken_changelist")).content.decode()
    assert (
        secret
        not in manager_client.get(admin_url("crm_apitoken_change", token.pk)).content.decode()
    )
    api = bearer(secret)
    listing = api.get(CONTACTS, {"teamId": team.public_id})
    assert listing.status_code == 200
    assert [row["id"] for row in listing.json()["contacts"]] == [ours.public_id]


def test_manager_cannot_create_a_token_for_another_team(manager_client, other_team):
    response = manager_client.post(
        admin_url("crm_apitoken_add"), {"team": other_team.pk, "name": "planted"}
    )

    assert "team" in form_errors(response)
    assert not ApiToken.objects.filter(name="planted").exists()


def test_manager_revokes_their_teams_token_and_it_stops_working(manager_client, team):
    secret = issue_token(team)
    token = ApiToken.objects.get(team=team)

    response = manager_client.post(
        admin_url("crm_apitoken_changelist"), {"action": "revoke", "_selected_action": [token.pk]}
    )

    assert "Revoked 1 token(s)." in messages_of(response)
    token.refresh_from_db()
    assert token.revoked_at is not None
    api = bearer(secret)
    assert api.get(CONTACTS, {"teamId": team.public_id}).status_code == 401


def test_manager_revoke_with_another_teams_token_id_revokes_nothing_of_theirs(
    manager_client, team, other_team
):
    issue_token(team)
    secret = issue_token(other_team)
    mine, theirs = ApiToken.objects.get(team=team), ApiToken.objects.get(team=other_team)

    response = manager_client.post(
        admin_url("crm_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [mine.pk, theirs.pk]},
    )

    assert "Revoked 1 token(s)." in messages_of(response)
    theirs.refresh_from_db()
    assert theirs.revoked_at is None
    api = bearer(secret)
    assert api.get(CONTACTS, {"teamId": other_team.public_id}).status_code == 200
