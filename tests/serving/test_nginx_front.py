"""The production recipe, started for real: nginx (deploy/nginx.conf) in front of gunicorn.

Needs Debian's nginx (`.ci/run` installs it). Without it these tests are skipped, unless
CRM_REQUIRE_NGINX is set, as CI sets it: then a missing nginx is a failure, not a skip.
The servers run on free loopback ports against the session's test database.
"""

import base64
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import time

import psutil
import pytest

from deploy import serve
from tests.factories import CompanyFactory, ContactFactory, TeamFactory, issue_token
from tests.serving.live import ROOT, SlowClients, free_port, raw_exchange, request, server_env

NGINX = serve.find_nginx()

if NGINX is None and not os.environ.get("CRM_REQUIRE_NGINX"):
    pytest.skip("nginx is not installed", allow_module_level=True)

pytestmark = pytest.mark.django_db(transaction=True)

SLOW_CLIENTS = 100
TIMED_REQUESTS = 200
P99_LIMIT_SECONDS = 0.100
ENVELOPE_KEYS = {"code", "message", "fields"}


@pytest.fixture(scope="module")
def front(django_db_setup, tmp_path_factory):
    """nginx on a free port in front of 3 gunicorn workers; its logs in files."""
    logs = tmp_path_factory.mktemp("front-logs")
    port = free_port()
    with open(logs / "gunicorn.log", "w") as gunicorn_output:
        stack = serve.start(
            listen=f"127.0.0.1:{port}",
            workers=3,
            run_dir=logs / "nginx",
            env=server_env(),
            access_log=str(logs / "access.log"),
            error_log=str(logs / "error.log"),
            gunicorn_output=gunicorn_output,
        )
    try:
        yield {"port": port, "logs": logs}
    finally:
        stack.stop()


@pytest.fixture
def token():
    """A team with a page of contacts, and its token (committed: the servers must see them)."""
    team = TeamFactory(name="Slow Clients Inc")
    company = CompanyFactory(team=team)
    ContactFactory.create_batch(25, company=company)
    return {"team": team.public_id, "company": company.public_id, "secret": issue_token(team)}


def list_contacts(port: int, token: dict, **headers):
    return request(
        port,
        "GET",
        f"/api/crm/contacts?teamId={token['team']}&limit=25",
        headers={"Authorization": f"Bearer {token['secret']}", **headers},
    )


