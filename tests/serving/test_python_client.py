"""The generated Python client (clients/python) against a live gunicorn: the reference's flows,
every list filter, and errors, as an integrator's code would run them. And the client is what
bin/generate-client makes of today's document."""

import datetime
import subprocess

import pytest
from crm_client import AuthenticatedClient
from crm_client.api.calls import calls_list
from crm_client.api.companies import companies_create, companies_list
from crm_client.api.contacts import (
    contacts_calls_create,
    contacts_calls_retrieve,
    contacts_create,
    contacts_destroy,
    contacts_list,
    contacts_partial_update,
    contacts_restore_create,
    contacts_retrieve,
    contacts_upsert_create,
)
from crm_client.models import (
    CallInputRequest,
    CompanyInputRequest,
    ContactInputRequest,
    ContactInputRequestCustomFields,
    ContactResponse,
    ContactsListFieldsItem,
    ContactsListLeadStatusItem,
    ContactsListOrdering,
    ContactsRetrieveFieldsItem,
    ContactUpsertRequest,
    Error,
    LeadStatusEnum,
    MatchOnEnum,
    OutcomeEnum,
    PatchedContactUpdateRequest,
)
from crm_client.types import UNSET

from tests.factories import CompanyFactory, TeamFactory, issue_token
from tests.serving.live import ROOT

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def team():
    return TeamFactory()


@pytest.fixture
def client(server, team):
    with AuthenticatedClient(base_url=server, token=issue_token(team)) as client:
        yield client


def create(client, team, company_id, **fields) -> ContactResponse:
    body = ContactInputRequest(team_id=team.public_id, company_id=company_id, **fields)
    answer = contacts_create.sync(client=client, body=body)
    assert isinstance(answer, ContactResponse), answer
    return answer


def test_the_contact_lifecycle(client, team):
    company = companies_create.sync(
        client=client, body=CompanyInputRequest(team_id=team.public_id, name="Acme")
    ).company
    listed = companies_list.sync(client=client, team_id=team.public_id)
    assert [c.id for c in listed.companies] == [company.id]

    created = create(client, team, company.id, first_name="Sarah", last_name="Chen")
    contact = created.contact
    assert contact.email is None  # a contact without an email parses
    assert contacts_retrieve.sync(contact.id, client=client).contact.first_name == "Sarah"

    patched = contacts_partial_update.sync(
        contact.id,
        client=client,
        body=PatchedContactUpdateRequest(email="sarah@example.com", tags=["vip"]),
    ).contact
    assert (patched.email, patched.tags) == ("sarah@example.com", ["vip"])

    archived = contacts_destroy.sync(contact.id, client=client).contact
    assert archived.archived_at is not None
    restored = contacts_restore_create.sync(contact.id, client=client).contact
    assert restored.archived_at is None

    upserted = contacts_upsert_create.sync(
        client=client,
        body=ContactUpsertRequest(
            match_on=MatchOnEnum.EMAIL,
            team_id=team.public_id,
            email="sarah@example.com",
            job_title="CTO",
        ),
    )
    assert (upserted.created, upserted.contact.id) == (False, contact.id)
    assert upserted.contact.job_title == "CTO"


def test_calls_are_recorded_and_listed(client, team):
    company = CompanyFactory(team=team)
    contact = create(client, team, company.public_id, first_name="A", last_name="B").contact
    started = datetime.datetime(2024, 1, 15, 10, tzinfo=datetime.UTC)

    call = contacts_calls_create.sync(
        contact.id,
        client=client,
        body=CallInputRequest(
            campaign_id="spring",
            started_at=started,
            duration_seconds=60,
            outcome=OutcomeEnum.ANSWERED,
        ),
    ).call

    assert call.started_at == started
    history = contacts_calls_retrieve.sync(contact.id, client=client)
    assert [c.id for c in history.calls] == [call.id]
    listed = calls_list.sync(client=client, team_id=team.public_id, campaign_id="spring")
    assert [c.id for c in listed.calls] == [call.id]


