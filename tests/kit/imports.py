"""Import runs: files for `import_contacts` to read, the run, and its error report."""

import csv
import shutil
from datetime import UTC, datetime
from pathlib import Path

from contacts.models import Contact
from tests.kit.commands import Run, run_command

SAMPLES = Path(__file__).resolve().parents[1] / "commands" / "imports" / "samples"
REPORT_COLUMNS = ["line", "column", "value", "reason"]
BAD_ROWS_REJECTED = 12  # records of samples/bad_rows.csv that are rejected
LONG_AGO = datetime(2020, 1, 1, tzinfo=UTC)


def run_import(path: Path, team, *options: str) -> Run:
    """`import_contacts` of the file at `path` into `team`."""
    return run_command("import_contacts", str(path), "--team", team.public_id, *options)


def write_csv(directory: Path, rows: list[list[str]], name: str = "contacts.csv") -> Path:
    path = directory / name
    with path.open("w", newline="", encoding="utf-8") as file:
        csv.writer(file).writerows(rows)
    return path


def sample(directory: Path, name: str, as_name: str | None = None) -> Path:
    """A copy of the sample file `name` in `directory`, so its error report lands there too."""
    target = directory / (as_name or name)
    shutil.copyfile(SAMPLES / name, target)
    return target


def report_of(path: Path) -> list[dict]:
    """The error report's rows; its header must be line, column, value, reason."""
    with path.open(newline="", encoding="utf-8") as file:
        reader = csv.reader(file)
        assert next(reader) == REPORT_COLUMNS
        return [dict(zip(REPORT_COLUMNS, row, strict=True)) for row in reader]


def default_report(path: Path) -> Path:
    """Where the error report of an import of `path` goes unless `--errors` says otherwise."""
    return path.with_name(path.name + ".errors.csv")


def contacts_of(team) -> dict[str, Contact]:
    """The team's live contacts by lower-cased email."""
    return {c.email.lower(): c for c in Contact.objects.live().filter(team=team) if c.email}
