"""Writes for teams and API tokens."""

import secrets

from django.utils import timezone

from crm.models import ApiToken, Team


def create_team(*, name: str) -> Team:
    return Team.objects.create(name=name.strip())


def issue_api_token(
    *, team: Team, name: str = "API token", token: ApiToken | None = None
) -> tuple[ApiToken, str]:
    """A new token for `team` (saving `token` when the admin built one); the secret is
    returned once and only its digest is kept."""
    secret = ApiToken.PREFIX + secrets.token_urlsafe(32)
    token = token or ApiToken()
    token.team, token.name = team, name
    token.display_prefix = secret[: ApiToken.DISPLAY_LENGTH]
    token.digest = ApiToken.digest_of(secret)
    token.save()
    return token, secret


def revoke_api_tokens(tokens) -> int:
    """Revoke the given tokens that are still live; returns how many were."""
    return tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
