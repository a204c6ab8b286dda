"""The one JSON error shape every API response uses, and the one list of its codes.

    {"success": false, "error": {"code": "...", "message": "...", "fields": {...}}}

`fields` maps each offending request field (as the client spelled it,
camelCase, with `.` for nesting) to a list of messages.

This module sits below DRF's views (the parsers and the middleware raise from it), so it
imports none of them: DRF's views import the parsers named in settings.
"""

from enum import StrEnum

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response

from crm.api.naming import wire_name
from crm.exceptions import ConflictError


class ErrorCode(StrEnum):
    """Every `error.code` the API answers with: its HTTP status, and what it means (for the
    OpenAPI document). Each one is produced somewhere and tested through HTTP."""

    def __new__(cls, code: str, status: int, meaning: str):
        member = str.__new__(cls, code)
        member._value_ = code
        member.status = status
        member.meaning = meaning
        return member

    VALIDATION_ERROR = (
        "validation_error",
        400,
        "a bad parameter, field or ID (each named in `fields`)",
    )
    INVALID_JSON = "invalid_json", 400, "the body is not one JSON object"
    BAD_REQUEST = (
        "bad_request",
        400,
        "a request refused before it is read (a Host header this service does not serve)",
    )
    NOT_AUTHENTICATED = "not_authenticated", 401, "no `Authorization` header"
    INVALID_TOKEN = "invalid_token", 401, "the token is wrong or revoked"
    TEAM_DEACTIVATED = (
        "team_deactivated",
        401,
        "the token's team was deactivated: its tokens no longer work (its data is kept)",
    )
    NOT_FOUND = (
        "not_found",
        404,
        "no such record in your team (another team's ID answers the same)",
    )
    METHOD_NOT_ALLOWED = "method_not_allowed", 405, "the path does not take this method"
    NOT_ACCEPTABLE = "not_acceptable", 406, "the `Accept` header rules out JSON"
    CONFLICT = (
        "conflict",
        409,
        "the write clashes with existing data (a duplicate, an archived record, a company "
        "that still has contacts); `existing_id` or `existing_ids` name the other records",
    )
    BATCH_FAILED = (
        "batch_failed",
        400,
        "an `atomic` batch had operations that failed, so none was written; `results` "
        "lists each failed operation with its own status and error",
    )
    CURSOR_EXPIRED = (
        "cursor_expired",
        410,
        "the change feed's cursor is older than the events it keeps (`EVENT_RETENTION_DAYS`); "
        "read the records' lists again and the feed from its start",
    )
    CONTACT_MERGED = (
        "contact_merged",
        410,
        "the contact was merged into another, which `merged_into_id` names: use that ID",
    )
    LENGTH_REQUIRED = (
        "length_required",
        411,
        "a chunked body sent to a server that does not decode it",
    )
    PRECONDITION_FAILED = (
        "precondition_failed",
        412,
        "`If-Match` names none of the record's current ETag: it changed since it was read",
    )
    PAYLOAD_TOO_LARGE = (
        "payload_too_large",
        413,
        "the body is over the size limit (1 MiB by default)",
    )
    URI_TOO_LONG = (
        "uri_too_long",
        414,
        "the URL (path and query string) is over the length limit (4096 bytes by default)",
    )
    UNSUPPORTED_MEDIA_TYPE = (
        "unsupported_media_type",
        415,
        "the body is not sent as `application/json`",
    )
    IDEMPOTENCY_KEY_REUSED = (
        "idempotency_key_reused",
        422,
        "this Idempotency-Key was used with a different request",
    )
    RATE_LIMITED = (
        "rate_limited",
        429,
        "too many requests this minute for this token (or, without a valid token, for this "
        "address); `Retry-After` says when to retry",
    )
    SERVER_ERROR = "server_error", 500, "a fault on our side"
    SERVICE_UNAVAILABLE = (
        "service_unavailable",
        503,
        "the database cannot be reached; `Retry-After` says when to retry",
    )
    # Answered by Django's HTTPS redirect, before the API's views (crm.api.middleware).
    HTTPS_REQUIRED = "https_required", 301, "send the request over HTTPS, to `Location`"


# The codes as plain strings, as every renderer (YAML too) takes them.
ERROR_CODES = [code.value for code in ErrorCode]

# DRF's codes, renamed where a client deserves a plainer word.
_DRF_CODES = {
    "invalid": ErrorCode.VALIDATION_ERROR,
    "parse_error": ErrorCode.INVALID_JSON,
    "authentication_failed": ErrorCode.INVALID_TOKEN,
}


