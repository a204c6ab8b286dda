import json
import subprocess
import sys

from tests.serving.live import ROOT, server_env

# A gunicorn worker as deploy/gunicorn.conf.py makes one: the app loaded, then the hook.
WORKER = """
import gc, json, runpy
from config.wsgi import application
hooks = runpy.run_path("deploy/gunicorn.conf.py")
before = len(gc.get_objects())
hooks["post_worker_init"](None)
gc.collect()
print(json.dumps({
    "tracked_before": before,
    "frozen": gc.get_freeze_count(),
    "tracked_after": len(gc.get_objects()),
    "views_loaded": "contacts.api.views" in __import__("sys").modules,
}))
"""


def test_a_worker_keeps_the_loaded_app_out_of_every_garbage_collection():
    """A full collection in a worker walks what requests left behind, not Django and the
    app, whose walk every collection added to the request that triggered it (README "Read
    path")."""
    worker = subprocess.run(
        [sys.executable, "-c", WORKER],
        cwd=ROOT,
        env=server_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    state = json.loads(worker.stdout.strip().splitlines()[-1])

    assert state["views_loaded"], "the URLconf and its views are loaded before any request"
    assert state["frozen"] > state["tracked_before"]
    assert state["tracked_after"] < state["frozen"] / 20
