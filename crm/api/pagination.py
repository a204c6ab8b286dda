import re

from django import forms
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination

from crm.api import keyset
from crm.api.envelope import SuccessField, one_object, success
from crm.api.filters import BooleanTextFormField

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_OFFSET = 2**31 - 1
# Parameters that change neither what a list holds nor its order: a cursor outlives them.
_NOT_IN_CURSOR_SCOPE = {"cursor", "limit", "count", "fields"}


class EnvelopePagination(BasePagination):
    """Paging by `limit`/`offset`, answered as {"success", <items>, "count", "limit",
    "offset"}, or by `cursor`, answered as {"success", <items>, "count", "limit",
    "next_cursor"}.

    `cursor=` (empty) asks for the first page by cursor, `cursor=<next_cursor>` for the
    next one, read after the last row's keys (crm.api.keyset), so a page at any depth costs
    what the first does. `count=false` leaves out the count (null), the one part of a page
    that grows with the list. A `limit` above MAX_LIMIT is lowered to it (and the applied
    value echoed); a non-integer or negative value, a cursor this list did not give out for
    these filters, or a cursor with an offset, is a 400 naming the parameter.
    """

    query_parameters = {"limit", "offset", "cursor", "count"}
    # `cursor=` starts paging by cursor: the first page has no cursor to give.
    blank_allowed = frozenset({"cursor"})

    def paginate_queryset(self, queryset, request, view=None, rows=None):
        """The page's rows, read through `rows(sliced queryset)` when given; the count is of
        `queryset` itself."""
        self.items_key = view.envelope_list_key
        self.limit = page_limit(request)
        self.cursor = request.query_params.get("cursor")
        with_count = _boolean(request, "count", default=True)
        if self.cursor is None:
            self.offset = _integer(request, "offset", 0, minimum=0, maximum=MAX_OFFSET)
            self.count = queryset.count() if with_count else None
            if self.count == 0:
                # Nothing matches: a page would read what the count read to find nothing
                # (a search word shorter than a trigram walks the team's rows).
                return []
            page = queryset[self.offset : self.offset + self.limit]
            return list(rows(page) if rows else page)
        if "offset" in request.query_params:
            both = "Page by `cursor` or by `offset`, not both."
            raise ValidationError({"cursor": [both], "offset": [both]})
        try:
            page = keyset.page_after(
                queryset,
                cursor=self.cursor.strip() or None,
                scope=cursor_scope(request),
                limit=self.limit,
                rows=rows,
            )
        except keyset.InvalidCursor as error:
            raise ValidationError({"cursor": [str(error)]}) from error
        self.count = queryset.count() if with_count else None
        self.next_cursor = page.next_cursor
        return page.rows

    def get_schema_operation_parameters(self, view):
        """The paging parameters in the OpenAPI document."""
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
                "description": "How many items to skip, default 0. Deep offsets cost what "
                "they skip: page deep lists by `cursor`.",
                "schema": {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET, "default": 0},
            },
            {
                "name": "cursor",
                "in": "query",
                "required": False,
                "description": "Page by cursor: empty for the first page, then each answer's "
                "`next_cursor`, with the same filters and ordering (another cursor is a 400). "
                "The answer has `next_cursor` instead of `offset`. Pages stay stable while "
                "records are added or removed, and a page at any depth costs what the first "
                "does. Not with `offset`.",
                "schema": {"type": "string", "maxLength": keyset.MAX_CURSOR_LENGTH},
                "allowEmptyValue": True,
            },
            {
                "name": "count",
                "in": "query",
                "required": False,
                "description": "`false` leaves out the count of every match (`count` is null), "
                "which reads all of them: a client walking a large list by cursor needs it once "
                "at most.",
                "schema": {"type": "boolean", "default": True},
            },
        ]

    def get_paginated_response(self, data):
        if self.cursor is None:
            position = {"offset": self.offset}
        else:
            position = {"next_cursor": self.next_cursor}
        return success(**{self.items_key: data}, count=self.count, limit=self.limit, **position)


def cursor_scope(request) -> str:
    """What a cursor is good for: the list (its path) and its filters and ordering."""
    parameters = sorted(
        (name, value)
        for name, value in request.query_params.items()
        if name not in _NOT_IN_CURSOR_SCOPE
    )
    return f"{request.path.rstrip('/')}?{parameters!r}"


def list_envelope(name: str, key: str, serializer_class) -> type:
    """The document's page: `{"success": true, key: [...], "count", "limit", "offset"}`,
    or with `next_cursor` instead of `offset` when paged by cursor."""
    fields = {
        "success": SuccessField(),
        key: serializer_class(many=True),
        "count": serializers.IntegerField(
            min_value=0,
            allow_null=True,
            help_text="All matches, before paging; null with `count=false`.",
        ),
        "limit": serializers.IntegerField(min_value=1, help_text="The page size applied."),
        "offset": serializers.IntegerField(
            min_value=0, required=False, help_text="The offset applied (paging by offset)."
        ),
        "next_cursor": serializers.CharField(
            allow_null=True,
            required=False,
            help_text="Paging by cursor: pass it as `cursor` for the next page; null on the "
            "last page.",
        ),
    }
    return one_object(type(name, (serializers.Serializer,), fields))


def page_limit(request) -> int:
    """The page size a list's `limit` asks for, lowered to MAX_LIMIT."""
    return min(_integer(request, "limit", DEFAULT_LIMIT, minimum=1), MAX_LIMIT)


# Stateless once built: one for every request.
_BOOLEAN_TEXT = BooleanTextFormField(required=False)


def _boolean(request, name, *, default: bool) -> bool:
    """A `true`/`false` parameter read as the boolean filters read theirs; absent or empty,
    `default`."""
    try:
        value = _BOOLEAN_TEXT.clean(request.query_params.get(name))
    except forms.ValidationError as error:
        raise ValidationError({name: error.messages}) from error
    return default if value is None else value


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
