"""Nothing under /api/ answers HTML: every refusal, whichever layer makes it, is the JSON error."""

import pytest
from rest_framework.test import APIClient

from contacts.models import Contact
from tests.factories import ContactFactory
from tests.kit.api import CONTACTS, api_error, client_for


@pytest.fixture
def strict_api(team) -> APIClient:
    """A client that, like a real one, gets no pass from Django's CSRF check."""
    return client_for(team, enforce_csrf_checks=True)


@pytest.mark.parametrize("path", ["/api/crm/contact", "/api/crm/contacts/x/y", "/api", "/api/"])
def test_post_to_a_mistyped_path_is_a_json_404_not_a_csrf_page(strict_api, team, path):
    response = strict_api.post(path, {"teamId": team.public_id}, format="json")

    error = api_error(response, 404)
    assert error["code"] == "not_found"


def test_post_to_a_mistyped_path_with_a_session_cookie_is_a_json_404(strict_api):
    strict_api.cookies["sessionid"] = "whatever"
    strict_api.cookies["csrftoken"] = "x" * 32

    response = strict_api.post("/api/crm/contact", {}, format="json")

    api_error(response, 404)


def test_host_the_service_does_not_serve_is_a_json_400(api, team):
    response = api.get(CONTACTS, {"teamId": team.public_id}, HTTP_HOST="evil.example")

    error = api_error(response, 400)
    assert error["code"] == "bad_request"
    assert "evil" not in error["message"]


def test_too_many_query_parameters_is_a_json_400(api, team):
    query = "&".join(["x"] * 1001)  # short enough for the URL limit

    response = api.get(f"{CONTACTS}?teamId={team.public_id}&{query}")

    error = api_error(response, 400)
    assert error["code"] == "validation_error"
    assert "query parameters" in error["message"]


def test_plain_http_is_redirected_to_https_with_a_json_body(team, settings):
    settings.SECURE_SSL_REDIRECT = True
    client = APIClient()  # builds its middleware now, with the setting on

    response = client.post(CONTACTS, {"teamId": team.public_id}, format="json")

    error = api_error(response, 301)
    assert error["code"] == "https_required"
    assert response["Location"] == f"https://testserver{CONTACTS}"
    assert response["Location"] in error["message"]
    assert not Contact.objects.exists()


@pytest.mark.parametrize("accept", ["application/yaml", "application/vnd.oai.openapi", "*/*"])
def test_schema_endpoint_errors_are_json_whatever_the_accept_header(db, accept):
    response = APIClient().post("/api/schema/", {}, format="json", HTTP_ACCEPT=accept)

    error = api_error(response, 405)
    assert error["code"] == "method_not_allowed"
    assert response["Allow"]


def test_docs_page_errors_are_json(db):
    response = APIClient().delete("/api/docs/")

    error = api_error(response, 405)
    assert error["code"] == "method_not_allowed"


# Odd requests, each answered by a different layer: the URL resolver, DRF's method and
# negotiation checks, the parser, the filters, Django's request reading.
ODD_REQUESTS = [
    ("POST", "/api/crm/contact", {}, 404),
    ("GET", "/api/nothing/here", {}, 404),
    ("HEAD", "/api/crm/nothing", {}, 404),
    ("DELETE", "/api", {}, 404),
    ("GET", "/api/crm/contacts/%ff%fe", {}, 400),
    ("GET", "/api/crm/contacts/cont_%00", {}, 400),
    ("PUT", CONTACTS, {}, 405),
    ("DELETE", CONTACTS, {}, 405),
    ("TRACE", CONTACTS, {}, 405),
    ("BREW", CONTACTS, {}, 405),
    ("OPTIONS", CONTACTS, {}, 405),
    ("GET", "/api/crm/contacts/upsert", {}, 405),
    ("GET", CONTACTS, {"HTTP_ACCEPT": "text/html"}, 406),
    ("GET", CONTACTS, {"HTTP_ACCEPT": "image/png, text/*"}, 406),
    ("GET", CONTACTS, {"HTTP_ACCEPT": "application/json;q=0"}, 406),
    ("GET", f"{CONTACTS}?teamId=%ff", {}, 400),
    ("GET", f"{CONTACTS}?%ff=1", {}, 400),
    ("GET", f"{CONTACTS}?" + "&".join(["x"] * 1001), {}, 400),
    ("GET", CONTACTS, {"HTTP_HOST": "bad host"}, 400),
    ("GET", CONTACTS, {"HTTP_HOST": "localhost:99999999999"}, 400),
    ("POST", CONTACTS, {"content_type": "text/html", "body": "<p>"}, 415),
    ("POST", CONTACTS, {"content_type": "application/json", "body": "<p>"}, 400),
    ("POST", CONTACTS, {"content_type": "application/json", "CONTENT_LENGTH": "x"}, 400),
    ("POST", CONTACTS, {"content_type": "application/json", "body": "{}" + " " * 2_000_000}, 413),
    ("POST", CONTACTS, {"content_type": "multipart/form-data; boundary=x", "body": "--x"}, 415),
    ("PATCH", "/api/crm/contacts/not-an-id", {}, 400),
    ("TRACE", f"{CONTACTS}/cont_01h455vb4pex5vsknk084sn02q?x=1", {}, 405),
    ("GET", f"{CONTACTS}?search=" + "x" * 5000, {}, 414),
    ("POST", "/api/" + "x" * 5000, {}, 414),
    (
        "POST",
        CONTACTS,
        {
            "content_type": "application/json",
            "body": "{}",
            "CONTENT_LENGTH": "",
            "HTTP_TRANSFER_ENCODING": "chunked",
        },
        411,
    ),
    ("GET", f"{CONTACTS}?format=api", {}, 400),
    ("GET", "/api/crm/companies/comp_01h455vb4pex5vsknk084sn02q", {}, 404),
]


@pytest.mark.parametrize(("method", "path", "extra", "status"), ODD_REQUESTS)
def test_every_refusal_under_api_is_the_json_error(strict_api, team, method, path, extra, status):
    extra = dict(extra)
    body = extra.pop("body", "")

    response = strict_api.generic(method, path, body, **extra)

    if method == "HEAD":  # the headers of the JSON error, without its body
        assert (response.status_code, response["Content-Type"]) == (status, "application/json")
    else:
        api_error(response, status)


def test_a_refused_request_writes_nothing(strict_api, team, company):
    ContactFactory(company=company)
    before = Contact.objects.count()

    for method, path, extra, _ in ODD_REQUESTS:
        extra = dict(extra)
        strict_api.generic(method, path, extra.pop("body", ""), **extra)

    assert Contact.objects.count() == before
