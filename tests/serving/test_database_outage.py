"""A database outage, for real: gunicorn (deploy/gunicorn.conf.py) with its database gone.

Each failed request must answer 503 (the API's JSON under /api/) and log one short line, not a
traceback; tokens never reach a log line. The server's DATABASE_URL points at a port where
nothing listens, as when PostgreSQL is down.
"""

import base64
import json
import re
import subprocess

import psycopg
import pytest
from django.db import InterfaceError, OperationalError

from crm.database_outage import is_outage
from deploy import serve
from tests.serving.live import ROOT, free_port, request, server_env

TOKEN = "crm_" + "S" * 43  # shaped like a real one; never looked up, the database is down
BASIC_USER = "basic-user-" + "9" * 20


@pytest.fixture(scope="module")
def database_down(tmp_path_factory):
    """Bare gunicorn, access log on, whose database is a closed port; its output in a file."""
    log = tmp_path_factory.mktemp("outage") / "gunicorn.log"
    port = free_port()
    env = server_env(DATABASE_URL=f"postgres://crm@127.0.0.1:{free_port()}/crm")
    env.pop("DJANGO_SETTINGS_MODULE")  # the project's own settings: DATABASE_URL decides
    with open(log, "w") as output:
        gunicorn = subprocess.Popen(
            [*serve.gunicorn_command(), "--bind", f"127.0.0.1:{port}", "--workers", "1"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=output,
        )
    try:
        serve.wait_until(lambda: serve.accepts("127.0.0.1", port), gunicorn, "gunicorn")
        yield {"port": port, "log": log}
    finally:
        gunicorn.terminate()
        gunicorn.wait(30)


def test_each_failed_request_logs_one_line_and_answers_503(database_down):
    port, log = database_down["port"], database_down["log"]
    basic = base64.b64encode(f"{BASIC_USER}:pw".encode()).decode()
    sent = [
        ("/api/crm/contacts?limit=5", {"Authorization": f"Bearer {TOKEN}"}),
        ("/api/crm/companies", {"Authorization": f"Bearer {TOKEN}"}),
        ("/api/crm/contacts", {"Authorization": f"Bearer {TOKEN}"}),
    ]
    answers = []
    for index, (path, headers) in enumerate(sent):
        answers.append(request(port, "GET", path, {**headers, "X-Request-ID": f"outage-{index}"}))
    # A read with another scheme is refused before any query (a read opens no transaction).
    refused = request(
        port, "GET", "/api/crm/companies", {"Authorization": f"Basic {basic}", "X-Request-ID": "x"}
    )
    health = request(port, "GET", "/healthz", {"X-Request-ID": "outage-health"})

    for index, (status, headers, body) in enumerate(answers):
        assert status == 503
        assert headers["content-type"] == "application/json"
        assert headers["retry-after"] == "5"
        assert headers["x-request-id"] == f"outage-{index}"
        assert json.loads(body)["error"]["code"] == "service_unavailable"
    assert refused[0] == 401
    assert health[0] == 503
    assert health[1]["content-type"].startswith("text/plain")

    text = log.read_text()
    app_lines = [line for line in text.splitlines() if "database unavailable" in line]
    assert len(app_lines) == len(sent) + 1  # one per request, /healthz included
    for index, line in enumerate(app_lines[:-1]):
        assert re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} ERROR crm.database ", line)
        assert f"request_id=outage-{index} " in line
        assert len(line) < 400
    assert "Traceback" not in text
    assert "Service Unavailable" not in text  # Django's own second line for a 5xx
    # gunicorn's access log: each request, with Django's request ID and no credentials.
    assert 'GET /api/crm/contacts?limit=5 HTTP/1.1" 503' in text
    assert "request_id=outage-1" in text
    for secret in (TOKEN, BASIC_USER, basic):
        assert secret not in text


def psycopg_error(cls, sqlstate):
    error = cls("boom")
    error.sqlstate = sqlstate  # psycopg's errors carry it as a read-only property
    return error


class FakeCause(Exception):
    def __init__(self, sqlstate):
        super().__init__("boom")
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    ("exc", "outage"),
    [
        (InterfaceError("connection already closed"), True),
        (OperationalError("connection failed"), True),  # no SQLSTATE: never reached the server
        (FakeCause("08006"), True),  # connection failure
        (FakeCause("57P01"), True),  # the server is shutting down
        (FakeCause("53300"), True),  # too many connections
        (FakeCause("40P01"), False),  # a deadlock is a bug to see, with its traceback
        (FakeCause("57014"), False),  # a cancelled statement (statement_timeout)
        (psycopg.errors.UniqueViolation("dup"), False),
        (RuntimeError("disk on fire"), False),
    ],
)
def test_only_an_unreachable_database_counts_as_an_outage(exc, outage):
    if isinstance(exc, FakeCause):
        cause, exc = exc, OperationalError("boom")
        exc.__cause__ = cause
    assert is_outage(exc) is outage
