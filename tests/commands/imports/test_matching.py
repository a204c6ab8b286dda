"""`import_contacts` finds existing contacts: `--on-duplicate`, `--match`, duplicates inside the
file, and archived or other teams' contacts never matched."""

import pytest

from contacts.models import Contact
from tests.factories import CompanyFactory, ContactFactory
from tests.kit.imports import LONG_AGO, contacts_of, default_report, report_of, run_import, sample

# --- duplicates -----------------------------------------------------------------------------------


def test_on_duplicate_skip_is_the_default_and_leaves_the_contact_alone(tmp_path, team, company):
    liam = ContactFactory(
        company=company, first_name="William", email="Liam.Walsh@example.ie", job_title="Engineer"
    )
    Contact.objects.filter(pk=liam.pk).update(updated_at=LONG_AGO)

    run = run_import(sample(tmp_path, "people.csv"), team)

    assert run.counts == {"read": 7, "created": 6, "updated": 0, "skipped": 1, "rejected": 0}
    liam.refresh_from_db()
    assert (liam.first_name, liam.job_title, liam.updated_at) == ("William", "Engineer", LONG_AGO)


def test_on_duplicate_update_changes_only_the_given_cells(tmp_path, team, company):
    other = CompanyFactory(team=team, name="Other Co")
    liam = ContactFactory(
        company=other,
        first_name="Liam",
        last_name="Walsh",
        email="liam.walsh@example.ie",
        phone="+14155559999",
        job_title="Engineer",
        notes="Keep me",
        do_not_call=True,
        tags=["old"],
        custom_fields={"score": 1, "region": "EMEA"},
        lead_status="new",
    )
    Contact.objects.filter(pk=liam.pk).update(updated_at=LONG_AGO)

    run = run_import(sample(tmp_path, "people.csv"), team, "--on-duplicate", "update")

    assert run.code == 0, run.stderr
    assert run.counts == {"read": 7, "created": 6, "updated": 1, "skipped": 0, "rejected": 0}
    liam.refresh_from_db()
    # Given in the file:
    assert str(liam.phone) == "+35312345678"
    assert liam.tags == ["vip", "ireland"]
    assert liam.lead_status == "contacted"
    assert liam.company == company
    # Custom fields merge:
    assert liam.custom_fields == {"score": 7, "region": "EMEA"}
    # Not columns of the file, so untouched:
    assert (liam.job_title, liam.notes, liam.do_not_call) == ("Engineer", "Keep me", True)
    assert liam.updated_at != LONG_AGO
    assert Contact.objects.filter(team=team, email__iexact="liam.walsh@example.ie").count() == 1


def test_on_duplicate_update_leaves_empty_cells_alone(tmp_path, team, company):
    # Noah's row has no company and no custom fields: empty cells are "not given".
    noah = ContactFactory(
        company=company, email="noah.kim@example.com", custom_fields={"keep": True}
    )

    run_import(sample(tmp_path, "people.csv"), team, "--on-duplicate", "update")

    noah.refresh_from_db()
    assert noah.company == company
    assert noah.custom_fields == {"keep": True}
    assert noah.tags == ["partner"]


def test_on_duplicate_update_does_not_touch_a_contact_that_would_not_change(
    tmp_path, team, company
):
    mia = ContactFactory(
        company=company,
        first_name="Mia",
        last_name="Costa",
        email="mia.costa@example.com",
        phone="+14155550201",
        lead_status="new",
    )
    Contact.objects.filter(pk=mia.pk).update(updated_at=LONG_AGO)

    run = run_import(sample(tmp_path, "people.csv"), team, "--on-duplicate", "update")

    assert run.counts == {"read": 7, "created": 6, "updated": 0, "skipped": 1, "rejected": 0}
    mia.refresh_from_db()
    assert mia.updated_at == LONG_AGO