class PayloadTooLarge(exceptions.APIException):
    status_code = ErrorCode.PAYLOAD_TOO_LARGE.status
    default_code = ErrorCode.PAYLOAD_TOO_LARGE
    default_detail = "The request body is too large."


COMPACT = {"separators": (",", ":")}  # as DRF renders


def error_body(code: ErrorCode, message: str, fields: dict | None = None) -> dict:
    return {
        "success": False,
        "error": {"code": code.value, "message": message, "fields": fields or {}},
    }


@extend_schema_field({"type": "boolean", "enum": [False]})
class FailureField(serializers.BooleanField):
    """`success`: always false in an error."""


class ErrorDetailSerializer(serializers.Serializer):
    """What went wrong."""

    code = serializers.ChoiceField(
        choices=ERROR_CODES, help_text="A stable, machine-readable code."
    )
    message = serializers.CharField(help_text="A sentence for the person reading the logs.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Each bad request field or parameter, as the client spelled it "
        "(`.` for nesting), with its messages. Empty when no field is to blame.",
    )
    # The details a ConflictError may add.
    existing_id = serializers.CharField(
        required=False, allow_null=True, help_text="409 only: the record this one clashes with."
    )
    existing_ids = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="409 only: the records that all match an upsert's key.",
    )
    contact_count = serializers.IntegerField(
        required=False, help_text="409 only: the live contacts that keep a company from deletion."
    )
    archived_at = serializers.DateTimeField(
        required=False, help_text="409 only: when the record that cannot be changed was archived."
    )
    results = serializers.ListField(
        child=serializers.DictField(),
        required=False,
        help_text="`batch_failed` only: each failed operation, `{index, status, error}`.",
    )
    merged_into_id = serializers.CharField(
        required=False, help_text="410 `contact_merged` only: the contact it was merged into."
    )


class ErrorSerializer(serializers.Serializer):
    """Every error response: `{"success": false, "error": {...}}`."""

    success = FailureField()
    error = ErrorDetailSerializer()


def exception_handler(exc, context):
    """DRF's exception hook: every error, including Django's own, becomes the JSON shape."""
    if isinstance(exc, ConflictError):
        _roll_back_request(context)
        fields = {wire_name(name): messages for name, messages in exc.fields.items()}
        body = error_body(ErrorCode.CONFLICT, exc.message, fields)
        body["error"].update(exc.details)
        return Response(body, status=ErrorCode.CONFLICT.status)
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
        body = error_body(ErrorCode.VALIDATION_ERROR, message, fields)
    else:
        detail = exc.detail
        fields = {}
        if isinstance(detail, dict):
            fields = flatten_detail(
                {key: value for key, value in detail.items() if key != "message"}
            )
            detail = detail.get("message", "")
        code = detail.code if hasattr(detail, "code") else exc.default_code
        # A code outside the registry is a bug, and fails loudly here.
        body = error_body(_DRF_CODES.get(code) or ErrorCode(code), str(detail), fields)
        # Facts an exception adds to the error object as they are (a failed batch's `results`,
        # a merged contact's `merged_into_id`).
        body["error"].update(getattr(exc, "details", {}))

    _roll_back_request(context)
    return Response(body, status=exc.status_code, headers=headers)


def _roll_back_request(context) -> None:
    """An error answer writes nothing: the transaction of a request that may write is undone
    (crm.api.views opens one for it). A read has none of its own to undo."""
    request = context.get("request")
    if request is None or request.method in SAFE_METHODS:
        return
    if transaction.get_connection().in_atomic_block:
        transaction.set_rollback(True)


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


def json_error(code: ErrorCode, message: str, **kwargs) -> JsonResponse:
    """An error in the one shape, for code outside DRF's views (middleware, Django's handlers)."""
    return JsonResponse(
        error_body(code, message), status=code.status, json_dumps_params=COMPACT, **kwargs
    )


# Token-authenticated like every endpoint, so no CSRF check: a POST to a mistyped path is a 404.
@csrf_exempt
def api_not_found(request, *args, **kwargs):
    """Any unknown path under /api/."""
    return json_error(ErrorCode.NOT_FOUND, f"No API endpoint at {request.path}.")


def server_error(request, *args, **kwargs):
    """handler500: JSON under /api/, Django's plain page elsewhere."""
    if is_api(request):
        return json_error(
            ErrorCode.SERVER_ERROR, "Something went wrong on our side; it has been logged."
        )
    from django.views.defaults import server_error as html_server_error

    return html_server_error(request, *args, **kwargs)
