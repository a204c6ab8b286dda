"""The home page, the health check, and JSON answers for unknown API routes and methods."""

import pytest

from tests.kit.api import api_error


def assert_json_error(response, status: int, code: str) -> dict:
    """The kit's error check, and no field named: these refusals are about the request."""
    error = api_error(response, status, code)
    assert error["fields"] == {}
    return error


def test_home_page_is_html_that_links_to_the_admin_and_the_api_docs(client, db):
    response = client.get("/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert 'href="/admin/"' in page
    assert 'href="/api/docs/"' in page
    assert client.get("/api/docs/").status_code == 200
    assert "/api/crm/contacts" in page


def test_healthz_answers_ok(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.parametrize(
    "path",
    ["/api", "/api/", "/api/nothing", "/api/crm/", "/api/crm/deals", "/api/crm/contacts/123/x"],
)
def test_unknown_api_path_is_404_json(client, db, path):
    response = client.get(path)

    error = assert_json_error(response, 404, "not_found")
    assert path in error["message"]


def test_unknown_api_path_is_404_json_for_post_too(client, db):
    response = client.post("/api/crm/deals", {"name": "x"}, content_type="application/json")

    assert_json_error(response, 404, "not_found")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("put", "/api/crm/contacts"),
        ("patch", "/api/crm/contacts"),
        ("delete", "/api/crm/contacts"),
        ("put", "/api/crm/companies"),
        ("delete", "/api/crm/companies"),
    ],
)
def test_wrong_method_is_405_json(api, team, method, path):
    response = getattr(api, method)(path, {"teamId": team.public_id}, format="json")

    assert_json_error(response, 405, "method_not_allowed")
    assert "GET" in response["Allow"]
    assert "POST" in response["Allow"]


def test_healthz_answers_head_for_load_balancers(client, db):
    assert client.head("/healthz").status_code == 200
