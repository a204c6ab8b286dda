"""How fast `import_do_not_call` puts a million numbers on a team's registry.

    .venv/bin/python bench/do_not_call_import.py [--numbers 1000000]

Writes a file of random US numbers (one a line, a few repeated, as real lists are), creates a
new team, then runs the command twice: into the empty registry, and again (every number
already there). Prints each run's summary line and wall time.
"""

import argparse
import io
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402

from crm.services import create_team  # noqa: E402

AREA_CODES = [201, 202, 212, 213, 305, 312, 415, 617, 646, 702, 713, 718, 805, 818, 917]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--numbers", type=int, default=1_000_000)
    count = parser.parse_args().numbers
    generator = random.Random(1)
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "numbers.txt"
        with path.open("w") as file:
            for _ in range(count):
                area = generator.choice(AREA_CODES)
                file.write(f"+1{area}{generator.randint(2_000_000, 9_999_999)}\n")
        team = create_team(name=f"Do-not-call bench {time.time():.0f}")
        for run in ("first", "again"):
            output = io.StringIO()
            started = time.monotonic()
            call_command("import_do_not_call", str(path), "--team", team.public_id, stdout=output)
            print(f"{run}: {time.monotonic() - started:.1f} s; {output.getvalue().strip()}")


if __name__ == "__main__":
    main()
