"""The OpenAPI document (`/api/schema/`, browsable at `/api/docs/`), built by drf-spectacular.

drf-spectacular reads the viewsets; this module teaches it the wire conventions
that the shared API layer applies to every endpoint, reading each from the code
that applies it, so the document describes what clients really send and receive:

- request bodies are the camelCase RequestSerializer fields, and nothing else
  (`additionalProperties: false`: unknown fields are 400s);
- responses are wrapped in the success envelope (`crm.api.envelope`,
  `crm.api.pagination`), and every field of a resource is always present
  (`null` when empty), unless `fields=` chose some (then only `id` is required);
- errors share one shape, `Error`, and their codes come from the registry
  (`crm.api.errors`);
- IDs are TypeIDs (`crm.ids`), custom fields are typed after the model field
  they write, and every POST takes the headers of `crm.api.idempotency`.

Viewsets describe their operations with `extend_schema_view(**lifecycle_schema(...))`
and `extend_schema(...)` using the helpers below.
"""

import copy
import functools
import inspect
import re

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.extensions import (
    OpenApiAuthenticationExtension,
    OpenApiSerializerExtension,
    OpenApiSerializerFieldExtension,
)
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import append_meta, build_basic_type, build_parameter_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_serializer,
)
from rest_framework import serializers

from crm import ids
from crm.api import field_selection, idempotency, preconditions
from crm.api.envelope import envelope, one_object
from crm.api.errors import ErrorCode, ErrorSerializer
from crm.api.fields import BlankAsNullCharField, JSONRuleField, PublicIdField, RuleField
from crm.api.filters import PublicIdFilter, RepeatableFilter
from crm.api.pagination import EnvelopePagination, list_envelope
from crm.api.serializers import RequestSerializer

API_DESCRIPTION = """\
The CRM contacts service: a team's companies and contacts, their lifecycle and call history.

**Authentication.** Every request carries `Authorization: Bearer <token>`. A token belongs to one
team and reaches only that team's data: another team's ID answers 404 exactly like an ID that does
not exist.

**Wire format.** Request bodies are JSON objects sent as `application/json`, with camelCase field
names (`firstName`); a field the endpoint does not know, or a value of the wrong JSON type
(`"firstName": 12`), is a 400 naming the field. Responses use snake_case
(`first_name`) inside a success envelope: `{"success": true, "contact": {...}}`, or for lists
`{"success": true, "contacts": [...], "count", "limit", "offset"}`. Every field of a resource is
always present, `null` when empty. Timestamps are UTC ISO 8601 (`2024-01-15T10:00:00Z`).

**Paging.** Every list pages by `limit` and `offset`, or by cursor: send `cursor=` (empty) for the
first page and then each answer's `next_cursor` (null on the last page), with the same filters and
ordering; the answer carries `next_cursor` in place of `offset`. A cursor page is read from where
the last one ended, so it costs the same at any depth and records added or removed meanwhile move
no other record between pages. `count=false` leaves out the count (null), which reads every match.

**IDs** are [TypeIDs](https://github.com/jetify-com/typeid): `team_`, `comp_`, `cont_` or `call_`
and 26 base32 characters. A malformed ID, or one with the wrong prefix, is a 400 naming the field.

**Query parameters** are validated: an unknown parameter, one given twice (other than the
multi-value filters, such as `leadStatus` and `tags`, which take `?tags=a&tags=b` as well as
`?tags=a,b`), an empty one (other than `search`), or a value that does not parse is a 400 naming
the parameter.

**Errors** all have one shape, `{"success": false, "error": {"code", "message", "fields"}}`,
where `fields` maps each bad request field (as the client spelled it) to its messages. Besides
the statuses listed for each operation, any path may answer 405 (`method_not_allowed`) for a
method it does not take, 406 (`not_acceptable`) for an `Accept` header that rules out JSON, 411
(`length_required`) for a body sent with `Transfer-Encoding: chunked` to a server that does not
decode it (the production server does), and 500 (`server_error`) for a fault on our side.

**Retries.** Every POST takes an optional `Idempotency-Key` header: a retry with the same key and
body within 24 hours returns the first response and writes nothing new.

**Batches.** `POST /api/crm/contacts/batch` and `POST /api/crm/calls/batch` take up to 100
operations, each answered in order as its single endpoint would; `"atomic": true` writes all or
none. A batch counts as one request per operation for rate limits.

**Fields and versions.** Lists and records take `fields=first_name,phone` (`id` is always
included), so their records' schemas (`PartialContact`...) require only `id`. An answer
carrying one record has an `ETag`; `If-Match` on PATCH, DELETE and restore writes only if it is
still current (else 412). A 201 carries the new record's `Location`.

**Rate limits.** Requests are counted per token in one-minute windows (600 by default; a team
may have its own limit), and per client address for requests without a valid token. Every
response says where you stand: `RateLimit-Policy: "token";q=600;w=60` and
`RateLimit: "token";r=<remaining>;t=<seconds until the window resets>`. Over the limit the
answer is a 429 (`rate_limited`) with `Retry-After`.
"""

