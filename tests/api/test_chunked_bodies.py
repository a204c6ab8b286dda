"""Bodies sent with `Transfer-Encoding: chunked` are read, or refused with a 411; never empty."""

import io
import json
from wsgiref.util import setup_testing_defaults

import pytest
import requests
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from config.wsgi import application
from contacts.models import Contact
from tests.api.conftest import BODY_LIMIT
from tests.factories import issue_token
from tests.kit.api import CONTACTS, api_error
from tests.kit.payloads import contact_body


def chunks(data: bytes, size: int = 1000):
    for start in range(0, len(data), size):
        yield data[start : start + size]


# --- a server that does not decode chunked bodies (Django's development server) -----------------


def test_chunked_body_the_server_did_not_decode_is_a_json_411(api, team, company):
    body = json.dumps(contact_body(team, company)).encode()

    response = api.generic(
        "POST",
        CONTACTS,
        body,
        content_type="application/json",
        HTTP_TRANSFER_ENCODING="chunked",
        CONTENT_LENGTH="",
    )

    error = api_error(response, 411)
    assert error["code"] == "length_required"
    assert not Contact.objects.exists()


# --- the WSGI application, as a server that decodes them calls it --------------------------------


@pytest.fixture
def call_wsgi(db):
    """Calls config.wsgi.application in this process, inside the test's transaction."""
    # As Django's test client does: a request must not close the test's connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)

    def call(environ: dict) -> tuple[int, dict, bytes]:
        setup_testing_defaults(environ)
        answer = {}

        def start_response(status, headers, exc_info=None):
            answer["status"], answer["headers"] = int(status.split()[0]), dict(headers)

        body = b"".join(application(environ, start_response))
        return answer["status"], answer["headers"], body

    yield call
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def chunked_post(team, data: bytes) -> dict:
    """The environ gunicorn hands on for a chunked POST: decoded input, no CONTENT_LENGTH."""
    return {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": CONTACTS,
        "CONTENT_TYPE": "application/json",
        "HTTP_TRANSFER_ENCODING": "chunked",
        "HTTP_AUTHORIZATION": f"Bearer {issue_token(team)}",
        "wsgi.input": io.BytesIO(data),
        "wsgi.input_terminated": True,
        # The application was built at import, with production's HTTPS redirect on.
        "wsgi.url_scheme": "https",
    }


def test_decoded_chunked_body_is_read(call_wsgi, team, company):
    data = json.dumps(contact_body(team, company)).encode()

    status, _, body = call_wsgi(chunked_post(team, data))

    assert status == 201, body
    assert json.loads(body)["contact"]["first_name"] == "Sarah"
    assert Contact.objects.get().last_name == "Chen"


def test_decoded_chunked_body_over_the_size_limit_is_413(call_wsgi, team, company, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    data = json.dumps(contact_body(team, company, notes="x" * 20_000)).encode()

    status, headers, body = call_wsgi(chunked_post(team, data))

    assert (status, headers["Content-Type"]) == (413, "application/json")
    assert json.loads(body)["error"]["code"] == "payload_too_large"
    assert not Contact.objects.exists()


# --- under gunicorn -------------------------------------------------------------------------------


def test_gunicorn_reads_a_chunked_body(gunicorn, live_team):
    team, company, token = live_team
    data = json.dumps(contact_body(team, company)).encode()

    response = requests.post(
        f"{gunicorn}{CONTACTS}",
        data=chunks(data, 16),  # an iterator: requests sends it chunked
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        timeout=30,
    )

    assert response.request.headers["Transfer-Encoding"] == "chunked"
    assert response.status_code == 201, response.text
    assert Contact.objects.get(team=team).first_name == "Sarah"


def test_gunicorn_refuses_a_chunked_body_over_the_size_limit_with_a_json_413(gunicorn, live_team):
    team, company, token = live_team
    data = json.dumps(contact_body(team, company, notes="x" * (BODY_LIMIT + 1))).encode()

    response = requests.post(
        f"{gunicorn}{CONTACTS}",
        data=chunks(data),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        timeout=30,
    )

    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"
    assert not Contact.objects.filter(team=team).exists()
