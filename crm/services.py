"""Writes for teams, companies and API tokens."""

import secrets

from django.db import IntegrityError, transaction
from django.db.models import Value
from django.db.models.functions import Lower

from crm.exceptions import ConflictError
from crm.models import ApiToken, Company, Team


def create_team(*, name: str) -> Team:
    return Team.objects.create(name=name.strip())


def issue_api_token(*, team: Team, name: str = "API token") -> tuple[ApiToken, str]:
    """A new token for `team`; the secret is returned once and only its digest is kept."""
    secret = ApiToken.PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        team=team,
        name=name,
        display_prefix=secret[: ApiToken.DISPLAY_LENGTH],
        digest=ApiToken.digest_of(secret),
    )
    return token, secret


def create_company(*, team: Team, name: str, domain: str | None = None) -> Company:
    try:
        with transaction.atomic():
            return Company.objects.create(team=team, name=name, domain=domain)
    except IntegrityError as error:
        # Match the way company_unique_name_per_team compares: lower() in PostgreSQL.
        existing = (
            Company.objects.alias(lower_name=Lower("name"))
            .filter(team=team, lower_name=Lower(Value(name)))
            .first()
        )
        if existing is None:
            raise
        raise ConflictError(
            f"Your team already has a company named '{existing.name}' ({existing.public_id}).",
            {"name": ["A company with this name already exists in your team."]},
        ) from error
