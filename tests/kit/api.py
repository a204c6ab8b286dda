"""Talking to the API as a client does, and reading its answers."""

import re

from rest_framework.test import APIClient

from tests.factories import issue_token

CONTACTS = "/api/crm/contacts"
COMPANIES = "/api/crm/companies"
CALLS = "/api/crm/calls"
DO_NOT_CALL = "/api/crm/do-not-call"
ERROR_KEYS = {"code", "message", "fields"}
# A 409 also names the record it clashes with, or when the record was archived.
CLASH_KEYS = {"existing_id", "existing_ids", "archived_at"}
# Extra facts of other statuses: a merged contact's 410 names where it went.
DETAIL_KEYS = {409: CLASH_KEYS, 410: {"merged_into_id"}}
# A failed atomic batch also lists each failed operation.
BATCH_KEYS = {"results"}


def snake_case(name: str) -> str:
    """A request field's name as answers and models spell it: `jobTitle` -> `job_title`."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def client_with(authorization: str | None = None, **options) -> APIClient:
    """A client sending this `Authorization` header (none when None)."""
    client = APIClient(**options)
    if authorization is not None:
        client.credentials(HTTP_AUTHORIZATION=authorization)
    return client


def bearer(secret: str, **options) -> APIClient:
    """A client holding the token `secret`."""
    return client_with(f"Bearer {secret}", **options)


def client_for(team, **options) -> APIClient:
    """A client holding a new token of `team`."""
    return bearer(issue_token(team), **options)


def detail_url(collection: str, record) -> str:
    """The URL of one record of `collection`, given the record or its public ID."""
    public_id = record if isinstance(record, str) else record.public_id
    return f"{collection}/{public_id}"


def api_error(response, status: int, code: str | None = None) -> dict:
    """The error object of an answer, once it is proven to be the JSON error envelope."""
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["success"] is False, body
    error = body["error"]
    allowed = ERROR_KEYS | DETAIL_KEYS.get(status, set())
    if error.get("code") == "batch_failed":
        allowed = allowed | BATCH_KEYS
    assert ERROR_KEYS <= set(error) <= allowed, error
    assert error["code"], error
    assert error["message"], error
    if code is not None:
        assert error["code"] == code, error
    return error


def error_fields(response) -> dict:
    """The fields an error answer names, whatever its status."""
    body = response.json()
    assert body["success"] is False, body
    return body["error"]["fields"]


def listed_ids(response, key: str) -> list[str]:
    """The IDs of a successful list answer's `key` items, in order."""
    assert response.status_code == 200, response.json()
    return [item["id"] for item in response.json()[key]]