def access_log_with(front, text: str, seconds: float = 5) -> str:
    """The access log once it holds `text`, or as it is after `seconds`: nginx writes a
    request's line after the answer has gone, so a client can read the log before it."""
    path = front["logs"] / "access.log"
    deadline = time.monotonic() + seconds
    while text not in (log := path.read_text()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return log


def all_logs(front) -> str:
    logs = front["logs"]
    return "".join(
        (logs / name).read_text(errors="replace")
        for name in ("access.log", "error.log", "gunicorn.log")
    )


def assert_api_error(status, headers, body, expected_status, code):
    assert status == expected_status, body
    assert headers["content-type"] == "application/json"
    document = json.loads(body)
    assert document["success"] is False
    assert set(document["error"]) == ENVELOPE_KEYS
    assert document["error"]["code"] == code
    assert re.fullmatch(r"[0-9a-f]{32}", headers["x-request-id"])


def time_list_requests(port: int, token: dict, count: int) -> list[float]:
    durations = []
    for _ in range(count):
        started = time.perf_counter()
        status, _, body = list_contacts(port, token)
        durations.append(time.perf_counter() - started)
        assert status == 200, body
        assert len(json.loads(body)["contacts"]) == 25
    return durations


def p99(durations: list[float]) -> float:
    return statistics.quantiles(durations, n=100, method="inclusive")[98]


def test_slow_clients_do_not_delay_normal_requests(front, token):
    port = front["port"]
    time_list_requests(port, token, 10)  # every worker connected and warm
    alone = time_list_requests(port, token, 50)

    slow = SlowClients(port, SLOW_CLIENTS, interval=1.0)
    try:
        time.sleep(1.5)  # every slow client has sent a second header line
        durations = time_list_requests(port, token, TIMED_REQUESTS)
        still_open = slow.still_open()
    finally:
        slow.close()

    assert still_open == SLOW_CLIENTS  # they really were holding connections meanwhile
    # The target holds on a machine that is not busy with other work. When requests are slow
    # without slow clients already (other jobs on the same cores), the machine is the limit,
    # and what is left to check is that the slow clients add nothing: without nginx each
    # request would wait seconds, for a worker that a slow client holds.
    limit = P99_LIMIT_SECONDS
    if p99(alone) > P99_LIMIT_SECONDS / 2:
        limit = max(limit, 2 * p99(alone))
    assert p99(durations) < limit, (
        f"p99 {p99(durations) * 1000:.0f} ms with {SLOW_CLIENTS} slow clients, "
        f"{p99(alone) * 1000:.0f} ms without; median {statistics.median(durations) * 1000:.0f} ms"
    )


def test_a_body_over_the_limit_is_refused_by_nginx_in_the_api_shape(front):
    head = (
        b"POST /api/crm/contacts HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/json\r\nContent-Length: 2000000\r\n\r\n"
    )

    answer = raw_exchange(front["port"], head)  # refused before the body is sent

    status, headers, body = parse(answer)
    assert_api_error(status, headers, body, 413, "payload_too_large")
    assert "1048576 bytes" in json.loads(body)["error"]["message"]


def test_a_malformed_request_line_is_a_json_400(front):
    status, headers, body = parse(raw_exchange(front["port"], b"NOT HTTP AT ALL\r\n\r\n"))

    assert_api_error(status, headers, body, 400, "bad_request")


def test_an_api_header_over_8_kib_is_a_json_400(front):
    status, headers, body = request(
        front["port"], "GET", "/api/crm/contacts", headers={"X-Big": "a" * 9000}
    )

    assert_api_error(status, headers, body, 400, "bad_request")


def test_a_request_line_over_8_kib_is_a_json_414_from_nginx(front):
    status, headers, body = request(front["port"], "GET", "/api/crm/contacts?q=" + "a" * 9000)

    assert_api_error(status, headers, body, 414, "uri_too_long")


def test_a_url_over_gunicorns_default_limit_reaches_djangos_own_414(front, token):
    # gunicorn's default limit_request_line (4094) answered this with an HTML 414.
    path = f"/api/crm/contacts?teamId={token['team']}&search={'a' * 6000}"

    status, _, body = request(
        front["port"], "GET", path, headers={"Authorization": f"Bearer {token['secret']}"}
    )

    assert status == 414
    assert "bytes; send fewer or shorter query parameters" in json.loads(body)["error"]["message"]


def test_a_chunked_body_reaches_the_api_whole(front, token):
    body = json.dumps(
        {
            "teamId": token["team"],
            "companyId": token["company"],
            "firstName": "Ana",
            "lastName": "Silva",
        }
    ).encode()
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in (body[:10], body[10:]))
    head = (
        "POST /api/crm/contacts HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Authorization: Bearer {token['secret']}\r\nTransfer-Encoding: chunked\r\n"
        "Connection: close\r\n\r\n"
    )

    status, _, answer = parse(raw_exchange(front["port"], head.encode() + chunks + b"0\r\n\r\n"))

    assert status == 201, answer
    assert json.loads(answer)["contact"]["first_name"] == "Ana"


def test_nginx_errors_outside_the_api_stay_html(front):
    head = b"POST /admin/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2000000\r\n\r\n"

    status, headers, _ = parse(raw_exchange(front["port"], head))

    assert status == 413
    assert headers["content-type"].startswith("text/html")
    assert "x-request-id" in headers


def test_a_contact_file_over_the_api_limit_reaches_the_admins_import(front):
    body = b"First Name,Last Name\n" + b"Ann,Lee\n" * 250_000  # 2 MB

    status, _, _ = request(
        front["port"],
        "POST",
        "/admin/contacts/contactimport/add/",
        headers={"Content-Type": "text/csv"},
        body=body,
    )

    assert status == 403  # Django's CSRF refusal: nginx let the body through


def test_a_sane_request_id_is_kept_through_nginx_and_django(front, token):
    status, headers, _ = list_contacts(front["port"], token, **{"X-Request-ID": "trace-42.a:b"})

    assert status == 200
    assert headers["x-request-id"] == "trace-42.a:b"
    assert "request_id=trace-42.a:b" in access_log_with(front, "request_id=trace-42.a:b")


@pytest.mark.parametrize("supplied", ["two words", 'quote"d', "x" * 129])
def test_a_request_id_that_is_not_sane_is_replaced(front, token, supplied):
    status, headers, _ = list_contacts(front["port"], token, **{"X-Request-ID": supplied})

    assert status == 200
    assert re.fullmatch(r"[0-9a-f]{32}", headers["x-request-id"])


def test_every_response_carries_a_request_id(front):
    for path in ("/healthz", "/admin/login/", "/api/nowhere", "/api/crm/contacts"):
        _, headers, _ = request(front["port"], "GET", path)
        assert re.fullmatch(r"[0-9a-f]{32}", headers["x-request-id"]), path