def test_every_list_filter(client, team, server):
    company = CompanyFactory(team=team)
    wanted = create(
        client,
        team,
        company.public_id,
        first_name="Wanted",
        last_name="Person",
        phone="+14155551234",
        lead_status=LeadStatusEnum.QUALIFIED,
        tags=["vip", "west"],
        custom_fields=ContactInputRequestCustomFields.from_dict({"industry": "saas"}),
    ).contact
    create(client, team, company.public_id, first_name="Other", last_name="Person")
    since = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)

    listed = contacts_list.sync(
        client=client,
        team_id=team.public_id,
        company_id=company.public_id,
        search="wanted",
        lead_status=[ContactsListLeadStatusItem.NEW, ContactsListLeadStatusItem.QUALIFIED],
        tags=["vip", "west"],
        do_not_call=False,
        has_phone=True,
        callable_=True,
        updated_since=since,
        never_called=True,
        ordering=ContactsListOrdering.CREATED_AT_DESC,
        limit=10,
        offset=0,
    )
    assert [c.id for c in listed.contacts] == [wanted.id], listed
    # Never called: none was called in any window. Whether anyone is callable depends on the
    # team's calling windows and the clock: here, that the server takes the parameters.
    window = {"last_called_after": since, "last_called_before": datetime.datetime.now(datetime.UTC)}
    assert contacts_list.sync(client=client, team_id=team.public_id, **window).count == 0
    for timing in [{"callable_at": since}, {"callable_now": True}]:
        answer = contacts_list.sync_detailed(client=client, team_id=team.public_id, **timing)
        assert answer.status_code == 200, answer.content

    by_custom_field = contacts_list.sync(
        client=client, team_id=team.public_id, custom_field=["industry:saas"]
    )
    assert [c.id for c in by_custom_field.contacts] == [wanted.id]
    # `customFields.<key>` names vary by team: sent as extra parameters of the httpx client.
    with AuthenticatedClient(
        base_url=server,
        token=client.token,
        httpx_args={"params": {"customFields.industry": "saas"}},
    ) as by_custom_field:
        found = contacts_list.sync(client=by_custom_field, team_id=team.public_id)
    assert [c.id for c in found.contacts] == [wanted.id]


def test_answers_trimmed_by_fields_parse(client, team):
    company = CompanyFactory(team=team)
    contact = create(client, team, company.public_id, first_name="Sarah", last_name="Chen").contact

    listed = contacts_list.sync(
        client=client, team_id=team.public_id, fields=[ContactsListFieldsItem.FIRST_NAME]
    )
    one = contacts_retrieve.sync(
        contact.id, client=client, fields=[ContactsRetrieveFieldsItem.LAST_NAME]
    ).contact
    whole = contacts_retrieve.sync(contact.id, client=client).contact

    (item,) = listed.contacts
    assert (item.id, item.first_name, item.last_name) == (contact.id, "Sarah", UNSET)
    assert (one.id, one.first_name, one.last_name) == (contact.id, UNSET, "Chen")
    assert whole.to_dict() == contact.to_dict()


def test_orderings_have_names_of_their_own(client, team):
    company = CompanyFactory(team=team)
    for last_name in ["Adams", "Chen", "Baker"]:
        create(client, team, company.public_id, first_name="Sam", last_name=last_name)

    def last_names(ordering):
        listed = contacts_list.sync(client=client, team_id=team.public_id, ordering=ordering)
        return [contact.last_name for contact in listed.contacts]

    assert last_names(ContactsListOrdering.LAST_NAME) == ["Adams", "Baker", "Chen"]
    assert last_names(ContactsListOrdering.LAST_NAME_DESC) == ["Chen", "Baker", "Adams"]
    assert ContactsListOrdering.LAST_CALLED_AT_DESC == "-lastCalledAt"


def test_errors_come_back_typed(client, team):
    company = CompanyFactory(team=team)
    missing = contacts_retrieve.sync_detailed("cont_01h455vb4pex5vsknk084sn02q", client=client)
    assert missing.status_code == 404
    assert isinstance(missing.parsed, Error)
    assert missing.parsed.error.code == "not_found"

    bad = contacts_create.sync_detailed(
        client=client,
        body=ContactInputRequest(
            team_id=team.public_id,
            company_id=company.public_id,
            first_name="A",
            last_name="B",
            email="not an email",
        ),
    )
    assert bad.status_code == 400
    assert "email" in bad.parsed.error.fields.additional_properties


def test_the_client_is_generated_from_todays_document():
    check = subprocess.run(
        [ROOT / "bin" / "generate-client", "--check"], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout[-5000:] + check.stderr[-2000:]
