"""Writing checked import rows, a batch at a time, the set-based way.

The checking process encodes each row in COPY's text format (ContactLoader.prepare).
The loading process copies (`COPY`) the rows of a batch that can only be new contacts
straight into the contacts table, and the others into a temporary staging table, matches
those against the team's live contacts, then inserts and updates with one INSERT ... SELECT
and one UPDATE ... FROM. The caller decides the transaction: one per batch (an
interrupted run keeps whole batches), or one for the whole run (--all-or-nothing,
--dry-run)."""

import json
import os
import re
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, OperationalError, connection, transaction
from django.db.models.functions import Lower

from companies import services as company_services
from companies.models import Company
from contacts import rules
from contacts.imports.checking import Row
from contacts.imports.reporting import RejectedRow
from contacts.models import CONTACT_FIELDS, EDITABLE_FIELDS
from crm import ids, statistics
from crm.models import Team
from donotcall import services as do_not_call
from donotcall.models import Source

# What a caller may set on a contact.
FIELDS = EDITABLE_FIELDS
# The staging table's columns in COPY order. StagedRow.text holds all but the last, which
# the loading process adds once it knows the row's company.
COPY_COLUMNS = ["line", "company_given", *FIELDS, "time_zones", "company_id"]
_KIND = {field.name: field.kind for field in CONTACT_FIELDS}
# The SQL type a field's staged value is cast to on its way into a contact, by its kind; any
# other is text. The staging table holds custom fields as text (see STAGING_TABLE).
_SQL_TYPES = {"flag": "boolean", "object": "jsonb", "list": "varchar[]"}
_STAGED_TYPES = {"flag": "boolean", "list": "text[]"}
# How a staged row (s) matches a live contact (c): any of these equalities, each answered by
# one of the contacts table's indexes. A row without the --match key is matched by the other
# one, so that a re-run recognises it too; its external ID always counts.
# `c.email IS NOT NULL` says nothing new, but PostgreSQL cannot infer it through lower(), and
# without it contact_unique_live_email's predicate is unproven: on a table never analysed the
# planner then took any other partial index on live contacts that leads with team_id, with
# team_id alone as its condition, and read the whole team for each row.
EMAIL_KEY = "c.email IS NOT NULL AND lower(c.email) = lower({staged})"
MATCH_KEYS = {
    "email": [EMAIL_KEY.format(staged="s.email"), "s.email IS NULL AND c.phone = s.phone"],
    "phone": ["c.phone = s.phone", "s.phone IS NULL AND " + EMAIL_KEY.format(staged="s.email")],
    "both": [EMAIL_KEY.format(staged="s.email"), "c.phone = s.phone"],
}
EXTERNAL_ID_KEY = "c.external_id = s.external_id"
# The team in a lookup by key: a value the planner cannot see, so that it plans for a team of
# average size and takes the key's index (see crm.models.TeamOwnedQuerySet.lookup_in_team).
THE_TEAM = "(SELECT %(team)s::uuid)"
# A row with no email, phone or external ID, and a contact with none either
# (contact_keyless_name_idx).
NAME_KEY = """c.email IS NULL AND c.phone IS NULL AND c.external_id IS NULL
    AND lower(c.first_name) = lower(s.first_name) AND lower(c.last_name) = lower(s.last_name)
    AND c.company_id IS NOT DISTINCT FROM s.company_id"""
# The new contact's ID is made by PostgreSQL as the row is copied in: in Python, with
# os.urandom per row, it took nearly a fifth of the loading process's CPU time. Custom
# fields stay the JSON text the checker wrote until they are cast into a contact, so that a
# merge reads back exactly that (jsonb would give 1e308 back as 309 digits).
STAGING_TABLE = f"""
CREATE TEMPORARY TABLE IF NOT EXISTS contact_import_staging (
    line integer PRIMARY KEY,
    id uuid NOT NULL DEFAULT {ids.UUID7_SQL},
    company_id uuid,
    company_given boolean NOT NULL,
    {", ".join(f"{name} {_STAGED_TYPES.get(kind, 'text')}" for name, kind in _KIND.items())},
    time_zones varchar[] NOT NULL,
    match_id uuid, match_count integer NOT NULL DEFAULT 0
) ON COMMIT DELETE ROWS
"""


# A new contact copied straight into the contacts table (ContactLoader._copy_new_contacts):
# StagedRow.new_contact holds the columns up to time_zones, the loading process adds the rest.
NEW_CONTACT_COLUMNS = [
    "id",
    *FIELDS,
    "time_zones",
    "team_id",
    "company_id",
    "created_at",
    "updated_at",
]


# An import ANALYZEs the contacts table once it has created at least this many contacts and
# ten times what the statistics know the team to have (ContactLoader._keep_statistics_current).
STATISTICS_LAG_ROWS = 10_000
# The same for the do-not-call registry, by the numbers the import has registered
# (ContactLoader._keep_registry_statistics_current).
REGISTRY_STATISTICS_LAG_ROWS = 100
# How long a batch waits for another import into the team to take its turn, by default.
DEFAULT_WAIT_SECONDS = 300
# The wait goes in slices, so that a change of holder is told and the deadline kept.
WAIT_SLICE_SECONDS = 1.0
LOCK_NOT_AVAILABLE = "55P03"  # SQLSTATE of a lock_timeout


