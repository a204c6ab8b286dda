from django import forms
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from contacts.rules import normalize_phone_region
from crm import services
from history.context import RecordedCommand


class Command(RecordedCommand):
    help = "Create a team (a tenant). Prints the new team's ID as the last line."

    def add_arguments(self, parser):
        parser.add_argument("name", help="The team's display name.")
        parser.add_argument(
            "--phone-region",
            default="",
            help="Two-letter country code (e.g. US) in which the admin's forms and the "
            "importers read national numbers such as (415) 555-1234. Default: none, every "
            "number needs its +.",
        )

    def handle(self, *args, name, phone_region, **options):
        # The same checks a form makes: not blank, no NUL characters, at most 200 characters.
        try:
            name = forms.CharField(max_length=200).clean(name)
        except ValidationError as error:
            raise CommandError(f"Team name: {' '.join(error.messages)}") from error
        try:
            phone_region = normalize_phone_region(phone_region)
        except ValidationError as error:
            raise CommandError(f"--phone-region: {' '.join(error.messages)}") from error
        team = services.create_team(name=name, phone_region=phone_region)
        self.stderr.write(f"Created team '{team.name}'.")
        self.stdout.write(team.public_id)
