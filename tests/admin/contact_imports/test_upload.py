"""Uploading a contact file in the admin: the importer's reading of it, shown before anything
is written, and files it cannot import refused with a message, never a 500."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from contacts.models import Contact, ContactImport
from tests.admin.contact_imports.pages import (
    HEADER,
    UPLOAD_URL,
    csv_bytes,
    errors_url,
    page_url,
    status_url,
    the_import,
    upload,
    upload_error,
)
from tests.factories import CompanyFactory, TeamFactory
from tests.kit.admin import changelist_url, logged_in, staff_user

GOOD_AND_BAD = csv_bytes(
    [
        [*HEADER, "id"],
        ["Sarah", "Chen", "Sarah.Chen@EXAMPLE.com", "(415) 555-1234", "Acme", "vip; warm"],
        ["", "Nobody", "nobody@example.com", "", "", ""],
        ["Bo", "Bad", "bo@example.com", "12345", "", ""],
    ]
)


def test_upload_shows_the_importers_reading_and_writes_no_contact(member_client, team):
    response = upload(member_client, team, GOOD_AND_BAD, default_region="us")

    contact_import = the_import()
    assert response.status_code == 302
    assert response["Location"] == page_url(contact_import)
    page = member_client.get(page_url(contact_import))
    reading = page.context["reading"]
    assert reading["format"] == "csv"
    assert reading["encoding"] == "UTF-8"
    assert dict(reading["columns"]) == {
        "First Name": "first name",
        "Last Name": "last name",
        "E-mail": "email",
        "Phone Number": "phone",
        "Company": "company",
        "Tags": "tags",
    }
    assert reading["ignored"] == ["id"]
    first, second, third = reading["rows"]
    # As stored: the domain lower-cased, the phone in E.164 by the default region, tags split.
    assert dict(first["values"]) == {
        "first name": "Sarah",
        "last name": "Chen",
        "email": "Sarah.Chen@example.com",
        "phone": "+14155551234",
        "tags": "vip, warm",
        "company": "Acme",
    }
    assert (second["line"], second["rejected"]) == (3, [["First Name", "", "Required."]])
    assert third["line"] == 4
    assert third["rejected"][0][:2] == ["Phone Number", "12345"]
    html = page.content.decode()
    assert "+14155551234" in html and "Required." in html
    assert contact_import.default_region == "US"
    assert contact_import.status == ContactImport.Status.UPLOADED
    assert not Contact.objects.exists()


def test_a_member_of_one_team_gets_it_filled_in_and_hidden_as_on_other_admin_forms(
    member_client, team
):
    page = member_client.get(UPLOAD_URL).content.decode()

    assert f'<input type="hidden" name="team" value="{team.pk}"' in page
    assert '<select name="team"' not in page


def test_a_member_of_two_teams_picks_among_their_active_teams_only(client, team, other_team):
    closed = TeamFactory(name="Closed", deactivated_at=timezone.now())
    member = logged_in(client, staff_user("two", team, TeamFactory(name="Second"), closed))

    page = member.get(UPLOAD_URL).content.decode()

    assert '<select name="team"' in page
    assert "Second" in page
    assert other_team.name not in page and "Closed" not in page


def test_a_superuser_picks_the_team_even_when_there_is_one(client, team):
    superuser = get_user_model().objects.create_superuser("root", password="x" * 20)

    page = logged_in(client, superuser).get(UPLOAD_URL).content.decode()

    assert '<select name="team"' in page
    assert f'<option value="{team.pk}">' in page  # offered, not preselected


def test_unknown_columns_are_listed_and_the_run_is_not_offered(member_client, team):
    data = csv_bytes([["First Name", "Last Name", "Shoe Size"], ["Ann", "Lee", "38"]])

    upload(member_client, team, data)

    page = member_client.get(page_url(the_import()))
    assert page.context["reading"]["unknown"] == ["Shoe Size"]
    assert not page.context["can_run"]
    assert "would stop on them" in page.content.decode()
    assert 'name="_import"' not in page.content.decode()


def test_unknown_columns_kept_as_custom_fields_show_as_such(member_client, team):
    data = csv_bytes([["First Name", "Last Name", "Shoe Size"], ["Ann", "Lee", "38"]])

    upload(member_client, team, data, extra_columns_as_custom_fields="on")

    page = member_client.get(page_url(the_import()))
    (row,) = page.context["reading"]["rows"]
    assert dict(row["values"])["custom fields"] == "Shoe Size: 38"
    assert page.context["can_run"]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "people.csv", "file is empty."),
        (b"\n\n  \n", "people.csv", "The file is empty."),
        (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00", "people.xlsx", "not CSV text"),
        (b"Name,Email\nAnn,ann@example.com\n", "people.csv", "first and last name columns"),
        (b"First Name,First Name,Last Name\n", "people.csv", "more than once"),
    ],
    ids=["empty", "blank-lines", "spreadsheet", "no-names", "repeated"],
)
def test_files_the_importer_cannot_take_are_refused_with_its_message(
    member_client, team, data, name, message
):
    response = upload(member_client, team, data, name=name)

    assert message in upload_error(response)
    assert not ContactImport.objects.exists()


def test_a_file_not_in_the_chosen_encoding_is_refused_naming_the_line(member_client, team):
    data = csv_bytes(
        [["First Name", "Last Name"], ["Ann", "Lee"], ["José", "Núñez"]], encoding="cp1252"
    )

    response = upload(member_client, team, data, encoding="utf-8-sig")

    assert "not UTF-8 text: line 3" in upload_error(response)


def test_a_windows_1252_file_is_detected_and_read_right(member_client, team):
    data = csv_bytes([["First Name", "Last Name"], ["José", "Núñez"]], encoding="cp1252")

    upload(member_client, team, data)

    reading = the_import().preview
    assert reading["encoding"] == "Windows-1252"
    assert dict(reading["rows"][0]["values"])["last name"] == "Núñez"


def test_a_huge_header_lists_a_few_unknown_columns_and_counts_the_rest(member_client, team):
    data = csv_bytes([["First Name", "Last Name", *(f"col{n}" for n in range(5000))]])

    upload(member_client, team, data)

    html = member_client.get(page_url(the_import())).content.decode()
    assert "col29" in html and "col30," not in html
    assert "and 4970 more" in html


def test_a_file_over_the_size_limit_is_refused(member_client, team, settings):
    settings.CONTACT_IMPORT_MAX_BYTES = 100

    response = upload(member_client, team, GOOD_AND_BAD)

    assert "at most 100" in upload_error(response)


def test_a_bad_default_region_is_a_form_error(member_client, team):
    response = upload(member_client, team, GOOD_AND_BAD, default_region="ZZ")

    assert response.status_code == 200
    assert "ZZ is not a country code" in str(response.context["form"].errors["default_region"])


def test_a_member_cannot_import_into_another_team(member_client, other_team):
    response = upload(member_client, other_team, GOOD_AND_BAD)

    assert response.status_code == 200
    assert "team" in response.context["form"].errors
    assert not ContactImport.objects.exists()


def test_a_company_of_another_team_is_refused(member_client, team, other_company):
    response = upload(member_client, team, GOOD_AND_BAD, company=other_company.pk)

    assert "company" in response.context["form"].errors


def test_a_company_of_another_of_ones_teams_is_refused(client, team):
    second = TeamFactory(name="Second")
    user = staff_user("two", team, second)
    response = upload(
        logged_in(client, user), team, GOOD_AND_BAD, company=CompanyFactory(team=second).pk
    )

    assert "Pick a company of the team" in str(response.context["form"].errors["company"])


def test_another_teams_imports_are_neither_listed_nor_reachable(
    client, member_client, team, other_team
):
    upload(logged_in(client, staff_user("otto", other_team)), other_team, GOOD_AND_BAD)
    theirs = the_import()
    logged_in(client, staff_user("mia2", team))

    assert list(client.get(changelist_url(ContactImport)).context["cl"].result_list) == []
    for url in (page_url(theirs), status_url(theirs), errors_url(theirs)):
        assert client.get(url).status_code == 404, url
    assert client.post(page_url(theirs), {"_import": "1"}).status_code == 404
    assert the_import().status == ContactImport.Status.UPLOADED


def test_the_status_of_an_uploaded_file(member_client, team):
    upload(member_client, team, GOOD_AND_BAD)

    status = json.loads(member_client.get(status_url(the_import())).content)

    assert status["status"] == "uploaded"
    assert status["finished"] is False
    assert status["total_lines"] == 4
    assert "error_report_url" not in status


def test_a_member_lists_and_deletes_their_teams_imports(member_client, team):
    upload(member_client, team, GOOD_AND_BAD)
    contact_import = the_import()

    listed = member_client.get(changelist_url(ContactImport)).context["cl"].result_list
    assert list(listed) == [contact_import]
    response = member_client.post(
        changelist_url(ContactImport),
        {"action": "delete_selected", "_selected_action": [contact_import.pk], "post": "yes"},
    )

    assert response.status_code == 302
    assert not ContactImport.objects.exists()


def test_a_json_lines_file_is_read_as_the_importer_reads_it(member_client, team):
    data = (
        b'{"firstName": "Ann", "lastName": "Lee", "doNotCall": true}\n'
        b'{"firstName": "Bo", "lastName": "Ray", "firstName": "Bob"}\n'
    )

    upload(member_client, team, data, name="people.jsonl")

    reading = the_import().preview
    assert reading["format"] == "jsonl"
    first, second = reading["rows"]
    assert dict(first["values"])["do not call"] == "yes"
    assert "'firstName' appears twice" in second["rejected"][0][2]


def test_a_file_name_of_any_length_and_script_is_kept_and_read(member_client, team):
    name = "Kontakte-" + "ä" * 240 + ".csv"

    upload(member_client, team, GOOD_AND_BAD, name=name)

    contact_import = the_import()
    assert contact_import.file_name.startswith("Kontakte-ää")
    assert contact_import.preview["format"] == "csv"


def test_a_utf16_file_is_detected_and_read(member_client, team):
    data = csv_bytes([["First Name", "Last Name"], ["Søren", "Kierkegaard"]], encoding="utf-16")

    upload(member_client, team, data)

    reading = the_import().preview
    assert reading["encoding"] == "UTF-16"
    assert dict(reading["rows"][0]["values"])["first name"] == "Søren"
