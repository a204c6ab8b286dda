import csv
import itertools
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from contacts.imports import reading
from contacts.imports.reporting import ErrorReport, RejectedRow
from contacts.rules import normalize_phone
from crm.management.arguments import default_region, error_report_path, team_from_id
from crm.management.base import EXIT_INTERRUPTED
from crm.management.progress import ProgressLine
from donotcall import services
from donotcall.models import DoNotCallEntry, Source
from history.context import RecordedCommand

# Exit statuses, as import_contacts': 0 every number registered (or already there); 1 nothing
# imported (bad arguments or file); 2 some lines rejected (see the error report); 130
# interrupted.
EXIT_REJECTED_ROWS = 2
# Headers a CSV file's number column may have, compared as reading.normalize_header does.
NUMBER_HEADERS = ("number", "phone", "phonenumber", "telephone", "tel", "mobile", "dnc")
BATCH_SIZE = 100_000
STAGING_TABLE = """
CREATE TEMPORARY TABLE IF NOT EXISTS do_not_call_import_staging (number varchar(128))
ON COMMIT DELETE ROWS
"""
REASON_MAX_LENGTH = DoNotCallEntry._meta.get_field("reason").max_length
# A value of the file: its line, the text, and why the line gives none (or None).
Cell = tuple[int, str, str | None]


class Command(RecordedCommand):
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
            help="Country for national numbers, e.g. US: (415) 555-1234 -> +14155551234 "
            "(default: the team's phone region; none: numbers need their +).",
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
        region = default_region(options["default_region"], team)
        reason = (options["reason"] or "").strip() or None
        if reason and len(reason) > REASON_MAX_LENGTH:
            raise CommandError(f"--reason has at most {REASON_MAX_LENGTH} characters.")
        errors_path = error_report_path(options["errors"], path)
        column, lines = _numbers_of(path, options["column"])
        run = Run(self, errors_path, column)
        try:
            batch: list[str] = []
            for line, value, problem in lines:
                run.read += 1
                if problem is not None:
                    run.reject(line, value, problem)
                    continue
                try:
                    batch.append(normalize_phone(value, region))
                except ValidationError as error:
                    run.reject(line, value, error.messages[0])
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
    ... ON CONFLICT DO NOTHING. Returns how many numbers were new.

    The numbers go in once each and in order: the registry's index on (team, number) then
    takes them one after the other rather than at random places.
    """
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(STAGING_TABLE)
        with cursor.copy("COPY do_not_call_import_staging (number) FROM STDIN") as copy:
            # COPY's text format as it is: an E.164 number is '+' and digits, nothing to escape.
            copy.write("".join(f"{number}\n" for number in sorted(set(numbers))))
        new = services.register_selected_numbers(
            "SELECT %s::uuid, number, NULL::uuid FROM do_not_call_import_staging",
            [team.pk],
            source=Source.IMPORT,
            reason=reason,
        )
        return len(new)


def _numbers_of(path: Path, column: str | None) -> tuple[str, Iterator[Cell]]:
    """The column's name for the report, and (line, value, problem) of each number in the
    file. The encoding is found as import_contacts finds it (UTF-8 with or without a BOM,
    else Windows-1252); blank lines are skipped, before the header too.

    A file of one value a line (no delimiter, quote or NUL byte anywhere) is read line by
    line; any other file as import_contacts reads a CSV file (contacts.imports.reading): the
    delimiter sniffed from the file's start, quoted cells, headers compared without case,
    spaces, dashes, dots or underscores. Both give the same values and line numbers for a
    file of one value a line; the CSV reader takes ten times as long.

    `problem` is None, or why the line gives no value (more cells than the header has
    columns).
    """
    encoding = reading.detect_encoding(path)
    if _is_one_value_a_line(path):
        return _numbers_of_lines(path, encoding, column)
    try:
        headers = reading.read_headers(path, file_format="csv", encoding=encoding)
    except reading.FileProblem as problem:
        raise CommandError(str(problem)) from problem
    records = reading.read_records(path, file_format="csv", encoding=encoding)
    found = [header for header in headers if _is_number_header(header, column)]
    if found:
        return found[0], _cells(records, found[0])
    if column or len(headers) > 1:
        raise CommandError(
            f"No column {column!r} in the file's header."
            if column
            else "The file has several columns and none is named number or phone: name the "
            "one to read with --column."
        )
    # One value a line and no header: the first line is a number too.
    (first,) = headers
    return "number", _first_and_cells(_first_line(path, encoding), first, records)


def _cells(records, header: str) -> Iterator[Cell]:
    for line, record in records:
        if reading.ERROR in record:
            yield line, "", record[reading.ERROR]
            continue
        value = (record.get(header) or "").strip()
        if value:
            yield line, value, None


def _first_and_cells(line: int, header: str, records) -> Iterator[Cell]:
    if first := header.strip():
        yield line, first, None
    yield from _cells(records, header)


def _first_line(path: Path, encoding: str) -> int:
    """The number of the file's first line that is not blank (where the header row is)."""
    with path.open(encoding=encoding, newline="") as file:
        return next((line for line, text in enumerate(file, start=1) if text.strip()), 1)


