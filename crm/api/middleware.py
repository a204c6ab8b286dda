"""Django middleware that keeps the API's promises before and around its views.

Every answer under /api/ is JSON: an error is in the one shape of crm.api.errors, whichever
layer gave it. Requests the API would otherwise misread are refused before a view runs.
"""

from http import HTTPStatus

from django.conf import settings
from django.http import JsonResponse

from crm.api.errors import COMPACT, ErrorCode, error_body, is_api, json_error

# The error code for a status answered outside DRF's views, e.g. by Django's own checks.
_CODES = {
    code.status: code
    for code in (
        ErrorCode.BAD_REQUEST,
        ErrorCode.NOT_FOUND,
        ErrorCode.METHOD_NOT_ALLOWED,
        ErrorCode.LENGTH_REQUIRED,
        ErrorCode.PAYLOAD_TOO_LARGE,
        ErrorCode.URI_TOO_LONG,
    )
}
_REDIRECTS = {301, 302, 303, 307, 308}
# Headers that describe the body being replaced; every other one (Allow, Location,
# WWW-Authenticate, Retry-After...) still holds for the JSON answer.
_BODY_HEADERS = {"content-type", "content-length", "content-encoding", "content-language"}


class JsonErrorsMiddleware:
    """Any answer under /api/ that is not a success, and not JSON, is made the JSON error.

    The API's views answer so already. This catches what answers before or around them:
    Django's 400 for a Host it does not serve, the HTTPS redirect, an error
    rendered by a view with other renderers (the OpenAPI document's YAML). It comes first
    in MIDDLEWARE, so it sees every other middleware's answer.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        status = response.status_code
        if not (status >= 400 or status in _REDIRECTS) or not is_api(request):
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        data = getattr(response, "data", None)  # a DRF Response: already the error shape
        if isinstance(data, dict) and data.get("success") is False:
            body = data
        else:
            body = error_body(*_describe(response))
        replacement = JsonResponse(body, status=status, json_dumps_params=COMPACT)
        for header, value in response.items():
            if header.lower() not in _BODY_HEADERS:
                replacement[header] = value
        replacement.cookies = response.cookies
        return replacement


def _describe(response) -> tuple[ErrorCode, str]:
    status = response.status_code
    if status in _REDIRECTS:
        # The only redirect under /api/: Django's SecurityMiddleware, to HTTPS.
        location = response.get("Location", "")
        return ErrorCode.HTTPS_REQUIRED, f"Send API requests over HTTPS: {location}"
    default = ErrorCode.SERVER_ERROR if status >= 500 else ErrorCode.BAD_REQUEST
    code = _CODES.get(status, default)
    try:
        return code, f"{HTTPStatus(status).phrase}."
    except ValueError:
        return code, "The request failed."


class RequestLimitsMiddleware:
    """Under /api/: refuses a URL longer than API_MAX_URL_BYTES (414), and a chunked body
    that the server handed on undecoded (411).

    The URL limit is Django's so that it is reached before the front's (gunicorn's
    `limit_request_line`, nginx's header buffers), whose own answers are HTML pages: the
    front must allow request lines longer than this. A chunked body that the server
    decodes (gunicorn) has been read by crm.api.wsgi.ChunkedBodies before Django sees it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_api(request):
            refusal = self.refusal(request)
            if refusal is not None:
                return refusal
        return self.get_response(request)

    def refusal(self, request) -> JsonResponse | None:
        limit = settings.API_MAX_URL_BYTES
        if len(request.get_full_path()) > limit:
            return json_error(
                ErrorCode.URI_TOO_LONG,
                f"The URL is longer than {limit} bytes; send fewer or shorter query parameters.",
            )
        if is_chunked(request.META):
            return json_error(
                ErrorCode.LENGTH_REQUIRED,
                "Send the body with a Content-Length header: this server does not decode "
                "'Transfer-Encoding: chunked'.",
            )
        return None


def is_chunked(environ) -> bool:
    """Whether the request's body is sent with `Transfer-Encoding: chunked`."""
    return "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
