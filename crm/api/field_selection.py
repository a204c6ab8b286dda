"""`?fields=first_name,phone`: the fields a list or a record answer carries.

Names are the response's own (snake_case); their camelCase forms, as request bodies and
filters spell them, are taken too. `id` is always included, asked for or not, so that
every item of a trimmed answer can still be addressed. An unknown name is a 400 that
lists the names the endpoint has. Fields left out are not worked out at all (a
contact's `next_callable_at` costs nothing when it is not asked for).
"""

from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError

from crm.api.naming import to_camel

PARAMETER = "fields"
ALWAYS_INCLUDED = frozenset({"id"})


def schema_parameter(names: list[str]) -> OpenApiParameter:
    """`fields` in the OpenAPI document: a comma-separated list of the response's names."""
    return OpenApiParameter(
        PARAMETER,
        {"type": "array", "items": {"type": "string", "enum": names}, "minItems": 1},
        OpenApiParameter.QUERY,
        style="form",
        explode=False,
        description="Optional. Only these fields of each record, comma-separated "
        "(`fields=first_name,phone`); `id` is always included. The camelCase forms "
        "(`firstName`) are taken too. An unknown name is a 400. The response's record schema "
        "requires only `id`: with `fields`, only the fields named are present; without, all.",
    )


def selected(value: str | None, available) -> set[str] | None:
    """The response field names `value` (the parameter) selects; None for all of them."""
    if value is None:
        return None
    by_name = {}
    for name in available:
        by_name[name] = name
        by_name.setdefault(to_camel(name), name)
    asked = [part.strip() for part in value.split(",") if part.strip()]
    unknown = [name for name in asked if name not in by_name]
    if unknown:
        raise ValidationError(
            {
                PARAMETER: [
                    f"Unknown field{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}. "
                    f"This endpoint has: {', '.join(available)}."
                ]
            }
        )
    return {by_name[name] for name in asked} | (ALWAYS_INCLUDED & set(available))


def apply(serializer, names: set[str] | None):
    """Drop from `serializer` (or a list serializer's child) the fields not in `names`."""
    if names is None:
        return serializer
    fields = getattr(serializer, "child", serializer).fields
    for name in [name for name in fields if name not in names]:
        fields.pop(name)
    return serializer
