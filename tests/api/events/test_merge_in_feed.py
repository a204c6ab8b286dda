"""A merge of contacts, as the change feed shows it: the source archived (pointing at the
survivor) and the survivor updated, in one transaction, by the merging request."""

import pytest

from tests.factories import CompanyFactory, ContactFactory, TeamFactory
from tests.kit.api import CONTACTS, client_for, detail_url

EVENTS = "/api/crm/events"

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_merge_appears_in_the_feed_as_an_archive_and_an_update():
    team = TeamFactory(name="Acme Sales")
    api = client_for(team)
    company = CompanyFactory(team=team)
    survivor = ContactFactory(company=company, job_title=None)
    source = ContactFactory(company=company, job_title="CTO")
    start = api.get(EVENTS, {"teamId": team.public_id, "limit": 200}).json()

    response = api.post(
        f"{detail_url(CONTACTS, survivor)}/merge",
        {"sourceIds": [source.public_id]},
        format="json",
    )
    assert response.status_code == 200, response.json()

    page = api.get(EVENTS, {"teamId": team.public_id, "after": start["next_cursor"]}).json()
    events = {event["type"]: event for event in page["events"]}
    assert set(events) == {"contact.archived", "contact.updated"}
    archived, updated = events["contact.archived"], events["contact.updated"]
    assert archived["record_id"] == source.public_id
    assert archived["state"]["merged_into_id"] == survivor.public_id
    assert updated["record_id"] == survivor.public_id
    assert updated["state"]["job_title"] == "CTO"
    for event in (archived, updated):
        assert event["path"] == f"POST {detail_url(CONTACTS, survivor)}/merge"
        assert event["actor"]["type"] == "api_token"
