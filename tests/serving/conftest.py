import subprocess

import pytest

from deploy import serve
from tests.serving.live import ROOT, free_port, server_env


@pytest.fixture(scope="module")
def server(django_db_setup, tmp_path_factory):
    """The base URL of a gunicorn serving the app on the session's test database, as in
    production, for a module's tests to call as integrators do."""
    log = tmp_path_factory.mktemp("client") / "gunicorn.log"
    port = free_port()
    with open(log, "w") as output:
        gunicorn = subprocess.Popen(
            [*serve.gunicorn_command(), "--bind", f"127.0.0.1:{port}", "--workers", "1"],
            cwd=ROOT,
            env=server_env(),
            stdout=output,
            stderr=output,
        )
    try:
        serve.wait_until(lambda: serve.accepts("127.0.0.1", port), gunicorn, "gunicorn")
        yield f"http://127.0.0.1:{port}"
    finally:
        gunicorn.terminate()
        gunicorn.wait(30)
