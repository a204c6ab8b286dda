"""Reads on streaming replicas, writes and read-your-writes on the primary (README "Read replicas").

An API read (GET, HEAD, OPTIONS: the methods DRF calls safe) with a team's token is served by a
replica, unless:

- the team wrote through the API within the last `pin_seconds()`: its "primary pin", a Redis
  key with that expiry set after each of its writes, so every worker on every machine sees it;
- no replica is usable. Each is checked at most every REPLICA_CHECK_SECONDS per process: one
  that cannot be reached (connect timeout REPLICA_CONNECT_TIMEOUT_SECONDS) is left alone for
  REPLICA_RETRY_SECONDS, one that replays more than REPLICA_MAX_LAG_SECONDS behind the
  primary is skipped until it catches up.

Everything else (writes, the token lookup before the view, the admin, commands, tasks) uses
the primary: `ReplicaRouter` sends a read to a replica only inside such a request.
"""

import logging
import random
import time
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.core.signals import setting_changed
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.dispatch import receiver
from rest_framework import permissions

from crm.api.authentication import request_token
from crm.api.errors import is_api

logger = logging.getLogger("crm.replicas")

PIN_KEY_PREFIX = "crm:primary-pin:"

# How far the replica's replay is behind the primary, in seconds: none when it has replayed all
# it received; else the age of the last transaction it replayed (NULL before the first one).
# Not in recovery (a replica URL naming a primary) counts as not behind.
LAG_SQL = """
SELECT CASE
    WHEN NOT pg_is_in_recovery() THEN 0
    WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
    ELSE extract(epoch FROM now() - pg_last_xact_replay_timestamp())
END
"""

# The alias reads go to in this request; None (the default) is the primary.
_read_alias: ContextVar[str | None] = ContextVar("replica_read_alias", default=None)


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith("replica")]


def pin_seconds() -> float:
    """How long a team's reads stay on the primary after it writes.

    A replica is used only while its lag, checked at most REPLICA_CHECK_SECONDS ago, was
    under REPLICA_MAX_LAG_SECONDS: so it has replayed every transaction committed longer ago
    than their sum, the team's last write included.
    """
    return settings.REPLICA_MAX_LAG_SECONDS + settings.REPLICA_CHECK_SECONDS


class ReplicaRouter:
    """Reads go where the request's middleware said (a replica or the primary); all else to
    the primary. Migrations run on the primary only: replicas follow it."""

    def db_for_read(self, model, **hints):
        return _read_alias.get()

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same data, whichever server it was read from

    def allow_migrate(self, db, app_label, **hints):
        return db == DEFAULT_DB_ALIAS


@dataclass
class _Health:
    checked_at: float = float("-inf")
    usable: bool = False
    down_until: float = float("-inf")


_health: dict[str, _Health] = {}


def clock() -> float:
    return time.monotonic()


def is_usable(alias: str) -> bool:
    """Whether reads may go to the replica `alias`: reachable, and not lagging too far."""
    health = _health.setdefault(alias, _Health())
    now = clock()
    if now < health.down_until:
        return False
    if now - health.checked_at < settings.REPLICA_CHECK_SECONDS:
        return health.usable
    was_usable = health.usable
    health.checked_at = now
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute(LAG_SQL)
            (lag,) = cursor.fetchone()
    except DatabaseError as exc:
        connections[alias].close()
        health.usable = False
        health.down_until = now + settings.REPLICA_RETRY_SECONDS
        logger.warning(
            "replica %s is not reachable; reads go to the primary for %s s: %s",
            alias,
            settings.REPLICA_RETRY_SECONDS,
            str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__,
        )
        return False
    health.usable = lag is not None and lag <= settings.REPLICA_MAX_LAG_SECONDS
    if was_usable and not health.usable:
        lag_text = "unknown" if lag is None else f"{lag:.1f} s"
        logger.warning(
            "replica %s lags behind the primary (%s); reads go elsewhere", alias, lag_text
        )
    return health.usable


def read_alias() -> str | None:
    """A usable replica, chosen at random among them; None (the primary) when there is none."""
    aliases = replica_aliases()
    random.shuffle(aliases)
    return next((alias for alias in aliases if is_usable(alias)), None)


class PrimaryPins:
    """Which teams wrote in the last `pin_seconds()`: Redis keys that expire."""

    def __init__(self, url: str):
        import redis

        self.errors = (redis.RedisError,)
        # A dead Redis must cost a request little: fail fast, then read from the primary.
        self.redis = redis.Redis.from_url(url, socket_timeout=0.25, socket_connect_timeout=0.25)

    def pin(self, team_id: int) -> None:
        try:
            self.redis.set(f"{PIN_KEY_PREFIX}{team_id}", 1, px=int(pin_seconds() * 1000))
        except self.errors as exc:
            logger.warning("could not pin team %s to the primary: %s", team_id, exc)

    def is_pinned(self, team_id: int) -> bool:
        try:
            return bool(self.redis.exists(f"{PIN_KEY_PREFIX}{team_id}"))
        except self.errors:
            return True  # unknown: the primary is always right


_pins: PrimaryPins | None = None


def pins() -> PrimaryPins:
    global _pins
    if _pins is None:
        _pins = PrimaryPins(settings.REDIS_URL)
    return _pins


@receiver(setting_changed)
def _forget_state(*, setting, **kwargs):
    if setting in {"REDIS_URL", "DATABASES"}:
        reset()


def reset() -> None:
    """Forget the Redis client and what is known of the replicas (a new test)."""
    global _pins
    _pins = None
    _health.clear()


def request_team_id(request) -> int | None:
    """The team of the request's valid token (looked up once a request, by the rate limits)."""
    token = request_token(request)
    return None if token is None else token.team_id


class ReplicaReadsMiddleware:
    """Serves a team's API reads from a replica when that is safe; pins it after a write."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_aliases() or not is_api(request):
            return self.get_response(request)
        team_id = request_team_id(request)
        if team_id is None:
            return self.get_response(request)
        if request.method not in permissions.SAFE_METHODS:
            response = self.get_response(request)
            # After the view's commit and before the client has the answer.
            pins().pin(team_id)
            return response
        alias = None if pins().is_pinned(team_id) else read_alias()
        reading_from = _read_alias.set(alias)
        try:
            return self.get_response(request)
        finally:
            _read_alias.reset(reading_from)
