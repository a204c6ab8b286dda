"""Reading contact files (CSV or JSON Lines) into checked rows, one batch at a time.

Each row passes the same rule functions as the API and the admin
(`contacts.rules`); length limits come from the model fields. A row that breaks
a rule becomes a RejectedRow naming its line, column, value and reason. Memory
stays flat: the file is read as a stream and handed on in batches.
"""

import codecs
import csv
import ctypes
import gc
import json
import multiprocessing
import os
import queue
import re
import signal
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import connections

from contacts import rules
from contacts.csv_format import FORMULA_STARTS
from contacts.models import Contact
from crm import strict_json

# Header spellings -> contact field. Headers are compared lower-cased, without spaces,
# dashes, dots and underscores, so "First Name", "first_name" and "firstName" all match.
HEADER_ALIASES = {
    "first_name": ["firstname", "first", "givenname", "forename"],
    "last_name": ["lastname", "last", "surname", "familyname"],
    "email": ["email", "emailaddress", "mail"],
    "phone": ["phone", "phonenumber", "telephone", "tel", "primaryphone", "workphone"],
    "phone_secondary": [
        "phonesecondary",
        "secondaryphone",
        "mobile",
        "mobilephone",
        "cell",
        "cellphone",
        "otherphone",
    ],
    "job_title": ["jobtitle", "title", "position", "role"],
    "company": ["company", "companyname", "organization", "organisation", "account"],
    "lead_status": ["leadstatus", "status"],
    "source": ["source", "leadsource"],
    "timezone": ["timezone", "tz"],
    "preferred_contact_method": ["preferredcontactmethod", "contactmethod"],
    "do_not_call": ["donotcall", "dnc"],
    "notes": ["notes", "note", "comments", "description"],
    "tags": ["tags", "tag", "labels"],
    "custom_fields": ["customfields"],
    "external_id": ["externalid", "externalref", "recordid"],
}
# Columns an export writes that an import takes no value from.
IGNORED_HEADERS = {
    "id",
    "createdat",
    "updatedat",
    "archivedat",
    "lastcalledat",
    "callcount",
    "teamid",
    "companyid",
}
_ALIAS_TO_FIELD = {alias: name for name, aliases in HEADER_ALIASES.items() for alias in aliases}
TEXT_FIELDS = [
    "first_name",
    "last_name",
    "job_title",
    "source",
    "preferred_contact_method",
    "notes",
    "external_id",
]


class FileProblem(Exception):
    """The file as a whole cannot be imported (unreadable, unknown columns...)."""


@dataclass
class RejectedRow:
    line: int
    column: str
    value: str
    reason: str


@dataclass
class Row:
    line: int
    values: dict  # field -> clean value; absent fields were not given
    company_name: str | None = None


@dataclass
class Batch:
    rows: list[Row] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)
    last_line: int = 0


def normalize_header(header: str) -> str:
    return re.sub(r"[\s\-_.]", "", header.strip().lstrip("\ufeff")).lower()


@dataclass
class Columns:
    """How the file's headers map to contact fields."""

    fields: dict[str, str]  # header -> field ("custom:<name>" for an extra column)
    ignored: list[str]

    @classmethod
    def from_headers(cls, headers: list[str], *, extra_as_custom: bool) -> "Columns":
        repeated = sorted({h for h in headers if h.strip() and headers.count(h) > 1})
        if repeated:
            raise FileProblem(
                "These columns appear more than once: "
                + ", ".join(repr(header) for header in repeated)
                + ". Rename or remove the copies. Nothing was imported."
            )
        fields, ignored, unknown = {}, [], []
        taken: set[str] = set()
        for header in headers:
            key = normalize_header(header)
            name = _ALIAS_TO_FIELD.get(key)
            if name == "phone" and "phone" in taken and "phone_secondary" not in taken:
                name = "phone_secondary"  # a second phone column: the secondary number
            if name:
                # Two spellings of one field (firstName on some JSON lines, first_name on
                # others) both map to it; a row's first non-empty one is taken.
                fields[header] = name
                taken.add(name)
            elif key in IGNORED_HEADERS or not key:
                ignored.append(header)
            elif extra_as_custom:
                fields[header] = f"custom:{header.strip()}"
            else:
                unknown.append(header)
        if unknown:
            raise FileProblem(
                "These columns match no contact field: "
                + ", ".join(repr(header) for header in unknown)
                + ". Rename them, remove them, or pass --extra-columns custom to keep them as "
                "custom fields. Nothing was imported."
            )
        return cls(fields=fields, ignored=ignored)

    def header_of(self, name: str) -> str:
        """The file's column for a field (its first spelling), to name it in reports."""
        return next((h for h, n in self.fields.items() if n == name), name)


