"""README.md's tables render as tables: every row has its header's cells (a `|` inside a cell,
code included, must be escaped as `\\|`), and no blank line cuts a table in two."""

import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"
SEPARATOR = re.compile(r"^\|(\s*:?-+:?\s*\|)+\s*$")


def cells(line: str) -> int:
    """The cells of a table row as GitHub splits it: on every pipe not escaped."""
    return len(re.split(r"(?<!\\)\|", line.strip().strip("|")))


def tables(lines: list[str]):
    """Each run of lines that start with `|`: its first line number and its lines."""
    start = None
    for number, line in enumerate([*lines, ""], start=1):
        if line.startswith("|") and start is None:
            start = number
        elif not line.startswith("|") and start is not None:
            yield start, lines[start - 1 : number - 1]
            start = None


def test_every_table_row_has_its_headers_cells_and_every_table_its_separator():
    problems = []
    for start, rows in tables(README.read_text(encoding="utf-8").splitlines()):
        if len(rows) < 2 or not SEPARATOR.match(rows[1]):
            problems.append(f"line {start}: rows without a header (a blank line above?)")
            continue
        for offset, row in enumerate(rows[2:], start=2):
            if cells(row) != cells(rows[0]):
                problems.append(f"line {start + offset}: {cells(row)} cells, not {cells(rows[0])}")

    assert problems == []
