"""The success envelope, `{"success": true, ...}`, and its shape in the OpenAPI document."""

import copy

from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers
from rest_framework import status as http_status
from rest_framework.response import Response


def success(status: int = http_status.HTTP_200_OK, **payload) -> Response:
    """The success envelope: {"success": true, ...payload}."""
    return Response({"success": True, **payload}, status=status)


@extend_schema_field({"type": "boolean", "enum": [True]})
class SuccessField(serializers.BooleanField):
    """`success`: always true in a success envelope."""


def envelope(name: str, key: str, serializer_class, **extra_fields) -> type:
    """The document's `{"success": true, **extra_fields, key: <serializer_class>}`."""
    fields = {"success": SuccessField()}
    # Copies are numbered after `success`, so they follow it as on the wire.
    fields.update({name: copy.deepcopy(field) for name, field in extra_fields.items()})
    fields[key] = serializer_class()
    return one_object(type(name, (serializers.Serializer,), fields))


def one_object(envelope_class: type) -> type:
    """An envelope is one object even when it carries a list: no list or pagination wrapping."""
    return extend_schema_serializer(many=False)(envelope_class)
