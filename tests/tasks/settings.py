"""Settings of the workers the task tests start: the serving tests' (the session's test
database), with the tests' own tasks (tests/tasks/held.py) importable by name."""

from tests.serving.settings import *  # noqa: F403

PROCRASTINATE_IMPORT_PATHS = ["tests.tasks.held"]
