import re

from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination

from crm.api.envelope import SuccessField, one_object, success

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_OFFSET = 2**31 - 1


class EnvelopePagination(BasePagination):
    """`limit`/`offset` paging answered as {"success", <items>, "count", "limit", "offset"}.

    A `limit` above MAX_LIMIT is lowered to it (and the applied value echoed);
    a non-integer or negative value is a 400 naming the parameter.
    """

    query_parameters = {"limit", "offset"}

    def paginate_queryset(self, queryset, request, view=None):
        self.items_key = view.envelope_list_key
        self.limit = page_limit(request)
        self.offset = _integer(request, "offset", 0, minimum=0, maximum=MAX_OFFSET)
        self.count = queryset.count()
        return list(queryset[self.offset : self.offset + self.limit])

    def get_schema_operation_parameters(self, view):
        """`limit` and `offset` in the OpenAPI document."""
        return [
            {
                "name": "limit",
                "in": "query",
                "required": False,
                "description": f"Page size, default {DEFAULT_LIMIT}; a value above {MAX_LIMIT} "
                f"is lowered to {MAX_LIMIT} (the applied value is echoed).",
                # _integer reads at most 12 digits.
                "schema": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": 10**12 - 1,
                    "default": DEFAULT_LIMIT,
                },
            },
            {
                "name": "offset",
                "in": "query",
                "required": False,
                "description": "How many items to skip, default 0.",
                "schema": {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET, "default": 0},
            },
        ]

    def get_paginated_response(self, data):
        return success(
            **{self.items_key: data},
            count=self.count,
            limit=self.limit,
            offset=self.offset,
        )


def list_envelope(name: str, key: str, serializer_class) -> type:
    """The document's page: `{"success": true, key: [...], "count", "limit", "offset"}`."""
    fields = {
        "success": SuccessField(),
        key: serializer_class(many=True),
        "count": serializers.IntegerField(min_value=0, help_text="All matches, before paging."),
        "limit": serializers.IntegerField(min_value=1, help_text="The page size applied."),
        "offset": serializers.IntegerField(min_value=0, help_text="The offset applied."),
    }
    return one_object(type(name, (serializers.Serializer,), fields))


def page_limit(request) -> int:
    """The page size a list's `limit` asks for, lowered to MAX_LIMIT."""
    return min(_integer(request, "limit", DEFAULT_LIMIT, minimum=1), MAX_LIMIT)


def _integer(request, name, default, *, minimum, maximum=None):
    raw = request.query_params.get(name)
    if raw is None or raw.strip() == "":
        return default
    if not re.fullmatch(r"-?[0-9]{1,12}", raw.strip()):
        raise ValidationError({name: [f"Must be a whole number, not '{raw[:20]}'."]})
    value = int(raw)
    if value < minimum or (maximum is not None and value > maximum):
        bound = f"at least {minimum}" if maximum is None else f"between {minimum} and {maximum}"
        raise ValidationError({name: [f"Must be {bound}."]})
    return value
