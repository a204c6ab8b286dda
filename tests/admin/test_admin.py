"""The Django admin, as a superuser: pages, contact search, the contact form, token revocation."""

import hashlib
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from companies.models import Company
from contacts.models import Contact
from crm.models import ApiToken
from tests.admin.forms import contact_form
from tests.factories import CompanyFactory, ContactFactory, TeamFactory, issue_token
from tests.kit.admin import form_errors
from tests.kit.api import CONTACTS, bearer

MODELS = ["crm_team", "companies_company", "contacts_contact", "crm_apitoken"]


@pytest.fixture
def token(team):
    issue_token(team)
    return ApiToken.objects.get(team=team)


@pytest.mark.parametrize("model", MODELS)
def test_changelist_answers_200(admin_client, company, token, model):
    ContactFactory(company=company)

    response = admin_client.get(reverse(f"admin:{model}_changelist"))

    assert response.status_code == 200


@pytest.mark.parametrize("model", ["crm_team", "companies_company", "contacts_contact"])
def test_add_page_answers_200(admin_client, db, model):
    response = admin_client.get(reverse(f"admin:{model}_add"))

    assert response.status_code == 200


def test_api_token_created_in_the_admin_is_shown_once_and_stored_hashed(admin_client, team):
    response = admin_client.post(
        reverse("admin:crm_apitoken_add"), {"team": team.pk, "name": "dialer"}
    )

    assert response.status_code == 200
    secret = re.search(r'value="(crm_[^"]+)"', response.content.decode()).group(1)
    token = ApiToken.objects.get(name="dialer")
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in admin_client.get(reverse("admin:crm_apitoken_changelist")).content.decode()
    client = bearer(secret)
    assert client.get(CONTACTS, {"teamId": team.public_id}).status_code == 200


@pytest.mark.parametrize(
    ("model", "make"),
    [
        ("crm_team", lambda company: company.team),
        ("companies_company", lambda company: company),
        ("contacts_contact", lambda company: ContactFactory(company=company)),
    ],
)
def test_change_page_answers_200(admin_client, company, model, make):
    obj = make(company)

    response = admin_client.get(reverse(f"admin:{model}_change", args=[obj.pk]))

    assert response.status_code == 200
    assert obj.public_id in response.content.decode()


