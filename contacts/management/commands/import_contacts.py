import csv
import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import phonenumbers
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection, transaction

from companies.models import Company
from contacts import importer
from contacts.csv_format import safe_cell
from contacts.import_loader import DEFAULT_WAIT_SECONDS, ContactLoader, ImportBusy, OtherImport
from crm.management.arguments import live_record_from_id, team_from_id

# Exit statuses: 0 every row imported; 1 nothing imported (bad arguments or file);
# 2 some rows rejected (the rest imported, see the error report); 130 interrupted.
EXIT_REJECTED_ROWS = 2
EXIT_INTERRUPTED = 130
PROGRESS_EVERY_SECONDS = 5


class RunAborted(Exception):
    """Roll back the whole run (--dry-run, or --all-or-nothing with rejected rows)."""


class Command(BaseCommand):
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
            help="Country for national phone numbers, e.g. US: (415) 555-1234 -> +14155551234.",
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
        region = options["default_region"]
        if region:
            region = region.upper()
            if region not in phonenumbers.SUPPORTED_REGIONS:
                raise CommandError(f"--default-region {region} is not a country code such as US.")
        file_format = options["format"] or importer.detect_format(path)
        encoding = options["encoding"] or importer.detect_encoding(path)
        try:
            headers = importer.read_headers(path, file_format=file_format, encoding=encoding)
            columns = importer.Columns.from_headers(
                headers, extra_as_custom=options["extra_columns"] == "custom"
            )
        except importer.FileProblem as problem:
            raise CommandError(str(problem)) from problem
        except (UnicodeDecodeError, LookupError) as error:
            raise CommandError(f"Cannot read the file as {encoding}: {error}") from error
        missing = {"first_name", "last_name"} - set(columns.fields.values())
        if missing:
            raise CommandError(
                "The file needs first and last name columns (e.g. 'First Name', 'Last Name'). "
                "Nothing was imported."
            )
        errors_path = options["errors"] or path.with_name(path.name + ".errors.csv")
        self.stderr.write(
            f"Importing {path} ({file_format}, {encoding}) into team '{team.name}'"
            + (" — dry run, nothing will be written" if options["dry_run"] else "")
        )
        if errors_path.resolve() == path.resolve():
            raise CommandError("--errors must not be the file being imported.")
        try:  # fail before writing anything if the report cannot be written
            errors_path.unlink(missing_ok=True)  # a report from an earlier run would mislead
            errors_path.touch()
            errors_path.unlink()
        except OSError as error:
            raise CommandError(f"Cannot write the error report {errors_path}: {error}") from error
        run = ImportRun(
            self, errors_path, total_lines=importer.count_lines(path), wait=options["wait"]
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
        checker = importer.RowChecker(columns, default_region=region)

        def make_batches():  # in the child process: read, check, encode for COPY
            records = importer.read_records(path, file_format=file_format, encoding=encoding)
            for batch in importer.batches(records, checker, batch_size=options["batch_size"]):
                batch.rows = loader.prepare(batch.rows)
                yield batch

        batches = importer.checked_in_a_child_process(make_batches)
        whole_run = options["dry_run"] or options["all_or_nothing"]
        try:
            with named_session(team):
                self._load(run, batches, loader, whole_run=whole_run, dry_run=options["dry_run"])
        except RunAborted:
            pass
        except (csv.Error, UnicodeError, importer.FileProblem) as error:
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
        except importer.CheckerStopped as error:
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
                run.load_all(batches, loader, commit_each=False)
                if dry_run or run.rejected:
                    raise RunAborted
        else:
            run.load_all(batches, loader, commit_each=True)


@contextmanager
def named_session(team):
    """Name the database session after this run while it lasts, so that another import into
    the team, waiting for its turn, can say which one it waits for (application_name)."""
    name = f"import_contacts {team.public_id} pid {os.getpid()}"
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('application_name')")
        [usual] = cursor.fetchone()
        cursor.execute("SELECT set_config('application_name', %s, false)", [name])
    try:
        yield
    finally:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('application_name', %s, false)", [usual])
        except DatabaseError:
            pass  # the session is gone, and its name with it


class ImportRun:
    """Counts, the error report and progress for one run of the command."""

    def __init__(self, command: BaseCommand, errors_path: Path, *, total_lines: int, wait: int):
        self.command = command
        self.wait = wait  # seconds to wait for another import's turn
        self.total_lines = max(total_lines, 1)
        self.errors_path = errors_path
        self.errors_file = None
        self.read = self.created = self.updated = self.skipped = self.rejected = 0
        self.committed_through = self.last_line = 0
        self.started = time.monotonic()
        self.last_progress = self.started
        self.interactive = sys.stderr.isatty()

    def load_all(self, batches, loader: ContactLoader, *, commit_each: bool) -> None:
        for batch in batches:  # checked in a child process while this one loads
            if commit_each:
                with transaction.atomic():
                    result = loader.load(batch.rows)
            else:
                result = loader.load(batch.rows)
            self._record(batch, result, committed=commit_each)

    def _record(self, batch, result, *, committed: bool) -> None:
        rejected = batch.rejected + result.rejected
        self.read += len(batch.rows) + len({row.line for row in batch.rejected})
        self.created += result.created
        self.updated += result.updated
        self.skipped += result.skipped
        self.rejected += len({row.line for row in rejected})
        if rejected:
            self._write_errors(sorted(rejected, key=lambda row: row.line))
        self.last_line = batch.last_line
        if committed:
            self.committed_through = batch.last_line
        self._progress(batch.last_line)

    def waiting(self, other: OtherImport) -> None:
        """Say which import this one waits for (ContactLoader's on_wait)."""
        if self.interactive:
            self.command.stderr.write("")  # end the progress line
        self.command.stderr.write(
            f"Another import into this team has its turn: {other}. Waiting for it, "
            f"up to {self.wait} s (--wait)."
        )

    def _write_errors(self, rows) -> None:
        if self.errors_file is None:
            self.errors_file = self.errors_path.open("w", newline="", encoding="utf-8")
            self.errors_writer = csv.writer(self.errors_file)
            self.errors_writer.writerow(["line", "column", "value", "reason"])
        for row in rows:
            self.errors_writer.writerow([row.line, row.column, safe_cell(row.value), row.reason])

    def _progress(self, line: int) -> None:
        now = time.monotonic()
        elapsed = max(now - self.started, 1e-6)
        rate = self.read / elapsed
        done = min(line / self.total_lines, 1.0)
        eta = elapsed * (1 - done) / done if done else 0
        bar = "#" * int(done * 20)
        text = (
            f"[{bar:<20}] {done:4.0%} {self.read:,} rows, {self.created:,} created, "
            f"{self.updated:,} updated, {self.skipped:,} skipped, {self.rejected:,} rejected, "
            f"{rate:,.0f} rows/s, ETA {eta:,.0f} s"
        )
        if self.interactive:
            self.command.stderr.write(f"\r{text}", ending="")
        elif now - self.last_progress >= PROGRESS_EVERY_SECONDS:
            self.command.stderr.write(text)
            self.last_progress = now

    def close(self) -> None:
        if self.interactive:
            self.command.stderr.write("")
        if self.errors_file is not None:
            self.errors_file.close()

    def summary(self, *, written: bool, dry_run: bool) -> str:
        seconds = time.monotonic() - self.started
        verb = "would be " if dry_run else ("" if written else "would have been ")
        return (
            f"Read {self.read:,} rows in {seconds:,.1f} s: {self.created:,} {verb}created, "
            f"{self.updated:,} {verb}updated, {self.skipped:,} skipped, "
            f"{self.rejected:,} rejected."
        )