# `success` is a one-value enum; drf-spectacular names enums by their (value, label) pairs.
SUCCESS_TRUE = [(True, True)]
SUCCESS_FALSE = [(False, False)]

# --- responses and bodies ------------------------------------------------------------------------


def errors(*statuses: int) -> dict[int, OpenApiResponse]:
    """The error responses of an operation, each in the one error shape, with the codes of
    its status."""
    return {
        status: OpenApiResponse(ErrorSerializer, description=_error_description(status))
        for status in statuses
    }


def _error_description(status: int) -> str:
    meanings = [f"`{code}`: {code.meaning}" for code in ErrorCode if code.status == status]
    return "; ".join(meanings) + "."


def partial_body(serializer_class, *, required: list[str]) -> type:
    """The body of an action validating `serializer_class` with partial=True: only `required`
    fields must be sent. Used for the document only."""

    class PartialBody(serializer_class):
        def get_fields(self):
            fields = super().get_fields()
            for name, field in fields.items():
                field.required = name in required
            return fields

    name = serializer_class.__name__.removesuffix("Serializer")
    return extend_schema_serializer(component_name=name)(PartialBody)


# --- parameters ----------------------------------------------------------------------------------


def paging_parameters(names=None) -> list[OpenApiParameter]:
    """The paging parameters (`limit`, `offset`, `cursor`, `count`, or only `names` of them),
    for a paged action that is not a viewset's `list`."""
    return [
        OpenApiParameter(
            parameter["name"],
            parameter["schema"],
            OpenApiParameter.QUERY,
            description=parameter["description"],
        )
        for parameter in EnvelopePagination().get_schema_operation_parameters(view=None)
        if names is None or parameter["name"] in names
    ]


# --- the operations of a TeamScopedViewSet -------------------------------------------------------

# Errors every authenticated operation can answer: a bad parameter or ID, no token, a wrong Accept,
# a URL too long, too many requests.
_ALWAYS = (400, 401, 406, 414, 429)
# And a POST or PATCH body: too large, or not sent as JSON.
_BODY = (413, 415)


def read_schema(
    serializer_class,
    *,
    key: str,
    list_key: str,
    retrieve_description: str | None = None,
    one: type | None = None,
    page: type | None = None,
) -> dict:
    """`extend_schema_view` arguments for a TeamScopedReadOnlyViewSet's list and retrieve, in
    the success envelope and the error shape (`one` and `page`, when another operation
    already answers them)."""
    name = serializer_class.__name__.removesuffix("Serializer")
    one = one or envelope(f"{name}Response", key, serializer_class)
    page = page or list_envelope(f"{name}ListResponse", list_key, serializer_class)
    if retrieve_description is None:
        retrieve_description = (
            f"Archived {list_key} can be fetched by ID too (`archived_at` is set)."
        )
    return {
        "list": extend_schema(
            summary=f"List {list_key}",
            # The description is the FilterSet's docstring (see AutoSchema.get_description).
            responses={200: page, **errors(*_ALWAYS, 404)},
        ),
        "retrieve": extend_schema(
            summary=f"Get a {key}",
            description=retrieve_description,
            responses={200: one, **errors(*_ALWAYS, 404)},
        ),
    }