def test_api_token_change_page_never_shows_the_secret(admin_client, team):
    secret = issue_token(team)
    token = ApiToken.objects.get(team=team)

    response = admin_client.get(reverse("admin:crm_apitoken_change", args=[token.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    assert token.display_prefix in page
    assert secret not in page
    assert token.digest not in page


# --- company form ------------------------------------------------------------------------------


def post_company(admin_client, team, name, domain=""):
    return admin_client.post(
        reverse("admin:companies_company_add"), {"team": team.pk, "name": name, "domain": domain}
    )


def test_company_add_normalises_domain_like_the_api(admin_client, team):
    response = post_company(admin_client, team, "Globex", "https://WWW.Example.com/")

    assert response.status_code == 302
    assert Company.objects.get(name="Globex").domain == "www.example.com"


def test_company_add_rejects_invalid_domain(admin_client, team):
    response = post_company(admin_client, team, "Globex", "not a domain")

    assert "domain" in form_errors(response)
    assert not Company.objects.filter(name="Globex").exists()


def test_company_add_rejects_same_name_in_same_team_in_any_case(admin_client, team, company):
    response = post_company(admin_client, team, "ACME INC")

    assert form_errors(response)
    assert Company.objects.filter(team=team).count() == 1


def test_company_add_allows_a_name_used_by_another_team(admin_client, team, other_company):
    response = post_company(admin_client, team, other_company.name)

    assert response.status_code == 302
    assert Company.objects.filter(team=team, name=other_company.name).exists()


# --- contact search -----------------------------------------------------------------------------


def changelist_contacts(response) -> list[Contact]:
    return list(response.context["cl"].result_list)


@pytest.mark.parametrize("typed", ["(415) 555-1234", "415-555-1234", "+14155551234"])
def test_contact_search_finds_a_phone_typed_with_formatting(admin_client, company, typed):
    sarah = ContactFactory(company=company, first_name="Sarah", phone="+14155551234")
    ContactFactory(company=company, first_name="Omar", phone="+12025550147")

    response = admin_client.get(reverse("admin:contacts_contact_changelist"), {"q": typed})

    assert response.status_code == 200
    assert changelist_contacts(response) == [sarah]


def test_contact_search_finds_by_full_name(admin_client, company):
    sarah = ContactFactory(company=company, first_name="Sarah", last_name="Chen")
    ContactFactory(company=company, first_name="Sarah", last_name="Jones")

    response = admin_client.get(reverse("admin:contacts_contact_changelist"), {"q": "sarah chen"})

    assert changelist_contacts(response) == [sarah]


# --- contact add form ---------------------------------------------------------------------------


def post_add(admin_client, data):
    return admin_client.post(reverse("admin:contacts_contact_add"), data)


def test_contact_add_normalises_phone_to_e164(admin_client, team, company):
    response = post_add(
        admin_client,
        contact_form(team, company, phone="+1 (202) 555-0147", phone_secondary="+44 20 7946 0958"),
    )

    assert response.status_code == 302, form_errors(response)
    contact = Contact.objects.get()
    assert str(contact.phone) == "+12025550147"
    assert str(contact.phone_secondary) == "+442079460958"
    assert contact.team == team
    assert contact.company == company


def test_contact_add_normalises_timezone_and_tags(admin_client, team, company):
    response = post_add(
        admin_client,
        contact_form(team, company, timezone="america/chicago", tags="vip, Warm , VIP"),
    )

    assert response.status_code == 302, form_errors(response)
    contact = Contact.objects.get()
    assert contact.timezone == "America/Chicago"
    assert contact.tags == ["vip", "Warm"]


@pytest.mark.parametrize("phone", ["12345", "+1", "call me"])
def test_contact_add_rejects_invalid_phone(admin_client, team, company, phone):
    response = post_add(admin_client, contact_form(team, company, phone=phone))

    assert "phone" in form_errors(response)
    assert not Contact.objects.exists()


def test_contact_add_rejects_invalid_timezone(admin_client, team, company):
    response = post_add(admin_client, contact_form(team, company, timezone="Mars/Olympus_Mons"))

    assert "timezone" in form_errors(response)
    assert not Contact.objects.exists()


def test_contact_add_rejects_a_company_of_another_team(admin_client, team, other_company):
    response = post_add(admin_client, contact_form(team, other_company))

    assert "company" in form_errors(response)
    assert not Contact.objects.exists()


def test_contact_add_rejects_invalid_email(admin_client, team, company):
    response = post_add(admin_client, contact_form(team, company, email="not-an-email"))

    assert "email" in form_errors(response)
    assert not Contact.objects.exists()


def test_contact_add_rejects_blank_first_name(admin_client, team, company):
    response = post_add(admin_client, contact_form(team, company, first_name="   "))

    assert "first_name" in form_errors(response)
    assert not Contact.objects.exists()


def test_contact_change_form_shows_and_keeps_the_stored_phone(admin_client, company):
    contact = ContactFactory(company=company, phone="+14155551234")
    url = reverse("admin:contacts_contact_change", args=[contact.pk])

    page = admin_client.get(url).content.decode()
    response = admin_client.post(
        url,
        contact_form(
            company.team,
            company,
            first_name=contact.first_name,
            last_name=contact.last_name,
            email=contact.email,
            phone="+14155551234",
        ),
    )

    assert 'name="phone" value="+1 415 555 1234"' in page  # grouped, as people read it
    assert response.status_code == 302, form_errors(response)
    contact.refresh_from_db()
    assert str(contact.phone) == "+14155551234"


def test_contact_change_rejects_moving_to_another_teams_company(admin_client, company):
    contact = ContactFactory(company=company)
    elsewhere = CompanyFactory(team=TeamFactory())

    response = admin_client.post(
        reverse("admin:contacts_contact_change", args=[contact.pk]),
        contact_form(company.team, elsewhere, first_name=contact.first_name),
    )

    assert "company" in form_errors(response)
    contact.refresh_from_db()
    assert contact.company == company


# --- token revocation ---------------------------------------------------------------------------


def revoke(admin_client, *tokens):
    return admin_client.post(
        reverse("admin:crm_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk for token in tokens]},
    )


def test_revoke_action_sets_revoked_at(admin_client, token):
    before = timezone.now()

    response = revoke(admin_client, token)

    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert before <= token.revoked_at <= timezone.now()


def test_revoke_action_leaves_unselected_tokens_alone(admin_client, team, token):
    issue_token(team)
    untouched = ApiToken.objects.exclude(pk=token.pk).get()

    revoke(admin_client, token)

    untouched.refresh_from_db()
    assert untouched.revoked_at is None


def test_revoke_action_keeps_the_first_revocation_time(admin_client, token):
    first = timezone.now() - timedelta(days=3)
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=first)

    revoke(admin_client, token)

    token.refresh_from_db()
    assert token.revoked_at == first


def test_revoked_token_no_longer_authenticates(admin_client, team):
    secret = issue_token(team)
    client = bearer(secret)
    assert client.get(CONTACTS, {"teamId": team.public_id}).status_code == 200

    revoke(admin_client, ApiToken.objects.get(team=team))

    assert client.get(CONTACTS, {"teamId": team.public_id}).status_code == 401
