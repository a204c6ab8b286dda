"""Keyset paging: the page after a cursor is read as an index range, never skipped to.

A list's order is the one its queryset declares (`order_by`, else the model's
`Meta.ordering`). To page by cursor it must end in the primary key, so that every row has
one place however many share the other keys, and go one way (every key ascending, or every
key descending), so that "after this row" is one row comparison that an index on the same
columns serves: `(created_at, id) < (%s, %s)`. A nullable key splits "after" into a few
ranges, read one after another (`ranges_after`); a key that is not a column of the model
itself (an expression, a related field) is read back through an annotation.

Rows inserted or removed meanwhile move no row of a later page: the cursor is the last
row's keys, not a position.
"""

import hashlib
import uuid
import zlib
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from django.core import signing
from django.core.exceptions import ImproperlyConfigured
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.db.models import F, Func, Value
from django.db.models.constants import LOOKUP_SEP
from django.db.models.expressions import OrderBy
from django.db.models.lookups import Exact, GreaterThan, IsNull, LessThan

SIGNING_SALT = "crm.api.keyset.cursor"
# A cursor carries a few keys: far shorter than this, whatever they hold.
MAX_CURSOR_LENGTH = 2000


class InvalidCursor(Exception):
    """A cursor this list did not give out, or gave out for other filters or another order."""


@dataclass(frozen=True)
class SortKey:
    """One key of a list's order, as keyset paging needs it."""

    expression: models.Expression  # as declared: F("created_at"), Lower("last_name")...
    descending: bool
    nulls_first: bool  # where NULLs come in the order read
    nullable: bool
    field: models.Field  # what the key's values are (`to_python` reads a cursor's)
    attribute: str  # the row's attribute that holds the key's value
    selected: bool  # whether paging selects it under `attribute` (a computed or related key)

    @property
    def signature(self) -> str:
        way = "desc" if self.descending else "asc"
        nulls = "first" if self.nulls_first else "last"
        return f"{self.expression!r} {way} nulls {nulls}"


class Row(Func):
    """A row constructor, `(a, b, c)`: rows compare key by key, as an index orders them."""

    template = "(%(expressions)s)"
    output_field = models.Field()


@dataclass(frozen=True)
class Page:
    rows: list
    next_cursor: str | None  # None on the last page


def page_after(queryset, *, cursor: str | None, scope: str, limit: int, rows=None) -> Page:
    """The `limit` rows of `queryset` after `cursor` (from the start when None), and the
    cursor after them; read through `rows(sliced queryset)` when given.

    `scope` names what the cursor is good for (the list and its filters): a cursor given out
    under another scope, altered, or not a cursor at all raises InvalidCursor.
    """
    keys = sort_keys(queryset)
    scope = _scope_digest(scope, keys)
    queryset = queryset.annotate(**{key.attribute: key.expression for key in keys if key.selected})
    if cursor is None:
        ranges = [[]]
    else:
        ranges = ranges_after(keys, decode_cursor(cursor, scope=scope, keys=keys))
    read = rows or (lambda sliced: sliced)
    found = []
    for conditions in ranges:  # further ranges are read only by a page that crosses into them
        found += read(queryset.filter(*conditions)[: limit + 1 - len(found)])
        if len(found) > limit:
            break
    if len(found) <= limit:
        return Page(rows=found, next_cursor=None)
    last = found[limit - 1]
    values = [getattr(last, key.attribute) for key in keys]
    return Page(rows=found[:limit], next_cursor=encode_cursor(values, scope=scope))


def sort_keys(queryset) -> list[SortKey]:
    """The keys of `queryset`'s order. A list whose order cannot be paged by cursor (none,
    not ending in the primary key, or mixing directions) is a programming error."""
    model = queryset.model
    query = queryset.query.clone()  # resolving a related key adds its join
    declared = query.order_by or (model._meta.ordering if query.default_ordering else ())
    keys = [_sort_key(query, _as_order_by(item), index) for index, item in enumerate(declared)]
    last = keys[-1].expression if keys else None
    if not (isinstance(last, F) and last.name in {"pk", model._meta.pk.name}):
        raise ImproperlyConfigured(
            f"{model.__name__} lists must be ordered by keys ending in the primary key to be "
            f"paged by cursor, not {list(declared)}."
        )
    if len({key.descending for key in keys}) > 1:
        raise ImproperlyConfigured(
            f"{model.__name__} lists paged by cursor must order every key the same way, not "
            f"{list(declared)}: one row comparison serves only one direction."
        )
    return keys


def _as_order_by(item) -> OrderBy:
    if isinstance(item, str):
        if item == "?":
            raise ImproperlyConfigured("A random order cannot be paged by cursor.")
        return F(item[1:]).desc() if item.startswith("-") else F(item.lstrip("+")).asc()
    return item if isinstance(item, OrderBy) else item.asc()


