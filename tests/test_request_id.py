"""Every response carries X-Request-ID, and every log line of its request the same ID."""

import logging
import re

import pytest
from django.test import Client

from crm.request_id import RequestIdFilter, current

GENERATED = re.compile(r"[0-9a-f]{32}")


PAGES = ["/", "/healthz", "/admin/login/", "/api/nowhere", "/api/crm/contacts"]


@pytest.mark.parametrize("path", PAGES)
def test_every_response_gets_a_request_id(db, path):
    response = Client().get(path)

    assert GENERATED.fullmatch(response["X-Request-ID"])


def test_a_sane_request_id_is_kept(db):
    response = Client().get("/healthz", HTTP_X_REQUEST_ID="0b5c8e2e-4f0e-4b1a-9a77-c1d2e3f4a5b6")

    assert response["X-Request-ID"] == "0b5c8e2e-4f0e-4b1a-9a77-c1d2e3f4a5b6"


@pytest.mark.parametrize("supplied", ["", "two words", "line\nbreak", 'quote"', "x" * 129, "é"])
def test_a_request_id_that_could_break_a_log_line_is_replaced(db, supplied):
    response = Client().get("/healthz", HTTP_X_REQUEST_ID=supplied)

    assert GENERATED.fullmatch(response["X-Request-ID"])


@pytest.fixture
def records():
    """What the console handler would print: records through the request ID filter."""
    captured = []
    handler = logging.Handler()
    handler.emit = captured.append
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    yield captured
    logger.removeHandler(handler)


def test_log_lines_of_a_request_carry_its_id(db, records):
    # Django logs a 4xx after the middleware has returned: the ID must still be set then.
    Client().get("/api/nowhere", HTTP_X_REQUEST_ID="trace-me")

    assert [record.request_id for record in records] == ["trace-me"]
    assert current() == "-"  # forgotten once the response is done
