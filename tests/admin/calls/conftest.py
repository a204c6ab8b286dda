"""The fixtures of the calling floor's admin tests: a member of `team`, logged in."""

import pytest

from tests.factories import ContactFactory
from tests.kit.admin import logged_in, staff_user


@pytest.fixture
def member_client(client, team):
    return logged_in(client, staff_user("mia", team))


@pytest.fixture
def contact(company):
    return ContactFactory(company=company, first_name="Sarah", last_name="Chen")
