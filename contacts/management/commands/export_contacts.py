import json
from contextlib import nullcontext
from functools import partial
from pathlib import Path

from django.core.management.base import CommandError
from django.http import QueryDict
from rest_framework.exceptions import APIException

from contacts import csv_format, selectors
from contacts.api.serializers import ContactSerializer
from contacts.filtersets import CUSTOM_FIELD_PREFIX
from crm.api.errors import flatten_detail
from crm.management.arguments import open_output, team_from_id
from crm.management.base import CrmCommand
from crm.management.progress import ProgressLine
from crm.models import Team

# Command option -> list API parameter: the export takes the same filters, checked the same way.
FILTER_OPTIONS = {
    "company": "companyId",
    "search": "search",
    "lead_status": "leadStatus",
    "do_not_call": "doNotCall",
    "has_phone": "hasPhone",
    "callable": "callable",
    "tags": "tags",
    "updated_since": "updatedSince",
    "ordering": "ordering",
}


class Command(CrmCommand):
    help = (
        "Export a team's live contacts as CSV (the columns import_contacts reads) or JSON Lines "
        "(the API's contact objects), streaming, with the list API's filters."
    )

    def add_arguments(self, parser):
        parser.add_argument("--team", required=True, help="The team's ID (team_...).")
        parser.add_argument("--format", choices=["csv", "jsonl"], default="csv")
        parser.add_argument("--output", "-o", type=Path, help="File to write (default: stdout).")
        parser.add_argument(
            "--no-bom",
            action="store_true",
            help="CSV without the byte-order mark that tells Excel the file is UTF-8.",
        )
        parser.add_argument("--company", help="comp_... ID")
        parser.add_argument("--search")
        parser.add_argument("--lead-status", help="One or more, comma-separated.")
        parser.add_argument("--do-not-call", choices=["true", "false"])
        parser.add_argument("--has-phone", choices=["true", "false"])
        parser.add_argument(
            "--callable",
            choices=["true", "false"],
            help="true: contacts with no standing call blocker (see the API's call_blockers).",
        )
        parser.add_argument("--tags", help="Contacts with all these tags, comma-separated.")
        parser.add_argument("--updated-since", help="ISO 8601, e.g. 2024-01-15T10:00:00Z.")
        parser.add_argument("--ordering", help="As the API's ordering (default -createdAt).")
        parser.add_argument(
            "--custom-field",
            action="append",
            default=[],
            metavar="KEY=VALUE",
            help="Contacts whose custom field KEY equals VALUE (repeatable).",
        )

    def handle(self, *args, **options):
        team = team_from_id(options["team"])
        contacts = self._filtered(team, options)
        output = options["output"]
        file = open_output(output) if output else None  # a bad path fails before any query
        lines = (
            csv_format.csv_lines(
                contacts.select_related("company").iterator(chunk_size=2000),
                bom=not options["no_bom"],
            )
            if options["format"] == "csv"
            else _jsonl_lines(
                selectors.with_call_blockers(
                    contacts.select_related("company").iterator(chunk_size=2000), team
                ),
                team,
            )
        )
        count = 0
        # Progress only when the file is not the terminal's output itself.
        progress = ProgressLine(
            self.stderr,
            lambda: f"{count:,} contact(s) exported, {progress.elapsed:,.0f} s",
            interactive=bool(file) and self.stderr.isatty(),
        )
        try:
            with file or nullcontext():
                write = file.write if file else partial(self.stdout.write, ending="")
                for line in lines:
                    write(line)
                    count += 1
        finally:
            progress.close()
        if options["format"] == "csv":
            count -= 1  # the header
        self.stderr.write(f"Exported {count:,} contact(s) of team '{team.name}'.")

    def _filtered(self, team: Team, options):
        params = QueryDict(mutable=True)
        params["teamId"] = team.public_id
        for option, parameter in FILTER_OPTIONS.items():
            if options[option] is not None:
                params[parameter] = options[option]
        for condition in options["custom_field"]:
            key, equals, value = condition.partition("=")
            if not equals:
                raise CommandError(f"--custom-field {condition!r}: use KEY=VALUE.")
            params[f"{CUSTOM_FIELD_PREFIX}{key}"] = value
        try:
            return selectors.contact_list(team=team, filters=params)
        except APIException as error:  # e.g. a bad value, a company of another team
            problems = flatten_detail(error.detail)
            raise CommandError(
                "; ".join(f"{name}: {' '.join(messages)}" for name, messages in problems.items())
            ) from error


def _jsonl_lines(contacts, team: Team):
    """The API's contact objects, plus the company's name so that the file can be imported
    into another team (where the company IDs mean nothing)."""
    for contact in contacts:
        record = ContactSerializer(contact, context={"team": team}).data
        record["company"] = contact.company.name if contact.company_id else None
        yield json.dumps(record, ensure_ascii=False) + "\n"
