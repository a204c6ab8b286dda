"""Serializer fields shared by every endpoint."""

import zoneinfo
from datetime import UTC, datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.dateparse import parse_datetime
from rest_framework import serializers
from rest_framework.settings import api_settings

from crm import ids, strict_json

# The JSON type each kind of DRF field reads. DRF converts between them (12 becomes "12" for a
# CharField, "5" becomes 5 for an IntegerField); a request body's value of another type is
# refused instead, by RequestSerializer. Fields not listed check their values themselves.
_JSON_TYPES = (
    (serializers.BooleanField, "boolean"),
    (serializers.IntegerField, "integer"),
    ((serializers.FloatField, serializers.DecimalField), "number"),
    (
        (
            serializers.CharField,
            serializers.ChoiceField,
            serializers.DateTimeField,
            serializers.DateField,
            serializers.TimeField,
            serializers.DurationField,
            serializers.UUIDField,
        ),
        "string",
    ),
    (serializers.ListField, "array"),
    (serializers.DictField, "object"),
)
_EXPECTED = {
    "boolean": "true or false",
    "integer": "a whole number",
    "number": "a number",
    "string": "a string",
    "array": "an array",
    "object": "an object",
}


def json_type_error(field: serializers.Field, value) -> str | None:
    """Why `value`, read from a JSON body, is of the wrong JSON type for `field`, or None.

    null is left to the field (its allow_null). A whole number may be written 5 or 5.0.
    """
    if value is None:
        return None
    expected = next((name for kinds, name in _JSON_TYPES if isinstance(field, kinds)), None)
    if expected is None or _is_json_type(value, expected):
        return None
    if expected == "integer" and isinstance(value, float):
        return f"Must be a whole number, not {value:g}."  # "not a number" would puzzle
    return f"Must be {_EXPECTED[expected]}, not {strict_json.type_name(value)}."


def _is_json_type(value, expected: str) -> bool:
    if isinstance(value, bool):
        return expected == "boolean"
    if expected == "integer":
        return isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    if expected == "number":
        return isinstance(value, int | float)
    kind = {"boolean": bool, "string": str, "array": list, "object": dict}[expected]
    return isinstance(value, kind)


class PublicIdField(serializers.Field):
    """A TypeID on the wire (`cont_01j...`), a UUID inside."""

    def __init__(self, prefix: str, **kwargs):
        self.prefix = prefix
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        try:
            return ids.decode(self.prefix, data)
        except ids.InvalidId as error:
            raise serializers.ValidationError(str(error)) from error

    def to_representation(self, value):
        # A page's records share a team, and often a company: the last answer is kept.
        if value != getattr(self, "_last_value", None):
            self._last_value, self._last_text = value, ids.encode(self.prefix, value)
        return self._last_text


class StrictBooleanField(serializers.BooleanField):
    """Only JSON `true` or `false`: a flag like do-not-call is never guessed from "no" or 0."""

    default_error_messages = {"invalid": "Must be true or false (a JSON boolean)."}

    def to_internal_value(self, data):
        if data is True or data is False:
            return data
        self.fail("invalid")


class BlankAsNullCharField(serializers.CharField):
    """A string where "" (or only spaces) means "not given" and is stored as null.

    Applies to fields that allow null; required fields still refuse blanks.
    """

    def run_validation(self, data=serializers.empty):
        if self.allow_null and isinstance(data, str) and not data.strip():
            return None
        return super().run_validation(data)


class RuleField(BlankAsNullCharField):
    """A string normalised by one of the shared rule functions (e.g. `normalize_phone`)."""

    def __init__(self, rule, **kwargs):
        self.rule = rule
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        text = super().to_internal_value(data)
        try:
            return self.rule(text)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error


class JSONRuleField(serializers.Field):
    """A JSON value (list or object) checked by a shared rule function."""

    def __init__(self, rule, **kwargs):
        self.rule = rule
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        try:
            return self.rule(data)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error

    def to_representation(self, value):
        return value


UTC_SECONDS_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
_UTC_ZONES = (UTC, zoneinfo.ZoneInfo("UTC"))


class InstantField(serializers.DateTimeField):
    """A date and time in a response, as DRF writes it (settings' format, in the current time
    zone). The zone is read once per response, when the field joins its serializer, rather
    than for every value: each read goes through a context-local, and a page of contacts
    has two hundred values.

    The API's own case, whole seconds in UTC (`2024-01-15T10:00:00Z`), is written from
    `isoformat`, which reads the parts in C, rather than by DRF's zone checks and `strftime`."""

    def bind(self, field_name, parent):
        super().bind(field_name, parent)
        self.timezone = self.default_timezone()
        output_format = getattr(self, "format", api_settings.DATETIME_FORMAT)
        self._utc_seconds = output_format == UTC_SECONDS_FORMAT and self.timezone in _UTC_ZONES

    def to_representation(self, value):
        if (
            getattr(self, "_utc_seconds", False)
            and isinstance(value, datetime)
            and value.tzinfo is not None
            and value.year >= 1000  # strftime writes no leading zeros, isoformat does
        ):
            return value.astimezone(UTC).isoformat(timespec="seconds")[:19] + "Z"
        return super().to_representation(value)


class AwareDateTimeField(serializers.DateTimeField):
    """An ISO 8601 date and time with its UTC offset (`2024-01-15T10:00:00Z`).

    A time without an offset is refused rather than guessed: the same wall-clock
    time means different instants in the contact's and the server's zones.
    """

    default_error_messages = {
        "naive": "Give the UTC offset too, e.g. 2024-01-15T10:00:00Z or +02:00.",
    }

    def to_internal_value(self, value):
        if isinstance(value, str) and not _has_offset(value):
            self.fail("naive")
        return super().to_internal_value(value)


def _has_offset(text: str) -> bool:
    try:
        parsed = parse_datetime(text.strip())
    except ValueError:
        return True  # not a datetime at all: let DRF say so
    return parsed is None or parsed.tzinfo is not None


class StoredPhoneField(serializers.CharField):
    """A stored phone number as its E.164 text. Every write path stores numbers normalised,
    so the text read from the database is the answer; `str()` of the library's object would
    validate the number against its metadata again, a tenth of a list response's time."""

    def to_representation(self, value):
        return getattr(value, "raw_input", None) or str(value)
