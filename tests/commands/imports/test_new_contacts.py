"""Rows that can only be new contacts go straight into the contacts table: they come out as any
other new contact would, and a key taken at the last moment still ends in a match, not a
duplicate."""

from contacts.imports import loading
from contacts.models import Contact
from tests.factories import ContactFactory
from tests.kit.imports import LONG_AGO, run_import, write_csv

HEADER = ["First Name", "Last Name", "Email", "Phone", "Lead Status", "Tags", "Custom Fields"]


def test_new_contacts_get_the_defaults_of_cells_left_empty(tmp_path, team):
    path = write_csv(
        tmp_path,
        [
            HEADER,
            ["Ana", "Silva", "ana@example.com", "+14155550101", "", "", ""],
            ["Liam", "Walsh", "liam@example.ie", "", "qualified", "vip;ireland", '{"score": 7}'],
        ],
    )

    run = run_import(path, team)

    assert run.code == 0, run.stderr
    assert run.counts["created"] == 2
    ana = Contact.objects.get(team=team, email="ana@example.com")
    assert (ana.lead_status, ana.tags, ana.custom_fields, ana.do_not_call) == ("new", [], {}, False)
    assert ana.time_zones == ["America/Los_Angeles"]
    assert ana.call_count == 0 and ana.created_at == ana.updated_at
    liam = Contact.objects.get(team=team, email="liam@example.ie")
    assert (liam.lead_status, liam.tags, liam.custom_fields) == (
        "qualified",
        ["vip", "ireland"],
        {"score": 7},
    )


def test_new_contacts_sort_by_id_in_the_order_of_the_file(tmp_path, team):
    rows = [[f"Person{n}", "Test", f"person{n}@example.com", "", "", "", ""] for n in range(300)]
    path = write_csv(tmp_path, [HEADER, *rows])

    assert run_import(path, team, "--batch-size", "100").code == 0

    by_id = Contact.objects.filter(team=team).order_by("id").values_list("first_name", flat=True)
    assert list(by_id) == [f"Person{n}" for n in range(300)]


def test_a_new_contacts_custom_fields_drop_the_keys_set_to_null(tmp_path, team):
    path = write_csv(
        tmp_path,
        [HEADER, ["Ana", "Silva", "ana@example.com", "", "", "", '{"score": 7, "old": null}']],
    )

    assert run_import(path, team, "--on-duplicate", "update").code == 0

    assert Contact.objects.get(team=team).custom_fields == {"score": 7}


def test_a_key_taken_after_the_look_up_is_matched_not_duplicated(tmp_path, team, monkeypatch):
    taken = ContactFactory(team=team, company=None, email="Ana@Example.com", job_title="Keep")
    Contact.objects.filter(pk=taken.pk).update(updated_at=LONG_AGO)
    # As if the contact had been created through the API between the look-up and the copy.
    monkeypatch.setattr(loading.ContactLoader, "_lines_with_known_keys", lambda *args: set())
    path = write_csv(
        tmp_path,
        [
            HEADER,
            ["Ana", "Silva", "ana@example.com", "", "", "", ""],
            ["Liam", "Walsh", "liam@example.ie", "", "", "", ""],
        ],
    )

    run = run_import(path, team)

    assert run.code == 0, run.stderr
    assert run.counts == {"read": 2, "created": 1, "updated": 0, "skipped": 1, "rejected": 0}
    assert Contact.objects.filter(team=team).count() == 2
    taken.refresh_from_db()
    assert (taken.job_title, taken.updated_at) == ("Keep", LONG_AGO)
