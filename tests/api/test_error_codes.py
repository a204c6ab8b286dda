"""Every code of the error registry (`crm.api.errors.ErrorCode`) is answered, over HTTP, with
its status and in the one error shape: the registry promises nothing the API cannot say."""

import pytest
from django.db import OperationalError, connection
from django.utils import timezone
from rest_framework.test import APIClient

from contacts.api.views import ContactViewSet
from crm.api import ratelimit
from crm.api.errors import ErrorCode

CONTACTS = "/api/crm/contacts"
COMPANIES = "/api/crm/companies"


def failing_create(monkeypatch, error: Exception) -> None:
    def fail(**fields):
        raise error

    monkeypatch.setattr(ContactViewSet, "create_service", staticmethod(fail))


def create_contact(api, team, company):
    api.raise_request_exception = False
    body = {"teamId": team.public_id, "companyId": company.public_id}
    return api.post(CONTACTS, {**body, "firstName": "Sarah", "lastName": "Chen"}, format="json")


def validation_error(api, team, **_):
    return api.get(CONTACTS, {"teamId": "team_nope"})


def invalid_json(api, **_):
    return api.generic("POST", CONTACTS, "{", content_type="application/json")


def bad_request(api, team, **_):
    return api.get(CONTACTS, {"teamId": team.public_id}, HTTP_HOST="evil.example")


def not_authenticated(team, **_):
    return APIClient().get(CONTACTS, {"teamId": team.public_id})


def invalid_token(team, **_):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer crm_" + "x" * 43)
    return client.get(CONTACTS, {"teamId": team.public_id})


def team_deactivated(api, team, **_):
    team.deactivated_at = timezone.now()
    team.save(update_fields=["deactivated_at"])
    return api.get(CONTACTS, {"teamId": team.public_id})


def not_found(api, **_):
    return api.get("/api/crm/nothing")


def method_not_allowed(api, **_):
    return api.put(CONTACTS, {}, format="json")


def not_acceptable(api, team, **_):
    return api.get(CONTACTS, {"teamId": team.public_id}, HTTP_ACCEPT="text/html")


def conflict(api, team, company, **_):
    return api.post(COMPANIES, {"teamId": team.public_id, "name": company.name}, format="json")


def batch_failed(api, **_):
    operations = [{"op": "update", "id": "cont_nope", "data": {}}]
    return api.post(f"{CONTACTS}/batch", {"atomic": True, "operations": operations}, format="json")


def precondition_failed(api, company, **_):
    headers = {"HTTP_IF_MATCH": '"not-its-etag"'}
    return api.patch(
        f"{COMPANIES}/{company.public_id}", {"name": "Globex"}, format="json", **headers
    )


def cursor_expired(api, team, settings, **_):
    api.post(COMPANIES, {"teamId": team.public_id, "name": "Globex"}, format="json")
    # Numbered as at a commit: checking the constraints fires the deferred triggers now.
    connection.check_constraints()
    event = api.get("/api/crm/events", {"teamId": team.public_id}).json()["events"][-1]
    settings.EVENT_RETENTION_DAYS = 0
    return api.get("/api/crm/events", {"teamId": team.public_id, "after": event["cursor"]})


def contact_merged(api, team, company, **_):
    body = {"teamId": team.public_id, "companyId": company.public_id, "lastName": "Chen"}
    survivor, source = (
        api.post(CONTACTS, {**body, "firstName": name}, format="json").json()["contact"]["id"]
        for name in ("Sarah", "Sara")
    )
    api.post(f"{CONTACTS}/{survivor}/merge", {"sourceIds": [source]}, format="json")
    return api.get(f"{CONTACTS}/{source}")


def length_required(api, **_):
    chunked = {"CONTENT_LENGTH": "", "HTTP_TRANSFER_ENCODING": "chunked"}
    return api.generic("POST", CONTACTS, "{}", content_type="application/json", **chunked)


def payload_too_large(api, settings, **_):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    return api.generic("POST", CONTACTS, "{}" + " " * 200, content_type="application/json")


def uri_too_long(api, team, **_):
    return api.get(CONTACTS, {"teamId": team.public_id, "search": "x" * 5000})


def unsupported_media_type(api, **_):
    return api.generic("POST", CONTACTS, "firstName=Sarah", content_type="text/plain")


def idempotency_key_reused(api, team, **_):
    key = {"HTTP_IDEMPOTENCY_KEY": "once"}
    api.post(COMPANIES, {"teamId": team.public_id, "name": "Globex"}, format="json", **key)
    return api.post(COMPANIES, {"teamId": team.public_id, "name": "Initech"}, format="json", **key)


def rate_limited(api, team, settings, monkeypatch, **_):
    settings.API_RATE_LIMIT_PER_MINUTE = 1
    monkeypatch.setattr(ratelimit, "clock", lambda: 1_800_000_000.0)  # one window for both
    api.get(CONTACTS, {"teamId": team.public_id})
    return api.get(CONTACTS, {"teamId": team.public_id})


def server_error(api, team, company, monkeypatch, **_):
    failing_create(monkeypatch, RuntimeError("disk on fire"))
    return create_contact(api, team, company)


def service_unavailable(api, team, company, monkeypatch, **_):
    failing_create(monkeypatch, OperationalError("connection refused"))
    return create_contact(api, team, company)


def https_required(team, settings, **_):
    settings.SECURE_SSL_REDIRECT = True
    return APIClient().get(CONTACTS, {"teamId": team.public_id})  # middleware built now


REQUESTS = {
    ErrorCode(request.__name__): request
    for request in (
        validation_error,
        invalid_json,
        bad_request,
        not_authenticated,
        invalid_token,
        team_deactivated,
        not_found,
        method_not_allowed,
        not_acceptable,
        conflict,
        batch_failed,
        precondition_failed,
        cursor_expired,
        contact_merged,
        length_required,
        payload_too_large,
        uri_too_long,
        unsupported_media_type,
        idempotency_key_reused,
        rate_limited,
        server_error,
        service_unavailable,
        https_required,
    )
}


def test_every_registered_code_has_a_request_answering_it():
    assert set(REQUESTS) == set(ErrorCode)


@pytest.mark.parametrize("code", list(ErrorCode))
def test_the_code_is_answered_with_its_status_in_the_error_shape(
    code, api, team, company, settings, monkeypatch
):
    response = REQUESTS[code](
        api=api, team=team, company=company, settings=settings, monkeypatch=monkeypatch
    )

    assert response.status_code == code.status, response.content[:300]
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["success"] is False
    assert body["error"]["code"] == code
    assert body["error"]["message"]
