"""Live API tokens are kept per process for API_TOKEN_CACHE_SECONDS (crm.api.authentication)."""

import pytest
from django.utils import timezone

from crm.api import authentication
from crm.models import ApiToken
from tests.factories import issue_token
from tests.kit.api import CONTACTS, api_error, bearer

# --- the token kept in the process ------------------------------------------------------------


@pytest.fixture
def clock(monkeypatch):
    """The token cache's clock, stepped by the test."""
    now = [1000.0]
    monkeypatch.setattr(authentication, "clock", lambda: now[0])
    return now


def revoke_elsewhere(secret: str) -> None:
    """Revoke as another process does: in the database, unseen by this process."""
    ApiToken.objects.filter(digest=ApiToken.digest_of(secret)).update(revoked_at=timezone.now())


def test_a_token_revoked_elsewhere_is_refused_once_the_cache_time_has_passed(team, clock, settings):
    settings.API_TOKEN_CACHE_SECONDS = 5
    secret = issue_token(team)
    api = bearer(secret)
    assert api.get(CONTACTS, {"teamId": team.public_id}).status_code == 200

    revoke_elsewhere(secret)
    clock[0] += 4.9
    still_kept = api.get(CONTACTS, {"teamId": team.public_id})
    clock[0] += 0.2
    refused = api.get(CONTACTS, {"teamId": team.public_id})

    assert still_kept.status_code == 200
    api_error(refused, 401)


def test_without_a_cache_time_a_revocation_elsewhere_is_refused_at_once(team, clock, settings):
    settings.API_TOKEN_CACHE_SECONDS = 0
    secret = issue_token(team)
    api = bearer(secret)
    assert api.get(CONTACTS, {"teamId": team.public_id}).status_code == 200

    revoke_elsewhere(secret)

    api_error(api.get(CONTACTS, {"teamId": team.public_id}), 401)


def test_a_change_of_the_team_in_this_process_is_seen_at_once(team, clock, settings):
    settings.API_TOKEN_CACHE_SECONDS = 5
    api = bearer(issue_token(team))
    assert api.get(CONTACTS, {"teamId": team.public_id})["RateLimit-Policy"] == '"token";q=600;w=60'

    team.api_rate_limit = 7
    team.save(update_fields=["api_rate_limit"])

    assert api.get(CONTACTS, {"teamId": team.public_id})["RateLimit-Policy"] == '"token";q=7;w=60'


def test_an_unknown_token_is_asked_about_every_time(team, clock, settings):
    settings.API_TOKEN_CACHE_SECONDS = 5
    secret = issue_token(team)
    digest = ApiToken.digest_of(secret)
    token = ApiToken.objects.get(digest=digest)
    ApiToken.objects.filter(pk=token.pk).update(digest="0" * 64)
    api = bearer(secret)
    api_error(api.get(CONTACTS, {"teamId": team.public_id}), 401)

    ApiToken.objects.filter(pk=token.pk).update(digest=digest)

    assert api.get(CONTACTS, {"teamId": team.public_id}).status_code == 200
