"""`kill -9` in the middle of `import_contacts`, with real processes and real signals.

The command runs as an operator runs it (`manage.py` in its own interpreter) against the test
database, so these tests commit (transaction=True). Each one kills the command, its checking
process or both once some batches are in, at a point drawn at random, and then checks that
nothing is left behind (no process, no database session holding the team's import lock) and
that running the same command again ends with exactly the contacts of one clean run.
"""

import contextlib
import csv
import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import pytest
from django.core.management import CommandError
from django.db import connection

from contacts.imports import checking, reading
from contacts.models import EDITABLE_FIELDS, Contact
from tests.factories import TeamFactory
from tests.kit.commands import database_url
from tests.kit.imports import run_import

ROOT = Path(__file__).resolve().parents[3]
ROWS = 1200
BATCH_SIZE = "20"  # many small batches: a run lasts long enough to be killed in the middle
# The checking process runs ahead of the commits by what its outbox and the pipe hold, which
# was seen to reach over 3,600 rows of this file (the socket's buffer, not only the outbox's
# three batches): a run killed in its checking process needs a file long enough for that
# process to still be checking when a part of ROWS is committed.
CHECKER_KILL_ROWS = 10_000
# A killed run's session is gone by then, so a re-run never needs to wait for it long.
RERUN_OPTIONS = ("--create-companies", "--batch-size", BATCH_SIZE, "--wait", "10")
DEADLINE_SECONDS = 60  # how long anything may take before the test fails rather than hangs

pytestmark = pytest.mark.django_db(transaction=True)

# What is tested is what the server sees when a client is killed, not a server crash: so a
# commit need not wait for the disk, which made a run of small batches take many seconds.
NO_WAIT_FOR_DISK = "off"


@pytest.fixture(autouse=True)
def _commits_without_waiting_for_the_disk(db):
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit = %s", [NO_WAIT_FOR_DISK])
    yield
    with connection.cursor() as cursor:
        cursor.execute("RESET synchronous_commit")


def contacts_file(tmp_path: Path, rows: int = ROWS) -> Path:
    """A file with what an import must get right across batches: a duplicate (in other case)
    of an earlier row, rows keyed by phone only, rows with no key at all, rejected rows,
    and companies to create."""
    path = tmp_path / "contacts.csv"
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["First Name", "Last Name", "Email", "Phone", "Company", "Tags", "Notes"])
        for i in range(rows):
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


def contacts_of(team) -> list[str]:
    """The team's live contacts, as what an import sets on them (comparable, sorted)."""
    rows = Contact.objects.live().filter(team=team).values(*EDITABLE_FIELDS, "company__name")
    return sorted(json.dumps(row, sort_keys=True, default=str) for row in rows)


@dataclass
class Command:
    """`manage.py import_contacts` running in its own process."""

    process: subprocess.Popen
    output: Path
    team: object
    children: list[psutil.Process] = field(default_factory=list)  # as found

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def session_name(self) -> str:
        """Its database session's application_name."""
        return f"import_contacts {self.team.public_id} pid {self.pid}"

    def finish(self) -> tuple[int, str]:
        """Its exit status and what it wrote."""
        code = self.process.wait(timeout=DEADLINE_SECONDS)
        return code, self.output.read_text()


@pytest.fixture
def start_import(tmp_path):
    """Start the command in its own process; whatever it left running is ended afterwards,
    so that a failing test cannot leave a session that blocks the next test's flush."""
    started: list[Command] = []

    def start(path: Path, team, *options: str) -> Command:
        output = tmp_path / f"run{len(started)}.out"
        with output.open("w") as file:
            process = subprocess.Popen(
                [
                    *(sys.executable, "manage.py", "import_contacts", str(path)),
                    *("--team", team.public_id, "--batch-size", BATCH_SIZE, *options),
                ],
                cwd=ROOT,
                env={
                    **os.environ,
                    "DATABASE_URL": database_url(),
                    "PGOPTIONS": f"-c synchronous_commit={NO_WAIT_FOR_DISK}",
                },
                stdout=file,
                stderr=subprocess.STDOUT,
            )
        started.append(Command(process, output, team))
        return started[-1]

    yield start
    for command in started:
        command.process.kill()
        command.process.wait(timeout=DEADLINE_SECONDS)
        for child in command.children:
            with contextlib.suppress(psutil.NoSuchProcess):
                child.kill()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE application_name = %s",
                [command.session_name],
            )


