"""`Idempotency-Key` on POST: a retry gets the first response and writes nothing new.

The first response is stored whole: its status, its body and the headers that describe what
it wrote (`ETag`, `Location`), so a replay answers exactly what the first answer did.

The key is claimed with an INSERT inside the request's transaction (a POST's
view runs in one, crm.api.views), and the response is stored in the same transaction as the
write it describes. So a request that fails leaves no key behind, and a
concurrent retry waits on the unique index until the first one commits, then
replays its response: a claimed key is never seen without its response. Keys are
per team and expire after KEY_LIFETIME.
"""

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions
from rest_framework.response import Response

from crm.api.errors import ErrorCode
from crm.models import IdempotencyKey

METHODS = frozenset({"POST"})
HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
# The headers a replay answers as the first answer did: they describe the record it wrote.
# Others (rate limits, request ID) describe each request, and are the retry's own.
REPLAYED_HEADERS = ("ETag", "Location")
KEY_LIFETIME = timedelta(hours=24)
KEY_MAX_LENGTH = 255
# Printable ASCII, not only spaces.
KEY_PATTERN = re.compile("[ -~]*[!-~][ -~]*")

# The headers of every request in METHODS, as the OpenAPI document lists them.
PARAMETERS = [
    OpenApiParameter(
        HEADER,
        {
            "type": "string",
            "minLength": 1,
            "maxLength": KEY_MAX_LENGTH,
            "pattern": f"^{KEY_PATTERN.pattern}$",
        },
        OpenApiParameter.HEADER,
        description="Optional. A retry with the same key and body within "
        f"{KEY_LIFETIME // timedelta(hours=1)} hours returns the first response and writes "
        "nothing new; the same key with a different request is a "
        f"{ErrorCode.IDEMPOTENCY_KEY_REUSED.status}. 1 to {KEY_MAX_LENGTH} printable ASCII "
        "characters, e.g. a UUID.",
    ),
    OpenApiParameter(
        REPLAYED_HEADER,
        {"type": "string", "enum": ["true"]},
        OpenApiParameter.HEADER,
        response=[200, 201],
        description="Present when this is the stored response to an earlier request with the "
        "same Idempotency-Key.",
    ),
]


class KeyReused(exceptions.APIException):
    status_code = ErrorCode.IDEMPOTENCY_KEY_REUSED.status
    default_code = ErrorCode.IDEMPOTENCY_KEY_REUSED
    default_detail = "This Idempotency-Key was used with a different request."


class Replay(Exception):
    """Not an error: carries the first response back to the retry."""

    def __init__(self, response: Response):
        self.response = response


@dataclass
class Claim:
    record_id: int


def begin(request) -> Claim | None:
    """Claim the request's key, or raise Replay with the response it already produced."""
    key = request.headers.get(HEADER)
    if key is None or request.method not in METHODS:
        return None
    if len(key) > KEY_MAX_LENGTH or not KEY_PATTERN.fullmatch(key):
        raise exceptions.ValidationError(
            {HEADER: [f"Use 1 to {KEY_MAX_LENGTH} printable ASCII characters, e.g. a UUID."]}
        )
    team = request.auth.team
    fingerprint = _fingerprint(request)
    IdempotencyKey.objects.filter(
        team=team, key=key, created_at__lt=timezone.now() - KEY_LIFETIME
    ).delete()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO crm_idempotencykey (team_id, key, fingerprint, created_at)
            VALUES (%s, %s, %s, %s)
            ON CONFLICT (team_id, key) DO NOTHING
            RETURNING id
            """,
            [team.pk, key, fingerprint, timezone.now()],
        )
        row = cursor.fetchone()
    if row is not None:
        return Claim(record_id=row[0])
    first = IdempotencyKey.objects.get(team=team, key=key)
    if first.fingerprint != fingerprint:
        raise KeyReused()
    raise Replay(
        Response(
            json.loads(first.response_body),
            status=first.response_status,
            headers={**(first.response_headers or {}), REPLAYED_HEADER: "true"},
        )
    )


def complete(claim: Claim, response: Response) -> None:
    """Store the response of a request that succeeded, with the headers a replay repeats,
    in the transaction of its write."""
    headers = {name: response[name] for name in REPLAYED_HEADERS if response.has_header(name)}
    IdempotencyKey.objects.filter(pk=claim.record_id).update(
        response_status=response.status_code,
        response_body=json.dumps(response.data),
        response_headers=headers,
    )


def purge_expired_keys(*, dry_run: bool = False) -> int:
    """Delete the keys older than KEY_LIFETIME; returns how many (a dry run only counts)."""
    expired = IdempotencyKey.objects.filter(created_at__lt=timezone.now() - KEY_LIFETIME)
    return expired.count() if dry_run else expired.delete()[0]


def _fingerprint(request) -> str:
    body = json.dumps(request.data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(f"{request.method} {request.path}\n{body}".encode()).hexdigest()
