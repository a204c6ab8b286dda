from django import forms
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from crm import services
from history.context import RecordedCommand


class Command(RecordedCommand):
    help = "Create a team (a tenant). Prints the new team's ID as the last line."

    def add_arguments(self, parser):
        parser.add_argument("name", help="The team's display name.")

    def handle(self, *args, name, **options):
        # The same checks a form makes: not blank, no NUL characters, at most 200 characters.
        try:
            name = forms.CharField(max_length=200).clean(name)
        except ValidationError as error:
            raise CommandError(f"Team name: {' '.join(error.messages)}") from error
        team = services.create_team(name=name)
        self.stderr.write(f"Created team '{team.name}'.")
        self.stdout.write(team.public_id)
