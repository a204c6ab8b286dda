"""API reads run without a transaction; writes run in one (crm/api/views.py)."""

import pytest
from django.db import connection

from tests.factories import ContactFactory, issue_token
from tests.kit.api import CONTACTS, api_error, bearer
from tests.kit.payloads import contact_body

# --- transactions -------------------------------------------------------------------------------


class StatementsSeen:
    """Each statement the connection runs, and whether it ran inside a transaction."""

    def __init__(self):
        self.seen: list[tuple[str, bool]] = []

    def __call__(self, execute, sql, params, many, context):
        self.seen.append((sql, connection.in_atomic_block))
        return execute(sql, params, many, context)

    def sql(self, *, in_transaction: bool) -> list[str]:
        return [sql for sql, inside in self.seen if inside is in_transaction]


@pytest.mark.django_db(transaction=True)
def test_a_list_runs_without_a_transaction(team, company):
    ContactFactory.create_batch(3, team=team, company=company)
    api = bearer(issue_token(team))
    statements = StatementsSeen()

    with connection.execute_wrapper(statements):
        response = api.get(CONTACTS, {"teamId": team.public_id})

    assert response.status_code == 200, response.content[:300]
    assert response.json()["count"] == 3
    assert any("contacts_contact" in sql for sql in statements.sql(in_transaction=False))
    # Only the token's last use, recorded once a minute in a short transaction of its own.
    assert [sql.split()[1] for sql in statements.sql(in_transaction=True)] == ['"crm_apitoken"']


@pytest.mark.django_db(transaction=True)
def test_a_write_runs_in_one_transaction_with_its_idempotency_key(team, company):
    api = bearer(issue_token(team))
    statements = StatementsSeen()

    with connection.execute_wrapper(statements):
        response = api.post(
            CONTACTS, contact_body(team, company), format="json", HTTP_IDEMPOTENCY_KEY="k1"
        )

    assert response.status_code == 201, response.content[:300]
    inside = " ".join(statements.sql(in_transaction=True))
    assert "INSERT INTO crm_idempotencykey" in inside
    assert 'INSERT INTO "contacts_contact"' in inside
    outside = [sql for sql in statements.sql(in_transaction=False) if "INSERT" in sql]
    assert all("ratelimit" in sql for sql in outside), outside


@pytest.mark.django_db(transaction=True)
def test_a_failed_write_leaves_nothing_behind(team, company):
    api = bearer(issue_token(team))
    body = {**contact_body(team, company), "timezone": "Not/AZone"}

    response = api.post(CONTACTS, body, format="json", HTTP_IDEMPOTENCY_KEY="k2")

    api_error(response, 400)
    assert not team.contacts.exists()
    assert not team.idempotency_keys.exists()
