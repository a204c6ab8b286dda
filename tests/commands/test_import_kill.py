"""`kill -9` in the middle of `import_contacts`, with real processes and real signals."""

import csv
import os
import time
from pathlib import Path

import psutil
import pytest
from django.db import connection

from contacts import importer

ROWS = 1200
DEADLINE_SECONDS = 60  # how long anything may take before the test fails rather than hangs

pytestmark = pytest.mark.django_db


def contacts_file(tmp_path: Path) -> Path:
    """A file with what an import must get right across batches: a duplicate (in other case)
    of an earlier row, rows keyed by phone only, rows with no key at all, rejected rows,
    and companies to create."""
    path = tmp_path / "contacts.csv"
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["First Name", "Last Name", "Email", "Phone", "Company", "Tags", "Notes"])
        for i in range(ROWS):
            email = f"person{i}@example.com"
            phone = f"+1415555{i:04d}"
            if i % 50 == 49:
                email = f"PERSON{i - 30}@Example.com"  # an earlier row's contact: skipped
            elif i % 10 == 3:
                email = ""  # matched by its phone
            elif i % 100 == 11:
                email = phone = ""  # matched by its name and company
            if i % 97 == 5:
                phone = "12345"  # not a phone number: rejected
            writer.writerow(
                [f"Ann{i}", f"Lee{i}", email, phone, f"Company {i % 7}", "a;b", f"row {i}"]
            )
    return path


def wait_until(condition, what: str, seconds: float = DEADLINE_SECONDS):
    """Poll `condition` until it holds (and return its value), or fail naming `what`."""
    deadline = time.monotonic() + seconds
    while not (value := condition()):
        assert time.monotonic() < deadline, f"still waiting for {what} after {seconds} s"
        time.sleep(0.01)
    return value


def assert_ended(process: psutil.Process) -> None:
    def ended() -> bool:
        try:
            return process.status() == psutil.STATUS_ZOMBIE
        except psutil.NoSuchProcess:
            return True

    wait_until(ended, f"process {process.pid} to end", seconds=10)


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="reads /proc")
def test_the_checking_process_does_not_keep_the_database_connection_open(tmp_path):
    connection.ensure_connection()
    socket = connection.connection.fileno()
    path = contacts_file(tmp_path)
    columns = importer.Columns.from_headers(
        importer.read_headers(path, file_format="csv", encoding="utf-8"), extra_as_custom=False
    )
    checker = importer.RowChecker(columns, default_region=None)

    def make_batches():
        records = importer.read_records(path, file_format="csv", encoding="utf-8")
        yield from importer.batches(records, checker, batch_size=10)

    before = set(psutil.Process().children())
    batches = importer.checked_in_a_child_process(make_batches)
    next(batches)  # the child is running, and has more to send than the parent takes
    [child] = set(psutil.Process().children()) - before

    assert os.readlink(f"/proc/{child.pid}/fd/{socket}") == "/dev/null"
    assert os.readlink(f"/proc/self/fd/{socket}").startswith("socket:")
    batches.close()
    assert_ended(child)
    with connection.cursor() as cursor:  # the parent's connection is as it was
        cursor.execute("SELECT 1")
