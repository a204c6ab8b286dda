"""Contact imports started in the admin: the uploaded file stored with its options, the
importer's reading of it shown before anything is written, and its runs on a worker.

Nothing here checks a row or writes a contact: the reading is `contacts.imports`' reader and
row checker, and a run is `import_contacts` itself, called with the stored options
(`contacts/tasks.py` runs it on the task queue, so a big file never holds a web worker).
"""

import csv
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from io import StringIO
from itertools import islice
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections, transaction
from django.utils import timezone

from contacts.imports import checking, reading
from contacts.imports.reporting import ImportRun
from contacts.models import CONTACT_FIELDS, ContactImport
from crm.management.progress import Throttle

# Rows of the file the preview checks and shows.
PREVIEW_ROWS = 10
# How often a run's counts reach the page, at most.
PROGRESS_EVERY_SECONDS = 0.5

# The encodings a staff member may pick (empty: detected as import_contacts detects it), by
# the names Python knows them and the names people do.
ENCODING_NAMES = {
    "utf-8-sig": "UTF-8",
    "cp1252": "Windows-1252",
    "latin-1": "Latin-1",
    "mac_roman": "Mac Roman",
    "utf-16": "UTF-16",
}

_LABELS = {field.name: str(field.model_field.verbose_name) for field in CONTACT_FIELDS} | {
    "company": "company"
}


class UploadProblem(Exception):
    """The file cannot be imported as it is; the message says why and what to do."""


def field_label(name: str) -> str:
    if name.startswith("custom:"):
        return f"custom field '{name.removeprefix('custom:')}'"
    return _LABELS.get(name, name)


@contextmanager
def file_on_disk(data: bytes, file_name: str) -> Iterator[Path]:
    """The stored file in a temporary folder, for the importer, which reads paths. Named by
    its suffix only (which tells JSON Lines from CSV): an uploaded name may be anything."""
    suffix = Path(file_name).suffix.lower()
    if not suffix[1:].isalnum() or len(suffix) > 10:
        suffix = ".csv"
    with tempfile.TemporaryDirectory(prefix="contact-import-") as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(data)
        yield path


def read_upload(data: bytes, file_name: str, *, options: dict) -> dict:
    """The importer's reading of a file, as JSON for the page: format, encoding, each
    column and the field it fills, ignored and unknown columns, and the first rows as they
    would be stored or the reasons they would be rejected. UploadProblem when the import
    could not start."""
    if not data.strip():
        raise UploadProblem("The file is empty.")
    encoding = options.get("encoding") or None
    if encoding:
        _check_encoding(data, encoding)
    with file_on_disk(data, file_name) as path:
        file_format = reading.detect_format(path)
        encoding = encoding or reading.detect_encoding(path)
        try:
            headers = reading.read_headers(path, file_format=file_format, encoding=encoding)
            every_column = reading.Columns.from_headers(headers, extra_as_custom=True)
        except reading.FileProblem as problem:
            raise UploadProblem(str(problem)) from problem
        except csv.Error as error:
            raise UploadProblem(f"The file cannot be read as CSV: {error}.") from error
        except UnicodeDecodeError as error:
            raise UploadProblem(_not_in_encoding(data, encoding, error)) from error
        unknown = [h for h, name in every_column.fields.items() if name.startswith("custom:")]
        columns = every_column
        if not options.get("extra_columns_as_custom_fields"):
            columns = reading.Columns(
                fields={h: n for h, n in every_column.fields.items() if h not in unknown},
                ignored=every_column.ignored,
            )
        if set(checking.REQUIRED_FIELDS) - set(columns.fields.values()):
            raise UploadProblem(
                "The file needs first and last name columns (e.g. 'First Name', 'Last Name')."
            )
        checker = checking.RowChecker(columns, default_region=options.get("default_region"))
        try:
            records = reading.read_records(path, file_format=file_format, encoding=encoding)
            rows = [_preview_row(checker, *record) for record in islice(records, PREVIEW_ROWS)]
        except csv.Error as error:
            raise UploadProblem(f"The file cannot be read as CSV: {error}.") from error
        return {
            "format": file_format,
            "encoding": ENCODING_NAMES.get(encoding, encoding),
            "lines": reading.count_lines(path),
            "columns": [[header, field_label(name)] for header, name in columns.fields.items()],
            "ignored": every_column.ignored,
            "unknown": unknown,
            "unknown_refused": bool(unknown) and columns is not every_column,
            "rows": rows,
        }


