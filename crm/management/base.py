"""The base of every management command: an operator gets one line saying what happened and
what to do, and an exit status that tells the cases apart, never a traceback, for the failures
that are not the program's fault (README "Commands", exit statuses).

`--traceback` still shows the traceback, as it does for a CommandError.
"""

import os
import sys

from django.core.management.base import BaseCommand
from django.db import DatabaseError

from crm.database_outage import first_line, is_outage

# Exit statuses shared by every command (a command may add its own, e.g. 2 for rejected rows).
EXIT_BAD_INPUT = 1  # a CommandError: bad arguments or a bad file; nothing was done
EXIT_DATABASE_UNAVAILABLE = 69  # sysexits.h EX_UNAVAILABLE
EXIT_CANNOT_READ_OR_WRITE = 74  # sysexits.h EX_IOERR
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as a shell reports Ctrl-C
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, as a shell reports a writer whose reader went away


class CrmCommand(BaseCommand):
    """A management command whose expected failures end in one line and an exit status."""

    def execute(self, *args, **options):
        # Django colours all of stderr as an error on a terminal, and stderr is where a command
        # whose stdout is data (an export) writes its notes and progress: while the command
        # runs, they keep the terminal's colour; its failures, written after, stay red.
        stderr = self.stderr
        error_style = stderr.style_func
        stderr.style_func = None
        try:
            return super().execute(*args, **options)
        finally:
            stderr.style_func = error_style

    def run_from_argv(self, argv):
        if "--traceback" in argv:
            return super().run_from_argv(argv)
        try:
            super().run_from_argv(argv)
        except BrokenPipeError:
            _silence_stdout()  # the interpreter's last flush would fail the same way
            self._fail(
                "The output was closed before the command finished (broken pipe), e.g. by "
                "`head`. Nothing else went wrong; to keep all of it, write it to a file.",
                EXIT_BROKEN_PIPE,
            )
        except DatabaseError as error:
            if not is_outage(error):
                raise
            self._fail(
                f"The database is not reachable ({first_line(error)}). Check DATABASE_URL and "
                "that PostgreSQL is running, then run the command again.",
                EXIT_DATABASE_UNAVAILABLE,
            )
        except OSError as error:
            where = f"{error.filename}: " if error.filename else ""
            self._fail(
                f"{where}{error.strerror or error}. Check that the path exists and that this "
                "user may read or write it, or that the disk has room, then run the command "
                "again.",
                EXIT_CANNOT_READ_OR_WRITE,
            )
        except KeyboardInterrupt:
            self._fail("Interrupted.", EXIT_INTERRUPTED)

    def _fail(self, message: str, status: int) -> None:
        try:
            self.stderr.write(message)
            self.stderr.flush()
        except OSError:
            pass  # stderr is gone too: the exit status is all that is left to say it
        sys.exit(status)


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that nothing more is written to the closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
