"""Writing checked import rows, a batch at a time, the set-based way.

Each batch is copied (`COPY`) into a temporary staging table, matched against
the team's live contacts in one statement, then inserted and updated with one
INSERT ... SELECT and one UPDATE ... FROM. The caller decides the transaction:
one per batch (an interrupted run keeps whole batches), or one for the whole run
(--all-or-nothing, --dry-run).
"""

import json
from dataclasses import dataclass, field

from django.db import connection
from django.db.models.functions import Lower

from contacts.importer import RejectedRow, Row
from contacts.models import EDITABLE_FIELDS
from crm import ids, services
from crm.models import Company, Team

# Staged columns: what a caller may set on a contact, in COPY order.
FIELDS = EDITABLE_FIELDS
DEFAULTS = {"lead_status": "'new'", "do_not_call": "false", "custom_fields": "'{}'::jsonb",
            "tags": "'{}'::varchar[]"}  # fmt: skip
MATCH_CONDITIONS = {
    "email": "lower(c.email) = lower(s.email)",
    "phone": "c.phone = s.phone",
    "both": "(lower(c.email) = lower(s.email) OR c.phone = s.phone)",
}
STAGING_TABLE = """
CREATE TEMPORARY TABLE IF NOT EXISTS contact_import_staging (
    line integer PRIMARY KEY,
    id uuid NOT NULL,
    company_id uuid,
    given text[] NOT NULL,
    first_name text, last_name text, email text, phone text, phone_secondary text,
    job_title text, lead_status text, source text, timezone text,
    preferred_contact_method text, do_not_call boolean, notes text,
    custom_fields jsonb, tags text[], external_id text,
    match_id uuid, match_count integer NOT NULL DEFAULT 0
) ON COMMIT DELETE ROWS
"""


@dataclass
class BatchResult:
    created: int = 0
    updated: int = 0
    skipped: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)


