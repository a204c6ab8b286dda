"""Writes for teams and API tokens."""

import secrets

from django.db import transaction
from django.utils import timezone

from crm.api.authentication import forget_recent_tokens
from crm.models import ApiToken, Team


def create_team(*, name: str, phone_region: str = "") -> Team:
    return Team.objects.create(name=name.strip(), phone_region=phone_region)


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


def deactivate_teams(teams) -> int:
    """Deactivate the given active teams, instead of deleting them: their API tokens stop
    working at once, their staff still see their records, and their data stays until the
    retention rules purge it (contacts.services.purge_archived_records). Returns how many."""
    return teams.filter(deactivated_at__isnull=True).update(deactivated_at=timezone.now())


def reactivate_teams(teams) -> int:
    """Bring deactivated teams back (their tokens work again); returns how many."""
    return teams.filter(deactivated_at__isnull=False).update(deactivated_at=None)


def revoke_api_tokens(tokens) -> int:
    """Revoke the given tokens that are still live; returns how many were.

    This process refuses them at once; other processes within API_TOKEN_CACHE_SECONDS.
    """
    revoked = tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
    forget_recent_tokens()
    return revoked


BATCH_SIZE = 1000


def delete_in_batches(queryset) -> int:
    """Delete in short transactions, so a large purge never holds locks for long."""
    deleted = 0
    while True:
        batch = list(queryset.values_list("pk", flat=True)[:BATCH_SIZE])
        if not batch:
            return deleted
        with transaction.atomic():
            queryset.model.objects.filter(pk__in=batch).delete()
        deleted += len(batch)


def update_calling_rules(team: Team, changes: dict) -> Team:
    """Set the team's calling rules given in `changes` (already checked by the caller)."""
    with transaction.atomic():
        team = Team.objects.select_for_update().get(pk=team.pk)
        for name, value in changes.items():
            setattr(team, name, value)
        if changes:
            team.save(update_fields=list(changes))
    return team
