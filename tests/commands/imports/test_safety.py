"""What an import must never do: clear a do-not-call flag, eat its own input, misread a file,
or duplicate a contact it cannot key."""

import json

import pytest
from django.core.management import CommandError, call_command

from contacts.models import Contact
from tests.factories import ContactFactory
from tests.kit.imports import default_report, report_of, run_import, write_csv


def test_an_update_import_never_clears_do_not_call(tmp_path, team, company):
    flagged = ContactFactory(company=company, email="ann@example.com", do_not_call=True)
    path = write_csv(
        tmp_path,
        [
            ["First Name", "Last Name", "Email", "Do Not Call", "Job Title"],
            ["Ann", "Lee", "ann@example.com", "false", "CTO"],
        ],
    )

    run = run_import(path, team, "--on-duplicate", "update")

    assert run.code == 0
    flagged.refresh_from_db()
    assert flagged.do_not_call is True
    assert flagged.job_title == "CTO"


def test_an_update_import_can_set_do_not_call(tmp_path, team, company):
    callable_contact = ContactFactory(company=company, email="ann@example.com")
    path = write_csv(
        tmp_path,
        [["First Name", "Last Name", "Email", "DNC"], ["Ann", "Lee", "ann@example.com", "Y"]],
    )

    run_import(path, team, "--on-duplicate", "update")

    callable_contact.refresh_from_db()
    assert callable_contact.do_not_call is True


def test_the_error_report_may_not_be_the_input_file(tmp_path, team):
    path = write_csv(tmp_path, [["First Name", "Last Name"], ["Ann", "Lee"]])

    with pytest.raises(CommandError, match="must not be the file"):
        run_import(path, team, "--errors", str(path))

    assert path.read_text().startswith("First Name")
    assert not Contact.objects.exists()


def test_a_column_given_twice_stops_the_run_before_writing(tmp_path, team):
    path = write_csv(
        tmp_path,
        [["First Name", "Last Name", "Phone", "Phone"], ["Ann", "Lee", "+14155550101", ""]],
    )

    with pytest.raises(CommandError, match="'Phone'"):
        run_import(path, team)

    assert not Contact.objects.exists()


def test_trailing_empty_cells_as_excel_writes_them_are_fine(tmp_path, team):
    path = tmp_path / "trailing.csv"
    path.write_text("First Name,Last Name,Email\nAnn,Lee,ann@example.com,,\n")

    run = run_import(path, team)

    assert run.code == 0
    assert Contact.objects.get().email == "ann@example.com"


def test_a_file_that_is_neither_utf8_nor_windows_1252_is_read_as_latin1(tmp_path, team):
    path = tmp_path / "latin1.csv"
    path.write_bytes("First Name,Last Name\nJosé,Nú".encode("latin-1") + b"\x81ez\n")

    run = run_import(path, team)

    assert run.code == 0
    assert Contact.objects.get().first_name == "José"


def test_a_json_line_with_a_key_given_twice_is_rejected(tmp_path, team):
    path = tmp_path / "contacts.jsonl"
    path.write_text(
        '{"firstName": "Ann", "lastName": "Lee", "email": "ann@example.com",'
        ' "doNotCall": true, "doNotCall": false}\n'
        '{"firstName": "Ben", "lastName": "Fox", "email": "ben@example.com"}\n'
    )

    run = run_import(path, team)

    assert run.code == 2
    [row] = report_of(default_report(path))
    assert row["line"] == "1" and "twice" in row["reason"]
    assert [c.first_name for c in Contact.objects.all()] == ["Ben"]


def test_contacts_without_email_or_phone_are_matched_by_name_on_a_rerun(tmp_path, team, company):
    path = write_csv(
        tmp_path,
        [["First Name", "Last Name", "Company"], ["Ann", "Lee", company.name], ["Ben", "Fox", ""]],
    )

    first, second = run_import(path, team), run_import(path, team)

    assert first.counts["created"] == 2
    assert second.counts == {"read": 2, "created": 0, "updated": 0, "skipped": 2, "rejected": 0}
    assert Contact.objects.count() == 2


def test_formula_cells_are_exported_inert_and_imported_back_as_they_were(
    tmp_path, team, company, other_team
):
    ContactFactory(
        company=company, first_name='=HYPERLINK("http://evil.example")', phone="+14155550101"
    )
    exported = tmp_path / "export.csv"

    call_command("export_contacts", "--team", team.public_id, "--output", str(exported))
    text = exported.read_text()
    assert "'=HYPERLINK" in text
    assert ",+14155550101," in text  # phone numbers stay as they are

    run = run_import(exported, other_team, "--create-companies")

    assert run.code == 0
    assert Contact.objects.get(team=other_team).first_name == '=HYPERLINK("http://evil.example")'


def test_api_create_stores_custom_fields_without_null_values(api, team, company):
    response = api.post(
        "/api/crm/contacts",
        {
            "teamId": team.public_id,
            "companyId": company.public_id,
            "firstName": "Ann",
            "lastName": "Lee",
            "customFields": {"keep": 1, "gone": None, "nested": {"x": None, "y": 2}},
        },
        format="json",
    )

    assert response.status_code == 201
    assert response.json()["contact"]["custom_fields"] == {"keep": 1, "nested": {"y": 2}}
    assert json.loads(json.dumps(Contact.objects.get().custom_fields)) == {
        "keep": 1,
        "nested": {"y": 2},
    }


def test_updates_in_several_rounds_of_one_batch_are_all_counted(tmp_path, team, company):
    ContactFactory(company=company, email="ann@example.com", job_title="A")
    path = write_csv(
        tmp_path,
        [
            ["First Name", "Last Name", "Email", "Job Title"],
            ["Ann", "Lee", "ann@example.com", "B"],
            ["Ann", "Lee", "ann@example.com", "C"],
        ],
    )

    run = run_import(path, team, "--on-duplicate", "update")

    assert run.counts["updated"] == 2
    assert Contact.objects.get().job_title == "C"
