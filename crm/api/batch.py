"""`POST .../batch`: up to BATCH_MAX operations in one request, each answered in order.

    {"atomic": false, "operations": [{"op": "create", "data": {...}},
                                     {"op": "update", "id": "cont_...", "data": {...}}]}

An operation is the single endpoint's write, through the same code: its body is checked by
the same serializer, its write done by the same service, and its answer (`status`, the
record or the `error`) is the single endpoint's. The batch answers 200 with one result per
operation, in order.

Every operation is checked before any is written. Without `atomic`, a bad operation is
answered with its error and the others go on: each write runs in its own savepoint, so a
failed one leaves nothing behind. With `"atomic": true`, nothing is written unless every
operation succeeds: a bad one is a 400 `batch_failed` naming every failed operation (those
refused by the checks, or, when all passed them, every write that failed).

An `Idempotency-Key` covers the whole batch (crm.api.idempotency). For rate limits a batch
counts as one request per operation (`operation_count`, which crm.api.ratelimit calls).
"""

from dataclasses import dataclass

from django.core.exceptions import RequestDataTooBig
from django.db import transaction
from django.urls import Resolver404, resolve
from drf_spectacular.utils import (
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
)
from rest_framework import exceptions, serializers
from rest_framework.decorators import action

from crm.api import schema
from crm.api.envelope import SuccessField, one_object, success
from crm.api.errors import ErrorCode, ErrorDetailSerializer
from crm.api.fields import StrictBooleanField
from crm.api.parsers import parse_ahead

BATCH_MAX = 100  # operations


@dataclass(frozen=True)
class Operation:
    """One kind of batch operation: the viewset method that checks it and returns its
    write (`prepare`), the key naming its record (`target`, e.g. `id`), whether it takes a
    `data` body, and whether it takes its own `ifMatch` (see crm.api.preconditions)."""

    prepare: str
    target: str | None = None
    data: bool = False
    if_match: bool = False
    # The request body `data` is, for the OpenAPI document.
    data_serializer: type | None = None

    def wire_keys(self) -> set[str]:
        keys = {"op"}
        if self.target:
            keys.add(self.target)
        if self.data:
            keys.add("data")
        if self.if_match:
            keys.add("ifMatch")
        return keys


class BatchFailed(exceptions.APIException):
    status_code = ErrorCode.BATCH_FAILED.status
    default_code = ErrorCode.BATCH_FAILED

    def __init__(self, failures: list[dict]):
        super().__init__(
            {
                "message": f"{len(failures)} operation{'s' if len(failures) > 1 else ''} "
                "failed, so none was written: see `results`.",
                **_failed_fields(failures),
            }
        )
        self.details = {"results": failures}


class BatchBodySerializer(serializers.Serializer):
    """The body of a batch: the operations, and whether they succeed or fail together."""

    atomic = StrictBooleanField(
        required=False,
        default=False,
        help_text="true: write every operation or none (a 400 `batch_failed` names each "
        "failed one). false (the default): each operation succeeds or fails alone.",
    )
    operations = serializers.ListField(
        child=serializers.JSONField(),
        min_length=1,
        max_length=BATCH_MAX,
        help_text=f"1 to {BATCH_MAX} operations, answered in this order.",
    )

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = {name: ["Unknown field."] for name in data if name not in self.fields}
            if unknown:
                raise serializers.ValidationError(unknown)
        if isinstance(data, dict) and not isinstance(data.get("operations", []), list):
            raise serializers.ValidationError({"operations": ["Must be a list of operations."]})
        return super().to_internal_value(data)


def operation_count(request) -> int | None:
    """How many operations `request` carries if it is a batch: a POST routed to a
    `BatchMixin.batch` action whose body the action would accept (JSONObjectParser, then
    BatchBodySerializer). None for any other request, and for a malformed batch, which its
    view refuses. Read before the view runs (the rate limiter counts it first); the view
    then takes the body parsed and checked here instead of doing both again."""
    if request.method != "POST" or not _routes_to_batch(request):
        return None
    try:
        body = parse_ahead(request)
    except (exceptions.APIException, RequestDataTooBig):
        return None
    serializer = BatchBodySerializer(data=body)
    if not serializer.is_valid():
        return None
    setattr(request, _COUNTED_BATCH, (body, serializer.validated_data))
    return len(serializer.validated_data["operations"])


_COUNTED_BATCH = "_crm_counted_batch"  # (the parsed body, BatchBodySerializer's reading of it)


def _routes_to_batch(request) -> bool:
    # Only a path ending in the action's segment is worth resolving.
    if request.path_info.rstrip("/").rpartition("/")[2] != BatchMixin.batch.url_path:
        return False
    try:
        view = resolve(request.path_info, getattr(request, "urlconf", None)).func
    except Resolver404:
        return False
    return getattr(view, "actions", {}).get("post") == "batch" and issubclass(
        getattr(view, "cls", object), BatchMixin
    )


