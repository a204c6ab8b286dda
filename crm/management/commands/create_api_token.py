from django import forms
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from crm import ids, services
from crm.models import Team


class Command(BaseCommand):
    help = (
        "Issue an API token for a team. The token is printed once, as the last line; "
        "only its hash is stored."
    )

    def add_arguments(self, parser):
        parser.add_argument("team_id", help="The team's ID, e.g. team_01j...")
        parser.add_argument("--name", default="API token", help="What the token is for.")

    def handle(self, *args, team_id, name, **options):
        try:
            pk = ids.decode("team", team_id)
        except ids.InvalidId as error:
            raise CommandError(str(error)) from error
        team = Team.objects.filter(pk=pk).first()
        if team is None:
            raise CommandError(f"No team {team_id}.")
        try:
            name = forms.CharField(max_length=100).clean(name)
        except ValidationError as error:
            raise CommandError(f"Token name: {' '.join(error.messages)}") from error
        token, secret = services.issue_api_token(team=team, name=name)
        self.stderr.write(
            f"Issued token '{token.name}' ({token.display_prefix}…) for team '{team.name}'. "
            "Store it now: it cannot be shown again."
        )
        self.stdout.write(secret)
