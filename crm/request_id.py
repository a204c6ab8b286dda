"""The request ID: one per request, on its response and on every log line it causes.

Taken from the request's `X-Request-ID` when it is sane (nginx sends its own, or the client's),
so that one request can be followed from the proxy's access log through the app's log lines;
otherwise a new one. "Sane" keeps a client from forging or breaking log lines with it.
"""

import contextvars
import logging
import re
import uuid

from django.core.signals import request_finished

HEADER = "X-Request-ID"
# Also in deploy/nginx.conf's map of $http_x_request_id.
SANE = re.compile(r"[A-Za-z0-9._:+/=-]{1,128}")
NONE = "-"

_current: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default=NONE)


def current() -> str:
    """The ID of the request being handled, or "-" outside one."""
    return _current.get()


def of(supplied: str | None) -> str:
    """The supplied ID if it is sane, else a new random one."""
    if supplied and SANE.fullmatch(supplied):
        return supplied
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """First in MIDDLEWARE, so that every response carries the header, errors included."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = of(request.headers.get(HEADER))
        # Not reset on the way out: Django logs a 4xx/5xx after the middleware has returned.
        # request_finished resets it, once the response is sent.
        _current.set(request.request_id)
        response = self.get_response(request)
        response[HEADER] = request.request_id
        return response


def _forget(**kwargs):
    _current.set(NONE)


request_finished.connect(_forget, dispatch_uid="crm.request_id.forget")


class RequestIdFilter(logging.Filter):
    """Gives every record a `request_id` for the log format (set on the handler)."""

    def filter(self, record):
        record.request_id = _current.get()
        return True
