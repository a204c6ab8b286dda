"""Reading a contact file (CSV or JSON Lines): its format, encoding, dialect and columns,
then its records as raw values, streamed."""

import codecs
import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from contacts.csv_format import FORMULA_STARTS
from contacts.models import CONTACT_FIELDS
from crm import strict_json

# Columns an export writes that an import takes no value from.
IGNORED_HEADERS = {
    "id",
    "createdat",
    "updatedat",
    "archivedat",
    "mergedintoid",
    "lastcalledat",
    "callcount",
    "callblockers",
    "timezones",
    "nextcallableat",
    "teamid",
    "companyid",
}


class FileProblem(Exception):
    """The file as a whole cannot be imported (unreadable, unknown columns...)."""


def normalize_header(header: str) -> str:
    return re.sub(r"[\s\-_.]", "", header.strip().lstrip("\ufeff")).lower()


def _spellings(*names: str) -> list[str]:
    return list(dict.fromkeys(normalize_header(name) for name in names))


# Header spellings -> contact field. Headers are compared lower-cased, without spaces,
# dashes, dots and underscores, so "First Name", "first_name" and "firstName" all match:
# each field's name and label, and the other spellings its declaration lists. The company
# column holds the company's name.
HEADER_ALIASES = {
    field.name: _spellings(field.name, field.model_field.verbose_name, *field.aliases)
    for field in CONTACT_FIELDS
} | {"company": ["company", "companyname", "organization", "organisation", "account"]}
_ALIAS_TO_FIELD = {alias: name for name, aliases in HEADER_ALIASES.items() for alias in aliases}


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
    """UTF-16 when the file starts with its byte-order mark (Excel's "Unicode Text"); UTF-8
    (with or without a BOM) when every byte decodes; else Windows-1252 (what Excel writes);
    else Latin-1, which decodes any byte."""
    with path.open("rb") as file:
        if file.read(2) in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
            return "utf-16"
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
            headers = _header_row(csv.reader(file, _dialect(file)))
        if not headers:
            raise FileProblem("The file is empty: it has no header row.")
        if any("\x00" in header for header in headers):
            # Not text, or not in this encoding: a NUL further on is one row's problem, but
            # one in the header would otherwise be listed as a column of binary garbage.
            raise FileProblem(
                f"The file is not CSV text in {encoding} (its first line holds NUL bytes): a "
                "spreadsheet (.xlsx) must be saved as 'CSV UTF-8' first. Nothing was imported."
            )
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


def _header_row(reader) -> list[str]:
    """The first row that is not blank: blank lines are skipped before the header as they
    are after it. Empty when there is none."""
    for row in reader:
        if any(cell.strip() for cell in row):
            return row
    return []


def _read_csv(path: Path, encoding: str) -> Iterator[tuple[int, dict]]:
    with path.open(encoding=encoding, newline="") as file:
        reader = csv.reader(file, _dialect(file))
        headers = _header_row(reader)
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
