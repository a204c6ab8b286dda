"""The fixtures of this package's tests."""

import pytest

from tests.admin.staff_scoping.scoping import MANAGER
from tests.factories import ContactFactory
from tests.kit.admin import logged_in, staff_user


@pytest.fixture
def member(team):
    return staff_user("mia", team)


@pytest.fixture
def member_client(client, member):
    return logged_in(client, member)


@pytest.fixture
def manager_client(client, team):
    return logged_in(client, staff_user("max", team, role=MANAGER))


@pytest.fixture
def ours(company):
    return ContactFactory(company=company, first_name="Olivia", last_name="Ours")


@pytest.fixture
def theirs(other_company):
    return ContactFactory(company=other_company, first_name="Theo", last_name="Theirs")
