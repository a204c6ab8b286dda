"""An import's progress line while a long batch is written: the speed and the estimate are
those of the last batch counted, the estimate counting down each second the line is redrawn,
rather than the speed sinking and the estimate growing until the batch lands."""

from types import SimpleNamespace

from contacts.imports import reporting
from crm.management.progress import ProgressLine


class Terminal:
    """A command's stderr on a terminal: what it last drew of the progress line."""

    def __init__(self):
        self.drawn = ""

    def isatty(self):
        return True

    def write(self, text="", ending="\n"):
        self.drawn = text.lstrip("\r").rstrip()

    def flush(self):
        pass


def test_the_estimate_counts_down_while_the_next_batch_is_written(tmp_path, monkeypatch):
    clock = [0.0]  # seconds into the run, by the progress line's clock
    monkeypatch.setattr(ProgressLine, "elapsed", property(lambda line: clock[0]))
    terminal = Terminal()
    run = reporting.ImportRun(
        SimpleNamespace(stderr=terminal), tmp_path / "errors.csv", total_lines=10_001, wait=0
    )
    clock[0] = 5.0  # the first batch, 5,000 rows of 10,000, counted after 5 s
    run.record(
        SimpleNamespace(rows=[None] * 5000, rejected=[], last_line=5001),
        SimpleNamespace(rejected=[], created=5000, updated=0, skipped=0),
        committed=True,
    )
    lines = []
    for now in (5.0, 7.0, 12.0):  # the redraws while the second batch is written
        clock[0] = now
        run.progress.show()  # as the redrawing thread does every second
        lines.append(terminal.drawn.split(" rejected, ")[1])
    run.close()

    assert lines == [
        "1,000 rows/s, 5 s, ETA 5 s",
        "1,000 rows/s, 7 s, ETA 3 s",
        "1,000 rows/s, 12 s, ETA 0 s",  # late: never a negative estimate
    ]


def test_a_registry_imports_speed_is_that_of_its_last_batch(tmp_path, monkeypatch):
    from donotcall.management.commands.import_do_not_call import Run

    clock = [0.0]
    monkeypatch.setattr(ProgressLine, "elapsed", property(lambda line: clock[0]))
    terminal = Terminal()
    run = Run(SimpleNamespace(stderr=terminal), tmp_path / "errors.csv", "phone")
    clock[0], run.read = 5.0, 5000
    run.progress()  # a batch of 5,000 numbers registered after 5 s
    speeds = []
    for now, read in ((7.0, 5100), (12.0, 5100)):  # the next batch: read, then written
        clock[0], run.read = now, read
        run.progress_line.show()
        speeds.append(terminal.drawn.split(" rejected, ")[1])
    run.close()

    assert speeds == ["1,000 numbers/s, 7 s", "1,000 numbers/s, 12 s"]
