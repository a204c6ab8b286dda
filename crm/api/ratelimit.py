"""Rate limits for the API, counted in a store every worker and machine shares.

Each request under /api/ is counted in a fixed one-minute window: against its token when
the token is valid (the token's team may set its own limit), otherwise against the client's
address, with a lower limit. The count runs in middleware, before the view's transaction
opens, so it is never rolled back with a failed request and never holds a lock while the
view runs. Every response carries the draft-ietf-httpapi-ratelimit-headers fields:

    RateLimit-Policy: "token";q=600;w=60
    RateLimit: "token";r=87;t=42

and a request over the limit is a 429 in the JSON error shape, with Retry-After.

The store is Redis when REDIS_URL is set, else a PostgreSQL table. If the store cannot be
reached, requests are let through (and a warning is logged): an outage of the counters
must not become an outage of the API.
"""

import logging
import math
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.core.signals import setting_changed
from django.db import DatabaseError, connection
from django.dispatch import receiver
from django.http import JsonResponse
from rest_framework.exceptions import AuthenticationFailed

from crm.api.authentication import bearer_secret, find_token
from crm.api.errors import ErrorCode, json_error
from crm.client_address import client_address
from crm.models import RateLimitCounter

logger = logging.getLogger(__name__)

WINDOW_SECONDS = 60
# After the store fails, it is not asked again for this long: one warning, not one per request.
STORE_RETRY_SECONDS = 5


def clock() -> float:
    """Seconds since the epoch; tests replace it to step through windows."""
    return time.time()


@dataclass(frozen=True)
class Policy:
    name: str  # as sent in the RateLimit-Policy header
    limit: int  # requests per window


@dataclass(frozen=True)
class Verdict:
    policy: Policy
    hits: int
    reset: int  # seconds until the window ends

    @property
    def allowed(self) -> bool:
        return self.hits <= self.policy.limit

    @property
    def remaining(self) -> int:
        return max(0, self.policy.limit - self.hits)


