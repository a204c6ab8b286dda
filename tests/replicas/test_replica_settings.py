"""Replicas need Redis: without it a team's primary pin would be one worker's memory, and its
next read, served by another worker, could miss its own write."""

import subprocess
import sys

from tests.serving.live import ROOT, server_env


def test_replicas_without_redis_refuse_to_start():
    env = server_env(
        DATABASE_URL="postgres://postgres@127.0.0.1:1/crm",
        DATABASE_REPLICA_URLS="postgres://postgres@127.0.0.1:2/crm",
        REDIS_URL="",
    )
    env.pop("DJANGO_SETTINGS_MODULE")  # the project's own settings
    done = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode != 0
    assert "DATABASE_REPLICA_URLS needs REDIS_URL" in done.stderr
