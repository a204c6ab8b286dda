import csv
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from contacts.csv_format import safe_cell
from contacts.rules import normalize_phone
from crm.management.arguments import default_region, error_report_path, team_from_id
from donotcall import services
from donotcall.models import DoNotCallEntry, Source

# Exit statuses, as import_contacts': 0 every number registered (or already there); 1 nothing
# imported (bad arguments or file); 2 some lines rejected (see the error report); 130
# interrupted.
EXIT_REJECTED_ROWS = 2
EXIT_INTERRUPTED = 130
# Headers a CSV file's number column may have, compared without case, spaces, - or _.
NUMBER_HEADERS = ("number", "phone", "phonenumber", "telephone", "tel", "mobile", "dnc")
BATCH_SIZE = 100_000
STAGING_TABLE = """
CREATE TEMPORARY TABLE IF NOT EXISTS do_not_call_import_staging (number varchar(128))
ON COMMIT DELETE ROWS
"""
REASON_MAX_LENGTH = DoNotCallEntry._meta.get_field("reason").max_length


class Command(BaseCommand):
    help = (
        "Put the numbers of a file on a team's do-not-call registry: one number per line, or "
        "a CSV file's number column. Idempotent; bad numbers go to an error report with line, "
        "column, value and reason."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--team", required=True, help="The team's ID (team_...).")
        parser.add_argument(
            "--default-region",
            help="Country for national numbers, e.g. US: (415) 555-1234 -> +14155551234.",
        )
        parser.add_argument("--reason", help="Why these numbers must not be called.")
        parser.add_argument(
            "--column",
            help="The CSV column holding the numbers (default: a column named number, phone, "
            "telephone...; a file of one value per line needs none).",
        )
        parser.add_argument("--errors", type=Path, help="Error report (default: beside the file).")

    def handle(self, *args, **options):
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No file at {path}.")
        team = team_from_id(options["team"])
        region = default_region(options["default_region"])
        reason = (options["reason"] or "").strip() or None
        if reason and len(reason) > REASON_MAX_LENGTH:
            raise CommandError(f"--reason has at most {REASON_MAX_LENGTH} characters.")
        errors_path = error_report_path(options["errors"], path)
        column, lines = _numbers_of(path, options["column"])
        run = Run(self, errors_path, column)
        try:
            batch: list[str] = []
            for line, value in lines:
                try:
                    batch.append(normalize_phone(value, region))
                except ValidationError as error:
                    run.reject(line, value, error.messages[0])
                run.read += 1
                if len(batch) >= BATCH_SIZE:
                    run.registered += _register(team, batch, reason)
                    run.valid += len(batch)
                    batch = []
                    run.progress()
            if batch:
                run.registered += _register(team, batch, reason)
                run.valid += len(batch)
        except (csv.Error, UnicodeError) as error:
            run.close()
            raise CommandError(
                f"The file cannot be read past line {run.read + 1}: {error}. The numbers before "
                "it are registered; fix the file and run the same command again."
            ) from error
        except KeyboardInterrupt:
            run.close()
            self.stderr.write(
                "Interrupted. Run the same command again to finish (registered numbers are "
                "left as they are)."
            )
            sys.exit(EXIT_INTERRUPTED)
        run.close()
        self.stdout.write(run.summary(team))
        if run.rejected:
            self.stderr.write(f"Error report: {errors_path}")
            sys.exit(EXIT_REJECTED_ROWS)


def _register(team, numbers: list[str], reason: str | None) -> int:
    """One batch in one transaction: COPY into a staging table, then one INSERT ... SELECT
    ... ON CONFLICT DO NOTHING. Returns how many numbers were new."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(STAGING_TABLE)
        with cursor.copy("COPY do_not_call_import_staging (number) FROM STDIN") as copy:
            for number in numbers:
                copy.write_row((number,))
        new = services.register_selected_numbers(
            "SELECT DISTINCT %s::uuid, number, NULL::uuid FROM do_not_call_import_staging",
            [team.pk],
            source=Source.IMPORT,
            reason=reason,
        )
        return len(new)


def _numbers_of(path: Path, column: str | None) -> tuple[str, Iterator[tuple[int, str]]]:
    """The column's name for the report, and (line, value) of each number in the file."""
    with path.open(encoding="utf-8-sig", newline="") as file:
        first = file.readline()
    is_csv = column is not None or any(mark in first for mark in ",;\t")
    if not is_csv:
        return "number", _plain_lines(path)
    try:
        dialect = csv.Sniffer().sniff(first, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    header = next(csv.reader([first], dialect))
    wanted = [_plain_header(column)] if column else NUMBER_HEADERS
    index = next((i for i, name in enumerate(header) if _plain_header(name) in wanted), None)
    if index is None:
        raise CommandError(
            f"No column {column!r} in the file's header."
            if column
            else "The file has several columns and none is named number or phone: name the "
            "one to read with --column."
        )
    return header[index], _csv_cells(path, dialect, index)


def _plain_header(name: str) -> str:
    return "".join(char for char in name.lower() if char not in " -_")


def _plain_lines(path: Path) -> Iterator[tuple[int, str]]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        for line, text in enumerate(file, start=1):
            value = text.strip()
            if value and not (line == 1 and _plain_header(value) in NUMBER_HEADERS):
                yield line, value


def _csv_cells(path: Path, dialect, index: int) -> Iterator[tuple[int, str]]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        reader = csv.reader(file, dialect)
        next(reader)  # the header
        for record in reader:
            value = record[index].strip() if index < len(record) else ""
            if value:
                yield reader.line_num, value


class Run:
    """Counts, the error report and progress of one run."""

    def __init__(self, command: BaseCommand, errors_path: Path, column: str):
        self.command = command
        self.errors_path = errors_path
        self.column = column
        self.errors_file = None
        self.read = self.valid = self.registered = self.rejected = 0
        self.started = time.monotonic()
        self.interactive = sys.stderr.isatty()

    def reject(self, line: int, value: str, reason: str) -> None:
        if self.errors_file is None:
            self.errors_file = self.errors_path.open("w", newline="", encoding="utf-8")
            self.errors_writer = csv.writer(self.errors_file)
            self.errors_writer.writerow(["line", "column", "value", "reason"])
        self.errors_writer.writerow([line, self.column, safe_cell(value), reason])
        self.rejected += 1

    def progress(self) -> None:
        if self.interactive:
            rate = self.read / max(time.monotonic() - self.started, 1e-6)
            self.command.stderr.write(
                f"\r{self.read:,} numbers read, {self.registered:,} registered, "
                f"{self.rejected:,} rejected, {rate:,.0f} numbers/s",
                ending="",
            )

    def close(self) -> None:
        if self.interactive:
            self.command.stderr.write("")
        if self.errors_file is not None:
            self.errors_file.close()

    def summary(self, team) -> str:
        seconds = time.monotonic() - self.started
        return (
            f"Read {self.read:,} numbers in {seconds:,.1f} s into team '{team.name}': "
            f"{self.registered:,} registered, {self.valid - self.registered:,} already on the "
            f"registry, {self.rejected:,} rejected."
        )