class PostgresStore:
    """Counters in the UNLOGGED table crm_ratelimitcounter, one row per key and window.

    Run in autocommit (the middleware is outside ATOMIC_REQUESTS' transaction), the upsert
    commits at once and holds the row's lock only while it runs. Past windows are deleted
    by the first hit of each new window in each process, in the same statement.
    """

    table = RateLimitCounter._meta.db_table

    def __init__(self):
        self._purged_before = None

    def hit(self, key: str, window_start: datetime, count: int = 1) -> int:
        purge = self._purged_before != window_start
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                WITH purge AS (
                    DELETE FROM {self.table} WHERE %(purge)s AND window_start < %(window)s
                )
                INSERT INTO {self.table} AS counter (key, window_start, hits)
                VALUES (%(key)s, %(window)s, %(count)s)
                ON CONFLICT (key, window_start) DO UPDATE SET hits = counter.hits + %(count)s
                RETURNING hits
                """,
                {"key": key, "window": window_start, "purge": purge, "count": count},
            )
            hits = cursor.fetchone()[0]
        self._purged_before = window_start
        return hits

    errors = (DatabaseError,)


class RedisStore:
    """Counters as Redis keys that expire with their window."""

    def __init__(self, url: str, prefix: str):
        import redis

        self.errors = (redis.RedisError,)
        self.prefix = prefix
        # A dead Redis must cost a request little: fail fast, then let it through.
        self.redis = redis.Redis.from_url(url, socket_timeout=0.25, socket_connect_timeout=0.25)

    def hit(self, key: str, window_start: datetime, count: int = 1) -> int:
        name = f"{self.prefix}{key}:{int(window_start.timestamp())}"
        pipe = self.redis.pipeline(transaction=True)  # MULTI: the key never lives without TTL
        pipe.set(name, 0, ex=WINDOW_SECONDS * 2, nx=True)
        pipe.incrby(name, count)
        return pipe.execute()[1]


class RateLimiter:
    """Counts requests in the store; remembers addresses over their limit until their window
    ends, so a flood of bad tokens from one address costs no token lookups once limited."""

    def __init__(self, store):
        self.store = store
        self._down_until = 0.0
        self._blocked: dict[str, tuple[float, Verdict]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str, policy: Policy, now: float, count: int = 1) -> Verdict | None:
        """Count `count` requests; None when the store is unavailable (they go through)."""
        if now < self._down_until:
            return None
        window = math.floor(now / WINDOW_SECONDS) * WINDOW_SECONDS
        try:
            hits = self.store.hit(key, datetime.fromtimestamp(window, tz=UTC), count)
        except self.store.errors as error:
            self._down_until = now + STORE_RETRY_SECONDS
            logger.warning(
                "Rate limits are not enforced for %ss: the %s store failed: %s",
                STORE_RETRY_SECONDS,
                type(self.store).__name__,
                error,
            )
            return None
        reset = max(1, math.ceil(window + WINDOW_SECONDS - now))
        return Verdict(policy, hits, reset)

    def blocked(self, key: str, now: float) -> Verdict | None:
        with self._lock:
            until, verdict = self._blocked.get(key, (0.0, None))
            if now < until:
                return Verdict(verdict.policy, verdict.hits, max(1, math.ceil(until - now)))
            self._blocked.pop(key, None)
            return None

    def block(self, key: str, verdict: Verdict, now: float) -> None:
        with self._lock:
            for stale in [k for k, (until, _) in self._blocked.items() if until <= now]:
                del self._blocked[stale]
            self._blocked[key] = (now + verdict.reset, verdict)


_limiter: RateLimiter | None = None


def limiter() -> RateLimiter:
    global _limiter
    if _limiter is None:
        if settings.REDIS_URL:
            store = RedisStore(settings.REDIS_URL, settings.API_RATE_LIMIT_KEY_PREFIX)
        else:
            store = PostgresStore()
        _limiter = RateLimiter(store)
    return _limiter


@receiver(setting_changed)
def _forget_limiter(*, setting, **kwargs):
    if setting in {"REDIS_URL", "API_RATE_LIMIT_KEY_PREFIX"}:
        reset()


def reset() -> None:
    """Forget the store and the remembered blocks (a new store, or a new test)."""
    global _limiter
    _limiter = None


def token_policy(token) -> Policy:
    return Policy("token", token.team.api_rate_limit or settings.API_RATE_LIMIT_PER_MINUTE)


def address_policy() -> Policy:
    return Policy("address", settings.API_RATE_LIMIT_PER_ADDRESS_PER_MINUTE)


def check(request) -> Verdict | None:
    """Count the request against its token, or its address when it has no valid token."""
    rate_limiter = limiter()
    now = clock()
    address_key = f"address:{client_address(request)}"
    try:
        secret = bearer_secret(request.META.get("HTTP_AUTHORIZATION", ""))
    except AuthenticationFailed:
        secret = None  # a malformed header: authentication answers it, the address pays
    if secret is not None:
        # An address already over its limit gets no token lookups: that is what a flood of
        # made-up tokens costs.
        blocked = rate_limiter.blocked(address_key, now)
        if blocked is not None:
            return blocked
        token = find_token(request, secret)
        if token is not None:
            cost = request_cost(request)
            return rate_limiter.hit(f"token:{token.pk}", token_policy(token), now, cost)
    verdict = rate_limiter.hit(address_key, address_policy(), now)
    if verdict is not None and not verdict.allowed:
        rate_limiter.block(address_key, verdict, now)
    return verdict


def request_cost(request) -> int:
    """How many requests this one counts for: a batch one per operation, so that batching is
    no way around the limit (crm.api.batch.operation_count says what a batch is); any other
    request, a malformed batch included, one."""
    # Imported when a request comes, not with the middleware: crm.api.batch is DRF's views.
    from crm.api.batch import operation_count

    return operation_count(request) or 1


def add_headers(response, verdict: Verdict) -> None:
    name = verdict.policy.name
    response["RateLimit-Policy"] = f'"{name}";q={verdict.policy.limit};w={WINDOW_SECONDS}'
    response["RateLimit"] = f'"{name}";r={verdict.remaining};t={verdict.reset}'


def too_many_requests(verdict: Verdict) -> JsonResponse:
    per = "this token" if verdict.policy.name == "token" else "your address without a valid token"
    response = json_error(
        ErrorCode.RATE_LIMITED,
        f"Too many requests: {verdict.policy.limit} a minute are allowed for {per}. "
        f"Retry in {verdict.reset} s.",
    )
    response["Retry-After"] = str(verdict.reset)
    return response


class ApiRateLimitMiddleware:
    """Counts every request under /api/ and answers 429 over the limit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/api/"):
            return self.get_response(request)
        verdict = check(request)
        if verdict is None:
            return self.get_response(request)
        response = self.get_response(request) if verdict.allowed else too_many_requests(verdict)
        add_headers(response, verdict)
        return response
