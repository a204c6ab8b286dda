"""Checking read records into clean rows, one batch at a time, in a process of its own.

Each row passes the same rule functions as the API and the admin
(`contacts.rules`); length limits come from the model fields. A row that breaks
a rule becomes a RejectedRow naming its line, column, value and reason. Memory
stays flat: the file is read as a stream and handed on in batches.
"""

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

from django.core.exceptions import ValidationError
from django.db import connections
from django.utils.text import capfirst

from contacts import rules, windows
from contacts.imports.reading import ERROR, Columns
from contacts.imports.reporting import RejectedRow
from contacts.models import CONTACT_FIELDS, EditableField
from crm import strict_json

# Fields a row must give: a new contact has no default for them.
REQUIRED_FIELDS = tuple(field.name for field in CONTACT_FIELDS if field.required)


@dataclass
class Row:
    line: int
    values: dict  # field -> clean value; absent fields were not given
    company_name: str | None = None
    # The zones of the row's time zone and phone (contacts.windows.contact_time_zones),
    # worked out here rather than in the loading process, which takes turns with PostgreSQL.
    time_zones: list[str] = field(default_factory=list)


@dataclass
class Batch:
    rows: list[Row] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)
    last_line: int = 0


class RowChecker:
    """Turns raw records into clean rows with the shared contact rules."""

    def __init__(self, columns: Columns, *, default_region: str | None):
        self.columns = columns
        self.default_region = default_region
        # The rule for each field, looked up once rather than per cell: a million-row file
        # has fourteen million cells.
        self.cleaners = {field.name: self._cleaner(field) for field in CONTACT_FIELDS}

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
        for name in REQUIRED_FIELDS:
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
        time_zones = windows.contact_time_zones(values.get("timezone"), values.get("phone"))
        return Row(line=line, values=values, company_name=company_name, time_zones=time_zones)

    def _cleaner(self, field: EditableField):
        """A cell's check: the field's declared rule, given the value as files spell its kind;
        plain text gets the text rule."""
        rule = field.rule
        if field.kind == "flag":
            return rules.parse_yes_no
        if field.kind == "list":
            return _list_of(rule)
        if field.kind == "object":
            return _object_of(rule, field.model_field.verbose_name)
        if field.kind == "phone":
            region = self.default_region
            return lambda raw: rule(_text(raw), region)
        if rule is not None:
            return lambda raw: rule(_text(raw))
        return self._text_rule(field.model_field.max_length)

    @staticmethod
    def _text_rule(limit: int | None):

        def clean(raw) -> str:
            text = _text(raw)
            if limit and len(text) > limit:
                raise ValidationError(f"At most {limit} characters (this has {len(text)}).")
            if "\x00" in text:
                raise ValidationError("NUL characters are not allowed.")
            return text

        return clean


def _list_of(rule):
    """A JSON list, or a cell of items separated by `;` or `,` (tags)."""

    def clean(raw) -> list[str]:
        if isinstance(raw, list):
            return rule(raw)
        return rule(re.split(r"[;,]", _text(raw)))

    return clean


def _object_of(rule, what: str):
    """A JSON object, or a cell holding one (custom fields)."""

    def clean(raw) -> dict:
        value = raw if isinstance(raw, dict) else _json_object(_text(raw), what)
        return rule(value)  # a patch: nulls remove keys

    return clean


def _text(value) -> str:
    if value.__class__ is str:
        return value  # already stripped by RowChecker.check
    if isinstance(value, dict | list):
        raise ValidationError("Expected text, not a JSON object or list.")
    return str(value).strip()


def _shown(raw) -> str:
    text = raw if isinstance(raw, str) else json.dumps(raw, ensure_ascii=False)
    return text if len(text) <= 200 else text[:200] + "…"


def _json_object(text: str, what: str) -> dict:
    try:
        value = strict_json.loads(text)
    except strict_json.InvalidJSON as error:
        raise ValidationError(f"{capfirst(what)} must be a JSON object ({error}).") from error
    if not isinstance(value, dict):
        raise ValidationError(f"{capfirst(what)} must be a JSON object.")
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
    _name_this_process(CHECKER_PROCESS_NAME)
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


# From <linux/prctl.h>: ask for a signal when the parent ends; set the process's name.
PR_SET_PDEATHSIG = 1
PR_SET_NAME = 15

# What `ps`, `top` and `pgrep` call the checking process (a fork: its command line is the
# command's own), so that an operator can tell the two apart.
CHECKER_PROCESS_NAME = "import-checker"


def _name_this_process(name: str) -> None:
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_NAME, name.encode()[:15])


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
