import pytest

from tests.kit.worker import Worker, empty_queue


@pytest.fixture
def queue(transactional_db):
    """An empty task queue whose jobs commit at once, for workers in other processes to see."""
    empty_queue()
    yield
    empty_queue()


@pytest.fixture
def start_worker(queue, tmp_path):
    """Start real workers (`start_worker(*args, **env)`); each is killed at the test's end."""
    workers = []

    def start(*args: str, **env: str) -> Worker:
        worker = Worker(tmp_path / f"worker-{len(workers) + 1}.log", *args, **env)
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.kill()
