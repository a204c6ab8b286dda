"""Limits on what a request may be, answered by Django in the JSON error before any front's own."""

import pytest
import requests

from tests.kit.api import CONTACTS, api_error


def test_search_of_5_kb_is_a_json_414(api, team):
    response = api.get(CONTACTS, {"teamId": team.public_id, "search": "x" * 5000})

    error = api_error(response, 414)
    assert error["code"] == "uri_too_long"
    assert "4096 bytes" in error["message"]


def test_1100_tags_parameters_are_a_json_414(api, team):
    query = "&".join(f"tags=t{n}" for n in range(1100))

    response = api.get(f"{CONTACTS}?teamId={team.public_id}&{query}")

    api_error(response, 414)


def test_long_path_under_api_is_a_json_414(api):
    response = api.post("/api/crm/" + "x" * 5000, {}, format="json")

    api_error(response, 414)


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

    api_error(response, 414)


def test_limit_is_checked_before_authentication(client, team):
    response = client.get(CONTACTS, {"teamId": team.public_id, "search": "x" * 5000})

    api_error(response, 414)


@pytest.mark.parametrize("path", ["/healthz", "/admin/login/"])
def test_pages_outside_the_api_are_not_limited_by_the_api_setting(db, client, path):
    response = client.get(path, {"next": "/" + "x" * 5000})

    assert response.status_code == 200


# --- under gunicorn, whose own answers to these are HTML pages ----------------------------------


def live_get(url: str, token: str) -> requests.Response:
    return requests.get(url, headers={"Authorization": f"Bearer {token}"}, timeout=30)


def test_gunicorn_hands_a_5_kb_search_to_django_for_a_json_414(gunicorn, live_team):
    team, _, token = live_team

    response = live_get(f"{gunicorn}{CONTACTS}?teamId={team.public_id}&search={'x' * 5000}", token)

    assert response.status_code == 414
    assert response.json()["error"]["code"] == "uri_too_long"


def test_gunicorn_hands_1100_tags_to_django_for_a_json_414(gunicorn, live_team):
    team, _, token = live_team
    query = "&".join(["tags=a"] * 1100)  # 7.7 kB: within the front's limit, over the API's

    response = live_get(f"{gunicorn}{CONTACTS}?teamId={team.public_id}&{query}", token)

    assert response.status_code == 414
    assert response.json()["error"]["code"] == "uri_too_long"


def test_gunicorn_serves_a_url_just_under_the_limit(gunicorn, live_team):
    team, _, token = live_team
    url = f"{CONTACTS}?teamId={team.public_id}"
    while len(url) < 4096 - 30:
        url += f"&customFields.k{len(url)}=x"
    url += "&search=" + "x" * (4096 - len(url) - len("&search="))

    response = live_get(f"{gunicorn}{url}", token)

    assert len(url) == 4096
    assert response.status_code == 200, response.text


def test_gunicorn_answers_a_post_to_a_mistyped_path_with_a_json_404(gunicorn, live_team):
    _, _, token = live_team

    response = requests.post(
        f"{gunicorn}/api/crm/contact",
        json={"firstName": "Sarah"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )

    assert response.status_code == 404
    assert response.headers["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "not_found"
