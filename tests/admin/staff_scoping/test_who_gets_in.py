"""Which admin pages a member and a manager get into."""

import pytest

from contacts.models import Contact
from tests.admin.forms import contact_form
from tests.admin.staff_scoping.scoping import autocomplete
from tests.kit.admin import admin_url, logged_in, staff_user

# --- who gets in -------------------------------------------------------------------------------


def app_models(response) -> set[str]:
    assert response.status_code == 200
    return {model["object_name"] for app in response.context["app_list"] for model in app["models"]}


def test_member_admin_index_lists_contacts_companies_calls_the_registry_and_teams(member_client):
    assert app_models(member_client.get(admin_url("index"))) == {
        "Call",
        "Company",
        "Contact",
        "ContactImport",
        "DoNotCallEntry",
        "Team",
    }


def test_manager_admin_index_also_lists_api_tokens_and_webhooks(manager_client):
    assert app_models(manager_client.get(admin_url("index"))) == {
        "ApiToken",
        "Call",
        "Company",
        "Contact",
        "ContactImport",
        "DoNotCallEntry",
        "Team",
        "WebhookDelivery",
        "WebhookEndpoint",
    }


def test_staff_user_without_membership_sees_an_empty_admin(client, ours, company):
    logged_in(client, staff_user("nobody"))

    assert app_models(client.get(admin_url("index"))) == set()
    assert client.get(admin_url("contacts_contact_changelist")).status_code == 403
    assert client.get(admin_url("companies_company_changelist")).status_code == 403
    assert client.get(admin_url("contacts_contact_add")).status_code == 403
    assert client.get(admin_url("contacts_contactimport_add")).status_code == 403
    assert client.get(admin_url("contacts_contact_change", ours.pk)).status_code in (403, 404)
    assert client.get(admin_url("companies_company_change", company.pk)).status_code in (403, 404)
    assert autocomplete(client).status_code == 403


def test_staff_user_without_membership_cannot_add_a_contact(client, team, company):
    logged_in(client, staff_user("nobody"))

    response = client.post(admin_url("contacts_contact_add"), contact_form(team, company))

    assert response.status_code == 403
    assert not Contact.objects.exists()


@pytest.mark.parametrize(
    "page",
    [
        "index",
        "contacts_contact_changelist",
        "companies_company_changelist",
        "contacts_contact_add",
    ],
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
