"""What the API answers to bodies that are not a JSON object it can read."""

import json

import pytest

from contacts.models import Contact
from tests.kit.api import CONTACTS, api_error


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("{bad json", "invalid_json"),
        ("[1, 2]", "invalid_json"),
        ('"text"', "invalid_json"),
        ("null", "invalid_json"),
        ('{"firstName": NaN}', "invalid_json"),
        ('{"customFields": {"x": 1e400}}', "invalid_json"),
        ('{"firstName": "\\ud800"}', "invalid_json"),
    ],
)
def test_unreadable_json_is_a_400_with_a_json_error(api, raw, code):
    response = api.post(CONTACTS, raw, content_type="application/json")

    assert api_error(response, 400)["code"] == code
    assert not Contact.objects.exists()


def test_body_that_is_not_an_object_says_what_it_is(api):
    response = api.post(CONTACTS, "[]", content_type="application/json")

    assert api_error(response, 400)["message"] == (
        "The request body must be a JSON object, not an array."
    )


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]
)
def test_other_content_types_are_415(api, content_type):
    response = api.generic("POST", CONTACTS, "firstName=Sarah", content_type=content_type)

    assert api_error(response, 415)["code"] == "unsupported_media_type"


def test_body_without_content_type_is_415(api):
    response = api.generic("POST", CONTACTS, b'{"firstName": "Sarah"}', content_type="")

    assert "application/json" in api_error(response, 415)["message"]


def test_json_with_charset_is_accepted(api, team, company):
    body = {
        "teamId": team.public_id,
        "companyId": company.public_id,
        "firstName": "Zoë",
        "lastName": "Šimková",
    }
    response = api.post(
        CONTACTS, json.dumps(body).encode(), content_type="application/json; charset=utf-8"
    )

    assert response.status_code == 201
    assert response.json()["contact"]["first_name"] == "Zoë"


def test_body_over_the_size_limit_is_413(api, team, company, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    body = {"teamId": team.public_id, "companyId": company.public_id, "notes": "x" * 20_000}

    response = api.post(CONTACTS, body, format="json")

    assert api_error(response, 413)["code"] == "payload_too_large"
    assert not Contact.objects.exists()


def test_empty_body_reports_the_required_fields(api):
    response = api.post(CONTACTS, b"", content_type="application/json")

    assert {"teamId", "companyId", "firstName", "lastName"} <= set(
        api_error(response, 400)["fields"]
    )


def test_deeply_nested_body_is_a_400_not_a_crash(api):
    response = api.post(CONTACTS, "[" * 100_000 + "]" * 100_000, content_type="application/json")

    assert api_error(response, 400)["code"] == "invalid_json"


def test_key_given_twice_is_refused_so_a_flag_is_never_overwritten(api, team, company):
    raw = (
        f'{{"teamId": "{team.public_id}", "companyId": "{company.public_id}", '
        '"firstName": "A", "lastName": "B", "doNotCall": true, "doNotCall": false}'
    )

    response = api.post(CONTACTS, raw, content_type="application/json")

    assert "doNotCall" in api_error(response, 400)["message"]
    assert not Contact.objects.exists()


@pytest.mark.parametrize("content_type", ["*/*", "application/*"])
def test_wildcard_content_type_is_415(api, content_type):
    response = api.generic("POST", CONTACTS, b'{"firstName": "Sarah"}', content_type=content_type)

    assert response.status_code == 415