class BatchMixin:
    """`POST .../batch` for a TeamScopedReadOnlyViewSet that declares `batch_operations`
    (op name -> Operation) and an envelope key for the records its operations write."""

    batch_operations: dict[str, Operation] = {}

    @action(detail=False, methods=["post"])
    def batch(self, request, *args, **kwargs):
        body = self._batch_body()
        operations, atomic = body["operations"], body["atomic"]
        checked = [self._attempt(lambda item=item: self._check(item)) for item in operations]
        failures = {index for index, (_, failure) in enumerate(checked) if failure is not None}
        if atomic and failures:
            raise BatchFailed([self._result(i, *checked[i]) for i in sorted(failures)])
        results = []
        for index, (write, failure) in enumerate(checked):
            if failure is None:
                written, failure = self._attempt(lambda write=write: self._rendered(write()))
                results.append(self._result(index, written, failure))
            else:
                results.append(self._result(index, None, failure))
        failed = [result for result in results if "error" in result]
        if atomic and failed:
            raise BatchFailed(failed)
        return self.respond_batch(results, failed=len(failed))

    def _batch_body(self) -> dict:
        """The body as BatchBodySerializer reads it; the rate limiter's reading when it
        counted this very body (the parser returned the object it parsed)."""
        counted = getattr(self.request._request, _COUNTED_BATCH, None)
        if counted is not None and counted[0] is self.request.data:
            return counted[1]
        return self.validated(BatchBodySerializer)

    def respond_batch(self, results: list[dict], *, failed: int):
        return success(succeeded=len(results) - failed, failed=failed, results=results)

    def _rendered(self, written) -> tuple[int, dict, dict]:
        return (written.status, *self.render_written(written))

    def _check(self, item):
        """The write an operation asks for, once its shape, target and body are checked."""
        if not isinstance(item, dict):
            raise exceptions.ValidationError(["An operation is a JSON object with an `op`."])
        name = item.get("op")
        operation = self.batch_operations.get(name) if isinstance(name, str) else None
        if operation is None:
            names = ", ".join(self.batch_operations)
            raise exceptions.ValidationError({"op": [f"Use one of: {names}."]})
        problems = {
            key: [f"Unknown field for '{name}'."]
            for key in item
            if key not in operation.wire_keys()
        }
        for key in operation.wire_keys() - {"ifMatch"}:
            if key not in item:
                problems[key] = ["This field is required."]
        if_match = item.get("ifMatch")
        if if_match is not None and not isinstance(if_match, str):
            problems["ifMatch"] = ["Must be a string: an ETag, or *."]
        if problems:
            raise exceptions.ValidationError(problems)
        arguments = [
            item[key] for key in (operation.target, "data") if key in operation.wire_keys()
        ]
        options = {"if_match": if_match} if operation.if_match else {}
        return getattr(self, operation.prepare)(*arguments, **options)

    def _attempt(self, step):
        """`step()` in a savepoint: (its result, None), or (None, the error answer) with the
        savepoint rolled back. A fault that is no API error (a bug) still ends the request."""
        with transaction.atomic():
            try:
                return step(), None
            except Exception as error:
                handler = self.get_exception_handler()
                response = handler(error, self.get_exception_handler_context())
                if response is None:
                    raise
                # The handler marked the innermost atomic block (this savepoint) for rollback.
                return None, response

    def _result(self, index: int, written, failure) -> dict:
        if failure is not None:
            return {"index": index, "status": failure.status_code, "error": failure.data["error"]}
        status, body, headers = written
        result = {"index": index, "status": status, "etag": headers["ETag"]}
        if "Location" in headers:
            result["location"] = headers["Location"]
        return {**result, **body}


def _failed_fields(failures: list[dict]) -> dict:
    """The `fields` of a failed atomic batch: each failed operation's fields under
    `operations.<index>`, or the operation itself for an error without fields."""
    fields = {}
    for failure in failures:
        prefix = f"operations.{failure['index']}"
        named = failure["error"]["fields"]
        if named:
            fields.update({f"{prefix}.{name}": messages for name, messages in named.items()})
        else:
            fields[prefix] = [failure["error"]["message"]]
    return fields


def batch_schema(
    *,
    name: str,
    key: str,
    serializer_class,
    operations: dict[str, Operation],
    summary: str,
    description: str,
):
    """`extend_schema` of a viewset's batch action: its body and its 200 in the document."""
    variants = {}
    for op, operation in operations.items():
        # Named in SPECTACULAR_SETTINGS' ENUM_NAME_OVERRIDES: one enum per kind of operation.
        fields = {"op": serializers.ChoiceField(choices=[op])}
        if operation.target:
            fields[operation.target] = serializers.CharField(help_text="The record's ID.")
        if operation.data:
            fields["data"] = operation.data_serializer()
        if operation.if_match:
            fields["ifMatch"] = serializers.CharField(
                required=False,
                help_text="Optional: write only if the record's ETag is this (see If-Match).",
            )
        component = f"{name}{op.capitalize()}Operation"
        variants[op] = type(component, (serializers.Serializer,), fields)
    body = type(
        f"{name}BatchRequest",
        (BatchBodySerializer,),
        {
            "operations": serializers.ListField(
                child=PolymorphicProxySerializer(
                    component_name=f"{name}BatchOperation",
                    serializers=variants,
                    resource_type_field_name="op",
                ),
                min_length=1,
                max_length=BATCH_MAX,
            )
        },
    )
    result = type(
        f"{name}BatchResult",
        (serializers.Serializer,),
        {
            "index": serializers.IntegerField(help_text="The operation's place in the request."),
            "status": serializers.IntegerField(
                help_text="The status the single endpoint would have answered."
            ),
            "etag": serializers.CharField(required=False, help_text="On success: the ETag."),
            "location": serializers.CharField(
                required=False, help_text="On a 201: the new record's URL."
            ),
            "created": serializers.BooleanField(
                required=False, help_text="upsert only: whether it created the record."
            ),
            key: serializer_class(required=False, help_text="On success: the record."),
            "error": ErrorDetailSerializer(required=False, help_text="On failure: the error."),
        },
    )
    response = one_object(
        type(
            f"{name}BatchResponse",
            (serializers.Serializer,),
            {
                "success": SuccessField(),
                "succeeded": serializers.IntegerField(),
                "failed": serializers.IntegerField(),
                "results": result(many=True),
            },
        )
    )
    return extend_schema(
        summary=summary,
        description=description,
        request=body,
        responses={
            200: OpenApiResponse(response, description="One result per operation, in order."),
            **schema.post_errors(),
        },
    )
