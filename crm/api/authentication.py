import time
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from rest_framework import authentication, exceptions, permissions

from crm.api.errors import ErrorCode
from crm.models import ApiToken, Team

# Recording every use would turn each read into a write; a minute's precision is plenty.
LAST_USED_PRECISION = timedelta(minutes=1)


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <token>`; `request.auth` becomes the team's ApiToken."""

    keyword = "Bearer"

    def authenticate(self, request):
        secret = bearer_secret(request.META.get("HTTP_AUTHORIZATION", ""))
        if secret is None:
            return None
        token = find_token(request._request, secret)
        if token is None:
            raise exceptions.AuthenticationFailed("The API token is not valid or was revoked.")
        if not token.team.is_active:
            raise exceptions.AuthenticationFailed(
                f"The team '{token.team}' was deactivated: its API tokens no longer work. "
                "Ask a superuser to reactivate it.",
                code=ErrorCode.TEAM_DEACTIVATED,
            )
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
            _record_use(token, now)
            token.last_used_at = now  # the cached token too (below)
        return (None, token)

    def authenticate_header(self, request):
        return self.keyword


def bearer_secret(header: str) -> str | None:
    """The token in an `Authorization: Bearer <token>` header; None when there is no header."""
    if not header:
        return None
    scheme, _, secret = header.partition(" ")
    secret = secret.strip()
    if scheme.lower() != "bearer" or not secret or " " in secret:
        raise exceptions.AuthenticationFailed("The Authorization header must be 'Bearer <token>'.")
    return secret


def request_token(request) -> ApiToken | None:
    """The live token the request's `Authorization` header names; None without one, or with
    a malformed header (authentication answers that)."""
    try:
        secret = bearer_secret(request.META.get("HTTP_AUTHORIZATION", ""))
    except exceptions.AuthenticationFailed:
        return None
    return find_token(request, secret) if secret else None


def find_token(request, secret: str) -> ApiToken | None:
    """The live token with this secret, with its team; looked up once a request.

    The rate limiter (crm.api.ratelimit) needs the token before the view runs, and
    authentication needs it again: the answer is kept on the Django request. A live token
    is also kept in the process for API_TOKEN_CACHE_SECONDS (below).
    """
    digest = ApiToken.digest_of(secret)
    found = getattr(request, "_api_token_lookup", None)
    if found is not None and found[0] == digest:
        return found[1]
    token = _recent_tokens.get(digest)
    if token is None:
        token = (
            ApiToken.objects.select_related("team")
            .filter(digest=digest, revoked_at__isnull=True)
            .first()
        )
        if token is not None:
            _recent_tokens.keep(digest, token)
    request._api_token_lookup = (digest, token)
    return token


def clock() -> float:
    """Seconds on a clock that only goes forwards; tests replace it to step past the TTL."""
    return time.monotonic()


class RecentTokens:
    """Live tokens (with their teams) found in the last API_TOKEN_CACHE_SECONDS, by digest.

    Looking the token up was a tenth of a list request. Kept per process, so a revocation,
    or a change to the team's settings, made by another process (another gunicorn worker,
    a command) is seen within API_TOKEN_CACHE_SECONDS; one made in this process at once
    (`forget`, called by the revocation service and on every save of a team or a token).
    Unknown or revoked secrets are not kept: each is asked about again.
    """

    MAX_ENTRIES = 1000

    def __init__(self):
        self._entries: dict[str, tuple[float, ApiToken]] = {}

    def get(self, digest: str) -> ApiToken | None:
        entry = self._entries.get(digest)
        if entry is None:
            return None
        expires, token = entry
        if clock() >= expires:
            self._entries.pop(digest, None)
            return None
        return token

    def keep(self, digest: str, token: ApiToken) -> None:
        seconds = settings.API_TOKEN_CACHE_SECONDS
        if seconds <= 0:
            return
        now = clock()
        if len(self._entries) >= self.MAX_ENTRIES:
            self._entries = {k: v for k, v in self._entries.items() if v[0] > now}
            if len(self._entries) >= self.MAX_ENTRIES:
                self._entries.clear()
        self._entries[digest] = (now + seconds, token)

    def forget(self) -> None:
        self._entries.clear()


_recent_tokens = RecentTokens()


def forget_recent_tokens() -> None:
    """Look every token up again: one was revoked, or a team or token changed."""
    _recent_tokens.forget()


@receiver([post_save, post_delete], sender=ApiToken)
@receiver([post_save, post_delete], sender=Team)
def _forget_on_change(**kwargs):
    forget_recent_tokens()


def _record_use(token: ApiToken, now) -> None:
    """Set the token's last_used_at, unless another request is setting it right now.

    The update runs in the request's transaction, so it holds the token's row until the
    request ends; a program sending many requests at once with one token would otherwise
    queue them all behind the first, once a minute. SKIP LOCKED leaves it to that one.
    """
    free = ApiToken.objects.filter(pk=token.pk).select_for_update(skip_locked=True)
    with transaction.atomic():  # a savepoint in a request; its own transaction outside one
        ApiToken.objects.filter(pk__in=free.values("pk")).update(last_used_at=now)


class HasTeamToken(permissions.BasePermission):
    """Every API call needs a valid team token."""

    message = "Authentication required: send 'Authorization: Bearer <token>'."

    def has_permission(self, request, view):
        return isinstance(request.auth, ApiToken)
