"""The contact file format: the columns the exporter writes and the importer reads.

Column names are the API's camelCase field names. `tags` are separated by `;`
(a tag may contain neither `;` nor `,`); `customFields` is a JSON object;
`doNotCall` is `true` or `false`. A text cell that a spreadsheet would run as a
formula (`=HYPERLINK(...)`) is written with a leading `'`, which the importer
removes; phone numbers (`+1415...`) are left as they are.
"""

import csv
import json
import re
from collections.abc import Iterable, Iterator

from contacts.models import Contact

COLUMNS = [
    "id",
    "externalId",
    "firstName",
    "lastName",
    "email",
    "phone",
    "phoneSecondary",
    "jobTitle",
    "company",
    "leadStatus",
    "source",
    "timezone",
    "preferredContactMethod",
    "doNotCall",
    "notes",
    "tags",
    "customFields",
    "createdAt",
    "updatedAt",
]


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER_LIKE = re.compile(r"^[+-]?[\d\s().-]*$")


def safe_cell(value: str) -> str:
    """The cell, made inert for spreadsheets (CSV injection), unless it is just a number."""
    if value.startswith(FORMULA_STARTS) and not _NUMBER_LIKE.match(value):
        return "'" + value
    return value


def contact_row(contact: Contact) -> list[str]:
    company = contact.company.name if contact.company_id else ""
    return [
        contact.public_id,
        contact.external_id or "",
        contact.first_name,
        contact.last_name,
        contact.email or "",
        str(contact.phone or ""),
        str(contact.phone_secondary or ""),
        contact.job_title or "",
        company,
        contact.lead_status,
        contact.source or "",
        contact.timezone or "",
        contact.preferred_contact_method or "",
        "true" if contact.do_not_call else "false",
        contact.notes or "",
        ";".join(contact.tags),
        json.dumps(contact.custom_fields, ensure_ascii=False) if contact.custom_fields else "",
        contact.created_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        contact.updated_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
    ]


class _Echo:
    def write(self, value):
        return value


def csv_lines(contacts: Iterable[Contact]) -> Iterator[str]:
    """The file line by line (header first), for a streaming response or a file."""
    writer = csv.writer(_Echo())
    yield writer.writerow(COLUMNS)
    for contact in contacts:
        yield writer.writerow([safe_cell(cell) for cell in contact_row(contact)])