def test_on_duplicate_update_merges_custom_fields_like_the_api(tmp_path, team, api, company):
    # The API's PATCH and upsert treat customFields as a JSON Merge Patch: nested objects
    # merge and null removes a key. An import updating the same contact must agree.
    ann = ContactFactory(
        company=company,
        email="ann.lee@example.com",
        custom_fields={"budget": {"amount": 5000, "currency": "USD"}, "stale": "x", "keep": 1},
    )
    twin = ContactFactory(company=company, custom_fields=ann.custom_fields)
    patch = {"customFields": {"budget": {"amount": 7500}, "stale": None}}
    assert api.patch(f"/api/crm/contacts/{twin.public_id}", patch, format="json").status_code == 200

    run_import(sample(tmp_path, "merge_patch.jsonl"), team, "--on-duplicate", "update")

    ann.refresh_from_db()
    twin.refresh_from_db()
    assert twin.custom_fields == {"budget": {"amount": 7500, "currency": "USD"}, "keep": 1}
    assert ann.custom_fields == twin.custom_fields


def test_on_duplicate_create_adds_a_contact_even_when_the_phone_matches(tmp_path, team, company):
    ContactFactory(company=company, email="someone@example.com", phone="+14155550201")

    run = run_import(
        sample(tmp_path, "people.csv"), team, "--on-duplicate", "create", "--match", "phone"
    )

    assert run.code == 0, run.stderr
    assert run.counts["created"] == 7
    assert Contact.objects.filter(team=team, phone="+14155550201").count() == 2


def test_on_duplicate_create_still_refuses_a_second_live_contact_with_one_email(
    tmp_path, team, company
):
    ContactFactory(company=company, email="MIA.COSTA@example.com")
    path = sample(tmp_path, "people.csv")

    run = run_import(path, team, "--on-duplicate", "create")

    assert run.code == 2
    assert run.counts == {"read": 7, "created": 6, "updated": 0, "skipped": 0, "rejected": 1}
    [row] = report_of(default_report(path))
    assert (row["line"], row["value"]) == ("3", "mia.costa@example.com")
    assert Contact.objects.filter(team=team, email__iexact="mia.costa@example.com").count() == 1


def test_match_email_ignores_a_contact_with_the_same_phone(tmp_path, team, company):
    ContactFactory(company=company, email="someone@example.com", phone="+14155550201")

    run = run_import(sample(tmp_path, "people.csv"), team, "--match", "email")

    assert run.counts["created"] == 7
    assert run.counts["skipped"] == 0


def test_match_phone_finds_the_contact_by_its_phone(tmp_path, team, company):
    someone = ContactFactory(
        company=company, first_name="M.", email="m.costa@old.example", phone="+14155550201"
    )

    run = run_import(
        sample(tmp_path, "people.csv"), team, "--match", "phone", "--on-duplicate", "update"
    )

    assert run.counts == {"read": 7, "created": 6, "updated": 1, "skipped": 0, "rejected": 0}
    someone.refresh_from_db()
    assert (someone.first_name, someone.email) == ("Mia", "mia.costa@example.com")


def test_match_phone_rejects_a_new_number_whose_email_another_contact_has(tmp_path, team, company):
    ContactFactory(company=company, email="mia.costa@example.com", phone="+14155559999")
    path = sample(tmp_path, "people.csv")

    run = run_import(path, team, "--match", "phone")

    assert run.counts == {"read": 7, "created": 6, "updated": 0, "skipped": 0, "rejected": 1}
    [row] = report_of(default_report(path))
    assert (row["line"], row["value"]) == ("3", "mia.costa@example.com")
    assert "already has it" in row["reason"]
    assert Contact.objects.filter(team=team, email__iexact="mia.costa@example.com").count() == 1


def test_match_both_skips_a_row_matching_by_either_key(tmp_path, team, company):
    ContactFactory(company=company, email="someone@example.com", phone="+14155550201")  # Mia
    ContactFactory(company=company, email="noah.kim@example.com", phone="+14155550000")  # Noah

    run = run_import(sample(tmp_path, "people.csv"), team, "--match", "both")

    assert run.counts == {"read": 7, "created": 5, "updated": 0, "skipped": 2, "rejected": 0}