# Bytes that make a file more than one value a line: a delimiter the CSV reader would
# sniff, a quote, or a NUL (which the CSV reader refuses). The same bytes in UTF-8 and
# Windows-1252, and never part of another character in either.
_CSV_BYTES = re.compile(rb'[,;\t"\x00]')


def _is_one_value_a_line(path: Path) -> bool:
    with path.open("rb") as file:
        while chunk := file.read(1 << 20):
            if _CSV_BYTES.search(chunk):
                return False
    return True


def _is_number_header(header: str, column: str | None) -> bool:
    wanted = [reading.normalize_header(column)] if column else NUMBER_HEADERS
    return reading.normalize_header(header) in wanted


def _numbers_of_lines(path: Path, encoding: str, column: str | None) -> tuple[str, Iterator[Cell]]:
    """_numbers_of for a file of one value a line: its first line that is not blank is the
    header when it names the column, else a number."""
    lines = _values_of_lines(path, encoding)
    first = next(lines, None)
    if first is None:
        raise CommandError("The file is empty: it has no header row.")
    _, value, _ = first
    if _is_number_header(value, column):
        return value, lines
    if column:
        raise CommandError(f"No column {column!r} in the file's header.")
    return "number", itertools.chain([first], lines)


def _values_of_lines(path: Path, encoding: str) -> Iterator[Cell]:
    """(line, value, None) for each line that is not blank, the value as the CSV reader
    gives a cell: an export's formula guard undone, spaces stripped. Lines end where the CSV
    reader ends them (a line feed, a carriage return, or both), so line numbers agree."""
    with path.open(encoding=encoding) as file:
        for line, text in enumerate(file, start=1):
            if text[:1] == "'":
                text = reading.unescape_cell(text)
            if value := text.strip():
                yield line, value, None


class Run:
    """Counts, the error report and progress of one run."""

    def __init__(self, command: BaseCommand, errors_path: Path, column: str):
        self.command = command
        self.column = column
        self.errors = ErrorReport(errors_path)
        self.read = self.valid = self.registered = self.rejected = 0
        # Redrawn every second on a terminal, from the counts as they stand.
        self.progress_line = ProgressLine(command.stderr, self._progress_text)

    def reject(self, line: int, value: str, reason: str) -> None:
        self.errors.write([RejectedRow(line, self.column, value, reason)])
        self.rejected += 1

    def progress(self) -> None:
        """A batch is registered: count it and show the line."""
        self.progress_line.counted(self.read)
        self.progress_line.show()

    def _progress_text(self) -> str:
        # The speed as of the last batch registered (ProgressLine.counted).
        return (
            f"{self.read:,} numbers read, {self.registered:,} registered, "
            f"{self.rejected:,} rejected, {self.progress_line.rate:,.0f} numbers/s, "
            f"{self.progress_line.elapsed:,.0f} s"
        )

    def close(self) -> None:
        self.progress_line.close()
        self.errors.close()

    def summary(self, team) -> str:
        seconds = self.progress_line.elapsed
        return (
            f"Read {self.read:,} numbers in {seconds:,.1f} s into team '{team.name}': "
            f"{self.registered:,} registered, {self.valid - self.registered:,} already on the "
            f"registry, {self.rejected:,} rejected."
        )
