"""The one JSON error shape every API response uses.

    {"success": false, "error": {"code": "...", "message": "...", "fields": {...}}}

`fields` maps each offending request field (as the client spelled it,
camelCase, with `.` for nesting) to a list of messages.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, TooManyFieldsSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from crm.api.naming import wire_name
from crm.api.parsers import PayloadTooLarge
from crm.exceptions import ConflictError

# DRF's default codes, renamed where a client deserves a plainer word.
_CODES = {
    "invalid": "validation_error",
    "parse_error": "invalid_json",
    "authentication_failed": "invalid_token",
}


COMPACT = {"separators": (",", ":")}  # as DRF renders


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    return {
        "success": False,
        "error": {"code": code, "message": message, "fields": fields or {}},
    }


def exception_handler(exc, context):
    """DRF's exception hook: every error, including Django's own, becomes the JSON shape."""
    if isinstance(exc, ConflictError):
        set_rollback()
        fields = {wire_name(name): messages for name, messages in exc.fields.items()}
        body = error_body("conflict", exc.message, fields)
        body["error"].update(exc.details)
        return Response(body, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        # Raised by a service (e.g. merged custom fields over the limit): name the wire fields.
        if hasattr(exc, "error_dict"):
            exc = exceptions.ValidationError(
                {wire_name(name): messages for name, messages in exc.message_dict.items()}
            )
        else:
            exc = exceptions.ValidationError(exc.messages)
    elif isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    elif isinstance(exc, TooManyFieldsSent):
        exc = exceptions.ValidationError(
            f"More than {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS} query parameters.",
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or "Not found.")
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    if not isinstance(exc, exceptions.APIException):
        return None  # a bug: let Django log it and answer 500 through handler500

    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))

    if isinstance(exc, exceptions.ValidationError):
        fields = flatten_detail(exc.detail)
        general = fields.pop("non_field_errors", None)
        message = general[0] if general else _summary(fields)
        body = error_body("validation_error", message, fields)
    else:
        detail = exc.detail
        fields = {}
        if isinstance(detail, dict):
            fields = flatten_detail(
                {key: value for key, value in detail.items() if key != "message"}
            )
            detail = detail.get("message", "")
        code = detail.code if hasattr(detail, "code") else exc.default_code
        body = error_body(_CODES.get(code, code), str(detail), fields)

    set_rollback()
    return Response(body, status=exc.status_code, headers=headers)


def flatten_detail(detail, path: str = "") -> dict[str, list[str]]:
    if isinstance(detail, dict):
        flat: dict[str, list[str]] = {}
        for key, value in detail.items():
            flat.update(flatten_detail(value, f"{path}.{key}" if path else str(key)))
        return flat
    if isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        flat = {}
        for index, value in enumerate(detail):
            if value:
                flat.update(flatten_detail(value, f"{path}.{index}"))
        return flat
    messages = detail if isinstance(detail, list) else [detail]
    return {path or "non_field_errors": [str(message) for message in messages]}


def _summary(fields: dict[str, list[str]]) -> str:
    if len(fields) == 1:
        name, messages = next(iter(fields.items()))
        return f"{name}: {messages[0]}"
    return f"Invalid values for {', '.join(fields)}."


def is_api(request) -> bool:
    """Whether the request is for the API, where every answer is JSON."""
    return request.path_info == "/api" or request.path_info.startswith("/api/")


def json_error(code: str, message: str, status: int, **kwargs) -> JsonResponse:
    """An error in the one shape, for code outside DRF's views (middleware, Django's handlers)."""
    return JsonResponse(
        error_body(code, message), status=status, json_dumps_params=COMPACT, **kwargs
    )


# Token-authenticated like every endpoint, so no CSRF check: a POST to a mistyped path is a 404.
@csrf_exempt
def api_not_found(request, *args, **kwargs):
    """Any unknown path under /api/."""
    return json_error("not_found", f"No API endpoint at {request.path}.", 404)


def server_error(request, *args, **kwargs):
    """handler500: JSON under /api/, Django's plain page elsewhere."""
    if is_api(request):
        return json_error(
            "server_error", "Something went wrong on our side; it has been logged.", 500
        )
    from django.views.defaults import server_error as html_server_error

    return html_server_error(request, *args, **kwargs)