def test_match_both_rejects_a_row_matching_two_contacts(tmp_path, team, company):
    ContactFactory(company=company, email="mia.costa@example.com", phone="+14155550000")
    ContactFactory(company=company, email="someone@example.com", phone="+14155550201")
    path = sample(tmp_path, "people.csv")

    run = run_import(path, team, "--match", "both", "--on-duplicate", "update")

    assert run.code == 2
    [row] = report_of(default_report(path))
    assert row["line"] == "3"
    assert "more than one contact" in row["reason"]


def test_duplicates_inside_the_file_are_found_by_the_email_ignoring_case(tmp_path, team):
    run = run_import(sample(tmp_path, "duplicates_in_file.csv"), team)

    assert run.code == 0, run.stderr
    assert run.counts == {"read": 4, "created": 3, "updated": 0, "skipped": 1, "rejected": 0}
    ann = contacts_of(team)["ann.lee@example.com"]
    assert ann.job_title == "Engineer"  # the first row; the later one is skipped
    assert Contact.objects.filter(team=team, email__iexact="ann.lee@example.com").count() == 1


def test_duplicates_inside_the_file_are_found_by_the_phone(tmp_path, team):
    path = sample(tmp_path, "duplicates_in_file.csv")

    run = run_import(path, team, "--match", "phone")

    # Cat has Bob's phone: skipped. Ann's second row has a new phone but Ann's email: the
    # team may not hold two live contacts with one email, so it is rejected, not created.
    assert run.counts == {"read": 4, "created": 2, "updated": 0, "skipped": 1, "rejected": 1}
    assert set(contacts_of(team)) == {"ann.lee@example.com", "bob.ray@example.com"}
    assert [row["line"] for row in report_of(default_report(path))] == ["4"]


def test_duplicates_inside_the_file_with_update_apply_the_later_row_as_an_update(tmp_path, team):
    run = run_import(sample(tmp_path, "duplicates_in_file.csv"), team, "--on-duplicate", "update")

    assert run.code == 0, run.stderr
    ann = contacts_of(team)["ann.lee@example.com"]
    assert ann.job_title == "CTO"
    assert str(ann.phone) == "+14155550103"
    assert ann.custom_fields == {"a": 1, "b": 2}  # merged, as an update of a stored contact


# --- isolation and archived contacts --------------------------------------------------------------


def test_archived_contacts_do_not_block_and_are_not_updated(tmp_path, team, company):
    archived = ContactFactory(
        company=company, first_name="Old", email="liam.walsh@example.ie", archived_at=LONG_AGO
    )

    run = run_import(sample(tmp_path, "people.csv"), team, "--on-duplicate", "update")

    assert run.counts == {"read": 7, "created": 7, "updated": 0, "skipped": 0, "rejected": 0}
    archived.refresh_from_db()
    assert (archived.first_name, archived.archived_at) == ("Old", LONG_AGO)
    assert contacts_of(team)["liam.walsh@example.ie"].first_name == "Liam"


@pytest.mark.parametrize("match", ["email", "phone", "both"])
def test_another_teams_contacts_are_never_matched_or_changed(
    tmp_path, team, company, other_company, match
):
    theirs = ContactFactory(
        company=other_company,
        first_name="Theirs",
        email="liam.walsh@example.ie",
        phone="+35312345678",
    )
    Contact.objects.filter(pk=theirs.pk).update(updated_at=LONG_AGO)

    run = run_import(
        sample(tmp_path, "people.csv"), team, "--on-duplicate", "update", "--match", match
    )

    assert run.counts["created"] == 7
    theirs.refresh_from_db()
    assert (theirs.first_name, theirs.team, theirs.updated_at) == (
        "Theirs",
        other_company.team,
        LONG_AGO,
    )
    assert Contact.objects.filter(team=other_company.team).count() == 1
