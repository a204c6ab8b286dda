"""Bearer-token authentication and team isolation across every API endpoint."""

import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone

from companies.models import Company
from contacts.models import Contact
from crm.models import ApiToken
from tests.factories import ContactFactory, issue_token
from tests.kit.api import COMPANIES, CONTACTS, api_error, client_with
from tests.kit.payloads import contact_body

# --- authentication -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url"),
    [("get", CONTACTS), ("post", CONTACTS), ("get", COMPANIES), ("post", COMPANIES)],
)
def test_missing_authorization_is_401_json_with_bearer_challenge(team, company, method, url):
    response = getattr(client_with(None), method)(url, {"teamId": team.public_id})

    api_error(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_missing_authorization_writes_nothing(team, company):
    response = client_with(None).post(CONTACTS, contact_body(team, company), format="json")

    assert response.status_code == 401
    assert not Contact.objects.exists()


def test_wrong_token_is_401(team):
    issue_token(team)

    response = client_with("Bearer crm_not-a-real-token").get(CONTACTS, {"teamId": team.public_id})

    api_error(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("authorization", ["Basic xyz", "Bearer", "Bearer ", "Token abc", "xyz"])
def test_malformed_authorization_header_is_401(team, authorization):
    response = client_with(authorization).get(CONTACTS, {"teamId": team.public_id})

    api_error(response, 401)


def test_basic_scheme_with_a_valid_secret_is_401(team):
    secret = issue_token(team)

    response = client_with(f"Basic {secret}").get(CONTACTS, {"teamId": team.public_id})

    api_error(response, 401)


def test_revoked_token_is_401(team):
    secret = issue_token(team)
    ApiToken.objects.filter(digest=ApiToken.digest_of(secret)).update(revoked_at=timezone.now())

    response = client_with(f"Bearer {secret}").get(CONTACTS, {"teamId": team.public_id})

    api_error(response, 401)


def test_valid_token_is_accepted(team):
    secret = issue_token(team)

    response = client_with(f"Bearer {secret}").get(CONTACTS, {"teamId": team.public_id})

    assert response.status_code == 200, response.json()
    assert response.json()["success"] is True


def test_valid_token_records_last_used_at(team):
    secret = issue_token(team)
    token = ApiToken.objects.get(digest=ApiToken.digest_of(secret))
    assert token.last_used_at is None
    before = timezone.now()

    response = client_with(f"Bearer {secret}").get(CONTACTS, {"teamId": team.public_id})

    assert response.status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert before <= token.last_used_at <= timezone.now()


@pytest.mark.django_db(transaction=True)
def test_a_request_does_not_wait_while_another_records_the_same_tokens_use(team):
    secret = issue_token(team)
    token = ApiToken.objects.get(digest=ApiToken.digest_of(secret))
    locked, release = threading.Event(), threading.Event()

    def hold_the_token_row():  # as a request does while it records the token's use
        try:
            with transaction.atomic():
                ApiToken.objects.select_for_update().get(pk=token.pk)
                locked.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    responses = []

    def send_a_request():
        try:
            responses.append(
                client_with(f"Bearer {secret}").get(CONTACTS, {"teamId": team.public_id})
            )
        finally:
            connection.close()

    holder = threading.Thread(target=hold_the_token_row)
    holder.start()
    try:
        assert locked.wait(timeout=10)
        requester = threading.Thread(target=send_a_request)
        requester.start()
        requester.join(timeout=10)
        answered_while_locked = not requester.is_alive()
    finally:
        release.set()
        holder.join(timeout=30)
        requester.join(timeout=30)

    assert answered_while_locked
    assert [response.status_code for response in responses] == [200]


def test_failed_authentication_does_not_touch_other_tokens(team):
    secret = issue_token(team)

    client_with(f"Bearer {secret}x").get(CONTACTS, {"teamId": team.public_id})

    assert ApiToken.objects.get(digest=ApiToken.digest_of(secret)).last_used_at is None


# --- team isolation -----------------------------------------------------------------------------


def test_list_contacts_with_another_teams_team_id_is_404(api, other_team, other_company):
    secret_contact = ContactFactory(company=other_company, first_name="Hidden")

    response = api.get(CONTACTS, {"teamId": other_team.public_id})

    api_error(response, 404)
    assert secret_contact.public_id not in response.content.decode()
    assert "Hidden" not in response.content.decode()


def test_list_contacts_never_shows_another_teams_contacts(api, team, company, other_company):
    mine = ContactFactory(company=company)
    ContactFactory(company=other_company)

    body = api.get(CONTACTS, {"teamId": team.public_id}).json()

    assert [item["id"] for item in body["contacts"]] == [mine.public_id]
    assert body["count"] == 1


def test_list_contacts_with_another_teams_company_id_is_404(api, team, other_company):
    ContactFactory(company=other_company)

    response = api.get(CONTACTS, {"teamId": team.public_id, "companyId": other_company.public_id})

    error = api_error(response, 404)
    assert "companyId" in error["fields"]


def test_create_contact_with_another_teams_team_id_is_404(api, other_team, other_company):
    response = api.post(CONTACTS, contact_body(other_team, other_company), format="json")

    api_error(response, 404)
    assert not Contact.objects.exists()


def test_create_contact_with_own_team_but_another_teams_company_is_404(
    api, team, company, other_company
):
    response = api.post(CONTACTS, contact_body(team, other_company), format="json")

    error = api_error(response, 404)
    assert "companyId" in error["fields"]
    assert other_company.name not in response.content.decode()
    assert not Contact.objects.exists()


def test_create_company_with_another_teams_team_id_is_404(api, other_team):
    response = api.post(
        COMPANIES, {"teamId": other_team.public_id, "name": "Planted Co"}, format="json"
    )

    api_error(response, 404)
    assert not Company.objects.filter(name="Planted Co").exists()


def test_list_companies_with_another_teams_team_id_is_404(api, other_team, other_company):
    response = api.get(COMPANIES, {"teamId": other_team.public_id})

    api_error(response, 404)
    assert other_company.public_id not in response.content.decode()


def test_each_team_sees_only_its_own_contacts(
    api, other_api, team, company, other_team, other_company
):
    api.post(CONTACTS, contact_body(team, company, firstName="Mine"), format="json")
    other_api.post(
        CONTACTS, contact_body(other_team, other_company, firstName="Theirs"), format="json"
    )

    mine = api.get(CONTACTS, {"teamId": team.public_id}).json()["contacts"]
    theirs = other_api.get(CONTACTS, {"teamId": other_team.public_id}).json()["contacts"]

    assert [item["first_name"] for item in mine] == ["Mine"]
    assert [item["first_name"] for item in theirs] == ["Theirs"]
