"""Every command ends an operator's everyday failure in one line and a documented exit status,
never a traceback: a closed pipe (`export_contacts | head`), a path it cannot write, a database
that is down. And exports open in Excel: CSV in UTF-8 with a byte-order mark."""

import io
import os
import pty
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, get_commands, load_command_class

from crm.management.base import (
    EXIT_BROKEN_PIPE,
    EXIT_CANNOT_READ_OR_WRITE,
    EXIT_DATABASE_UNAVAILABLE,
    CrmCommand,
)
from crm.management.progress import ProgressLine
from tests.factories import ContactFactory
from tests.kit.commands import database_url, run_command
from tests.kit.imports import run_import, write_csv

ROOT = Path(__file__).resolve().parents[2]
PROJECT_APPS = {"contacts", "companies", "calls", "crm", "donotcall", "events", "history"}
PROJECT_APPS |= {"webhooks"}
BOM = b"\xef\xbb\xbf"
DEADLINE_SECONDS = 60
# Nothing listens there: connecting is refused at once, as with a stopped PostgreSQL.
DATABASE_DOWN = "postgres://postgres@127.0.0.1:9/crm"


def manage(*args: str, database: str, **options) -> subprocess.CompletedProcess:
    """`manage.py` run in its own process, as an operator runs it."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database},
        capture_output=True,
        text=True,
        timeout=DEADLINE_SECONDS,
        **options,
    )


def one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


def test_every_command_of_the_project_shares_the_base():
    ours = {name: app for name, app in get_commands().items() if app in PROJECT_APPS}

    assert {"export_contacts", "import_contacts", "import_do_not_call", "worker"} <= set(ours)
    for name, app in ours.items():
        assert isinstance(load_command_class(app, name), CrmCommand), name


# --- a database that is down ------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ("export_contacts", "--team", "team_01h455vb4pex5vsknk084sn02q"),
        ("import_contacts", "manage.py", "--team", "team_01h455vb4pex5vsknk084sn02q"),
        ("import_do_not_call", "manage.py", "--team", "team_01h455vb4pex5vsknk084sn02q"),
        ("purge_archived",),
        ("create_team", "Acme"),
        ("deliver_webhooks",),
        ("worker",),
        ("migrate",),
    ],
    ids=lambda command: command[0],
)
def test_a_database_that_is_down_is_one_line_and_exit_69(command):
    result = manage(*command, database=DATABASE_DOWN)

    assert result.returncode == EXIT_DATABASE_UNAVAILABLE == 69
    line = one_line(result.stderr)
    assert line.startswith("The database is not reachable (")
    assert "Check DATABASE_URL and that PostgreSQL is running" in line


def test_traceback_still_shows_the_traceback_when_asked():
    result = manage(
        "purge_archived", "--traceback", "--skip-checks", "--dry-run", database=DATABASE_DOWN
    )

    assert result.returncode == 1
    assert "Traceback" in result.stderr


# --- on a terminal ----------------------------------------------------------------------------

RED = "\x1b[31"


def on_a_terminal(*args: str, database: str) -> tuple[int, str]:
    """`manage.py` with stdout and stderr on a terminal, as an operator at one sees them: the
    exit status and every byte written, escape codes included."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database, "TERM": "xterm"},
        stdout=follower,
        stderr=follower,
    )
    os.close(follower)
    screen = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal's other side closed: the command has ended
            break
        if not chunk:
            break
        screen += chunk
    os.close(leader)
    return process.wait(timeout=DEADLINE_SECONDS), screen.decode()


@pytest.mark.django_db(transaction=True)
def test_a_commands_notes_on_a_terminal_are_not_coloured_as_an_error():
    code, screen = on_a_terminal("create_team", "Acme Sales", database=database_url())

    assert code == 0
    assert "Created team 'Acme Sales'." in screen
    assert RED not in screen


def test_a_commands_failure_on_a_terminal_stays_red():
    code, screen = on_a_terminal("purge_archived", database=DATABASE_DOWN)

    assert code == EXIT_DATABASE_UNAVAILABLE
    assert f"{RED};1mThe database is not reachable (" in screen


# --- a closed pipe ----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_export_into_a_pipe_closed_early_is_one_line_and_exit_141(team, company):
    ContactFactory.create_batch(1500, company=company, notes="x" * 200)
    process = subprocess.Popen(
        [sys.executable, "manage.py", "export_contacts", "--team", team.public_id],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database_url()},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    header = process.stdout.readline()  # what `head -1` reads, before it goes away
    process.stdout.close()
    stderr = process.stderr.read()
    code = process.wait(timeout=DEADLINE_SECONDS)

    assert header.startswith("\ufeffid,")
    assert code == EXIT_BROKEN_PIPE == 141
    assert one_line(stderr).startswith("The output was closed before the command finished")


# --- a path it cannot write -------------------------------------------------------------------


def test_an_unwritable_output_is_refused_before_anything_is_read(team, tmp_path):
    with pytest.raises(CommandError) as refused:
        run_command("export_contacts", "--team", team.public_id, "--output", "/nonexistent/x.csv")

    assert str(refused.value) == (
        "--output /nonexistent/x.csv: No such file or directory. Nothing was written; choose a "
        "file in a directory that exists and that you may write to."
    )
    assert not Path("/nonexistent").exists()


