"""A number on the registry stays uncallable whichever way a contact comes to carry it."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contacts.models import Contact
from donotcall.models import DoNotCallEntry
from tests.factories import ContactFactory
from tests.kit.api import CONTACTS, DO_NOT_CALL, api_error
from tests.kit.payloads import contact_body

SUPPRESSED = "+14155550199"


@pytest.fixture
def suppressed(api, team):
    response = api.post(
        DO_NOT_CALL, {"teamId": team.public_id, "numbers": [SUPPRESSED]}, format="json"
    )
    assert response.status_code == 201, response.json()
    return SUPPRESSED


def create(api, team, company, **fields):
    response = api.post(CONTACTS, contact_body(team, company, **fields), format="json")
    assert response.status_code == 201, response.json()
    return response.json()["contact"]


def callable_ids(api, team, value="true", **params):
    response = api.get(CONTACTS, {"teamId": team.public_id, "callable": value, **params})
    assert response.status_code == 200, response.json()
    answer = response.json()
    assert answer["count"] == len(answer["contacts"])
    return {contact["id"] for contact in answer["contacts"]}


def blockers(api, contact_id):
    return api.get(f"{CONTACTS}/{contact_id}").json()["contact"]["call_blockers"]


def test_a_callable_contact_has_no_blockers_and_is_listed_callable(api, team, company):
    contact = create(api, team, company, phone="+14155550100")

    assert contact["call_blockers"] == []
    assert callable_ids(api, team) == {contact["id"]}
    assert callable_ids(api, team, "false") == set()


def test_a_contact_without_a_phone_is_not_callable(api, team, company):
    contact = create(api, team, company)
    secondary_only = create(api, team, company, phoneSecondary="+14155550101")

    assert contact["call_blockers"] == ["no_phone"]
    assert secondary_only["call_blockers"] == ["no_phone"]  # a dialler calls the phone
    assert callable_ids(api, team) == set()


def test_the_attempt_cap_is_a_standing_blocker(api, team, company):
    capped = ContactFactory(company=company, phone="+14155550101", call_count=3)
    under = ContactFactory(company=company, phone="+14155550102", call_count=2)
    team.max_call_attempts = 3
    team.save()

    assert blockers(api, capped.public_id) == ["max_attempts_reached"]
    assert blockers(api, under.public_id) == []
    assert callable_ids(api, team) == {under.public_id}
    team.max_call_attempts = None
    team.save()
    assert callable_ids(api, team) == {capped.public_id, under.public_id}


def test_callable_now_leaves_out_numbers_on_the_registry(api, team, company, suppressed):
    listed = ContactFactory(company=company, phone=suppressed, timezone="UTC")
    free = ContactFactory(company=company, phone="+14155550100", timezone="UTC")
    instant = "2024-01-15T12:00:00Z"  # noon UTC: inside the default window

    response = api.get(CONTACTS, {"teamId": team.public_id, "callableAt": instant})

    assert response.status_code == 200, response.json()
    ids = {contact["id"] for contact in response.json()["contacts"]}
    assert ids == {free.public_id}
    detail = api.get(f"{CONTACTS}/{listed.public_id}").json()["contact"]
    assert detail["next_callable_at"] is None


def test_the_flag_puts_the_numbers_on_the_registry_and_blocks_a_second_contact(api, team, company):
    flagged = create(
        api, team, company, phone=SUPPRESSED, phoneSecondary="+14155550100", doNotCall=True
    )
    second = create(api, team, company, phone="+1 415 555 0199", email="other@example.com")

    assert flagged["call_blockers"] == ["do_not_call", "number_on_do_not_call_list"]
    assert second["call_blockers"] == ["number_on_do_not_call_list"]
    entries = DoNotCallEntry.objects.filter(team=team)
    assert {(str(e.number), e.source, e.contact.public_id) for e in entries} == {
        (SUPPRESSED, "contact", flagged["id"]),
        ("+14155550100", "contact", flagged["id"]),
    }
    assert callable_ids(api, team) == set()
    assert callable_ids(api, team, "false") == {flagged["id"], second["id"]}
    assert all(entry.added_by.startswith("API token test (crm_") for entry in entries)
    # As the issue measured it: ?doNotCall=false&hasPhone=true&callable=true lists nobody.
    assert callable_ids(api, team, doNotCall="false", hasPhone="true") == set()


def test_clearing_the_flag_leaves_the_number_on_the_registry(api, team, company):
    flagged = create(api, team, company, phone=SUPPRESSED, doNotCall=True)

    response = api.patch(f"{CONTACTS}/{flagged['id']}", {"doNotCall": False}, format="json")

    assert response.status_code == 200, response.json()
    assert response.json()["contact"]["call_blockers"] == ["number_on_do_not_call_list"]
    assert callable_ids(api, team) == set()


def test_patching_the_flag_and_upserting_it_register_the_numbers(api, team, company):
    contact = create(api, team, company, phone="+14155550101")
    api.patch(f"{CONTACTS}/{contact['id']}", {"doNotCall": True}, format="json")
    upsert = {"teamId": team.public_id, "matchOn": "phone", "doNotCall": True}
    response = api.post(f"{CONTACTS}/upsert", {**upsert, "phone": "+14155550101"}, format="json")
    assert response.status_code == 200, response.json()
    response = api.post(
        f"{CONTACTS}/upsert",
        {**upsert, "phone": "+14155550102", "companyId": company.public_id}
        | {"firstName": "New", "lastName": "Person"},
        format="json",
    )
    assert response.status_code == 201, response.json()

    registered = DoNotCallEntry.objects.live().filter(team=team)
    assert {str(e.number) for e in registered} == {"+14155550101", "+14155550102"}


def test_archive_and_recreate_does_not_make_the_number_callable(api, team, company, suppressed):
    first = create(api, team, company, phone=suppressed)
    api.delete(f"{CONTACTS}/{first['id']}")

    again = create(api, team, company, phone=suppressed)

    assert again["call_blockers"] == ["number_on_do_not_call_list"]
    assert blockers(api, first["id"]) == ["number_on_do_not_call_list", "archived"]
    restored = api.post(f"{CONTACTS}/{first['id']}/restore").json()["contact"]
    assert restored["call_blockers"] == ["number_on_do_not_call_list"]
    assert callable_ids(api, team) == set()


def test_upsert_by_phone_after_archiving_every_holder_is_not_callable(api, team, company):
    one = create(api, team, company, phone=SUPPRESSED, doNotCall=True)
    two = create(api, team, company, phone=SUPPRESSED, email="two@example.com")
    api.delete(f"{CONTACTS}/{one['id']}")
    api.delete(f"{CONTACTS}/{two['id']}")

    response = api.post(
        f"{CONTACTS}/upsert",
        contact_body(team, company, matchOn="phone", phone="+1 (415) 555-0199"),
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert response.json()["contact"]["call_blockers"] == ["number_on_do_not_call_list"]
    assert callable_ids(api, team) == set()


def test_patching_a_phone_to_a_suppressed_number_blocks_the_contact(api, team, company, suppressed):
    contact = create(api, team, company, phone="+14155550100")

    response = api.patch(f"{CONTACTS}/{contact['id']}", {"phone": suppressed}, format="json")

    assert response.json()["contact"]["call_blockers"] == ["number_on_do_not_call_list"]
    assert callable_ids(api, team) == set()


def test_a_suppressed_secondary_number_blocks_the_contact(api, team, company, suppressed):
    contact = create(api, team, company, phone="+14155550100", phoneSecondary=suppressed)

    assert contact["call_blockers"] == ["number_on_do_not_call_list"]
    assert callable_ids(api, team) == set()
    assert callable_ids(api, team, "false") == {contact["id"]}


def test_removing_the_number_makes_its_contacts_callable_again(api, team, company, suppressed):
    contact = create(api, team, company, phone=suppressed)

    api.delete(f"{DO_NOT_CALL}/{suppressed}?teamId={team.public_id}")

    assert blockers(api, contact["id"]) == []
    assert callable_ids(api, team) == {contact["id"]}


def test_another_teams_registry_does_not_block_this_teams_contacts(
    api, other_api, team, other_team, company
):
    other_api.post(
        DO_NOT_CALL, {"teamId": other_team.public_id, "numbers": [SUPPRESSED]}, format="json"
    )

    contact = create(api, team, company, phone=SUPPRESSED)

    assert contact["call_blockers"] == []


def test_callable_combines_with_other_filters_and_counts(api, team, company, suppressed):
    ContactFactory(company=company, phone="+14155550100", lead_status="qualified")
    ContactFactory(company=company, phone="+14155550101", lead_status="new")
    ContactFactory(company=company, phone=suppressed, lead_status="qualified")
    ContactFactory(company=company, phone="+14155550102", do_not_call=True, lead_status="qualified")

    response = api.get(
        CONTACTS, {"teamId": team.public_id, "callable": "true", "leadStatus": "qualified"}
    )

    answer = response.json()
    assert answer["count"] == 1
    assert answer["contacts"][0]["phone"] == "+14155550100"


def test_callable_takes_only_true_or_false(api, team):
    error = api_error(api.get(CONTACTS, {"teamId": team.public_id, "callable": "yes"}), 400)
    assert set(error["fields"]) == {"callable"}


@pytest.mark.parametrize("cap", [3, None])
def test_a_pages_blockers_read_from_its_rows_are_those_the_database_computes(
    api, team, company, suppressed, cap
):
    # A list tests each blocker's condition on the row as read (contacts.calling.row_blockers);
    # a single contact is answered by the same conditions in SQL. Every combination of them:
    team.max_call_attempts = cap
    team.save()
    for phone in (None, "+14155550101", suppressed):
        for do_not_call in (False, True):
            for call_count in (2, 3):
                ContactFactory(
                    company=company, phone=phone, do_not_call=do_not_call, call_count=call_count
                )
    ContactFactory(company=company, phone="+14155550102", phone_secondary=suppressed)

    page = api.get(CONTACTS, {"teamId": team.public_id, "limit": 50}).json()["contacts"]

    assert len(page) == 13
    assert {contact["id"]: contact["call_blockers"] for contact in page} == {
        contact["id"]: blockers(api, contact["id"]) for contact in page
    }
    assert any(contact["call_blockers"] == [] for contact in page)
    assert any(len(contact["call_blockers"]) == (3 if cap else 2) for contact in page)


def test_next_callable_at_is_answered_without_the_blockers_field(api, team, company):
    contact = ContactFactory(company=company, phone="+14155550101")
    ContactFactory(company=company, phone=None)

    page = api.get(CONTACTS, {"teamId": team.public_id, "fields": "next_callable_at"})
    record = api.get(f"{CONTACTS}/{contact.public_id}", {"fields": "next_callable_at"})

    assert page.status_code == 200, page.json()
    assert sorted(c["next_callable_at"] is None for c in page.json()["contacts"]) == [False, True]
    assert record.json()["contact"]["next_callable_at"] is not None


def test_a_blocker_that_cannot_be_tested_on_a_row_is_refused(monkeypatch, team):
    from django.db.models import F, Q

    from contacts import calling

    for condition in (Q(call_count__gte=F("team__id")), Q(phone=None), ~Q(do_not_call=True)):
        monkeypatch.setattr(
            calling, "_blockers_of_every_team", lambda condition=condition: {"other": condition}
        )
        with pytest.raises(ValueError, match="cannot be tested on a row"):
            calling.row_blockers(team)


def test_list_queries_do_not_grow_with_the_page_with_blockers(api, team, company, suppressed):
    ContactFactory.create_batch(2, company=company)

    def queries(limit, **params):
        with CaptureQueriesContext(connection) as captured:
            response = api.get(CONTACTS, {"teamId": team.public_id, "limit": limit, **params})
        assert response.status_code == 200
        assert len(response.json()["contacts"]) == limit
        return len(captured)

    small, small_callable = queries(1), queries(1, callable="true")
    ContactFactory.create_batch(30, company=company)
    ContactFactory.create_batch(5, company=company, phone=suppressed)
    assert queries(30) == small
    assert queries(30, callable="true") == small_callable


def test_purging_a_flagged_contact_keeps_its_numbers_on_the_registry(api, team, company):
    flagged = create(api, team, company, phone=SUPPRESSED, doNotCall=True)
    api.post(
        f"{CONTACTS}/{flagged['id']}/calls",
        {
            "campaignId": "spring",
            "startedAt": "2024-01-15T10:00:00Z",
            "durationSeconds": 5,
            "outcome": "opted_out",
        },
        format="json",
    )
    Contact.objects.update(archived_at=timezone.now() - timedelta(days=400))

    call_command("purge_archived", stdout=io.StringIO(), stderr=io.StringIO())

    assert not Contact.objects.exists()
    entry = DoNotCallEntry.objects.live().get()
    assert (str(entry.number), entry.contact_id, entry.call_id) == (SUPPRESSED, None, None)
    again = create(api, team, company, phone=SUPPRESSED)
    assert again["call_blockers"] == ["number_on_do_not_call_list"]


def test_the_blocker_names_are_the_conditions_names():
    from contacts.calling import BLOCKER_NAMES, standing_blockers

    assert tuple(standing_blockers()) == BLOCKER_NAMES
