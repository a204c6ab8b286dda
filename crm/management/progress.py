"""A command's progress line on a terminal: redrawn in place at least once a second, however
long one step of the work takes, so that a slow batch never looks like a hang; in a log, a
line every few seconds when asked. And the throttle that spaces out progress reports that
cost something (a log line, a database write)."""

import threading
import time
from collections.abc import Callable

REDRAW_SECONDS = 1.0


class Throttle:
    """`due()` is true at most once every `seconds` (on the monotonic clock): the first time
    at once, or with `wait_first` only `seconds` after the throttle was made."""

    def __init__(self, seconds: float, *, wait_first: bool = False):
        self.seconds = seconds
        self._last = time.monotonic() if wait_first else None

    def due(self) -> bool:
        now = time.monotonic()
        if self._last is not None and now - self._last < self.seconds:
            return False
        self._last = now
        return True


class ProgressLine:
    """The line `render()` returns, redrawn on `stream` (a command's stderr) every second by a
    thread, and on `show()`. On a terminal only; elsewhere (a log) `show()` writes it as a
    line of its own at most every `log_every` seconds, the first after that long, and
    without `log_every` nothing.

    A redraw pads the line to the previous one's length, so a shorter line leaves no
    characters of a longer one behind (the "ETA 0 ss" of a bare carriage return)."""

    def __init__(
        self,
        stream,
        render: Callable[[], str],
        *,
        interactive: bool | None = None,
        log_every: float | None = None,
    ):
        self.stream = stream
        self.render = render
        self.interactive = stream.isatty() if interactive is None else interactive
        self._log = None
        if not self.interactive and log_every is not None:
            self._log = Throttle(log_every, wait_first=True)
        self.started = time.monotonic()
        self.counted_total, self.counted_at = 0, 0.0
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._width = 0
        self._thread = None
        if self.interactive:
            self._thread = threading.Thread(target=self._redraw_every_second, daemon=True)
            self._thread.start()

    @property
    def elapsed(self) -> float:
        """Seconds since the line was made: the run's clock, for its rates and summary."""
        return time.monotonic() - self.started

    def counted(self, total: int) -> None:
        """Record the work done so far (rows, numbers) as of now. `rate` is measured to this
        moment: measured to the present, it sank every second of a long step (a batch being
        written) and jumped back when the step ended."""
        self.counted_total, self.counted_at = total, self.elapsed

    @property
    def rate(self) -> float:
        """Work done a second, as of the last `counted`; 0 before it."""
        return self.counted_total / self.counted_at if self.counted_at else 0.0

    def show(self) -> None:
        """Redraw the line now (after a step that changed it); in a log, write it if due."""
        if self.interactive and not self._stopped.is_set():
            with self._lock:
                self._draw(self.render())
        elif self._log is not None and self._log.due():
            self.stream.write(self.render())

    def write_line(self, text: str) -> None:
        """A line of its own (a warning) above the progress line, which is drawn again below."""
        with self._lock:
            if self.interactive and self._width:
                self._draw("")
                self.stream.write("\r", ending="")
                self._width = 0
            self.stream.write(text)

    def close(self) -> None:
        """Stop redrawing; end the line so that what follows starts on a line of its own."""
        self._stopped.set()
        if self._thread is not None:
            self._thread.join()
        with self._lock:
            if self.interactive and self._width:
                self.stream.write("")
            self._width = 0

    def _draw(self, text: str) -> None:
        padding = " " * max(self._width - len(text), 0)
        self.stream.write(f"\r{text}{padding}", ending="")
        self.stream.flush()
        self._width = len(text)

    def _redraw_every_second(self) -> None:
        while not self._stopped.wait(REDRAW_SECONDS):
            try:
                self.show()
            except (OSError, ValueError):
                return  # the terminal went away: the command will find out itself