def detect_encoding(path: Path) -> str:
    """UTF-8 (with or without a BOM) when every byte decodes; else Windows-1252 (what Excel
    writes); else Latin-1, which decodes any byte."""
    for encoding in ("utf-8-sig", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as file:
                while chunk := file.read(1 << 20):
                    decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    return "latin-1"


def count_lines(path: Path) -> int:
    """Lines in the file (for the progress bar's ETA): a fast pass over the bytes."""
    lines = 0
    with path.open("rb") as file:
        while chunk := file.read(1 << 20):
            lines += chunk.count(b"\n")
    return lines


def detect_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in {".jsonl", ".ndjson"}:
        return "jsonl"
    if suffix in {".csv", ".tsv", ".txt"}:
        return "csv"
    with path.open("rb") as file:
        start = file.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    return "jsonl" if start.startswith(b"{") else "csv"


def read_headers(path: Path, *, file_format: str, encoding: str) -> list[str]:
    """The columns: a CSV's header row, or every key used in a JSON Lines file."""
    if file_format == "csv":
        with path.open(encoding=encoding, newline="") as file:
            headers = next(csv.reader(file, _dialect(file)), None)
        if not headers:
            raise FileProblem("The file is empty: it has no header row.")
        return headers
    keys: dict[str, None] = {}
    for _, record in _read_jsonl(path, encoding):
        keys.update(dict.fromkeys(key for key in record if key != ERROR))
    if not keys:
        raise FileProblem("The file has no contacts.")
    return list(keys)


def read_records(path: Path, *, file_format: str, encoding: str) -> Iterator[tuple[int, dict]]:
    """(line number, {column: raw value}) for each record; blank lines are skipped.

    A record that cannot be read at all carries only ERROR, with the reason.
    """
    if file_format == "jsonl":
        yield from _read_jsonl(path, encoding)
    else:
        yield from _read_csv(path, encoding)


ERROR = "__error__"


class _Excel(csv.excel):
    """Excel's CSV (quotes doubled inside quoted cells), with the file's delimiter."""


def _dialect(file) -> type[csv.Dialect]:
    # Only the delimiter is guessed: the sniffer's other guesses (e.g. no doubled quotes
    # when the sample has none) would misread a file that Excel wrote.
    sample = file.read(64 * 1024)
    file.seek(0)
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    return type("FileDialect", (_Excel,), {"delimiter": delimiter})


# A cell may hold a whole other CRM's note; the csv module's default limit is 128 KiB.
csv.field_size_limit(16 * 1024 * 1024)


def unescape_cell(cell: str) -> str:
    """Undo csv_format's guard against spreadsheet formulas ('=... -> =...)."""
    if cell[:1] == "'" and cell[1:2] in FORMULA_STARTS:
        return cell[1:]
    return cell


def _read_csv(path: Path, encoding: str) -> Iterator[tuple[int, dict]]:
    with path.open(encoding=encoding, newline="") as file:
        reader = csv.reader(file, _dialect(file))
        headers = next(reader, [])
        while True:
            line = reader.line_num + 1  # where the record starts, as an editor counts lines
            record = next(reader, None)
            if record is None:
                return
            if not any(cell.strip() for cell in record):
                continue
            if len(record) > len(headers) and any(c.strip() for c in record[len(headers) :]):
                yield line, {ERROR: f"{len(record)} cells for {len(headers)} columns"}
                continue
            if "'" in "".join(record):  # only then can a cell carry an export's formula guard
                record = [unescape_cell(cell) for cell in record]
            yield line, dict(zip(headers, record, strict=False))


def _read_jsonl(path: Path, encoding: str) -> Iterator[tuple[int, dict]]:
    with path.open(encoding=encoding) as file:
        for line_number, text in enumerate(file, start=1):
            if not text.strip():
                continue
            try:
                record = strict_json.loads(text)
            except strict_json.InvalidJSON as error:
                yield line_number, {ERROR: f"not valid JSON ({error})"}
                continue
            if not isinstance(record, dict):
                yield line_number, {ERROR: "each line must be a JSON object"}
                continue
            yield line_number, record


class RowChecker:
    """Turns raw records into clean rows with the shared contact rules."""

    def __init__(self, columns: Columns, *, default_region: str | None):
        self.columns = columns
        self.default_region = default_region
        # The rule for each field, looked up once rather than per cell: a million-row file
        # has fourteen million cells.
        self.cleaners = {name: self._text_rule(name) for name in TEXT_FIELDS} | {
            "phone": self._phone,
            "phone_secondary": self._phone,
            "email": lambda raw: rules.normalize_email(_text(raw)),
            "timezone": lambda raw: rules.normalize_timezone(_text(raw)),
            "lead_status": lambda raw: rules.normalize_lead_status(_text(raw)),
            "do_not_call": rules.parse_yes_no,
            "tags": _tags,
            "custom_fields": _custom_fields,
        }

    def check(self, line: int, record: dict) -> Row | list[RejectedRow]:
        problems: list[RejectedRow] = []
        values: dict = {}
        failed: set[str] = set()
        custom: dict = {}
        company_name = None
        cleaners = self.cleaners
        for header, name in self.columns.fields.items():
            raw = record.get(header)
            if raw is None or name in values or name in failed:
                continue
            if raw.__class__ is str:  # a CSV cell, or a JSON string: stripped once, here
                value = raw.strip()
                if not value:
                    continue  # an empty cell is "not given"
            else:
                value = raw
            try:
                if name in cleaners:
                    values[name] = cleaners[name](value)
                elif name == "company":
                    company_name = company_name or _text(value)
                else:  # an extra column kept as a custom field
                    custom[name.removeprefix("custom:")] = value
            except ValidationError as error:
                failed.add(name)
                problems.append(RejectedRow(line, header, _shown(raw), " ".join(error.messages)))
        for name in ("first_name", "last_name"):
            if name not in values and name not in failed:
                problems.append(RejectedRow(line, self.columns.header_of(name), "", "Required."))
        if custom:
            merged = {**values.get("custom_fields", {}), **custom}
            try:
                values["custom_fields"] = rules.validate_custom_fields(merged)
            except ValidationError as error:
                problems.append(RejectedRow(line, "custom fields", "", " ".join(error.messages)))
        if problems:
            return problems
        return Row(line=line, values=values, company_name=company_name)

    def _phone(self, raw) -> str:
        return rules.normalize_phone(_text(raw), self.default_region)

    @staticmethod
    def _text_rule(name: str):
        limit = Contact._meta.get_field(name).max_length

        def clean(raw) -> str:
            text = _text(raw)
            if limit and len(text) > limit:
                raise ValidationError(f"At most {limit} characters (this has {len(text)}).")
            if "\x00" in text:
                raise ValidationError("NUL characters are not allowed.")
            return text

        return clean


def _tags(raw) -> list[str]:
    if isinstance(raw, list):
        return rules.normalize_tags(raw)
    return rules.normalize_tags(re.split(r"[;,]", _text(raw)))


def _custom_fields(raw) -> dict:
    value = raw if isinstance(raw, dict) else _json_object(_text(raw))
    return rules.validate_custom_fields(value)  # a patch: nulls remove keys


def _text(value) -> str:
    if value.__class__ is str:
        return value  # already stripped by RowChecker.check
    if isinstance(value, dict | list):
        raise ValidationError("Expected text, not a JSON object or list.")
    return str(value).strip()


def _shown(raw) -> str:
    text = raw if isinstance(raw, str) else json.dumps(raw, ensure_ascii=False)
    return text if len(text) <= 200 else text[:200] + "…"


def _json_object(text: str) -> dict:
    try:
        value = strict_json.loads(text)
    except strict_json.InvalidJSON as error:
        raise ValidationError(f"Custom fields must be a JSON object ({error}).") from error
    if not isinstance(value, dict):
        raise ValidationError("Custom fields must be a JSON object.")
    return value


def batches(
    records: Iterator[tuple[int, dict]], checker: "RowChecker", *, batch_size: int
) -> Iterator[Batch]:
    """Checked rows, `batch_size` records at a time."""
    batch = Batch()
    for line, record in records:
        batch.last_line = line
        if ERROR in record:
            batch.rejected.append(RejectedRow(line, "", "", record[ERROR]))
        else:
            result = checker.check(line, record)
            if isinstance(result, Row):
                batch.rows.append(result)
            else:
                batch.rejected.extend(result)
        if len(batch.rows) + len(batch.rejected) >= batch_size:
            yield batch
            batch = Batch()
    if batch.rows or batch.rejected:
        yield batch


class CheckerStopped(Exception):
    """The process reading and checking the file ended before the file did."""


def checked_in_a_child_process(make_batches, *, ahead: int = 3) -> Iterator[Batch]:
    """The batches of `make_batches()`, read and checked in a forked process.

    Checking is Python work and loading is mostly PostgreSQL's, so on two cores the
    child checks the next batches while the parent loads this one; in one process they
    would take turns on the interpreter lock. At most `ahead` batches wait in between,
    so memory stays flat.

    Neither process can be left waiting for the other: if the child ends early (killed),
    the parent gets CheckerStopped instead of waiting forever for the next batch; if the
    parent ends, the child ends too. The child also lets go of the parent's database
    connections at once, so that a killed parent's session, and the locks its open
    transaction holds, end with the parent.
    """
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_check_into,
        args=(make_batches, sender, receiver, os.getpid(), ahead),
        daemon=True,
    )
    child.start()
    # The child now holds the only sending end, so its end is the end of the pipe.
    sender.close()
    try:
        while True:
            try:
                item = receiver.recv()
            except (EOFError, OSError) as error:  # OSError: it ended in the middle of a batch
                child.join(timeout=5)
                raise CheckerStopped(
                    f"The process checking the file {_how_it_ended(child.exitcode)}."
                ) from error
            if item is None:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        receiver.close()
        if child.is_alive():
            child.terminate()
        child.join()