def lifecycle_schema(
    serializer_class,
    *,
    key: str,
    list_key: str,
    create_serializer,
    update_serializer,
    destroy_parameters: tuple[OpenApiParameter, ...] = (),
    destroy_description: str = "",
    destroy_conflicts: bool = False,
) -> dict:
    """`extend_schema_view` arguments for a TeamScopedViewSet's list, create, retrieve,
    partial_update, destroy and restore, in the success envelope and the error shape."""
    name = serializer_class.__name__.removesuffix("Serializer")
    one = envelope(f"{name}Response", key, serializer_class)
    return {
        **read_schema(serializer_class, key=key, list_key=list_key, one=one),
        "create": extend_schema(
            summary=f"Create a {key}",
            description=f"Answers 201 with the new {key}.",
            request=create_serializer,
            responses={201: one, **errors(*_ALWAYS, 404, 409, *_BODY, 422)},
        ),
        "partial_update": extend_schema(
            summary=f"Update a {key}",
            description="Only the fields sent change. An archived record is a 409: restore it "
            "first.",
            request=update_serializer,
            responses={200: one, **errors(*_ALWAYS, 404, 409, 412, *_BODY)},
        ),
        "destroy": extend_schema(
            summary=f"Archive a {key}",
            description=f"The {key} leaves lists and search; restore it with "
            f"`POST .../restore`. It is purged for good after the retention period. Takes no "
            f"body (none, or `{{}}`); a field sent is a 400. {destroy_description}",
            request=None,
            parameters=list(destroy_parameters),
            responses={
                200: one,
                **errors(*_ALWAYS, 404, *((409,) if destroy_conflicts else ()), 412),
            },
        ),
        "restore": extend_schema(
            summary=f"Restore an archived {key}",
            description=f"A 409 when a live {key} has taken its place meanwhile. Takes no body "
            "(none, or `{}`); a field sent is a 400.",
            request=None,
            responses={200: one, **errors(*_ALWAYS, 404, 409, 412, *_BODY, 422)},
        ),
    }


def post_errors() -> dict[int, OpenApiResponse]:
    """The errors of a POST to a record: bad input, not found, conflict, body, Idempotency-Key."""
    return errors(*_ALWAYS, 404, 409, *_BODY, 422)


def get_errors() -> dict[int, OpenApiResponse]:
    """The errors of a GET of a record or its history."""
    return errors(*_ALWAYS, 404)


