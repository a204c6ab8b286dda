"""Reporting on an import: rejected rows, the error report, progress and the summary."""

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from django.core.management.base import BaseCommand

from contacts.csv_format import safe_cell
from crm.management.progress import ProgressLine

if TYPE_CHECKING:
    from contacts.imports.loading import OtherImport

PROGRESS_EVERY_SECONDS = 5


@dataclass
class RejectedRow:
    line: int
    column: str
    value: str
    reason: str


class ErrorReport:
    """The error report of a run: a CSV of line, column, value and reason, one row per
    rejected value, created at the first (a clean run leaves no file)."""

    def __init__(self, path: Path):
        self.path = path
        self.file = None

    def write(self, rows) -> None:
        if self.file is None:
            self.file = self.path.open("w", newline="", encoding="utf-8")
            self.writer = csv.writer(self.file)
            self.writer.writerow(["line", "column", "value", "reason"])
        for row in rows:
            self.writer.writerow([row.line, row.column, safe_cell(row.value), row.reason])

    def close(self) -> None:
        if self.file is not None:
            self.file.close()


class ImportRun:
    """Counts, the error report and progress for one run of the command."""

    def __init__(
        self,
        command: BaseCommand,
        errors_path: Path,
        *,
        total_lines: int,
        wait: int,
        on_progress: "Callable[[ImportRun], None] | None" = None,
    ):
        self.command = command
        self.on_progress = on_progress  # called after each batch (the admin's progress bar)
        self.wait = wait  # seconds to wait for another import's turn
        self.total_lines = max(total_lines, 1)
        self.errors = ErrorReport(errors_path)
        self.read = self.created = self.updated = self.skipped = self.rejected = 0
        self.committed_through = self.last_line = 0
        self.line_reached = 0
        # On a terminal, a line redrawn every second; in a log, a line every few seconds.
        self.progress = ProgressLine(
            command.stderr, self._progress_text, log_every=PROGRESS_EVERY_SECONDS
        )

    def record(self, batch, result, *, committed: bool) -> None:
        """Count a loaded batch, report its rejected rows and show progress."""
        rejected = batch.rejected + result.rejected
        self.read += len(batch.rows) + len({row.line for row in batch.rejected})
        self.created += result.created
        self.updated += result.updated
        self.skipped += result.skipped
        self.rejected += len({row.line for row in rejected})
        if rejected:
            self.errors.write(sorted(rejected, key=lambda row: row.line))
        self.last_line = batch.last_line
        if committed:
            self.committed_through = batch.last_line
        self.line_reached = batch.last_line
        self.progress.counted(self.read)
        self.progress.show()
        if self.on_progress is not None:
            self.on_progress(self)

    def waiting(self, other: "OtherImport") -> None:
        """Say which import this one waits for (ContactLoader's on_wait)."""
        self.progress.write_line(
            f"Another import into this team has its turn: {other}. Waiting for it, "
            f"up to {self.wait} s (--wait)."
        )

    def _progress_text(self) -> str:
        elapsed = self.progress.elapsed
        # Speed and estimate as of the last batch counted, the estimate counting down while
        # the next one is written (ProgressLine.counted).
        measured = max(self.progress.counted_at, 1e-6)
        done = min(self.line_reached / self.total_lines, 1.0)
        # No estimate before the first batch: it would be a guess from nothing.
        if done:
            left = measured * (1 - done) / done - (elapsed - measured)
            eta = f"ETA {max(left, 0):,.0f} s"
        else:
            eta = "ETA -"
        bar = "#" * int(done * 20)
        return (
            f"[{bar:<20}] {done:4.0%} {self.read:,} rows, {self.created:,} created, "
            f"{self.updated:,} updated, {self.skipped:,} skipped, {self.rejected:,} rejected, "
            f"{self.progress.rate:,.0f} rows/s, {elapsed:,.0f} s, {eta}"
        )

    def close(self) -> None:
        self.progress.close()
        self.errors.close()

    def summary(self, *, written: bool, dry_run: bool) -> str:
        seconds = self.progress.elapsed
        verb = "would be " if dry_run else ("" if written else "would have been ")
        return (
            f"Read {self.read:,} rows in {seconds:,.1f} s: {self.created:,} {verb}created, "
            f"{self.updated:,} {verb}updated, {self.skipped:,} skipped, "
            f"{self.rejected:,} rejected."
        )