@dataclass
class OtherImport:
    """The database session that holds a team's import turn, as pg_stat_activity shows it."""

    pid: int  # the server process of the session
    application_name: str | None  # "import_contacts team_... pid N" for this command
    client: str | None  # the client's address; None for a Unix socket client
    transaction_start: datetime | None
    state: str | None

    def __str__(self) -> str:
        name = f"'{self.application_name}'" if self.application_name else "an unnamed client"
        where = f"from {self.client}" if self.client else "on the database host"
        text = f"{name} {where}, database session {self.pid}"
        if self.transaction_start:
            since = self.transaction_start.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
            text += f", in a transaction since {since}"
        if self.state:
            text += f" ({self.state})"
        return text


class ImportBusy(Exception):
    """Another import into the team kept its turn for longer than this one would wait."""

    def __init__(self, holder: OtherImport | None, waited: float):
        self.holder = holder
        self.waited = waited
        who = str(holder) if holder else "a session that has since ended"
        super().__init__(f"Another import into the team held its turn for {waited:g} s: {who}.")


@dataclass
class BatchResult:
    created: int = 0
    updated: int = 0
    skipped: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)


class StagedRow(NamedTuple):
    """A checked row, ready for the staging table (see ContactLoader.prepare)."""

    line: int
    keys: tuple[str, ...]  # email, phone and external ID: what ties it to a contact
    name: str | None  # "first:last", lower-cased, for a row with none of those keys
    company_name: str | None
    text: str  # COPY_COLUMNS but company_id, in COPY's text format
    do_not_call: bool  # its numbers go on the registry (see _register_do_not_call)
    # The row's email, phone and external ID as given (None where not), to look them up.
    key_values: tuple[str | None, str | None, str | None]
    # Its phone and secondary phone (None where not given), to look them up on the registry.
    numbers: tuple[str | None, str | None]
    # The row as a new contact: NEW_CONTACT_COLUMNS up to time_zones, in COPY's text format;
    # None for a row that must go through the staging table (see _copy_new_contacts).
    new_contact: str | None


class Placed(NamedTuple):
    """A staged row and the company it goes to."""

    row: StagedRow
    company_id: str  # the company's UUID as COPY text: NULL for none

    def keys(self) -> tuple[str, ...]:
        """What could tie the row to a contact: two rows sharing any of it go in different
        rounds. A row with none of it is matched by name and company (see _match_by_name)."""
        return self.row.keys or (f"name:{self.row.name}:{self.company_id}",)


# COPY's text format: \N is NULL; backslash, tab, newline and carriage return are escaped.
NULL = "\\N"
_COPY_SPECIAL = re.compile(r"[\\\t\n\r]")
_COPY_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _copy_escape(text: str) -> str:
    if "\\" not in text and text.isprintable():  # most text: nothing to escape
        return text
    return _COPY_SPECIAL.sub(lambda match: _COPY_ESCAPES[match.group()], text)


_POSITION = {name: position for position, name in enumerate(FIELDS)}
_KEYS = {"email", "phone", "external_id"}
_NOT_TEXT = {name: kind for name, kind in _KIND.items() if kind in ("flag", "list", "object")}


def _copy_cell(name: str, value, patch_custom_fields: bool) -> str:
    """A staged cell for one of the _NOT_TEXT fields."""
    kind = _NOT_TEXT[name]
    if kind == "flag":
        return "t" if value else "f"
    if kind == "list":
        if not value:
            return NULL  # an empty list is no tags given
        return _copy_escape(_array_literal(value))
    if not patch_custom_fields:  # no contact to patch: drop the nulls
        value = rules.merge_patch({}, value)
    return _copy_escape(json.dumps(value, ensure_ascii=False))


def _array_literal(items) -> str:
    """A list of strings as a PostgreSQL array's text (None is NULL)."""
    quoted = (
        "NULL" if item is None else '"' + item.replace("\\", "\\\\").replace('"', '\\"') + '"'
        for item in items
    )
    return "{" + ",".join(quoted) + "}"


def _new_contact_cell(name: str, value) -> str:
    """A field's value as a new contact's cell in COPY's text format (see DEFAULT_CELLS)."""
    kind = _KIND[name]
    if kind == "flag":
        return "t" if value else "f"
    if kind == "list":
        return _copy_escape(_array_literal(value))
    if kind == "object":
        return _copy_escape(json.dumps(value, ensure_ascii=False))
    return _copy_escape(str(value))