# --- how drf-spectacular reads this API ----------------------------------------------------------


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's introspection, with the shared API layer's conventions."""

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if self.method in idempotency.METHODS:
            parameters += idempotency.PARAMETERS
        parameters += self._record_http_parameters()
        model = getattr(getattr(self.view, "queryset", None), "model", None)
        if "{id}" in self.path and hasattr(model, "id_prefix"):
            parameters.append(
                OpenApiParameter(
                    "id",
                    ids.json_schema(model.id_prefix),
                    OpenApiParameter.PATH,
                    description=f"The {model._meta.verbose_name}'s ID.",
                )
            )
        return parameters

    def _get_response_for_code(self, serializer, status_code, *args, **kwargs):
        # Here rather than in get_response_serializers, which extend_schema replaces.
        if str(status_code) == "200" and self._takes_fields():
            serializer = _trimmable_response(serializer)
        return super()._get_response_for_code(serializer, status_code, *args, **kwargs)

    def _takes_fields(self) -> bool:
        """Whether the operation takes `?fields=` (crm.api.field_selection)."""
        action = getattr(self.view, "action", None)
        return action in {"list", "retrieve"} and getattr(self.view, "selectable_fields", False)

    def _record_http_parameters(self) -> list[OpenApiParameter]:
        """`fields` on lists and records, `If-Match` on the writes that honour it, `ETag`
        and `Location` on the answers that carry them (crm.api.views.respond_written)."""
        action = getattr(self.view, "action", None)
        parameters = []
        if self._takes_fields():
            serializer = self.view.get_serializer_class()()
            parameters.append(field_selection.schema_parameter(list(serializer.fields)))
        if action in WRITES_WITH_IF_MATCH and _kit_write(self.view, action):
            parameters.append(preconditions.IF_MATCH_PARAMETER)
        creates = (
            action == "create" and getattr(self.view, "create_answers_one_record", False)
        ) or (action in {"upsert", "calls"} and self.method == "POST")
        if action in ANSWERS_ONE_RECORD or creates:
            parameters.append(preconditions.ETAG_PARAMETER)
        if creates:
            parameters.append(LOCATION_PARAMETER)
        return parameters

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        filterset_class = getattr(self.view, "filterset_class", None)
        prefixes = getattr(filterset_class, "parameter_prefixes", ())
        if operation is not None and getattr(self.view, "action", None) == "list" and prefixes:
            # OpenAPI has no parameter whose name varies (`customFields.industry`); this
            # extension names the family for tools, the description tells people.
            operation["x-query-parameter-patterns"] = [
                {
                    "pattern": "^" + re.escape(prefix) + ".+$",
                    "schema": {"type": "string", "maxLength": 1000},
                }
                for prefix in prefixes
            ]
        return operation

    def get_description(self):
        description = super().get_description()
        filterset_class = getattr(self.view, "filterset_class", None)
        if getattr(self.view, "action", None) == "list" and filterset_class is not None:
            return inspect.getdoc(filterset_class)
        return description


TRIMMED_NOTE = (
    "With `fields`, each record carries only the fields named, and `id`: its schema requires "
    "no other. Without, every field is present."
)


def _trimmable_response(response) -> OpenApiResponse:
    """The 200 of an operation that takes `fields`: its envelope with each record in its
    trimmable form (`_trimmable_record`), and a description that says so."""
    if not isinstance(response, OpenApiResponse):
        response = OpenApiResponse(response)
    description = " ".join(filter(None, [response.description, TRIMMED_NOTE]))
    return OpenApiResponse(
        _trimmable_envelope(response.response), description=description, examples=response.examples
    )


@functools.cache
def _trimmable_envelope(envelope_class: type) -> type:
    """`Partial<envelope>`: the envelope with its record, or list of records, trimmable."""
    fields = {}
    # Fields are created in the envelope's order: a serializer orders them by creation.
    for name, field in envelope_class._declared_fields.items():
        record = getattr(field, "child", field)
        if isinstance(record, serializers.ModelSerializer):
            trimmable = _trimmable_record(type(record))
            fields[name] = trimmable(many=True) if record is not field else trimmable()
        else:
            fields[name] = copy.deepcopy(field)
    name = f"Partial{envelope_class.__name__}"
    return one_object(type(name, (serializers.Serializer,), fields))


@functools.cache
def _trimmable_record(serializer_class: type) -> type:
    """`Partial<record>`: a record as `fields=` may trim it, where only `id` is required."""
    name = serializer_class.__name__.removesuffix("Serializer")
    record = serializer_class.Meta.model._meta.verbose_name
    trimmable = type(
        f"Partial{serializer_class.__name__}",
        (serializer_class,),
        {
            "__doc__": f"A {record} as lists and GET answer it. {TRIMMED_NOTE}",
            "fields_selectable": True,
        },
    )
    return extend_schema_serializer(component_name=f"Partial{name}")(trimmable)


class ModelSerializerSchema(OpenApiSerializerExtension):
    """A resource as the wire has it: a response carries every field, null when the model
    field is empty (only `id` is sure to be there in a record `fields=` may trim); a request
    body (RequestSerializer) refuses unknown fields, and takes "" for "not given" where the
    field allows null."""

    target_class = serializers.ModelSerializer
    match_subclasses = True

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        properties = schema.get("properties", {})
        fields = self.target.fields
        if direction == "response":
            trimmable = getattr(self.target, "fields_selectable", False)
            always = field_selection.ALWAYS_INCLUDED if trimmable else set(properties)
            schema["required"] = [name for name in properties if name in always]
            for name, field in fields.items():
                model_field = model_field_of(field)
                if name in properties and model_field is not None and model_field.null:
                    properties[name] = append_meta(properties[name], {"nullable": True})
        elif isinstance(self.target, RequestSerializer):
            schema["additionalProperties"] = False
            for name, field in fields.items():
                if isinstance(field, BlankAsNullCharField) and field.allow_null:
                    properties.get(name, {}).pop("minLength", None)
        return schema


class JSONObjectFieldSchema(OpenApiSerializerFieldExtension):
    """Custom and extracted fields (a model JSONField defaulting to {}) are always an object."""

    target_class = serializers.JSONField
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        schema = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        model_field = model_field_of(self.target)
        if isinstance(model_field, models.JSONField) and model_field.default is dict:
            schema = {"type": "object", "additionalProperties": {}, **schema}
        return schema


WRITES_WITH_IF_MATCH = frozenset({"partial_update", "destroy", "restore"})
# Actions answering one record besides a create (which answers one unless it says otherwise).
ANSWERS_ONE_RECORD = WRITES_WITH_IF_MATCH | {"retrieve", "upsert", "rotate_secret"}
LOCATION_PARAMETER = OpenApiParameter(
    "Location",
    {"type": "string"},
    OpenApiParameter.HEADER,
    response=[201],
    description="The new record's URL.",
)


def _kit_write(view, action: str) -> bool:
    """Whether the view's `action` is the kit's own write, which honours If-Match."""
    from crm.api.views import TeamScopedViewSet

    kit_write = getattr(TeamScopedViewSet, action)
    return isinstance(view, TeamScopedViewSet) and getattr(type(view), action) is kit_write


def model_field_of(field) -> models.Field | None:
    """The model field a ModelSerializer field reads or writes, if there is one."""
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    if model is None or not field.source or "." in field.source or field.source == "*":
        return None
    try:
        return model._meta.get_field(field.source)
    except FieldDoesNotExist:
        return None


def _rule_summary(rule) -> str:
    return (inspect.getdoc(rule) or "").split("\n\n")[0]


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "crm.api.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An API token of your team (`crm_...`), from "
            "`manage.py create_api_token`.",
        }


class PublicIdFieldSchema(OpenApiSerializerFieldExtension):
    target_class = PublicIdField
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        return ids.json_schema(self.target.prefix)


class RuleFieldSchema(OpenApiSerializerFieldExtension):
    """A string checked by a rule: typed after the model field it writes, described by the rule."""

    target_class = RuleField
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        model_field = model_field_of(self.target)
        if model_field is None:
            schema = build_basic_type(OpenApiTypes.STR)
        else:
            schema = auto_schema._map_model_field(model_field, direction)
            schema.pop("readOnly", None)
        schema["description"] = _rule_summary(self.target.rule)
        return schema


class JSONRuleFieldSchema(OpenApiSerializerFieldExtension):
    """A JSON value checked by a rule: tags are a list of strings, custom fields an object."""

    target_class = JSONRuleField
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        model_field = model_field_of(self.target)
        if isinstance(model_field, models.JSONField):
            schema = {"type": "object", "additionalProperties": {}}
        elif model_field is not None:
            schema = auto_schema._map_model_field(model_field, direction)
        else:
            schema = {}
        schema["description"] = _rule_summary(self.target.rule)
        return schema


class TeamScopedFilterSchema(DjangoFilterExtension):
    """Query parameters of a TeamScopedFilterSet: camelCase names, exact types, and each
    filter's `help_text` as the description."""

    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        if isinstance(filter_field, PublicIdFilter):
            # Fully known; the model lookup behind super() may even query the database.
            parameters = [
                build_parameter_type(
                    name=field_name,
                    required=filter_field.extra["required"],
                    location=OpenApiParameter.QUERY,
                    schema=ids.json_schema(filter_field.extra["prefix"]),
                )
            ]
        else:
            parameters = super().resolve_filter_field(
                auto_schema, model, filterset_class, field_name, filter_field
            )
        for parameter in parameters:
            schema = parameter["schema"]
            if isinstance(filter_field, RepeatableFilter):
                # Repeated (`?tags=a&tags=b`), how generated clients send a list; the
                # description tells of any other form (`?tags=a,b`).
                item = schema["items"] if schema.get("type") == "array" else schema  # tags
                schema = {"type": "array", "items": item, "minItems": 1}
                parameter["style"], parameter["explode"] = "form", True
            elif schema.get("type") == "string" and not {"enum", "format", "pattern"} & set(schema):
                if "max_length" in filter_field.extra:
                    schema["maxLength"] = filter_field.extra["max_length"]
                if field_name not in filterset_class.blank_allowed:
                    schema["minLength"] = 1
            parameter["schema"] = schema
            if filter_field.extra.get("help_text"):
                parameter["description"] = filter_field.extra["help_text"]
            if schema.get("format") == "date-time":
                parameter["description"] = (
                    parameter.get("description", "") + " " + INSTANT_PARAMETER_NOTE
                ).strip()
        return parameters


