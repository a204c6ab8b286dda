"""The fixtures of this package's tests."""

import pytest

from tests.kit.payloads import contact_body, full_contact


@pytest.fixture
def contact(company):
    return full_contact(
        company,
        custom_fields={"size": "500-1000", "interest": "outbound", "meta": {"calls": 2, "x": 1}},
    )


@pytest.fixture
def create_body(team, company):
    return contact_body(team, company)
