import csv
import sys
from pathlib import Path

from django.core.management.base import CommandError
from django.db import DatabaseError, transaction

from companies.models import Company
from contacts.imports import checking, reading
from contacts.imports.loading import (
    DEFAULT_WAIT_SECONDS,
    ContactLoader,
    ImportBusy,
    named_session,
)
from contacts.imports.reporting import ImportRun
from crm.management.arguments import (
    default_region,
    error_report_path,
    live_record_from_id,
    team_from_id,
)
from crm.management.base import EXIT_INTERRUPTED
from history.context import RecordedCommand

# Exit statuses: 0 every row imported; 1 nothing imported (bad arguments or file);
# 2 some rows rejected (the rest imported, see the error report); 130 interrupted.
EXIT_REJECTED_ROWS = 2


class RunAborted(Exception):
    """Roll back the whole run (--dry-run, or --all-or-nothing with rejected rows)."""


class Command(RecordedCommand):
    # The admin's import (contacts/import_jobs.py) follows the run with `on_progress`.
    stealth_options = (*RecordedCommand.stealth_options, "on_progress")
    help = (
        "Import contacts from a CSV or JSON Lines file into a team. Every row passes the "
        "API's rules; rejected rows go to an error report with line, column, value and reason."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--team", required=True, help="The team's ID (team_...).")
        parser.add_argument("--company", help="Company (comp_...) for rows that name none.")
        parser.add_argument(
            "--create-companies",
            action="store_true",
            help="Create companies named in a Company column that the team does not have.",
        )
        parser.add_argument("--format", choices=["csv", "jsonl"], help="Default: detected.")
        parser.add_argument(
            "--encoding", help="Default: UTF-8 (with or without BOM), else Windows-1252."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and count; write nothing."
        )
        parser.add_argument(
            "--on-duplicate",
            choices=["skip", "update", "create"],
            default="skip",
            help="A row matching a live contact: leave it (default), update it, or add anyway.",
        )
        parser.add_argument(
            "--match",
            choices=["email", "phone", "both"],
            default="email",
            help="What makes a row a duplicate: the email (default), the phone, or either.",
        )
        parser.add_argument(
            "--default-region",
            help="Country for national phone numbers, e.g. US: (415) 555-1234 -> +14155551234 "
            "(default: the team's phone region; none: numbers need their +).",
        )
        parser.add_argument("--errors", type=Path, help="Error report (default: beside the file).")
        parser.add_argument(
            "--all-or-nothing",
            action="store_true",
            help="One rejected row means nothing is written.",
        )
        parser.add_argument("--batch-size", type=int, default=5000)
        parser.add_argument(
            "--wait",
            type=int,
            default=DEFAULT_WAIT_SECONDS,
            metavar="SECONDS",
            help="How long to wait for another import into the team before giving up "
            f"(default {DEFAULT_WAIT_SECONDS}).",
        )
        parser.add_argument(
            "--extra-columns",
            choices=["refuse", "custom"],
            default="refuse",
            help="Columns that match no field: stop before writing (default), or keep them "
            "as custom fields.",
        )

    def handle(self, *args, **options):
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No file at {path}.")
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        if options["wait"] < 0:
            raise CommandError("--wait must be 0 seconds or more.")
        team = team_from_id(options["team"])
        company = None
        if options["company"]:
            company = live_record_from_id(Company, team, options["company"], "--company")
        region = default_region(options["default_region"], team)
        file_format = options["format"] or reading.detect_format(path)
        encoding = options["encoding"] or reading.detect_encoding(path)
        try:
            headers = reading.read_headers(path, file_format=file_format, encoding=encoding)
            columns = reading.Columns.from_headers(
                headers, extra_as_custom=options["extra_columns"] == "custom"
            )
        except reading.FileProblem as problem:
            raise CommandError(str(problem)) from problem
        except (UnicodeDecodeError, LookupError) as error:
            raise CommandError(f"Cannot read the file as {encoding}: {error}") from error
        missing = set(checking.REQUIRED_FIELDS) - set(columns.fields.values())
        if missing:
            raise CommandError(
                "The file needs first and last name columns (e.g. 'First Name', 'Last Name'). "
                "Nothing was imported."
            )
        self.stderr.write(
            f"Importing {path} ({file_format}, {encoding}) into team '{team.name}'"
            + (" — dry run, nothing will be written" if options["dry_run"] else "")
        )
        errors_path = error_report_path(options["errors"], path)
        run = ImportRun(
            self,
            errors_path,
            total_lines=reading.count_lines(path),
            wait=options["wait"],
            on_progress=options.get("on_progress"),
        )
        loader = ContactLoader(
            team,
            default_company=company,
            create_companies=options["create_companies"],
            on_duplicate=options["on_duplicate"],
            match=options["match"],
            column_of=columns.header_of,
            wait_seconds=options["wait"],
            on_wait=run.waiting,
        )
        checker = checking.RowChecker(columns, default_region=region)

        def make_batches():  # in the child process: read, check, encode for COPY
            records = reading.read_records(path, file_format=file_format, encoding=encoding)
            for batch in checking.batches(records, checker, batch_size=options["batch_size"]):
                batch.rows = loader.prepare(batch.rows)
                yield batch

        batches = checking.checked_in_a_child_process(make_batches)
        whole_run = options["dry_run"] or options["all_or_nothing"]
        try:
            with named_session(team):
                self._load(run, batches, loader, whole_run=whole_run, dry_run=options["dry_run"])
        except RunAborted:
            pass
        except (csv.Error, UnicodeError, reading.FileProblem) as error:
            run.close()
            raise CommandError(
                f"The file cannot be read past line {run.last_line + 1}: {error}"
                + f"\nRows up to line {run.committed_through} are committed; fix the file and "
                "run the same command again to finish."
            ) from error
        except DatabaseError as error:
            run.close()
            raise CommandError(
                f"The database failed: {error}".strip()
                + f"\nRows up to line {run.committed_through} are committed; run the same "
                "command again to finish (already imported rows are matched, not duplicated)."
            ) from error
        except checking.CheckerStopped as error:
            run.close()
            raise CommandError(
                f"{error}\nRows up to line {run.committed_through} are committed; run the same "
                "command again to finish (already imported rows are matched, not duplicated)."
            ) from error
        except ImportBusy as error:
            run.close()
            ending = (
                f" If it is no longer running, end its session (SELECT "
                f"pg_terminate_backend({error.holder.pid})) and run the same command again."
                if error.holder
                else " Run the same command again."
            )
            raise CommandError(
                f"Gave up after waiting {error.waited:g} s (--wait) for another import into "
                f"team '{team.name}': {error.holder or 'a session that has since ended'}."
                + f"\nRows up to line {run.committed_through} are committed.{ending}"
            ) from error
        except KeyboardInterrupt:
            run.close()
            self.stderr.write(
                f"Interrupted. Rows up to line {run.committed_through} are committed; "
                "run the same command again to finish (already imported rows are matched, "
                "not duplicated)."
            )
            sys.exit(EXIT_INTERRUPTED)
        run.close()
        written = not options["dry_run"] and not (options["all_or_nothing"] and run.rejected)
        self.stdout.write(run.summary(written=written, dry_run=options["dry_run"]))
        if run.rejected:
            if options["all_or_nothing"] and not options["dry_run"]:
                self.stderr.write("Rows were rejected, so nothing was written (--all-or-nothing).")
            self.stderr.write(f"Error report: {errors_path}")
            sys.exit(EXIT_REJECTED_ROWS)

    @staticmethod
    def _load(run, batches, loader: ContactLoader, *, whole_run: bool, dry_run: bool) -> None:
        if whole_run:
            with transaction.atomic():
                _load_all(run, batches, loader, commit_each=False)
                if dry_run or run.rejected:
                    raise RunAborted
        else:
            _load_all(run, batches, loader, commit_each=True)


def _load_all(run: ImportRun, batches, loader: ContactLoader, *, commit_each: bool) -> None:
    for batch in batches:  # checked in a child process while this one loads
        if commit_each:
            with transaction.atomic():
                result = loader.load(batch.rows)
        else:
            result = loader.load(batch.rows)
        run.record(batch, result, committed=commit_each)
