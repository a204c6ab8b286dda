"""A contacts import row marked do-not-call puts its numbers on the team's registry; a
registered number imported later stays uncallable."""

from contextlib import contextmanager
from types import SimpleNamespace

import pytest
from django.db import connection

from contacts.models import Contact
from donotcall import services as do_not_call
from donotcall.models import DoNotCallEntry
from tests.factories import ContactFactory
from tests.kit.api import CONTACTS
from tests.kit.imports import run_import, write_csv
from tests.kit.planner import never_analysed

HEADER = ["First Name", "Last Name", "Email", "Phone", "Mobile", "Do Not Call"]


def test_a_row_marked_do_not_call_registers_both_its_numbers(tmp_path, team, company):
    path = write_csv(
        tmp_path,
        [
            HEADER,
            ["Ann", "Lee", "ann@example.com", "+14155550101", "+14155550102", "yes"],
            ["Bob", "Ray", "bob@example.com", "+14155550103", "", "no"],
            ["Cy", "Fox", "cy@example.com", "+14155550104", "", ""],
        ],
    )

    run = run_import(path, team, "--company", company.public_id)

    assert run.code == 0, run.stderr
    ann = Contact.objects.get(email="ann@example.com")
    entries = DoNotCallEntry.objects.filter(team=team)
    assert {(str(e.number), e.source, e.contact_id) for e in entries} == {
        ("+14155550101", "import", ann.pk),
        ("+14155550102", "import", ann.pk),
    }


def test_a_skipped_row_marked_do_not_call_still_registers_its_number(tmp_path, team, company):
    existing = ContactFactory(company=company, email="ann@example.com", phone="+14155550101")
    path = write_csv(
        tmp_path, [HEADER, ["Ann", "Lee", "ann@example.com", "+14155550101", "", "yes"]]
    )

    run = run_import(path, team, "--company", company.public_id)

    assert run.code == 0, run.stderr
    entry = DoNotCallEntry.objects.get()
    assert (str(entry.number), entry.contact_id) == ("+14155550101", existing.pk)


def test_an_import_is_idempotent_for_the_registry(tmp_path, team, company):
    path = write_csv(
        tmp_path, [HEADER, ["Ann", "Lee", "ann@example.com", "+14155550101", "", "yes"]]
    )

    run_import(path, team, "--company", company.public_id)
    run_import(path, team, "--company", company.public_id)

    assert DoNotCallEntry.objects.count() == 1


def test_a_contact_imported_with_a_registered_number_is_not_callable(tmp_path, api, team, company):
    do_not_call.register_numbers(team=team, numbers=["+14155550101"], source="api")
    path = write_csv(
        tmp_path,
        [HEADER, ["Ann", "Lee", "ann@example.com", "+14155550109", "+14155550101", "no"]],
    )

    run_import(path, team, "--company", company.public_id)

    contact = Contact.objects.get()
    answer = api.get(f"{CONTACTS}/{contact.public_id}").json()["contact"]
    assert answer["call_blockers"] == ["number_on_do_not_call_list"]
    listing = api.get(CONTACTS, {"teamId": team.public_id, "callable": "true"}).json()
    assert listing["count"] == 0


def test_a_new_contact_marked_do_not_call_goes_in_uncallable_and_is_written_once(
    tmp_path, api, team, company
):
    path = write_csv(
        tmp_path,
        [
            HEADER,
            ["Ann", "Lee", "ann@example.com", "+14155550101", "+14155550102", "yes"],
            ["Bob", "Ray", "bob@example.com", "", "+14155550103", "yes"],
            ["Cy", "Fox", "cy@example.com", "+14155550104", "", "no"],
        ],
    )

    updates_before = _contact_rows_updated()
    run = run_import(path, team, "--company", company.public_id)

    assert run.code == 0, run.stderr
    assert _contact_rows_updated() == updates_before
    listing = api.get(CONTACTS, {"teamId": team.public_id, "callable": "true"}).json()
    assert [c["email"] for c in listing["contacts"]] == ["cy@example.com"]
    flagged = Contact.objects.filter(team=team, number_on_do_not_call_list=True)
    assert {c.email for c in flagged} == {"ann@example.com", "bob@example.com"}


def _contact_rows_updated() -> int:
    """Contact rows updated by this session and not yet reported to the statistics: the
    earlier tests' updates may still be in it, so a test compares two readings in its own
    transaction (the import's included), between which the count is not reported."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_get_xact_tuples_updated('contacts_contact'::regclass)")
        return cursor.fetchone()[0]


@pytest.mark.parametrize("registry", ["never analysed", "analysed empty"])
def test_new_contacts_are_checked_against_a_new_registry_a_few_entries_each(
    tmp_path, team, registry
):
    # A new install, its registry never analysed or analysed while empty: a first import
    # registers 600 numbers, and each new contact of the next is looked up on the registry
    # by its index of live numbers, not by reading the team's whole registry.
    never_analysed()
    if registry == "analysed empty":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE donotcall_donotcallentry")
    marked = [
        [f"M{n}", "Lee", f"m{n}@example.com", f"+1202555{n:04d}", "", "yes"] for n in range(600)
    ]
    others = [
        [f"O{n}", "Ray", f"o{n}@example.com", f"+1202555{n + 1000:04d}", f"+1202555{n:04d}", "no"]
        for n in range(600)
    ]
    first = run_import(write_csv(tmp_path, [HEADER, *marked]), team, "--batch-size", "200")
    assert first.code == 0, first.stderr

    with _registry_entries_read() as read:
        run = run_import(write_csv(tmp_path, [HEADER, *others]), team, "--batch-size", "200")

    assert run.code == 0, run.stderr
    assert Contact.objects.filter(team=team, number_on_do_not_call_list=True).count() == 1200
    assert read.count <= 600 * 10


@contextmanager
def _registry_entries_read():
    """Registry rows and index entries read inside the block (`.count` afterwards), from this
    transaction's statistics counters: a lookup that walks the team's registry shows as its
    size."""
    read = SimpleNamespace(count=0)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT array_agg(oid) FROM (SELECT 'donotcall_donotcallentry'::regclass::oid AS oid"
            " UNION ALL SELECT indexrelid FROM pg_index"
            " WHERE indrelid = 'donotcall_donotcallentry'::regclass) AS relations"
        )
        [relations] = cursor.fetchone()
        query = "SELECT sum(pg_stat_get_xact_tuples_returned(oid)) FROM unnest(%s::oid[]) AS oid"
        cursor.execute(query, [relations])
        before = cursor.fetchone()[0]
        yield read
        cursor.execute(query, [relations])
        read.count = cursor.fetchone()[0] - before
