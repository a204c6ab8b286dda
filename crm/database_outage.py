"""While the database is unreachable, each request answers 503 and logs one line.

In an outage every request fails the same way, and a traceback for each (several KB, chained
from psycopg's) buries the log without telling anything new. Other database errors (a deadlock,
a cancelled statement, a broken constraint) keep Django's handling: a 500 and its traceback.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.utils.encoding import escape_uri_path

from crm.api import errors

logger = logging.getLogger("crm.database")

RETRY_AFTER_SECONDS = 5
MESSAGE = "The database is not reachable; try again shortly."

# Besides class 08 (connection exception): the server shutting down, crashed, starting up, or
# out of connection slots.
_UNAVAILABLE_SQLSTATES = {"57P01", "57P02", "57P03", "53300"}


def is_outage(exc: BaseException) -> bool:
    """True for the errors of a database that is down or cannot be reached."""
    if isinstance(exc, InterfaceError):  # e.g. "connection already closed"
        return True
    if not isinstance(exc, OperationalError):
        return False
    # psycopg's error; a connection that failed or broke on the client side has no SQLSTATE.
    sqlstate = getattr(exc.__cause__, "sqlstate", None)
    return sqlstate is None or sqlstate.startswith("08") or sqlstate in _UNAVAILABLE_SQLSTATES


def first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0].strip() if lines else type(exc).__name__


def server_error(request, *args, **kwargs):
    """handler500: an outage's error is a 503 and one line; anything else, crm.api.errors'.

    Django calls it for an exception from a view or from a middleware (the rate limiter looks
    the token up before the view), while the exception is being handled.
    """
    exception = sys.exception()
    if exception is None or not is_outage(exception):
        return errors.server_error(request, *args, **kwargs)
    # escape_uri_path: a decoded path may hold a line break, which would forge a second line.
    logger.error(
        "database unavailable: %s %s: %s",
        request.method,
        escape_uri_path(request.path),
        first_line(exception),
    )
    if errors.is_api(request):
        response = errors.json_error(errors.ErrorCode.SERVICE_UNAVAILABLE, MESSAGE)
    else:
        response = HttpResponse(MESSAGE + "\n", status=503, content_type="text/plain")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    # The line above is this request's one line: Django logs no traceback after it.
    response._has_been_logged = True
    return response