def _check_encoding(data: bytes, encoding: str) -> None:
    try:
        data.decode(encoding)
    except LookupError as error:
        raise UploadProblem(f"'{encoding}' is not an encoding.") from error
    except UnicodeDecodeError as error:
        raise UploadProblem(_not_in_encoding(data, encoding, error)) from error


def _not_in_encoding(data: bytes, encoding: str, error: UnicodeDecodeError) -> str:
    line = data[: error.start].count(b"\n") + 1
    name = ENCODING_NAMES.get(encoding, encoding)
    return (
        f"The file is not {name} text: line {line} holds a byte that {name} does not use. "
        "Pick the file's encoding, or leave the encoding to be detected."
    )


def _preview_row(checker: checking.RowChecker, line: int, record: dict) -> dict:
    if reading.ERROR in record:
        return {"line": line, "values": [], "rejected": [["", "", record[reading.ERROR]]]}
    result = checker.check(line, record)
    if isinstance(result, checking.Row):
        values = [[field_label(name), _shown(value)] for name, value in result.values.items()]
        if result.company_name:
            values.append(["company", result.company_name])
        return {"line": line, "values": values, "rejected": []}
    return {
        "line": line,
        "values": [],
        "rejected": [[row.column, row.value, row.reason] for row in result],
    }