# An instant parameter (contacts.filtersets.InstantFormField) without an offset is a 400.
INSTANT_PARAMETER_NOTE = (
    "An RFC 3339 date-time: the UTC offset is required (`2024-01-15T10:00:00Z`, "
    "`2024-01-15T12:00:00+02:00`); a bare date (`2024-01-15`) means its midnight UTC."
)


def postprocess(result, generator, request, public):
    """The API's overview in `info.description`; paths as the reference writes them.

    The router tolerates a trailing slash (`/?`); the document shows the canonical
    paths, which have none.
    """
    result["info"]["description"] = API_DESCRIPTION
    result["paths"] = {path.rstrip("/"): item for path, item in result["paths"].items()}
    components = result["components"]["schemas"]
    _put_nullable_beside_a_type(result, components)
    components["ErrorCode"] = _open_error_code(components["ErrorCode"])
    _name_enum_values(result)
    return result


def _name_enum_values(node) -> None:
    """Give `x-enum-varnames` (read by openapi-python-client and openapi-generator) to every
    string enum with a value that is not a name, such as an ordering's `-lastName`: without
    them generated clients call such values VALUE_0, VALUE_1..."""
    if isinstance(node, list):
        for item in node:
            _name_enum_values(item)
        return
    if not isinstance(node, dict):
        return
    for value in node.values():
        _name_enum_values(value)
    values = node.get("enum")
    if not isinstance(values, list) or not all(isinstance(value, str) for value in values):
        return
    if all(value[:1].isalpha() for value in values):
        return
    node["x-enum-varnames"] = [enum_varname(value) for value in values]


