"""Checks for command-line arguments shared by the management commands."""

from django.core.management.base import CommandError

from crm import ids
from crm.models import Team


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


def live_record_from_id(model, team: Team, text: str, option: str):
    """The team's live `model` record an ID argument (`comp_...`) names, or a CommandError."""
    try:
        pk = ids.decode(model.id_prefix, text)
    except ids.InvalidId as error:
        raise CommandError(f"{option}: {error}") from error
    record = model.objects.live().lookup_in_team(team).filter(pk=pk).one_or_none()
    if record is None:
        raise CommandError(f"{option}: no live {model._meta.verbose_name} {text} in this team.")
    return record