def test_credentials_never_reach_the_logs(front, token):
    basic_user = "basic-user-secret-" + "7" * 20
    basic = base64.b64encode(f"{basic_user}:pw".encode()).decode()
    port = front["port"]

    list_contacts(port, token)
    request(port, "GET", "/api/crm/contacts", headers={"Authorization": f"Basic {basic}"})
    request(port, "GET", "/admin/", headers={"Authorization": f"Basic {basic}"})
    request(port, "GET", "/api/crm/contacts", headers={"Authorization": "Bearer wrong-token-123"})
    no_host = f"GET /api/crm/contacts HTTP/1.1\r\nAuthorization: Bearer {token['secret']}\r\n\r\n"
    raw_exchange(port, no_host.encode())  # a 400 from nginx, which it logs as an error

    logs = all_logs(front)
    assert "/api/crm/contacts" in logs  # the requests were logged, without their credentials
    for secret in (token["secret"], basic_user, basic, "wrong-token-123"):
        assert secret not in logs


@pytest.fixture
def app_down(tmp_path):
    """nginx alone, its gunicorn socket gone: as when the app is stopped or restarting."""
    port = free_port()
    run_dir = tmp_path / "nginx"
    run_dir.mkdir()
    conf = run_dir / "nginx.conf"
    conf.write_text(
        serve.render_nginx_conf(
            listen=f"127.0.0.1:{port}",
            upstream=f"unix:{tmp_path}/no-gunicorn-here.sock",
            run_dir=run_dir,
            access_log=str(tmp_path / "access.log"),
            error_log=str(tmp_path / "error.log"),
        )
    )
    nginx = subprocess.Popen([NGINX, "-p", str(run_dir), "-c", str(conf), "-e", "stderr"])
    try:
        serve.wait_until(lambda: serve.accepts("127.0.0.1", port), nginx, "nginx")
        yield port
    finally:
        nginx.terminate()
        nginx.wait(10)


def test_api_requests_while_the_app_is_down_get_a_json_503(app_down):
    status, headers, body = request(app_down, "GET", "/api/crm/contacts")

    assert_api_error(status, headers, body, 503, "service_unavailable")
    assert headers["retry-after"] == "5"


def test_other_pages_while_the_app_is_down_get_nginx_html(app_down):
    status, headers, _ = request(app_down, "GET", "/admin/")

    assert status == 503
    assert headers["content-type"].startswith("text/html")


def parse(answer: bytes):
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return status, headers, body


@pytest.fixture
def served(tmp_path):
    """deploy/serve.py, as bin/serve ends with, on a free port: (its process, the port)."""
    port = free_port()
    env = server_env(BIND=f"127.0.0.1:{port}", WORKERS="1")
    with open(tmp_path / "serve.log", "w") as output:
        manager = subprocess.Popen(
            [sys.executable, "deploy/serve.py"], cwd=ROOT, env=env, stdout=output, stderr=output
        )
    try:
        serve.wait_until(lambda: serve.accepts("127.0.0.1", port), manager, "deploy/serve.py")
        # The worker starts once nginx answers.
        serve.wait_until(lambda: "worker" in children_named(manager), manager, "the worker")
        yield manager, port
    finally:
        if manager.poll() is None:
            manager.kill()


def kind_of(process: psutil.Process) -> str:
    if process.name().startswith("nginx"):
        return "nginx"
    return "worker" if "worker" in process.cmdline() else "gunicorn"


def children_named(manager) -> dict[str, list[psutil.Process]]:
    named = {}
    for child in psutil.Process(manager.pid).children(recursive=True):
        named.setdefault(kind_of(child), []).append(child)
    return named


def test_serve_runs_nginx_in_front_and_a_worker_beside_and_stops_all_on_sigterm(served):
    manager, port = served
    status, headers, _ = request(port, "GET", "/healthz")
    children = children_named(manager)
    assert status == 200
    assert headers["server"] == "nginx"
    assert set(children) == {"nginx", "gunicorn", "worker"}

    manager.send_signal(signal.SIGTERM)

    assert manager.wait(30) == 0
    _, alive = psutil.wait_procs([p for group in children.values() for p in group], timeout=10)
    assert alive == []


def test_serve_stops_nginx_and_the_worker_when_gunicorn_dies(served):
    manager, _ = served
    children = children_named(manager)
    (gunicorn_master,) = [
        child for child in psutil.Process(manager.pid).children() if kind_of(child) == "gunicorn"
    ]

    gunicorn_master.kill()

    assert manager.wait(30) == 1
    _, alive = psutil.wait_procs(children["nginx"] + children["worker"], timeout=10)
    assert alive == []