@pytest.mark.django_db(transaction=True)
def test_an_unwritable_output_is_one_line_and_exit_1_from_a_shell(team):
    result = manage(
        "export_contacts",
        "--team",
        team.public_id,
        "--output",
        "/nonexistent/x.csv",
        database=database_url(),
    )

    assert result.returncode == 1
    assert one_line(result.stderr).startswith("CommandError: --output /nonexistent/x.csv: ")


def test_an_error_report_that_cannot_be_written_is_refused(team, tmp_path):
    path = tmp_path / "numbers.txt"
    path.write_text("+14155551234\n")

    with pytest.raises(CommandError, match="Cannot write the error report /nonexistent"):
        run_command(
            "import_do_not_call",
            str(path),
            "--team",
            team.public_id,
            "--errors",
            "/nonexistent/errors.csv",
        )


def test_a_file_that_fails_mid_run_is_one_line_and_exit_74(tmp_path):
    class FullDisk(CrmCommand):
        def handle(self, *args, **options):
            raise OSError(28, "No space left on device", str(tmp_path / "out.csv"))

    stderr = io.StringIO()
    command = FullDisk(stderr=stderr)

    with pytest.raises(SystemExit) as ended:
        command.run_from_argv(["manage.py", "full_disk"])

    assert ended.value.code == EXIT_CANNOT_READ_OR_WRITE == 74
    assert one_line(stderr.getvalue()).startswith(f"{tmp_path / 'out.csv'}: No space left")


# --- Excel: UTF-8 with a byte-order mark --------------------------------------------------------


def test_a_csv_export_starts_with_a_byte_order_mark_and_reads_back_in_excels_way(
    team, company, tmp_path
):
    ContactFactory(company=company, first_name="José", last_name="Núñez")
    path = tmp_path / "contacts.csv"

    run_command("export_contacts", "--team", team.public_id, "--output", str(path))

    data = path.read_bytes()
    assert data.startswith(BOM + b"id,")
    assert data.count(BOM) == 1
    assert "José,Núñez" in data.decode("utf-8-sig")


def test_no_bom_leaves_it_out_and_json_lines_never_have_one(team, company, tmp_path):
    ContactFactory(company=company)
    plain, lines = tmp_path / "plain.csv", tmp_path / "contacts.jsonl"

    run_command("export_contacts", "--team", team.public_id, "--output", str(plain), "--no-bom")
    run_command(
        "export_contacts", "--team", team.public_id, "--format", "jsonl", "--output", str(lines)
    )

    assert plain.read_bytes().startswith(b"id,")
    assert lines.read_bytes().startswith(b"{")


def test_an_export_with_its_bom_imports_back(team, company, tmp_path, other_team):
    ContactFactory(company=company, first_name="José", email="jose@example.com")
    path = tmp_path / "contacts.csv"
    run_command("export_contacts", "--team", team.public_id, "--output", str(path))

    result = run_command(
        "import_contacts", str(path), "--team", other_team.public_id, "--create-companies"
    )

    assert result.code == 0, result.stderr
    assert other_team.contacts.get().first_name == "José"


# --- progress on a terminal -------------------------------------------------------------------


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class OutputOf:
    """A command's stderr wrapper on a fake terminal."""

    def __init__(self):
        self.terminal = Terminal()

    def isatty(self):
        return True

    def write(self, text="", ending="\n"):
        self.terminal.write(text + ending)

    def flush(self):
        pass


def test_a_shorter_progress_line_leaves_no_characters_of_a_longer_one():
    stream, texts = OutputOf(), iter(["ETA 10 s", "ETA 0 s"])
    progress = ProgressLine(stream, lambda: next(texts))
    progress.close()  # no redraws of its own: the two below are the only ones
    progress._stopped.clear()

    progress.show()
    progress.show()

    screen = stream.terminal.getvalue().split("\r")[-1]
    assert screen == "ETA 0 s "  # the "s" of "10 s" is blanked, not left as "ETA 0 ss"


def test_progress_is_redrawn_without_being_asked_while_a_step_takes_long():
    stream, drawn = OutputOf(), []

    def render() -> str:
        drawn.append(True)
        return f"step {len(drawn)}"

    progress = ProgressLine(stream, render)
    # No show(): a long batch. Wait (generously: the machine may be busy) for two redraws.
    for _ in range(DEADLINE_SECONDS * 10):
        if len(drawn) >= 2:
            break
        time.sleep(0.1)
    progress.close()

    assert len(drawn) >= 2
    assert stream.terminal.getvalue().endswith("\n")  # the line is ended for what follows


def test_no_progress_line_off_a_terminal():
    stream = io.StringIO()

    class Log:
        def isatty(self):
            return False

        def write(self, text="", ending="\n"):
            stream.write(text + ending)

        def flush(self):
            pass

    progress = ProgressLine(Log(), lambda: "never")
    progress.show()
    progress.close()

    assert stream.getvalue() == ""


@pytest.mark.parametrize(("every", "lines"), [(0, 3), (3600, 0)])
def test_an_import_logs_a_progress_line_every_few_seconds_off_a_terminal(
    team, tmp_path, monkeypatch, every, lines
):
    monkeypatch.setattr("contacts.imports.reporting.PROGRESS_EVERY_SECONDS", every)
    rows = [["First Name", "Last Name"], *([f"Ann{n}", "Lee"] for n in range(5))]

    result = run_import(write_csv(tmp_path, rows), team, "--batch-size", "2")

    assert result.code == 0, result.stderr
    logged = [line for line in result.stderr.splitlines() if "rows/s" in line]
    assert len(logged) == lines  # one per batch of 2, 2 and 1 rows; or none within the hour
    assert all("\r" not in line for line in logged)
