"""The API's JSON is DRF's, byte for byte, though written by orjson (crm/api/renderers.py)."""

import json
import zoneinfo
from datetime import datetime

import pytest
from rest_framework.renderers import JSONRenderer as DrfJSONRenderer

from tests.factories import ContactFactory
from tests.kit.api import CONTACTS, api_error, detail_url
from tests.kit.payloads import contact_body

# --- the wire format ----------------------------------------------------------------------------

# What DRF's own renderer writes specially: non-ASCII as UTF-8, U+2028/U+2029 escaped, control
# characters escaped, floats as Python's repr (1e-05, 1e+16), integers of any size.
AWKWARD_CUSTOM_FIELDS = {
    "accents": "Zoë Ångström \u2013 \u201cquoted\u201d \\ back\\slash",
    "emoji": "📞 call 👍",
    "separators": "line\u2028para\u2029end",
    "controls": "tab\tnew\nline\r\x01\x1f\x7f",
    "small": 0.00001,
    "tiny": 1.5e-7,
    "fixed": 0.0001,
    "large": 1e16,
    "huge": 1.7976931348623157e308,
    "negative": -0.0,
    "whole": 100.0,
    "big_integer": 2**70,
    "integer": -(2**63),
    "nested": [{"a": [1, 2.5, None, True, False]}, {}],
    "looks_like_a_float": "1e-05 and 0.00001",
}


def drf_rendering(response) -> bytes:
    """What DRF's JSONRenderer writes for the same answer."""
    return DrfJSONRenderer().render(json.loads(response.content))


def test_a_contact_reads_byte_for_byte_as_drf_writes_it(api, team, company):
    created = api.post(
        CONTACTS,
        {**contact_body(team, company), "customFields": AWKWARD_CUSTOM_FIELDS},
        format="json",
    )
    assert created.status_code == 201, created.content[:300]
    assert created.json()["contact"]["custom_fields"] == AWKWARD_CUSTOM_FIELDS

    response = api.get(detail_url(CONTACTS, created.json()["contact"]["id"]))

    assert response.content == drf_rendering(response)
    assert b"line\\u2028para\\u2029end" in response.content
    assert b'"small":1e-05' in response.content
    assert b'"big_integer":1180591620717411303424' in response.content
    assert "Zoë".encode() in response.content


@pytest.mark.parametrize("custom_fields", [{}, {"plain": "text", "score": 0.5, "n": 3}])
def test_a_list_reads_byte_for_byte_as_drf_writes_it(api, team, company, custom_fields):
    ContactFactory.create_batch(3, team=team, company=company, custom_fields=custom_fields)

    response = api.get(CONTACTS, {"teamId": team.public_id})

    assert response.status_code == 200
    assert response.content == drf_rendering(response)
    created_at = response.json()["contacts"][0]["created_at"]
    assert created_at.endswith("Z") and len(created_at) == len("2024-01-15T10:00:00Z")


def test_an_error_reads_byte_for_byte_as_drf_writes_it(api, team):
    response = api.get(CONTACTS, {"teamId": team.public_id, "leadStatus": "münchen\u2028"})

    api_error(response, 400)
    assert response.content == drf_rendering(response)


def test_instants_read_in_utc_to_the_second(api, team, company):
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    ContactFactory(
        team=team,
        company=company,
        last_called_at=datetime(2024, 7, 15, 12, 30, 5, 999999, tzinfo=paris),
    )

    contact = api.get(CONTACTS, {"teamId": team.public_id}).json()["contacts"][0]

    assert contact["last_called_at"] == "2024-07-15T10:30:05Z"
