"""The job bench/queue_latency.py times: it does nothing, so the numbers are the queue's own."""

from procrastinate.contrib.django import app


@app.task(name="bench.noop", queue="bench")
def noop(*, number: int) -> None:
    return None
