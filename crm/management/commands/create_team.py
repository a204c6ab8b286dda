from django.core.management.base import BaseCommand, CommandError

from crm import services


class Command(BaseCommand):
    help = "Create a team (a tenant). Prints the new team's ID as the last line."

    def add_arguments(self, parser):
        parser.add_argument("name", help="The team's display name.")

    def handle(self, *args, name, **options):
        if not name.strip():
            raise CommandError("The team name may not be blank.")
        if len(name.strip()) > 200:
            raise CommandError("The team name has at most 200 characters.")
        team = services.create_team(name=name)
        self.stderr.write(f"Created team '{team.name}'.")
        self.stdout.write(team.public_id)