def wait_until(condition, what: str, seconds: float = DEADLINE_SECONDS):
    """Poll `condition` until it holds (and return its value), or fail naming `what`."""
    deadline = time.monotonic() + seconds
    while not (value := condition()):
        assert time.monotonic() < deadline, f"still waiting for {what} after {seconds} s"
        time.sleep(0.01)
    return value


def committed(team) -> int:
    return Contact.objects.filter(team=team).count()


def checking_process(command: Command) -> psutil.Process:
    """The command's forked checking process (it starts with the first batch), known by its
    name: another child (a short-lived subprocess of a library) may come and go first."""
    parent = psutil.Process(command.pid)

    def named_checker() -> psutil.Process | None:
        for child in parent.children():
            with contextlib.suppress(psutil.NoSuchProcess):
                if child.name() == checking.CHECKER_PROCESS_NAME:
                    return child
        return None

    child = wait_until(named_checker, "the checking process")
    command.children.append(child)
    return child


def kill_mid_run(command: Command, team, *, targets: str) -> psutil.Process:
    """Once a random part of the file is committed, SIGKILL the command ("parent"), its
    checking process ("child") or both; returns the checking process."""
    child = checking_process(command)
    wanted = random.randint(ROWS // 10, ROWS * 4 // 10)
    print(f"killing the {targets} once {wanted} contacts are committed")  # shown if it fails
    wait_until(lambda: committed(team) >= wanted, f"{wanted} contacts committed")
    assert command.process.poll() is None, "the run ended before it could be killed"
    # The checking process first: once the command is dead, the checking process may end on
    # its own and be reaped before it is sent anything. The command is this test's child, so
    # it stays signalable until the test reaps it.
    if targets in {"child", "both"}:
        os.kill(child.pid, signal.SIGKILL)
    if targets in {"parent", "both"}:
        os.kill(command.pid, signal.SIGKILL)
    return child


def assert_ended(process: psutil.Process) -> None:
    def ended() -> bool:
        try:
            return process.status() == psutil.STATUS_ZOMBIE
        except psutil.NoSuchProcess:
            return True

    wait_until(ended, f"process {process.pid} to end", seconds=10)


def sessions_of(command: Command) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid, state FROM pg_stat_activity WHERE application_name = %s",
            [command.session_name],
        )
        return cursor.fetchall()


def assert_nothing_left_of(command: Command, child: psutil.Process) -> None:
    assert_ended(child)
    wait_until(lambda: not sessions_of(command), "the killed run's database session to end")


@pytest.fixture
def clean_run(tmp_path):
    """The contacts one uninterrupted run of the file makes (in a team of its own)."""

    def contacts_of_a_clean_run(path: Path) -> list[tuple]:
        team = TeamFactory(name="Clean run")
        run = run_import(path, team, "--create-companies", "--errors", str(tmp_path / "x.csv"))
        assert run.code == 2, run.stderr  # the file has rejected rows
        return contacts_of(team)

    return contacts_of_a_clean_run


def rerun_gives_a_clean_runs_contacts(path: Path, team, clean_run) -> None:
    """Running the same command again (here, in this process) completes the import, with the
    contacts one uninterrupted run makes."""
    rerun = run_import(path, team, *RERUN_OPTIONS)
    assert rerun.code == 2, rerun.stderr  # done; the file's rejected rows are reported
    assert rerun.counts["read"] == len(path.read_text().splitlines()) - 1  # every row
    assert contacts_of(team) == clean_run(path)


