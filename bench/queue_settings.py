"""The benchmark worker's settings: the project's, with the no-op task, and finished jobs kept
so that their events give the times."""

from config.settings import *  # noqa: F403
from config.settings import PROCRASTINATE_WORKER_DEFAULTS

PROCRASTINATE_IMPORT_PATHS = ["bench.queue_tasks"]
PROCRASTINATE_WORKER_DEFAULTS = {**PROCRASTINATE_WORKER_DEFAULTS, "delete_jobs": "never"}
