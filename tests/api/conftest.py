"""Fixtures of the API tests: the service under a real gunicorn, on the test database.

For what only a real server shows: Django's test client and pytest-django's live server
(Django's own development server) do not decode chunked bodies or apply gunicorn's
request-line limit; gunicorn does.
"""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
from django.conf import settings

from tests.factories import CompanyFactory, TeamFactory, issue_token

# Above the API's own URL limit, as the front must be (README, API_MAX_URL_BYTES).
LIMIT_REQUEST_LINE = 8190
# Small, so that a body over it is quick to send.
BODY_LIMIT = 20_000


def database_url(database: dict) -> str:
    user = quote(database.get("USER") or "", safe="")
    password = quote(str(database.get("PASSWORD") or ""), safe="")
    host = quote(database.get("HOST") or "", safe="")
    port = database.get("PORT") or ""
    return f"postgres://{user}:{password}@{host}:{port}/{database['NAME']}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def gunicorn(django_db_setup, tmp_path_factory) -> str:
    """The base URL of `gunicorn config.wsgi` serving the test database."""
    port = free_port()
    log = tmp_path_factory.mktemp("gunicorn") / "gunicorn.log"
    env = {
        **os.environ,
        "DATABASE_URL": database_url(settings.DATABASES["default"]),
        "SECURE_HTTPS": "false",
        "API_MAX_BODY_BYTES": str(BODY_LIMIT),
    }
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "config.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
        "--limit-request-line",
        str(LIMIT_REQUEST_LINE),
    ]
    with log.open("w") as output:
        server = subprocess.Popen(
            command, cwd=settings.BASE_DIR, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(url, server, log)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_until_serving(url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"gunicorn exited:\n{log.read_text()}")
        try:
            if requests.get(f"{url}/healthz", timeout=5).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    pytest.fail(f"gunicorn did not start:\n{log.read_text()}")


@pytest.fixture
def live_team(transactional_db):
    """A team, its company and a token, committed where gunicorn's worker sees them."""
    team = TeamFactory(name="Live Sales")
    return team, CompanyFactory(team=team, name="Live Inc"), issue_token(team)
