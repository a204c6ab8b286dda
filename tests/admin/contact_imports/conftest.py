import pytest

from tests.kit.admin import logged_in, staff_user
from tests.tasks.conftest import queue, start_worker  # noqa: F401 (fixtures)


@pytest.fixture
def member(team):
    return staff_user("mia", team)


@pytest.fixture
def member_client(client, member):
    return logged_in(client, member)