def _how_it_ended(exitcode: int | None) -> str:
    if exitcode is None:
        return "stopped sending rows"
    if exitcode < 0:
        return f"was killed ({signal.Signals(-exitcode).name})"
    return f"ended early (exit status {exitcode})"


def _check_into(make_batches, sender, receiver, parent_pid: int, ahead: int) -> None:
    _end_with_parent(parent_pid)
    _let_go_of_database_connections()
    receiver.close()  # the parent holds the only reading end: once it is gone, sends fail
    # What the child inherited (Django, the app registry...) lives as long as it does: keep
    # it out of the garbage collector's full passes, which otherwise walk it again and again.
    gc.freeze()
    # A thread sends (pickling and writing to the pipe) while this one checks the next
    # batch; the outbox bounds how far ahead the checking runs.
    outbox = queue.Queue(maxsize=ahead)
    sending = threading.Thread(target=_send_all, args=(outbox, sender), daemon=True)
    sending.start()
    try:
        for batch in make_batches():
            outbox.put(batch)
    except KeyboardInterrupt:
        return  # the parent has it too, and reports
    except Exception as error:  # handed to the parent, which says what went wrong
        outbox.put(error)
    else:
        outbox.put(None)
    sending.join()


def _send_all(outbox: queue.Queue, sender) -> None:
    while True:
        item = outbox.get()
        try:
            sender.send(item)
        except OSError:  # the parent is gone (a broken pipe): nobody is left to check for
            os._exit(1)
        if item is None or isinstance(item, BaseException):
            return


# From <linux/prctl.h>: ask for a signal when the parent ends.
PR_SET_PDEATHSIG = 1


def _end_with_parent(parent_pid: int) -> None:
    """Have the kernel kill this process when its parent ends (Linux). Elsewhere the
    broken pipe ends it, at its next send."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent_pid:  # the parent ended before the request took effect
        os._exit(1)


def _let_go_of_database_connections() -> None:
    """Close this process's copies of the parent's database sockets, without a word on them.

    A forked child shares the parent's open sockets. Were it to keep them, a killed parent's
    session would live on, `idle in transaction` with the import's locks, for as long as the
    child did; were it to close the connections the usual way, it would end the parent's
    session (libpq says goodbye to the server first). So each socket's descriptor is pointed
    at /dev/null instead: the socket is closed here, and the connection objects, which this
    process never uses, still hold a harmless descriptor rather than one that a file opened
    later could take.
    """
    devnull = os.open(os.devnull, os.O_RDWR)
    try:
        for wrapper in connections.all(initialized_only=True):
            if wrapper.connection is not None and not wrapper.connection.closed:
                os.dup2(devnull, wrapper.connection.fileno())
    finally:
        os.close(devnull)
