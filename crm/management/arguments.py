"""Checks for command-line arguments shared by the management commands."""

from django.core.management.base import CommandError

from crm import ids
from crm.models import Company, Team


def team_from_id(text: str, option: str = "--team") -> Team:
    """The team a `team_...` argument names, or a CommandError saying what is wrong."""
    try:
        pk = ids.decode("team", text)
    except ids.InvalidId as error:
        raise CommandError(f"{option}: {error}") from error
    team = Team.objects.filter(pk=pk).first()
    if team is None:
        raise CommandError(f"{option}: no team {text}.")
    return team


def live_company_from_id(team: Team, text: str, option: str = "--company") -> Company:
    """The team's live company a `comp_...` argument names, or a CommandError."""
    try:
        pk = ids.decode("comp", text)
    except ids.InvalidId as error:
        raise CommandError(f"{option}: {error}") from error
    company = Company.objects.live().lookup_in_team(team).filter(pk=pk).one_or_none()
    if company is None:
        raise CommandError(f"{option}: no live company {text} in this team.")
    return company