def _sort_key(query, order: OrderBy, index: int) -> SortKey:
    expression = order.expression
    name = expression.name if isinstance(expression, F) else None
    opts = query.get_meta()
    selected = False
    if name is not None and name in query.annotations:
        field, nullable, attribute = query.annotations[name].output_field, True, name
    elif name is not None and LOOKUP_SEP not in name:
        field = opts.pk if name == "pk" else opts.get_field(name)
        nullable, attribute = field.null, field.attname
    else:
        # Computed or related: selected alongside the row under a name of its own.
        field = expression.resolve_expression(query).output_field
        nullable, attribute, selected = True, f"cursor_key_{index}", True
    if order.nulls_first:
        nulls_first = True
    elif order.nulls_last:
        nulls_first = False
    else:
        nulls_first = order.descending  # PostgreSQL: NULLS LAST ascending, FIRST descending
    return SortKey(expression, order.descending, nulls_first, nullable, field, attribute, selected)


def ranges_after(keys: list[SortKey], values: list) -> list[list]:
    """The rows after the one whose keys are `values`, as ranges of the order, each a list
    of conditions, in the order they are read.

    Without NULLs this is one range, `(k1, k2, id) > (v1, v2, id0)`. A nullable key whose
    NULLs come after its values adds the range of its NULLs; a NULL value in the cursor
    means the rows tied on it (`k IS NULL AND (rest) > (...)`), then, when the NULLs come
    first, every row with a value (`k IS NOT NULL`).
    """
    return _ranges_after(keys, values, 0)


def _ranges_after(keys, values, start) -> list[list]:
    key, value = keys[start], values[start]
    if value is not None and not any(later.nullable for later in keys[start + 1 :]):
        ranges = [[_beyond(keys[start:], values[start:])]]
        if key.nullable and not key.nulls_first:
            ranges.append([IsNull(key.expression, True)])
        return ranges
    if value is None:
        tied = IsNull(key.expression, True)
    else:
        tied = Exact(key.expression, Value(value, output_field=key.field))
    ranges = [[tied, *conditions] for conditions in _ranges_after(keys, values, start + 1)]
    if value is None:
        if key.nulls_first:
            ranges.append([IsNull(key.expression, False)])
    else:
        ranges.append([_beyond([key], [value])])
        if key.nullable and not key.nulls_first:
            ranges.append([IsNull(key.expression, True)])
    return ranges


def _beyond(keys: list[SortKey], values: list):
    """`(k1, k2) > (v1, v2)` (`<` descending): the rows after, with no NULL among the keys."""
    if len(keys) == 1:
        left, right = keys[0].expression, Value(values[0], output_field=keys[0].field)
    else:
        left = Row(*(key.expression for key in keys))
        right = Row(*(Value(v, output_field=k.field) for k, v in zip(keys, values, strict=True)))
    return (LessThan if keys[0].descending else GreaterThan)(left, right)


# --- the cursor on the wire -----------------------------------------------------------------------


def encode_cursor(values: list, *, scope: str) -> str:
    """The opaque, signed text of a cursor: its scope and the keys of the row it follows."""
    payload = {"s": scope, "k": [_json_value(value) for value in values]}
    return signing.Signer(salt=SIGNING_SALT).sign_object(payload, compress=True)


def decode_cursor(text: str, *, scope: str, keys: list[SortKey]) -> list:
    """The key values `text` carries; InvalidCursor unless this scope signed it."""
    if len(text) > MAX_CURSOR_LENGTH:
        raise InvalidCursor("This is not a cursor this list gave out.")
    try:
        payload = signing.Signer(salt=SIGNING_SALT).unsign_object(text.strip())
    except (signing.BadSignature, ValueError, zlib.error) as error:
        raise InvalidCursor("This is not a cursor this list gave out.") from error
    if not isinstance(payload, dict) or payload.get("s") != scope:
        raise InvalidCursor(
            "This cursor was given out for another list, filters or ordering: page with the "
            "parameters that gave it, or start again with an empty `cursor`."
        )
    raw = payload.get("k")
    if not isinstance(raw, list) or len(raw) != len(keys):
        raise InvalidCursor("This is not a cursor this list gave out.")
    try:
        return [None if v is None else k.field.to_python(v) for k, v in zip(keys, raw, strict=True)]
    except (DjangoValidationError, TypeError, ValueError) as error:
        raise InvalidCursor("This is not a cursor this list gave out.") from error


def _scope_digest(scope: str, keys: list[SortKey]) -> str:
    order = ", ".join(key.signature for key in keys)
    return hashlib.sha256(f"{scope}\n{order}".encode()).hexdigest()[:16]


def _json_value(value):
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    return value