def enum_varname(value: str) -> str:
    """A client's constant for an enum value: `lastName` -> LAST_NAME, and a descending
    ordering, `-lastName`, -> LAST_NAME_DESC."""
    descending = value.startswith("-")
    words = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", value.removeprefix("-"))
    name = re.sub(r"[^A-Za-z0-9]+", "_", words).strip("_").upper() or "EMPTY"
    if not name[0].isalpha():
        name = f"VALUE_{name}"
    return f"{name}_DESC" if descending else name


def _put_nullable_beside_a_type(node, components: dict) -> None:
    """OAS 3.0.3 reads `nullable` only beside a `type`: beside an `allOf` or `oneOf` strict
    validators ignore it and refuse the `null`. Such a schema becomes the one it wraps (an
    enum or object component inlined, a string's first form), with `nullable` beside its type."""
    if isinstance(node, list):
        for item in node:
            _put_nullable_beside_a_type(item, components)
        return
    if not isinstance(node, dict):
        return
    for value in node.values():
        _put_nullable_beside_a_type(value, components)
    if not node.get("nullable") or "type" in node:
        return
    wrapped = node.pop("allOf", None) or node.pop("oneOf", None)
    if not wrapped:
        return  # Any JSON value, null included.
    first = wrapped[0]
    if "$ref" in first:
        first = components[first["$ref"].rsplit("/", 1)[1]]
    # An email field's second form is the empty string, which the API answers as null.
    inlined = {key: value for key, value in first.items() if key not in node}
    if "enum" in inlined:
        inlined["enum"] = [*inlined["enum"], None]  # OAS 3.0.3: a nullable enum lists null.
    node.update(inlined)


def _open_error_code(closed: dict) -> dict:
    """Error codes are an open set: a client must take a code it does not know yet (and act
    on the status), so the document lists today's codes without closing the type on them."""
    known = ", ".join(f"`{code}`" for code in closed["enum"])
    return {
        "type": "string",
        "description": f"A stable, machine-readable code. New codes may be added: take an "
        f"unknown one by its HTTP status. Today's: {known}.",
        "example": closed["enum"][0],
    }