def new_contact_ids(count: int) -> list[str]:
    """`count` new UUIDv7s (crm.ids.uuid7) as hex text, in ascending order: one clock reading
    and one os.urandom call for them all. The 74 bits after the milliseconds are the row's
    place (32 bits) then randomness, so that contacts made together sort in file order."""
    millis = (time.time_ns() // 1_000_000) & (2**48 - 1)
    randomness = os.urandom(6 * count)
    made = []
    for place in range(count):
        random_bits = int.from_bytes(randomness[6 * place : 6 * place + 6], "big") >> 6
        counter = place & 0xFFFF_FFFF
        value = millis << 80 | 0x7 << 76 | (counter >> 20) << 64 | 0b10 << 62
        value |= (counter & 0xFFFFF) << 42 | random_bits
        made.append(f"{value:032x}")
    return made


def _sql_type(name: str) -> str:
    if name == "company_id":
        return "uuid"
    return _SQL_TYPES.get(_KIND[name], "text")


def _sql_constant(name: str, value) -> str:
    """A field's value as an SQL constant of the type its staged value is cast to."""
    kind = _KIND[name]
    if kind == "flag":
        text = "true" if value else "false"
    elif kind == "object":
        text = json.dumps(value)
    elif kind == "list":
        text = _array_literal(value)
    else:
        text = str(value)
    return "'" + text.replace("'", "''") + f"'::{_sql_type(name)}"


# What a new contact gets for a field its row did not give: the model field's default.
DEFAULTS = {
    field.name: _sql_constant(field.name, field.model_field.get_default())
    for field in CONTACT_FIELDS
    if field.model_field.has_default()
}
# The same defaults as cells of a new contact copied straight in: (position, cell).
DEFAULT_CELLS = [
    (_POSITION[field.name], _new_contact_cell(field.name, field.model_field.get_default()))
    for field in CONTACT_FIELDS
    if field.model_field.has_default()
]


def _json(value):
    """JSON as Django's cursor returns it (jsonb and text both come as text), parsed."""
    return json.loads(value) if isinstance(value, str) else value


class ContactLoader:
    """Loads batches of rows into one team.

    on_duplicate: "skip" leaves a matching live contact alone, "update" sets the
    row's given fields on it, "create" adds a new contact regardless (except where
    the email would then be used twice). match: "email", "phone" or "both" (either).
    Another import into the team is waited for up to `wait_seconds` (see _take_turn).
    """

    def __init__(
        self,
        team: Team,
        *,
        default_company: Company | None,
        create_companies: bool,
        on_duplicate: str,
        match: str,
        column_of=lambda field: field,
        wait_seconds: float = DEFAULT_WAIT_SECONDS,
        on_wait=lambda other: None,
    ):
        self.column_of = column_of  # field -> the file's column, to name it in the report
        self.wait_seconds = wait_seconds  # for another import's turn (see _take_turn)
        self.on_wait = on_wait  # told which import this one waits for
        self.told_of = None  # the session on_wait last heard of: it hears of each one once
        self.team = team
        self.default_company = default_company
        self.create_companies = create_companies
        self.on_duplicate = on_duplicate
        self.match = match
        # lower(name) -> the company's ID as COPY text, as met
        self.company_ids: dict[str, str] = {}
        self.created = 0  # contacts this loader has created so far
        self.registered = 0  # numbers of its rows marked do-not-call, so far
        self.first_batch = True

    def prepare(self, rows: list[Row]) -> list[StagedRow]:
        """The rows as staging lines. Runs in the checking process (it needs no database), so
        that the loading process, which takes turns with PostgreSQL, only streams text."""
        patch_custom_fields = self.on_duplicate == "update"
        # Only a row that could be new goes straight in: one with a key to look up (a row
        # with none is matched by name) and no numbers to register (those are registered
        # from the staging table); with --on-duplicate create every row is staged.
        may_copy_straight = self.on_duplicate != "create"
        new_ids = iter(new_contact_ids(len(rows)))
        staged = []
        for row in rows:
            cells = [NULL] * len(FIELDS)  # a field the row did not give is NULL (see _given)
            keys = []
            values = row.values
            for name, value in values.items():
                if name in _NOT_TEXT:
                    cells[_POSITION[name]] = _copy_cell(name, value, patch_custom_fields)
                    continue
                cells[_POSITION[name]] = _copy_escape(value)
                if name in _KEYS:
                    keys.append(f"{name}:{value.lower()}")
            full_name = None if keys else f"{values['first_name']}:{values['last_name']}".lower()
            time_zones = _copy_escape(_array_literal(row.time_zones))
            text = (
                f"{row.line}\t{'t' if row.company_name else 'f'}\t"
                + "\t".join(cells)
                + f"\t{time_zones}"
            )
            do_not_call = values.get("do_not_call", False)
            new_contact = None
            if keys and may_copy_straight and not do_not_call:
                if patch_custom_fields and "custom_fields" in values:  # no contact to patch
                    cells[_POSITION["custom_fields"]] = _copy_cell(
                        "custom_fields", values["custom_fields"], False
                    )
                for position, default in DEFAULT_CELLS:
                    if cells[position] is NULL:
                        cells[position] = default
                new_contact = f"{next(new_ids)}\t" + "\t".join(cells) + f"\t{time_zones}"
            key_values = (values.get("email"), values.get("phone"), values.get("external_id"))
            numbers = (values.get("phone"), values.get("phone_secondary"))
            staged.append(
                StagedRow(
                    row.line,
                    tuple(keys),
                    full_name,
                    row.company_name,
                    text,
                    do_not_call,
                    key_values,
                    numbers,
                    new_contact,
                )
            )
        return staged

    def load(self, rows: list[StagedRow]) -> BatchResult:
        """Load one batch, in the caller's transaction."""
        result = BatchResult()
        self._take_turn()
        self._keep_statistics_current()
        self._keep_registry_statistics_current()
        placed = self._with_companies(rows, result)
        self.registered += sum(
            len(list(filter(None, p.row.numbers))) for p in placed if p.row.do_not_call
        )
        # The team's numbers (donotcall.services.lock_team_numbers), for the flags this batch
        # sets, before it writes or locks any contact: exclusive when a row of it registers
        # numbers, as a shared lock cannot safely be raised to exclusive later.
        do_not_call.lock_team_numbers(self.team, to_register=any(p.row.do_not_call for p in placed))
        with connection.cursor() as cursor:
            _plan_for_index_probes(cursor)
            # The contact trigger's registry lookup, row by row, would cost more than the
            # batch's INSERT: the batch sets `number_on_do_not_call_list` itself, set-based
            # (_check_copied_numbers, _check_numbers).
            _check_numbers_for_the_trigger(cursor, by_batch=True)
            cursor.execute(STAGING_TABLE)
        # A key met twice in the batch: the later row goes in a later round, so it meets the
        # contact the earlier one created or updated, as if the file were read row by row.
        first_round = True
        while placed:
            this_round, placed = self._one_row_per_key(placed)
            if first_round:
                this_round = self._copy_new_contacts(this_round, result)
                first_round = False
            if this_round:
                self._load_round(this_round, result)
        with connection.cursor() as cursor:
            _check_numbers_for_the_trigger(cursor, by_batch=False)
        self.created += result.created
        return result

    def _copy_new_contacts(self, rows: list[Placed], result: BatchResult) -> list[Placed]:
        """Copy the rows that can only be new contacts straight into the contacts table, and
        return the others, for the staging table.

        Most rows of an import are new. A row whose email, phone and external ID no live
        contact of the team has can match nothing and clash with nothing, so it is copied in
        as it is (the new contact's ID comes with it from prepare()), without the staging
        table's copy, match and INSERT ... SELECT. Should a key be taken between the look-up
        and the copy (a contact created through the API meanwhile), the copy is undone and
        every row goes the staging way, which settles such clashes row by row.
        """
        candidates = [placed for placed in rows if placed.row.new_contact is not None]
        if not candidates:
            return rows
        with connection.cursor() as cursor:
            known = self._lines_with_known_keys(cursor, candidates)
            new = [placed for placed in candidates if placed.row.line not in known]
            if not new:
                return rows
            cursor.execute("SELECT now()::text")  # created_at and updated_at, as in _insert
            [now] = cursor.fetchone()
            team, ending = f"\t{self.team.pk}\t", f"\t{now}\t{now}\n"
            try:
                with (
                    transaction.atomic(),  # a savepoint: a clash undoes only the copy
                    connection.wrap_database_errors,  # psycopg's IntegrityError as Django's
                    cursor.cursor.copy(
                        f"COPY contacts_contact ({', '.join(NEW_CONTACT_COLUMNS)}) FROM STDIN"
                    ) as copy,
                ):
                    copy.write(
                        "".join(
                            f"{placed.row.new_contact}{team}{placed.company_id}{ending}"
                            for placed in new
                        )
                    )
            except IntegrityError:
                return rows
            self._check_copied_numbers(cursor, new)
        result.created += len(new)
        copied = {placed.row.line for placed in new}
        return [placed for placed in rows if placed.row.line not in copied]

    def _lines_with_known_keys(self, cursor, rows: list[Placed]) -> set[int]:
        """The lines of `rows` with a key a live contact of the team already has, among those
        that matter: the email (ignoring case) and the external ID, which a new contact may
        not share, and the phone where it is what the row would be matched by (not with
        --match email when the row has an email). One index lookup per key given, as in
        _set_matches."""
        by_key = {"email": ([], []), "phone": ([], []), "external_id": ([], [])}
        phone_matters = self.match != "email"
        for placed in rows:
            line = placed.row.line
            email, phone, external_id = placed.row.key_values
            for name, value in (
                ("email", email),
                ("phone", phone if phone_matters or email is None else None),
                ("external_id", external_id),
            ):
                if value is not None:
                    by_key[name][0].append(line)
                    by_key[name][1].append(value)
        lookups, params = [], {"team": self.team.pk}
        for name, key in (
            ("email", EMAIL_KEY.format(staged="s.value")),
            ("phone", "c.phone = s.value"),
            ("external_id", "c.external_id = s.value"),
        ):
            lines, values = by_key[name]
            if not lines:
                continue
            # The arrays go as text, in the form PostgreSQL reads them: far cheaper for
            # this process than having the driver convert lists of thousands of strings.
            params[f"{name}_lines"] = "{" + ",".join(map(str, lines)) + "}"
            params[name] = _array_literal(values)
            lookups.append(
                f"""SELECT s.line
                FROM unnest(%({name}_lines)s::integer[], %({name})s::text[]) AS s (line, value)
                CROSS JOIN LATERAL (
                    SELECT 1 FROM contacts_contact AS c
                    WHERE c.team_id = {THE_TEAM} AND c.archived_at IS NULL AND {key} LIMIT 1
                ) AS c"""
            )
        if not lookups:
            return set()
        cursor.execute("\nUNION\n".join(lookups), params)
        return {line for (line,) in cursor.fetchall()}

    def _keep_statistics_current(self) -> None:
        """ANALYZE the contacts table when its statistics cannot describe this import's team:
        before the first batch if the planner knows nothing of its size though it holds rows
        (a new install loaded in SQL, a table emptied and loaded again: crm.statistics
        .size_unknown), and later whenever the planner thinks the team a tenth of what this
        import has already put in it.

        Matching looks each row up by its key, and the key indexes keep those lookups right
        whatever the statistics say (contacts.models.live_with). Joins and filters are planned
        from the statistics, though: never analysed, `archived_at IS NULL` is taken to keep
        one row in two hundred, and a team new since the last ANALYZE is estimated as an
        average team (contacts migration 0023), however many it has now; every API request
        after the import is planned from them too. Autovacuum catches up eventually, but
        mid-import is when it matters. Asking the planner costs a plan, not a scan; ANALYZE
        samples at most 30,000 rows.
        """
        with connection.cursor() as cursor:
            if self.first_batch:
                self.first_batch = False
                if statistics.size_unknown("contacts_contact"):
                    cursor.execute("ANALYZE contacts_contact")
                    return
            if self.created >= STATISTICS_LAG_ROWS:
                self._analyze_if_team_underestimated(cursor, "contacts_contact", self.created)

    def _keep_registry_statistics_current(self) -> None:
        """ANALYZE the do-not-call registry whenever the planner thinks the team's registry a
        tenth of what this import has put on it (never analysed, or analysed before the team
        had entries, it thinks the team has a handful).

        Every batch looks its contacts' numbers up on the registry (_check_copied_numbers,
        _check_numbers), one lookup by team and number per number. On such statistics the
        planner found the team's newest-first index, or a scan, as cheap as its live numbers'
        index and read the team's whole registry for every number: an import's registry
        check grew with the square of its rows marked do-not-call.
        """
        if self.registered < REGISTRY_STATISTICS_LAG_ROWS:
            return
        with connection.cursor() as cursor:
            self._analyze_if_team_underestimated(
                cursor, "donotcall_donotcallentry", self.registered
            )

    def _analyze_if_team_underestimated(self, cursor, table: str, at_least: int) -> None:
        """ANALYZE `table` when the planner estimates the team's rows in it at under a tenth
        of `at_least`, what this import knows it has put there. Asking costs a plan, not a
        scan."""
        cursor.execute(
            f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {table} WHERE team_id = %s", [self.team.pk]
        )
        estimated = _json(cursor.fetchone()[0])[0]["Plan"]["Plan Rows"]
        if estimated * 10 < at_least:
            cursor.execute(f"ANALYZE {table}")

    def _load_round(self, rows: list[Placed], result: BatchResult) -> None:
        """Load rows that share no key, through the staging table."""
        with connection.cursor() as cursor:
            self._stage(cursor, rows)
            self._match(cursor)
            keyless = any(placed.row.name for placed in rows)
            if keyless and self.on_duplicate != "create":
                self._match_by_name(cursor)
            self._lock_matches(cursor)
            self._reject_ambiguous(cursor, result)
            self._merge_custom_fields(cursor, result)
            if self.on_duplicate == "update":
                self._reject_taken_keys(cursor, result)
            cursor.execute(
                "SELECT count(match_id), count(*) - count(match_id) FROM contact_import_staging"
            )
            matched, unmatched = cursor.fetchone()
            if self.on_duplicate == "update":
                updated = self._update(cursor)
                result.updated += updated
                result.skipped += matched - updated
            else:
                result.skipped += matched  # "create" matches nothing
            result.created += self._insert(cursor, result, unmatched=unmatched)
            if any(placed.row.do_not_call for placed in rows):
                self._register_do_not_call(cursor)
            self._check_numbers(cursor)
            cursor.execute("DELETE FROM contact_import_staging")

    def _take_turn(self) -> None:
        """Wait for this team's turn, for the rest of the transaction.

        Imports into one team take turns batch by batch (a transaction-level advisory lock),
        so two runs of one file cannot both find a row new and both create it. The turn is
        taken before the batch's companies are made, so that two runs cannot each hold what
        the other waits for. While another import has the turn, `on_wait` hears which one
        (once, however many batches wait for it), and after `wait_seconds` this gives up
        with ImportBusy. A session that ends, its client killed included, gives the turn
        back at once.
        """
        lock = f"contact-import:{self.team.pk}"
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(hashtextextended(%s, 0))", [lock])
            if cursor.fetchone()[0]:
                return
            deadline = time.monotonic() + self.wait_seconds
            while True:
                holder = _holder(cursor, lock)
                if holder is not None and holder.pid != self.told_of:
                    self.on_wait(holder)
                    self.told_of = holder.pid
                left = deadline - time.monotonic()
                if left <= 0:
                    raise ImportBusy(holder, self.wait_seconds)
                if _waited_for(cursor, lock, seconds=min(left, WAIT_SLICE_SECONDS)):
                    return

    def _with_companies(self, rows: list[StagedRow], result: BatchResult) -> list[Placed]:
        """Each row with its company: the one it names, else --company's; a row naming a
        company the team does not have is rejected (or the company made, if asked: all the
        batch's new companies in one statement)."""
        company_ids = self.company_ids
        # In the file's order: a new company takes the first spelling met.
        named = dict.fromkeys(r.company_name for r in rows if r.company_name)
        wanted = [name for name in named if name.lower() not in company_ids]
        if wanted and self.create_companies:
            wanted = [name for name in wanted if _company_name_allowed(name)]
            company_ids.update(company_services.companies_named(team=self.team, names=wanted))
        elif wanted:
            found = (
                Company.objects.live()
                .filter(team=self.team)
                .alias(lower_name=Lower("name"))
                .filter(lower_name__in={name.lower() for name in wanted})
            )
            company_ids.update({company.name.lower(): str(company.pk) for company in found})
        default = str(self.default_company.pk) if self.default_company else NULL
        placed = []
        for row in rows:
            if not row.company_name:
                placed.append(Placed(row, default))
                continue
            company_id = company_ids.get(row.company_name.lower())
            if company_id is None:
                result.rejected.append(
                    RejectedRow(
                        row.line,
                        self.column_of("company"),
                        row.company_name,
                        _COMPANY_NAME_RULE
                        if self.create_companies and not _company_name_allowed(row.company_name)
                        else "No company of this name in the team; create it or pass "
                        "--create-companies.",
                    )
                )
                continue
            placed.append(Placed(row, company_id))
        return placed

    def _one_row_per_key(self, rows: list[Placed]) -> tuple[list[Placed], list[Placed]]:
        if self.on_duplicate == "create":
            return rows, []
        seen: set[str] = set()
        now, later = [], []
        for placed in rows:
            keys = placed.keys()
            if seen.isdisjoint(keys):
                now.append(placed)
                seen.update(keys)
            else:
                later.append(placed)
        return now, later

    def _merge_custom_fields(self, cursor, result: BatchResult) -> None:
        """Custom fields merge into a matched contact's as in a PATCH (contacts.rules.merge_patch:
        key by key, null removes), and the result must stay within the limits."""
        if self.on_duplicate != "update":
            return  # new contacts only: prepare() already applied each patch to {}
        cursor.execute(
            """
            SELECT s.line, s.custom_fields, c.custom_fields FROM contact_import_staging AS s
            LEFT JOIN contacts_contact AS c ON c.id = s.match_id
            WHERE s.custom_fields IS NOT NULL
            """
        )
        merged, over_limit = [], []
        for line, patch, current in cursor.fetchall():
            patch, current = _json(patch), _json(current)
            try:
                value = rules.validate_custom_fields(rules.merge_patch(current or {}, patch))
            except ValidationError as error:
                over_limit.append(line)
                result.rejected.append(
                    RejectedRow(line, self.column_of("custom_fields"), "", " ".join(error.messages))
                )
                continue
            merged.append((json.dumps(value), line))
        if merged:
            # One statement for the batch (an executemany also breaks the history context,
            # which django-pghistory prepends to each statement's parameters).
            values, lines = zip(*merged, strict=True)
            cursor.execute(
                "UPDATE contact_import_staging AS s SET custom_fields = m.value"
                " FROM unnest(%s::text[], %s::integer[]) AS m(value, line) WHERE s.line = m.line",
                [list(values), list(lines)],
            )
        if over_limit:
            cursor.execute("DELETE FROM contact_import_staging WHERE line = ANY(%s)", [over_limit])

    def _stage(self, cursor, rows: list[Placed]) -> None:
        with cursor.cursor.copy(
            f"COPY contact_import_staging ({', '.join(COPY_COLUMNS)}) FROM STDIN"
        ) as copy:
            copy.write("".join(f"{placed.row.text}\t{placed.company_id}\n" for placed in rows))

    def _match(self, cursor) -> None:
        if self.on_duplicate == "create":
            return
        self._set_matches(cursor, [*MATCH_KEYS[self.match], EXTERNAL_ID_KEY])

    def _match_by_name(self, cursor) -> None:
        """A row with no email, phone or external ID matches a contact that has none either,
        by first and last name (ignoring case) and company: so a re-run, or an export
        imported back, does not duplicate it. Runs only when the batch has such rows."""
        self._set_matches(
            cursor,
            [NAME_KEY],
            only_rows="s.email IS NULL AND s.phone IS NULL AND s.external_id IS NULL",
        )

    def _set_matches(self, cursor, keys: list[str], only_rows: str = "true") -> None:
        """Record on each staged row (s) the team's live contacts (c) it matches by any of
        `keys`: the one in match_id and match_count 1, or match_count 2 or more when the row
        is ambiguous. `keys` are this module's constants.

        Each key is its own lookup, per staged row (LATERAL), and the union gives the row's
        contacts. Written as one join on the keys OR-ed together, the planner could not use
        the indexes and, when the team's statistics were stale (they are, mid-import), chose
        to compare every staged row with every contact of the team: 100,000 rows imported
        in 2,000-row batches took 198 s instead of 9 s. Each lookup stops at two contacts,
        which is enough to tell one from several: a switchboard number shared by thousands
        of a team's contacts costs two rows per staged row, not thousands; and the limit
        makes the planner prefer a plain index scan, which starts at once, to a bitmap scan.
        """
        lookups = "\n UNION \n".join(
            f"""(SELECT c.id FROM contacts_contact AS c
                WHERE c.team_id = {THE_TEAM} AND c.archived_at IS NULL AND {key} LIMIT 2)"""
            for key in keys
        )
        cursor.execute(
            f"""
            UPDATE contact_import_staging AS s
            SET match_id = m.ids[1], match_count = cardinality(m.ids)
            FROM (
                SELECT s.line, array_agg(c.id) AS ids
                FROM contact_import_staging AS s
                CROSS JOIN LATERAL ({lookups}) AS c
                WHERE {only_rows}
                GROUP BY s.line
            ) AS m
            WHERE m.line = s.line
            """,
            {"team": self.team.pk},
        )

    def _lock_matches(self, cursor) -> None:
        """Lock the matched contacts (in ID order, against deadlocks), so that a PATCH or a
        recorded call cannot slip between reading their custom fields and writing them."""
        if self.on_duplicate != "update":
            return
        cursor.execute(
            """
            SELECT 1 FROM contacts_contact
            WHERE id IN (SELECT match_id FROM contact_import_staging)
            ORDER BY id FOR UPDATE
            """
        )

    def _reject_ambiguous(self, cursor, result: BatchResult) -> None:
        cursor.execute(
            """
            DELETE FROM contact_import_staging WHERE match_count > 1
            RETURNING line, coalesce(email, phone, '')
            """
        )
        for line, key in cursor.fetchall():
            result.rejected.append(
                RejectedRow(
                    line,
                    self.column_of("phone" if self.match == "phone" else "email"),
                    key,
                    "Matches more than one contact in the team.",
                )
            )

    def _reject_taken_keys(self, cursor, result: BatchResult) -> None:
        """A matched row may not give its contact an email or external ID that another
        live contact of the team already has. (One lookup per key, as in _set_matches.)"""
        taken = " OR ".join(
            f"""EXISTS (SELECT 1 FROM contacts_contact AS c
                WHERE c.team_id = {THE_TEAM} AND c.archived_at IS NULL AND c.id <> s.match_id
                  AND {key})"""
            for key in (EMAIL_KEY.format(staged="s.email"), EXTERNAL_ID_KEY)
        )
        cursor.execute(
            f"""
            DELETE FROM contact_import_staging AS s
            WHERE s.match_id IS NOT NULL AND ({taken})
            RETURNING s.line, s.email
            """,
            {"team": self.team.pk},
        )
        for line, email in cursor.fetchall():
            result.rejected.append(
                RejectedRow(
                    line,
                    self.column_of("email"),
                    email or "",
                    "Another live contact in the team already has this email or external ID.",
                )
            )

    def _update(self, cursor) -> int:
        """Set each matched row's given fields; rows that change nothing are left untouched.
        Returns how many contacts changed."""
        fields = [*FIELDS, "company_id"]
        assignments = ", ".join(
            f"{name} = CASE WHEN {_given(name)} THEN {_new_value(name)} ELSE c.{name} END"
            for name in fields
        )
        changed = " OR ".join(
            f"({_given(name)} AND c.{name} IS DISTINCT FROM {_new_value(name)})" for name in fields
        )
        # The row's zone set (contacts.windows.contact_time_zones of its time zone and phone)
        # is the contact's when the row gives a time zone, or a phone to a contact without one.
        time_zones = f"""CASE WHEN {_given("timezone")}
            OR ({_given("phone")} AND c.timezone IS NULL) THEN s.time_zones
            ELSE c.time_zones END"""
        cursor.execute(
            f"""
            UPDATE contacts_contact AS c
            SET {assignments}, time_zones = {time_zones}, updated_at = now()
            FROM contact_import_staging AS s
            WHERE c.id = s.match_id AND c.archived_at IS NULL AND ({changed})
            """
        )
        return cursor.rowcount

    def _insert(self, cursor, result: BatchResult, *, unmatched: int) -> int:
        """New contacts for the `unmatched` rows; one whose email is already live is rejected.
        Returns how many were created."""
        columns = ", ".join(FIELDS)
        values = ", ".join(
            f"coalesce(s.{name}::{_sql_type(name)}, {DEFAULTS[name]})"
            if name in DEFAULTS
            else f"s.{name}::{_sql_type(name)}"
            for name in FIELDS
        )
        # A row marked do-not-call has its numbers registered right after, with this
        # contact's ID (_register_do_not_call): its flag goes in set, rather than being
        # written by the UPDATE that registering makes, a second version of the row in every
        # index. Any other flag is settled by _check_numbers, as before.
        insert = f"""
            INSERT INTO contacts_contact (
                id, team_id, company_id, {columns}, time_zones, call_count, created_at,
                updated_at, number_on_do_not_call_list
            )
            SELECT s.id, %s, s.company_id, {values}, s.time_zones, 0, now(), now(),
                coalesce(s.do_not_call AND coalesce(s.phone, s.phone_secondary) IS NOT NULL,
                         false)
            FROM contact_import_staging AS s
            WHERE s.match_id IS NULL
            ORDER BY s.line
            """
        # Matching has already set aside the rows whose keys are taken, so a plain INSERT
        # (a tenth faster than ON CONFLICT's speculative one) usually goes through. Where
        # it does not (a contact created meanwhile through the API, an email taken when
        # matching by phone, or --on-duplicate create), the rows that can go in do.
        if self.on_duplicate == "create" or not self._inserted_plainly(cursor, insert):
            cursor.execute(insert + " ON CONFLICT DO NOTHING", [self.team.pk])
        created = cursor.rowcount
        if created == unmatched:
            return created
        cursor.execute(
            """
            SELECT s.line, s.email, s.external_id FROM contact_import_staging AS s
            WHERE s.match_id IS NULL
              AND NOT EXISTS (SELECT 1 FROM contacts_contact AS c WHERE c.id = s.id)
            """
        )
        for line, email, external_id in cursor.fetchall():
            result.rejected.append(
                RejectedRow(
                    line,
                    self.column_of("email" if email else "external_id"),
                    email or external_id or "",
                    "Another live contact in the team already has it.",
                )
            )
        return created

    def _register_do_not_call(self, cursor) -> None:
        """Put the numbers of the rows marked do-not-call on the team's registry (source
        `import`), linked to the contact each row created or matched: one INSERT ... SELECT
        for the batch, whatever happened to the row (skipped or updated, the file still says
        the number must not be called)."""
        do_not_call.register_selected_numbers(
            """
            SELECT %s::uuid, n.number, c.id
            FROM contact_import_staging AS s
            CROSS JOIN LATERAL (VALUES (s.phone), (s.phone_secondary)) AS n (number)
            LEFT JOIN contacts_contact AS c ON c.id = coalesce(s.match_id, s.id)
            WHERE s.do_not_call
            """,
            [self.team.pk],
            source=Source.IMPORT,
        )

    def _check_copied_numbers(self, cursor, rows: list[Placed]) -> None:
        """`number_on_do_not_call_list` for the contacts _copy_new_contacts copied in (false,
        the column's default, as they came): set where a number is on the registry.

        The rows' numbers are looked up from the batch's own arrays, and only the contacts
        found are read and written: a condition on the contacts themselves was planned, on a
        table whose statistics lag behind the import, as a scan of the whole team with a
        registry lookup per contact. The team goes in as a constant, not THE_TEAM's subquery:
        with a subquery for an argument PostgreSQL does not inline the registry function, and
        its generic plan read the team's whole registry for each number."""
        ids, phones, secondaries = [], [], []
        for placed in rows:
            phone, secondary = placed.row.numbers
            if phone is not None or secondary is not None:
                ids.append(placed.row.new_contact.split("\t", 1)[0])
                phones.append(phone)
                secondaries.append(secondary)
        if not ids:
            return
        cursor.execute(
            """
            UPDATE contacts_contact AS c SET number_on_do_not_call_list = true
            WHERE c.id = ANY (ARRAY(
                SELECT copied.id
                FROM unnest(%(ids)s::uuid[], %(phones)s::text[], %(secondaries)s::text[])
                    AS copied (id, phone, phone_secondary)
                WHERE (SELECT on_registry FROM crm_numbers_on_registry(
                    %(team)s::uuid, copied.phone, copied.phone_secondary))
            ))
            """,
            # The arrays go as text, as in _lines_with_known_keys.
            {
                "team": self.team.pk,
                "ids": "{" + ",".join(ids) + "}",
                "phones": _array_literal(phones),
                "secondaries": _array_literal(secondaries),
            },
        )

    def _check_numbers(self, cursor) -> None:
        """`number_on_do_not_call_list` for the contacts the batch created or matched, as the
        contact trigger (off for the batch) would have set it: one UPDATE that writes only
        the rows whose flag changes."""
        cursor.execute(
            f"""
            UPDATE contacts_contact AS c
            SET number_on_do_not_call_list = NOT c.number_on_do_not_call_list
            FROM contact_import_staging AS s
            WHERE c.id = coalesce(s.match_id, s.id)
              AND c.number_on_do_not_call_list <> {do_not_call.NUMBERS_ON_REGISTRY}
            """
        )

    def _inserted_plainly(self, cursor, insert: str) -> bool:
        """Run `insert` in a savepoint; False, and nothing inserted, if a key was taken."""
        try:
            with transaction.atomic():
                cursor.execute(insert, [self.team.pk])
        except IntegrityError:
            return False
        return True


def _check_numbers_for_the_trigger(cursor, *, by_batch: bool) -> None:
    """Whether the contact trigger leaves `number_on_do_not_call_list` to the batch (on for
    the batch's statements, off again after them), for the rest of the transaction."""
    cursor.execute(
        "SELECT set_config('crm.numbers_checked', %s, true)", ["on" if by_batch else "off"]
    )


def _plan_for_index_probes(cursor) -> None:
    """Settings for a batch's statements, for the rest of its transaction.

    A batch's statements look costly enough to the planner (thousands of index lookups) that
    PostgreSQL would compile them with LLVM first, which took longer than running them: a
    quarter of a second per statement on a big team. And every one of them joins a few
    thousand rows to a team that may have millions of contacts, so one index probe per row is
    always the plan. The planner agrees when its statistics are right; when they are not (a new
    install, a team new since the last ANALYZE) it hashes the whole team instead, once per
    batch, and an import grows quadratic.
    """
    cursor.execute(
        "SELECT set_config('jit', 'off', true), set_config('enable_hashjoin', 'off', true), "
        "set_config('enable_mergejoin', 'off', true)"
    )


_COMPANY_NAME_RULE = "A company name has at most 200 characters and no NUL characters."


def _company_name_allowed(name: str) -> bool:
    """Whether --create-companies may make a company of this name (the model's length, and
    no NUL, which PostgreSQL's text refuses)."""
    return "\x00" not in name and len(name) <= Company._meta.get_field("name").max_length


def _given(name: str) -> str:
    """Whether the row gave the field: a staged value is NULL exactly when its cell was empty.
    The company counts as given only when the row named one (not the --company default)."""
    return "s.company_given" if name == "company_id" else f"s.{name} IS NOT NULL"


def _new_value(name: str) -> str:
    """The staged value of a field, as SQL (custom fields come already merged).

    An import sets do-not-call but never clears it: an old export re-imported must not
    make a contact callable again. Clearing is a deliberate act in the admin or the API.
    """
    if name == "do_not_call":
        return "(c.do_not_call OR s.do_not_call)"
    return f"s.{name}::{_sql_type(name)}"


def _holder(cursor, lock: str) -> OtherImport | None:
    """The session holding the advisory lock `lock` in this database, if any. (A bigint
    advisory key shows in pg_locks as its high half in classid, its low half in objid.)"""
    cursor.execute(
        """
        SELECT a.pid, a.application_name, host(a.client_addr), a.xact_start, a.state
        FROM pg_locks AS l JOIN pg_stat_activity AS a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
          AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND l.classid::bigint = (hashtextextended(%(lock)s, 0) >> 32) & 4294967295
          AND l.objid::bigint = hashtextextended(%(lock)s, 0) & 4294967295
        """,
        {"lock": lock},
    )
    row = cursor.fetchone()
    if row is None:
        return None
    pid, application_name, client, transaction_start, state = row
    return OtherImport(pid, application_name or None, client, transaction_start, state)


def _waited_for(cursor, lock: str, *, seconds: float) -> bool:
    """Wait up to `seconds` for the advisory lock `lock`; whether it was taken.

    The wait runs in a savepoint with a lock_timeout, so that running out of time undoes
    only the savepoint; the session's own lock_timeout is back once the lock is taken.
    """
    try:
        with transaction.atomic():
            cursor.execute("SELECT current_setting('lock_timeout')")
            [usual] = cursor.fetchone()
            cursor.execute(
                "SELECT set_config('lock_timeout', %s, true)", [f"{max(int(seconds * 1000), 1)}ms"]
            )
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [lock])
            cursor.execute("SELECT set_config('lock_timeout', %s, true)", [usual])
    except OperationalError as error:
        if getattr(error.__cause__, "sqlstate", None) == LOCK_NOT_AVAILABLE:
            return False
        raise
    return True


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
