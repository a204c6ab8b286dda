"""JSON as this service accepts it, from an API body or a line of an import file.

Refuses what JSON allows but PostgreSQL cannot store or a contact must never mean
silently: NaN and Infinity, numbers too large for a float, unpaired UTF-16
surrogates, a key given twice in one object ({"doNotCall": true, "doNotCall":
false}), and nesting deep enough to exhaust the stack.
"""

import json
import math


class InvalidJSON(ValueError):
    """Text that is not JSON this service accepts; the message says why."""


def loads(text: str | bytes):
    try:
        data = json.loads(
            text,
            parse_constant=_refuse_constant,
            parse_float=_finite_float,
            object_pairs_hook=_object_without_duplicate_keys,
        )
        if _may_hold_lone_surrogates(text):
            json.dumps(data, ensure_ascii=False).encode()  # and if so, they fail here
    except RecursionError as error:
        raise InvalidJSON("nested too deeply") from error
    except (ValueError, UnicodeError) as error:
        raise InvalidJSON(str(error)) from error
    return data


def _object_without_duplicate_keys(pairs: list[tuple[str, object]]) -> dict:
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


def _may_hold_lone_surrogates(text: str | bytes) -> bool:
    """Whether parsed JSON could hold a lone surrogate: only from a \\u escape, or from
    text that holds one already (json decodes bytes with surrogatepass). Lets an import
    skip re-encoding each line's data just to look for them."""
    if not isinstance(text, str) or "\\u" in text:
        return True
    try:
        text.encode()
    except UnicodeEncodeError:
        return True
    return False


def type_name(value) -> str:
    """What a parsed JSON value is, as a message names it: "an object", "a number"..."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if value is None:
        return "null"
    return "a number"
