import json
import math

from django.conf import settings
from rest_framework.exceptions import ParseError, UnsupportedMediaType
from rest_framework.parsers import BaseParser

from crm.api.errors import PayloadTooLarge


class JSONObjectParser(BaseParser):
    """Parses a request body that must be one JSON object.

    Refuses bodies over DATA_UPLOAD_MAX_MEMORY_SIZE (413), and what JSON
    allows but PostgreSQL cannot store or the API never takes: NaN and
    Infinity, numbers too large for a float, unpaired UTF-16 surrogates, keys
    given twice in one object, nesting deep enough to exhaust the stack, and
    bodies that are not objects.
    """

    media_type = "application/json"

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        raw = stream.read(limit + 1)
        if len(raw) > limit:
            raise PayloadTooLarge(f"The request body is larger than {limit} bytes.")
        if not (media_type or "").lower().startswith(self.media_type):
            raise UnsupportedMediaType(media_type)  # DRF lets "*/*" through to here
        try:
            data = json.loads(
                raw,
                parse_constant=_refuse_constant,
                parse_float=_finite_float,
                object_pairs_hook=_object_without_duplicate_keys,
            )
            # Lone surrogates decode fine but cannot be written as UTF-8.
            json.dumps(data, ensure_ascii=False).encode()
        except (ValueError, UnicodeError) as error:
            raise ParseError(f"The request body is not valid JSON: {error}") from error
        except RecursionError as error:
            raise ParseError("The request body is nested too deeply.") from error
        if not isinstance(data, dict):
            raise ParseError(
                f"The request body must be a JSON object, not {_json_type_name(data)}."
            )
        return data


def _object_without_duplicate_keys(pairs: list[tuple[str, object]]) -> dict:
    # {"doNotCall": true, "doNotCall": false} must not quietly mean false.
    result = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"the key '{key[:50]}' appears twice in one object")
        result[key] = value
    return result


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a JSON number")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text[:20]} is too large")
    return value


def _json_type_name(value) -> str:
    return {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}.get(
        type(value), "a number"
    )
