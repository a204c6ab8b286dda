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
from operator import attrgetter

from contacts.models import CONTACT_FIELDS, Contact
from crm.api.naming import to_camel

# The order files have always had their columns in ("company" is the company's name); a
# declared field not named here comes after them, before the timestamps.
_ORDER = [
    "external_id",
    "first_name",
    "last_name",
    "email",
    "phone",
    "phone_secondary",
    "job_title",
    "company",
    "lead_status",
    "source",
    "timezone",
    "preferred_contact_method",
    "do_not_call",
    "notes",
    "tags",
    "custom_fields",
]
_FIELDS = [*_ORDER, *(field.name for field in CONTACT_FIELDS if field.name not in _ORDER)]
COLUMNS = ["id", *(to_camel(name) for name in _FIELDS), "createdAt", "updatedAt"]


def _cell(kind: str):
    """How a value of this kind is written in a cell."""
    if kind == "company":
        return lambda company: company.name if company else ""
    if kind == "flag":
        return lambda value: "true" if value else "false"
    if kind == "list":
        return ";".join
    if kind == "object":
        return lambda value: json.dumps(value, ensure_ascii=False) if value else ""
    if kind == "phone":
        return lambda value: str(value) if value else ""
    return lambda value: "" if value is None else str(value)


_KINDS = {"company": "company"} | {field.name: field.kind for field in CONTACT_FIELDS}
# The columns after the ID: how each is written, and the contact's values for them.
_CELLS = [_cell(_KINDS[name]) for name in _FIELDS]
_values = attrgetter(*_FIELDS)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER_LIKE = re.compile(r"^[+-]?[\d\s().-]*$")


def safe_cell(value: str) -> str:
    """The cell, made inert for spreadsheets (CSV injection), unless it is just a number."""
    if value.startswith(FORMULA_STARTS) and not _NUMBER_LIKE.match(value):
        return "'" + value
    return value


def contact_row(contact: Contact) -> list[str]:
    return [
        contact.public_id,
        *[cell(value) for cell, value in zip(_CELLS, _values(contact), strict=True)],
        contact.created_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        contact.updated_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
    ]


class _Echo:
    def write(self, value):
        return value


# Excel reads a CSV file as the system's legacy code page unless it starts with a byte-order
# mark, and garbles accented names; the importer, and most tools, skip the mark.
BYTE_ORDER_MARK = "\ufeff"


def csv_lines(contacts: Iterable[Contact], *, bom: bool = True) -> Iterator[str]:
    """The file line by line (header first, after a byte-order mark unless `bom` is false),
    for a streaming response or a file."""
    writer = csv.writer(_Echo())
    yield (BYTE_ORDER_MARK if bom else "") + writer.writerow(COLUMNS)
    for contact in contacts:
        yield writer.writerow([safe_cell(cell) for cell in contact_row(contact)])
