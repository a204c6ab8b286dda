"""`ETag` on every record answer, and `If-Match` on the writes that change a record.

A record's ETag is strong and names its stored version: a hash of its ID and `updated_at`,
which every write moves (a record without `updated_at`, such as a call, is never changed,
so its ID and creation time name it). It is the same whichever `fields=` were asked for,
so a tag read with a field selection can be sent back in `If-Match`. Values worked out at
read time (a contact's `call_blockers`, `next_callable_at`) are not part of the version.

`If-Match` (RFC 9110, 13.1.1) on PATCH, DELETE (archive) and restore: `*` matches any record
that exists; otherwise one of the listed tags must equal the record's current one (strong
comparison, so a weak `W/"..."` tag never matches). A mismatch is a 412 and nothing is
written; a header that is not a valid list of entity tags is a 400.
"""

import hashlib
import re

from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions

from crm.api.errors import ErrorCode

IF_MATCH = "If-Match"
# An entity tag: optional W/, then a quoted string of visible ASCII other than `"`.
_ENTITY_TAG = r'(?:W/)?"[\x21\x23-\x7e\x80-\xff]*"'
_TAG_LIST = re.compile(rf"\s*{_ENTITY_TAG}(?:\s*,\s*{_ENTITY_TAG})*\s*")
_TAG = re.compile(_ENTITY_TAG)

ETAG_PARAMETER = OpenApiParameter(
    "ETag",
    {"type": "string"},
    OpenApiParameter.HEADER,
    response=[200, 201],
    description="The record's version, a strong entity tag; send it back in `If-Match` to "
    "change the record only if nobody has changed it since.",
)
IF_MATCH_PARAMETER = OpenApiParameter(
    IF_MATCH,
    {"type": "string"},
    OpenApiParameter.HEADER,
    description="Optional. Write only if the record's current ETag is one of these "
    '(`"..."`, comma-separated), or if it exists (`*`); else a 412 and nothing is written.',
)


class PreconditionFailed(exceptions.APIException):
    status_code = ErrorCode.PRECONDITION_FAILED.status
    default_code = ErrorCode.PRECONDITION_FAILED


def etag(instance) -> str:
    """The record's strong ETag, quoted as the header carries it."""
    version = getattr(instance, "updated_at", None) or getattr(instance, "created_at", None)
    stamp = version.isoformat() if version is not None else ""
    digest = hashlib.sha256(f"{instance.public_id}@{stamp}".encode()).hexdigest()
    return f'"{digest[:32]}"'


def parse_if_match(value: str | None) -> list[str] | None:
    """The tags an `If-Match` value lists (`["*"]` for `*`); None when there is no header."""
    if value is None:
        return None
    if value.strip() == "*":
        return ["*"]
    if not _TAG_LIST.fullmatch(value):
        raise exceptions.ValidationError(
            {
                IF_MATCH: [
                    'Send "*" or one or more quoted entity tags separated by commas, as the '
                    "ETag header gave them."
                ]
            }
        )
    return _TAG.findall(value)


def needs_check(tags: list[str] | None) -> bool:
    """Whether `tags` (from parse_if_match) name versions to compare: not without a header,
    and not for `*`, which any existing record matches."""
    return tags is not None and tags != ["*"]


def check_if_match(tags: list[str] | None, instance) -> None:
    """A 412 unless `tags` (from parse_if_match) allow writing `instance` as it is now."""
    if not needs_check(tags):
        return
    current = etag(instance)
    if current not in tags:
        name = instance._meta.verbose_name.capitalize()
        raise PreconditionFailed(
            f"{name} {instance.public_id} changed since it was read: its ETag is now "
            f"{current}. Read it again, then retry with that ETag in If-Match."
        )
