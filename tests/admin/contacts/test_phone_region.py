"""National phone numbers: one rule for the admin form and the importers, the team's phone
region; the API keeps requiring `+`. Numbers are shown grouped, as people read them."""

from contacts.models import Contact
from crm.models import Team
from tests.admin.contacts.pages import change_url, listing, save, stored
from tests.factories import ContactFactory
from tests.kit.admin import admin_url, form_errors
from tests.kit.imports import contacts_of, run_import, sample


def with_region(team, region: str) -> Team:
    team.phone_region = region
    team.save(update_fields=["phone_region"])
    return team


def test_the_form_takes_a_national_number_in_the_teams_region(admin_client, team, company):
    with_region(team, "US")
    contact = ContactFactory(company=company, phone=None)

    response = save(admin_client, contact, phone="(415) 555-1234", phone_secondary="415.555.0199")

    assert response.status_code == 302, form_errors(response)
    assert str(stored(contact).phone) == "+14155551234"
    assert str(stored(contact).phone_secondary) == "+14155550199"


def test_the_form_refuses_a_national_number_when_the_team_has_no_region(
    admin_client, team, company
):
    contact = ContactFactory(company=company, phone=None)

    response = save(admin_client, contact, phone="(415) 555-1234")

    assert form_errors(response)["phone"] == [
        "'(415) 555-1234' is not an international phone number: start with + and the country "
        "code, e.g. +14155551234.",
        f"To type national numbers, a manager of {team.name} sets its phone region (e.g. US) on "
        "the team's page.",
    ]
    assert stored(contact).phone is None


def test_a_number_refused_in_the_teams_region_says_only_why(admin_client, team, company):
    with_region(team, "US")
    contact = ContactFactory(company=company, phone=None)

    response = save(admin_client, contact, phone="(415) 555-12")

    assert form_errors(response)["phone"] == ["'(415) 555-12' is not a valid phone number."]


def test_an_international_number_is_taken_whatever_the_region(admin_client, team, company):
    with_region(team, "US")
    contact = ContactFactory(company=company, phone=None)

    save(admin_client, contact, phone="+44 20 7183 8750")

    assert str(stored(contact).phone) == "+442071838750"


def test_the_api_keeps_requiring_the_plus_whatever_the_region(api, team, company):
    with_region(team, "US")

    response = api.post(
        "/api/crm/contacts",
        {
            "teamId": team.public_id,
            "companyId": company.public_id,
            "firstName": "Nina",
            "lastName": "Park",
            "phone": "(415) 555-1234",
        },
        format="json",
    )

    assert response.status_code == 400
    assert "phone" in response.json()["error"]["fields"]
    assert not Contact.objects.filter(first_name="Nina").exists()


def test_the_importer_uses_the_teams_region_without_default_region(tmp_path, team):
    with_region(team, "US")

    run = run_import(sample(tmp_path, "national_phones.csv"), team)

    assert run.code == 0, run.stderr
    assert str(contacts_of(team)["nina.park@example.com"].phone) == "+14155551234"


def test_default_region_overrides_the_teams_region(tmp_path, team):
    with_region(team, "GB")

    run = run_import(sample(tmp_path, "national_phones.csv"), team, "--default-region", "US")

    assert run.code == 0, run.stderr
    assert str(contacts_of(team)["omar.haddad@example.com"].phone) == "+12025550147"


def test_the_teams_region_is_set_on_its_page_and_checked(admin_client, team):
    page = admin_client.get(admin_url("crm_team_change", team.pk)).content.decode()
    assert 'name="phone_region"' in page

    data = {
        "name": team.name,
        "api_rate_limit": "",
        "calling_hours_start": "08:00",
        "calling_hours_end": "21:00",
        "calling_days": ["mon", "tue", "wed", "thu", "fri"],
        "min_call_gap_minutes": "0",
        "max_call_attempts": "",
        "default_timezone": "UTC",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
    }
    refused = admin_client.post(
        admin_url("crm_team_change", team.pk), {**data, "phone_region": "XX"}
    )
    saved = admin_client.post(admin_url("crm_team_change", team.pk), {**data, "phone_region": "gb"})

    assert "not a two-letter country code" in " ".join(form_errors(refused)["phone_region"])
    assert saved.status_code == 302
    assert Team.objects.get(pk=team.pk).phone_region == "GB"


def test_phones_are_shown_grouped_in_the_list_and_the_form(admin_client, company):
    contact = ContactFactory(company=company, phone="+14155551234", archived_at=None)

    listed_page = listing(admin_client).content.decode()
    form_page = admin_client.get(change_url(contact)).content.decode()

    assert "+1 415 555 1234" in listed_page
    assert 'name="phone" value="+1 415 555 1234"' in form_page
