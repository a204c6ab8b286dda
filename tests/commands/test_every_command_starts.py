"""Every command of ours starts in a fresh interpreter.

In-process tests cannot see an import cycle that only shows when a command's module is
the first thing loaded (the test run has imported everything already), so each command
runs here as an operator runs it.
"""

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[2]
OUR_COMMANDS = sorted(name for name, app in get_commands().items() if app in {"crm", "contacts"})


def test_the_project_has_its_commands():
    assert {"import_contacts", "export_contacts", "create_team", "demo"} <= set(OUR_COMMANDS)


@pytest.mark.parametrize("command", OUR_COMMANDS)
def test_the_command_starts_on_its_own(command):
    result = subprocess.run(
        [sys.executable, "manage.py", command, "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert f"manage.py {command}" in result.stdout
