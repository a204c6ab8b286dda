"""Running management commands as an operator does, keeping what they print and their exit."""

import io
import re
from dataclasses import dataclass
from urllib.parse import quote

from django.core.management import call_command
from django.db import connection

# The last line of every import run.
IMPORT_SUMMARY = re.compile(
    r"^Read (?P<read>[\d,]+) rows in [\d.,]+ s: (?P<created>[\d,]+) "
    r"(?:would be |would have been )?created, (?P<updated>[\d,]+) "
    r"(?:would be |would have been )?updated, "
    r"(?P<skipped>[\d,]+) skipped, (?P<rejected>[\d,]+) rejected\.$",
    re.MULTILINE,
)


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str

    @property
    def counts(self) -> dict[str, int]:
        """An import's summary line's numbers: read, created, updated, skipped, rejected."""
        found = IMPORT_SUMMARY.findall(self.stdout)
        assert len(found) == 1, f"expected one summary line in {self.stdout!r}"
        names = ["read", "created", "updated", "skipped", "rejected"]
        return {
            name: int(value.replace(",", "")) for name, value in zip(names, found[0], strict=True)
        }


def run_command(name: str, *args, **options) -> Run:
    """Run the command; its exit status (0 when it returns), stdout and stderr.

    A `CommandError` is raised as it is, as tests of bad input expect.
    """
    stdout, stderr = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command(name, *args, stdout=stdout, stderr=stderr, **options)
    except SystemExit as exit:
        code = exit.code
    return Run(code, stdout.getvalue(), stderr.getvalue())


def database_url() -> str:
    """The test database, for a command run in its own process."""
    settings = connection.settings_dict
    user = quote(settings["USER"] or "", safe="")
    if settings["PASSWORD"]:
        user += ":" + quote(settings["PASSWORD"], safe="")
    host = quote(settings["HOST"] or "localhost", safe="")
    port = f":{settings['PORT']}" if settings["PORT"] else ""
    return f"postgres://{user}@{host}{port}/{quote(settings['NAME'], safe='')}"
