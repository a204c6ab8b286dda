"""A task the tests can hold mid-run: it marks each start in a folder, waits there for a
`release` file, then marks that it finished."""

import time
from pathlib import Path

from procrastinate.contrib.django import app


@app.task(name="tests.hold_until_released")
def hold_until_released(*, folder: str) -> None:
    here = Path(folder)
    runs = len(list(here.glob("started-*")))
    (here / f"started-{runs + 1}").touch()
    while not (here / "release").exists():
        time.sleep(0.05)
    (here / "finished").touch()


def starts(folder: Path) -> int:
    """How many times the task has started on this folder."""
    return len(list(folder.glob("started-*")))
