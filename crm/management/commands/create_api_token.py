from django import forms
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from crm import services
from crm.management.arguments import team_from_id
from history.context import RecordedCommand


class Command(RecordedCommand):
    help = (
        "Issue an API token for a team. The token is printed once, as the last line; "
        "only its hash is stored."
    )

    def add_arguments(self, parser):
        parser.add_argument("team_id", help="The team's ID, e.g. team_01j...")
        parser.add_argument("--name", default="API token", help="What the token is for.")

    def handle(self, *args, team_id, name, **options):
        team = team_from_id(team_id, option="TEAM_ID")
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