def test_after_a_kill_of_the_command_its_checker_ends_and_a_rerun_completes(
    tmp_path, team, start_import, clean_run
):
    path = contacts_file(tmp_path)
    run = start_import(path, team, "--create-companies")

    child = kill_mid_run(run, team, targets="parent")

    assert run.finish()[0] == -signal.SIGKILL
    assert_nothing_left_of(run, child)
    rerun_gives_a_clean_runs_contacts(path, team, clean_run)


def test_after_a_kill_of_the_checker_the_command_says_how_far_it_got_and_a_rerun_completes(
    tmp_path, team, start_import, clean_run
):
    path = contacts_file(tmp_path, rows=CHECKER_KILL_ROWS)
    run = start_import(path, team, "--create-companies")

    child = kill_mid_run(run, team, targets="child")

    code, output = run.finish()
    assert code == 1, output
    assert "The process checking the file was killed (SIGKILL)." in output
    assert re.search(r"Rows up to line \d+ are committed; run the same command again", output)
    assert_nothing_left_of(run, child)
    rerun_gives_a_clean_runs_contacts(path, team, clean_run)


def test_after_a_kill_of_both_processes_a_rerun_completes(tmp_path, team, start_import, clean_run):
    path = contacts_file(tmp_path, rows=CHECKER_KILL_ROWS)
    run = start_import(path, team, "--create-companies")

    child = kill_mid_run(run, team, targets="both")

    assert run.finish()[0] == -signal.SIGKILL
    assert_nothing_left_of(run, child)
    rerun_gives_a_clean_runs_contacts(path, team, clean_run)


def holds_the_teams_turn(command: Command) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT count(*) FROM pg_locks AS l JOIN pg_stat_activity AS a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND a.application_name = %s
            """,
            [command.session_name],
        )
        return cursor.fetchone()[0] > 0


def stop_while_it_has_the_turn(command: Command) -> None:
    """SIGSTOP the command at a moment its transaction holds the team's import turn."""

    def stopped_with_the_turn() -> bool:
        os.kill(command.pid, signal.SIGSTOP)
        if holds_the_teams_turn(command):
            return True
        os.kill(command.pid, signal.SIGCONT)
        return False

    wait_until(stopped_with_the_turn, "the run to be stopped while it has the team's turn")


def test_an_import_names_the_stuck_one_it_waits_for_and_goes_on_once_that_is_killed(
    tmp_path, team, start_import, clean_run
):
    path = contacts_file(tmp_path)
    stuck = start_import(path, team, "--create-companies")
    child = checking_process(stuck)
    stop_while_it_has_the_turn(stuck)

    with pytest.raises(CommandError) as raised:
        run_import(path, team, "--create-companies", "--wait", "1")

    said = str(raised.value)
    assert said.startswith("Gave up after waiting 1 s (--wait) for another import into team")
    assert f"'{stuck.session_name}' " in said
    os.kill(stuck.pid, signal.SIGKILL)  # its session ends, and gives the turn back
    assert stuck.finish()[0] == -signal.SIGKILL
    assert_nothing_left_of(stuck, child)
    rerun_gives_a_clean_runs_contacts(path, team, clean_run)


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="reads /proc")
def test_the_checking_process_does_not_keep_the_database_connection_open(tmp_path):
    connection.ensure_connection()
    socket = connection.connection.fileno()
    path = contacts_file(tmp_path)
    columns = reading.Columns.from_headers(
        reading.read_headers(path, file_format="csv", encoding="utf-8"), extra_as_custom=False
    )
    checker = checking.RowChecker(columns, default_region=None)

    def make_batches():
        records = reading.read_records(path, file_format="csv", encoding="utf-8")
        yield from checking.batches(records, checker, batch_size=10)

    before = set(psutil.Process().children())
    batches = checking.checked_in_a_child_process(make_batches)
    next(batches)  # the child is running, and has more to send than the parent takes
    [child] = set(psutil.Process().children()) - before

    assert os.readlink(f"/proc/{child.pid}/fd/{socket}") == "/dev/null"
    assert os.readlink(f"/proc/self/fd/{socket}").startswith("socket:")
    batches.close()
    assert_ended(child)
    with connection.cursor() as cursor:  # the parent's connection is as it was
        cursor.execute("SELECT 1")