class ContactLoader:
    """Loads batches of rows into one team.

    on_duplicate: "skip" leaves a matching live contact alone, "update" sets the
    row's given fields on it, "create" adds a new contact regardless (except where
    the email would then be used twice). match: "email", "phone" or "both" (either).
    """

    def __init__(
        self,
        team: Team,
        *,
        default_company: Company | None,
        create_companies: bool,
        on_duplicate: str,
        match: str,
    ):
        self.team = team
        self.default_company = default_company
        self.create_companies = create_companies
        self.on_duplicate = on_duplicate
        self.match = match
        self.companies: dict[str, Company] = {}  # lower(name) -> company, as met

    def load(self, rows: list[Row]) -> BatchResult:
        result = BatchResult()
        rows = self._with_companies(rows, result)
        rows = self._without_repeats(rows, result)
        if not rows:
            return result
        with connection.cursor() as cursor:
            cursor.execute(STAGING_TABLE)
            self._stage(cursor, rows)
            self._match(cursor)
            self._reject_ambiguous(cursor, result)
            if self.on_duplicate == "update":
                self._reject_taken_keys(cursor, result)
                result.updated, unchanged = self._update(cursor)
                result.skipped += unchanged
            elif self.on_duplicate == "skip":
                cursor.execute(
                    "SELECT count(*) FROM contact_import_staging WHERE match_id IS NOT NULL"
                )
                result.skipped += cursor.fetchone()[0]
            result.created = self._insert(cursor, result)
            cursor.execute("DELETE FROM contact_import_staging")
        return result

    def _with_companies(self, rows: list[Row], result: BatchResult) -> list[Row]:
        wanted = {r.company_name.lower() for r in rows if r.company_name} - self.companies.keys()
        if wanted:
            found = (
                Company.objects.live()
                .filter(team=self.team)
                .alias(lower_name=Lower("name"))
                .filter(lower_name__in=wanted)
            )
            self.companies.update({company.name.lower(): company for company in found})
        kept = []
        for row in rows:
            company = self.default_company
            if row.company_name:
                company = self.companies.get(row.company_name.lower())
                if company is None and self.create_companies:
                    company = self._create_company(row, result)
                    if company is None:
                        continue
                elif company is None:
                    result.rejected.append(
                        RejectedRow(
                            row.line,
                            "company",
                            row.company_name,
                            "No company of this name in the team; create it or pass "
                            "--create-companies.",
                        )
                    )
                    continue
            row.values["company_id"] = company.pk if company else None
            kept.append(row)
        return kept

    def _create_company(self, row: Row, result: BatchResult) -> Company | None:
        name = row.company_name
        if len(name) > Company._meta.get_field("name").max_length:
            result.rejected.append(
                RejectedRow(row.line, "company", name, "A company name has at most 200 characters.")
            )
            return None
        company = services.create_company(team=self.team, name=name)
        self.companies[name.lower()] = company
        return company

    def _without_repeats(self, rows: list[Row], result: BatchResult) -> list[Row]:
        """A match key met twice in one batch: the later row is skipped (or, when updating,
        its given fields win)."""
        if self.on_duplicate == "create":
            return rows
        by_key: dict[str, Row] = {}
        kept = []
        for row in rows:
            keys = self._keys(row)
            earlier = next((by_key[key] for key in keys if key in by_key), None)
            if earlier is None:
                kept.append(row)
                by_key.update(dict.fromkeys(keys, row))
            elif self.on_duplicate == "update":
                earlier.values.update(row.values)
                result.skipped += 1
            else:
                result.skipped += 1
        return kept

    def _keys(self, row: Row) -> list[str]:
        keys = []
        if self.match in ("email", "both") and row.values.get("email"):
            keys.append("email:" + row.values["email"].lower())
        if self.match in ("phone", "both") and row.values.get("phone"):
            keys.append("phone:" + row.values["phone"])
        return keys

    def _stage(self, cursor, rows: list[Row]) -> None:
        columns = ["line", "id", "company_id", "given", *FIELDS]
        with cursor.cursor.copy(
            f"COPY contact_import_staging ({', '.join(columns)}) FROM STDIN"
        ) as copy:
            for row in rows:
                values = row.values
                copy.write_row(
                    [
                        row.line,
                        ids.uuid7(),
                        values.get("company_id"),
                        [name for name in FIELDS if name in values]
                        + (["company_id"] if row.company_name else []),
                        *(
                            json.dumps(values[name])
                            if name == "custom_fields" and name in values
                            else values.get(name)
                            for name in FIELDS
                        ),
                    ]
                )

    def _match(self, cursor) -> None:
        if self.on_duplicate == "create":
            return
        cursor.execute(
            f"""
            UPDATE contact_import_staging AS s
            SET match_id = m.ids[1], match_count = cardinality(m.ids)
            FROM (
                SELECT s.line, array_agg(c.id ORDER BY c.created_at) AS ids
                FROM contact_import_staging AS s
                JOIN contacts_contact AS c
                  ON c.team_id = %s AND c.archived_at IS NULL
                 AND {MATCH_CONDITIONS[self.match]}
                GROUP BY s.line
            ) AS m
            WHERE m.line = s.line
            """,
            [self.team.pk],
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
                RejectedRow(line, self.match, key, "Matches more than one contact in the team.")
            )

    def _reject_taken_keys(self, cursor, result: BatchResult) -> None:
        """A matched row may not give its contact an email or external ID that another
        live contact of the team already has."""
        cursor.execute(
            """
            DELETE FROM contact_import_staging AS s
            WHERE s.match_id IS NOT NULL AND EXISTS (
                SELECT 1 FROM contacts_contact AS c
                WHERE c.team_id = %s AND c.archived_at IS NULL AND c.id <> s.match_id
                  AND (('email' = ANY(s.given) AND lower(c.email) = lower(s.email))
                    OR ('external_id' = ANY(s.given) AND c.external_id = s.external_id))
            )
            RETURNING s.line, s.email
            """,
            [self.team.pk],
        )
        for line, email in cursor.fetchall():
            result.rejected.append(
                RejectedRow(
                    line,
                    "email",
                    email or "",
                    "Another live contact in the team already has this email or external ID.",
                )
            )

    def _update(self, cursor) -> tuple[int, int]:
        """Set each matched row's given fields; rows that change nothing are left untouched."""
        fields = [*FIELDS, "company_id"]
        assignments = ", ".join(
            f"{name} = CASE WHEN '{name}' = ANY(s.given) THEN {_new_value(name)} ELSE c.{name} END"
            for name in fields
        )
        changed = " OR ".join(
            f"('{name}' = ANY(s.given) AND c.{name} IS DISTINCT FROM {_new_value(name)})"
            for name in fields
        )
        cursor.execute(
            f"""
            UPDATE contacts_contact AS c
            SET {assignments}, updated_at = now()
            FROM contact_import_staging AS s
            WHERE c.id = s.match_id AND ({changed})
            """
        )
        updated = cursor.rowcount
        cursor.execute("SELECT count(*) FROM contact_import_staging WHERE match_id IS NOT NULL")
        return updated, cursor.fetchone()[0] - updated

    def _insert(self, cursor, result: BatchResult) -> int:
        """New contacts for unmatched rows; one whose email is already live is rejected."""
        columns = ", ".join(FIELDS)
        values = ", ".join(
            f"coalesce(s.{name}::{_sql_type(name)}, {DEFAULTS[name]})"
            if name in DEFAULTS
            else f"s.{name}::{_sql_type(name)}"
            for name in FIELDS
        )
        cursor.execute(
            f"""
            INSERT INTO contacts_contact (
                id, team_id, company_id, {columns}, call_count, created_at, updated_at
            )
            SELECT s.id, %s, s.company_id, {values}, 0, now(), now()
            FROM contact_import_staging AS s
            WHERE s.match_id IS NULL
            ORDER BY s.line
            ON CONFLICT DO NOTHING
            RETURNING id
            """,
            [self.team.pk],
        )
        created = len(cursor.fetchall())
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
                    "email" if email else "externalId",
                    email or external_id or "",
                    "Another live contact in the team already has it.",
                )
            )
        return created


def _new_value(name: str) -> str:
    """The staged value of a field, as SQL; custom fields merge into the contact's."""
    if name == "custom_fields":
        return "c.custom_fields || s.custom_fields"
    return f"s.{name}::{_sql_type(name)}"


def _sql_type(name: str) -> str:
    return {
        "do_not_call": "boolean",
        "custom_fields": "jsonb",
        "tags": "varchar[]",
        "company_id": "uuid",
    }.get(name, "text")
