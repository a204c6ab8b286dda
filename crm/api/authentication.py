from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from rest_framework import authentication, exceptions, permissions

from crm.api.errors import ErrorCode
from crm.models import ApiToken

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


def find_token(request, secret: str) -> ApiToken | None:
    """The live token with this secret, with its team; looked up once a request.

    The rate limiter (crm.api.ratelimit) needs the token before the view runs, and
    authentication needs it again: the answer is kept on the Django request.
    """
    digest = ApiToken.digest_of(secret)
    found = getattr(request, "_api_token_lookup", None)
    if found is not None and found[0] == digest:
        return found[1]
    token = (
        ApiToken.objects.select_related("team")
        .filter(digest=digest, revoked_at__isnull=True)
        .first()
    )
    request._api_token_lookup = (digest, token)
    return token


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
