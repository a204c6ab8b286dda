"""Limits on what a request may be, answered by Django in the JSON error before any front's own."""

import pytest

from tests.api.test_json_everywhere import assert_json_error

CONTACTS = "/api/crm/contacts"


def test_search_of_5_kb_is_a_json_414(api, team):
    response = api.get(CONTACTS, {"teamId": team.public_id, "search": "x" * 5000})

    error = assert_json_error(response, 414)
    assert error["code"] == "uri_too_long"
    assert "4096 bytes" in error["message"]


def test_1100_tags_parameters_are_a_json_414(api, team):
    query = "&".join(f"tags=t{n}" for n in range(1100))

    response = api.get(f"{CONTACTS}?teamId={team.public_id}&{query}")

    assert_json_error(response, 414)


def test_long_path_under_api_is_a_json_414(api):
    response = api.post("/api/crm/" + "x" * 5000, {}, format="json")

    assert_json_error(response, 414)


def test_url_of_exactly_the_limit_is_served(api, team, settings):
    base = f"{CONTACTS}?teamId={team.public_id}&search="
    settings.API_MAX_URL_BYTES = len(base) + 100

    at_limit = api.get(base + "x" * 100)
    over_limit = api.get(base + "x" * 101)

    assert at_limit.status_code == 200
    assert over_limit.status_code == 414


def test_limit_counts_the_url_as_sent_percent_encoded(api, team, settings):
    base = f"{CONTACTS}?teamId={team.public_id}&search="
    settings.API_MAX_URL_BYTES = len(base) + 30

    response = api.get(base + "%C3%A9" * 6)  # "é" six times: 36 bytes on the wire

    assert_json_error(response, 414)


def test_limit_is_checked_before_authentication(client, team):
    response = client.get(CONTACTS, {"teamId": team.public_id, "search": "x" * 5000})

    assert_json_error(response, 414)


@pytest.mark.parametrize("path", ["/healthz", "/admin/login/"])
def test_pages_outside_the_api_are_not_limited_by_the_api_setting(db, client, path):
    response = client.get(path, {"next": "/" + "x" * 5000})

    assert response.status_code == 200