def _shown(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    if isinstance(value, dict):
        return ", ".join(f"{key}: {item}" for key, item in value.items())
    return str(value)


def create_import(*, team, user, file_name: str, data: bytes, options: dict) -> ContactImport:
    """Store an uploaded file with its options and its reading (UploadProblem if the import
    could not start)."""
    preview = read_upload(data, file_name, options=options)
    return ContactImport.objects.create(
        team=team,
        created_by=user,
        file_name=Path(file_name).name[:255],
        file_data=data,
        file_size=len(data),
        preview=preview,
        total_lines=preview["lines"],
        **options,
    )


def start_run(contact_import: ContactImport, *, dry_run: bool) -> bool:
    """Queue a run of the import on a worker; False if one is already queued or running,
    or the import has already been run for real."""
    from contacts.tasks import run_contact_import  # the task module imports this one

    with transaction.atomic():
        claimed = (
            ContactImport.objects.filter(pk=contact_import.pk)
            .exclude(status__in=[ContactImport.Status.QUEUED, ContactImport.Status.RUNNING])
            .exclude(status=ContactImport.Status.DONE, dry_run=False)
            .update(
                status=ContactImport.Status.QUEUED,
                dry_run=dry_run,
                lines_done=0,
                rows_read=0,
                created=0,
                updated=0,
                skipped=0,
                rejected=0,
                summary="",
                error_report=None,
                started_at=None,
                finished_at=None,
            )
        )
        if claimed:
            # In the same transaction: no job without its queued status, and the other way.
            run_contact_import.defer(import_id=str(contact_import.pk), dry_run=dry_run)
    return bool(claimed)


def run(import_id: str, *, dry_run: bool) -> None:
    """What a worker does with a queued import: `import_contacts` on the stored file, its
    counts reported as it goes, then its summary and error report stored."""
    contact_import = (
        ContactImport.objects.select_related("team", "company", "created_by")
        .filter(pk=import_id)
        .first()
    )
    if contact_import is None:
        return  # deleted meanwhile
    ContactImport.objects.filter(pk=import_id).update(
        status=ContactImport.Status.RUNNING, started_at=timezone.now()
    )
    try:
        _run_command(contact_import, dry_run=dry_run)
    except BaseException:
        # A bug, or the worker stopping: the page must not show "running" for ever. A worker
        # that is killed outright leaves the job to be run again (crm/jobs.py).
        ContactImport.objects.filter(pk=import_id).update(
            status=ContactImport.Status.FAILED,
            summary="The import stopped on an unexpected error, which has been logged. "
            "Rows of batches that were committed stay; running it again finishes the job.",
            finished_at=timezone.now(),
        )
        raise


def _run_command(contact_import: ContactImport, *, dry_run: bool) -> None:
    import_id = contact_import.pk
    output = StringIO()
    progress = ProgressReport(import_id)
    status = ContactImport.Status.DONE
    with file_on_disk(bytes(contact_import.file_data), contact_import.file_name) as path:
        errors_path = path.with_name(path.name + ".errors.csv")
        try:
            call_command(
                "import_contacts",
                str(path),
                dry_run=dry_run,
                errors=errors_path,
                on_progress=progress,
                recorded_as=_actor(contact_import),
                stdout=output,
                stderr=StringIO(),
                **_command_options(contact_import),
            )
        except SystemExit as exit:  # 2: some rows were rejected, the rest went in
            if exit.code != 2:
                status = ContactImport.Status.FAILED
        except CommandError as error:
            status = ContactImport.Status.FAILED
            output.write(str(error))
        finally:
            progress.close()
        report = errors_path.read_bytes() if errors_path.exists() else None
    counts = progress.counts or {}
    ContactImport.objects.filter(pk=import_id).update(
        status=status,
        summary=output.getvalue().strip(),
        error_report=report,
        finished_at=timezone.now(),
        **counts,
    )


def _command_options(contact_import: ContactImport) -> dict:
    return {
        "team": contact_import.team.public_id,
        "company": contact_import.company.public_id if contact_import.company else None,
        "create_companies": contact_import.create_companies,
        "encoding": contact_import.encoding or None,
        "default_region": contact_import.default_region or None,
        "on_duplicate": contact_import.on_duplicate,
        "match": contact_import.match,
        "extra_columns": "custom" if contact_import.extra_columns_as_custom_fields else "refuse",
        "all_or_nothing": contact_import.all_or_nothing,
    }


def _actor(contact_import: ContactImport) -> dict:
    """History names the staff member who started the import, and the import."""
    user = contact_import.created_by
    return {
        "actor_type": "staff_user",
        "actor": user.get_username() if user else "(deleted user)",
        "actor_id": user.pk if user else None,
        "path": f"admin import {contact_import.public_id} of {contact_import.file_name}",
    }


class ProgressReport:
    """An ImportRun's `on_progress`: the counts so far, written to the import's row.

    On a connection of its own, committed at once: a dry run (or an all-or-nothing run) is
    one transaction until its end, and its progress must be seen before that."""

    def __init__(self, import_id: str):
        self.import_id = import_id
        self.connection = None
        self.counts: dict | None = None
        self.throttle = Throttle(PROGRESS_EVERY_SECONDS)

    def __call__(self, run: ImportRun) -> None:
        self.counts = {
            "total_lines": run.total_lines,
            "lines_done": run.last_line,
            "rows_read": run.read,
            "created": run.created,
            "updated": run.updated,
            "skipped": run.skipped,
            "rejected": run.rejected,
        }
        if self.throttle.due():
            self._write()

    def _write(self) -> None:
        if self.connection is None:
            self.connection = connections.create_connection("default")
        assignments = ", ".join(f"{column} = %s" for column in self.counts)
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {ContactImport._meta.db_table} SET {assignments} WHERE id = %s",
                [*self.counts.values(), self.import_id],
            )

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()


def status_of(contact_import: ContactImport) -> dict:
    """What the import's page polls: the run's state and counts."""
    done = contact_import.lines_done
    total = max(contact_import.total_lines, 1)
    finished = contact_import.status in {ContactImport.Status.DONE, ContactImport.Status.FAILED}
    return {
        "status": contact_import.status,
        "status_label": contact_import.get_status_display(),
        "dry_run": contact_import.dry_run,
        "finished": finished,
        "percent": 100 if finished else min(99, round(100 * done / total)),
        "lines_done": done,
        "total_lines": contact_import.total_lines,
        "rows_read": contact_import.rows_read,
        "created": contact_import.created,
        "updated": contact_import.updated,
        "skipped": contact_import.skipped,
        "rejected": contact_import.rejected,
        "summary": contact_import.summary,
        "has_error_report": contact_import.has_error_report,
    }
