"""`import_contacts` stores a value exactly as the API would: the same rules, national phone
numbers with a default region, and awkward text kept as given."""

import json

import pytest
from django.core.management import CommandError

from contacts.imports.reading import unescape_cell
from contacts.models import Contact
from tests.factories import TeamFactory
from tests.kit.imports import contacts_of, default_report, report_of, run_import, sample, write_csv

# --- national phone numbers -----------------------------------------------------------------------


def test_default_region_turns_national_numbers_into_e164(tmp_path, team):
    run = run_import(sample(tmp_path, "national_phones.csv"), team, "--default-region", "US")

    assert run.code == 0, run.stderr
    phones = {e: (str(c.phone), str(c.phone_secondary or "")) for e, c in contacts_of(team).items()}
    assert phones == {
        "nina.park@example.com": ("+14155551234", "+14155550199"),
        "omar.haddad@example.com": ("+12025550147", "+16502530000"),
        "pia.larsen@example.com": ("+442071838750", ""),  # already international
    }


def test_without_default_region_national_numbers_are_rejected(tmp_path, team):
    path = sample(tmp_path, "national_phones.csv")

    run = run_import(path, team)

    assert run.code == 2
    assert run.counts == {"read": 3, "created": 1, "updated": 0, "skipped": 0, "rejected": 2}
    assert set(contacts_of(team)) == {"pia.larsen@example.com"}
    report = [(r["line"], r["column"], r["value"]) for r in report_of(default_report(path))]
    assert report == [
        ("2", "Phone Number", "(415) 555-1234"),
        ("2", "Mobile", "415-555-0199"),
        ("3", "Phone Number", "202.555.0147"),
        ("3", "Mobile", "1 (650) 253-0000"),
    ]


def test_default_region_is_any_case_and_must_be_a_country(tmp_path, team):
    run = run_import(sample(tmp_path, "national_phones.csv"), team, "--default-region", "us")
    assert run.code == 0, run.stderr

    with pytest.raises(CommandError, match="--default-region"):
        run_import(sample(tmp_path, "national_phones.csv"), team, "--default-region", "XX")


# --- the API's rules ------------------------------------------------------------------------------


def test_a_row_is_stored_exactly_as_the_api_stores_the_same_contact(tmp_path, team, api, company):
    body = {
        "teamId": team.public_id,
        "companyId": company.public_id,
        "firstName": " Sarah ",
        "lastName": "Chen",
        "email": "Sarah.Chen@EXAMPLE.com",
        "phone": "+1 (415) 555-1234",
        "leadStatus": "Qualified",
        "timezone": "america/los_angeles",
        "tags": [" enterprise ", "Enterprise", "", "warm-lead"],
    }
    response = api.post("/api/crm/contacts", body, format="json")
    assert response.status_code == 201, response.json()
    from_api = Contact.objects.get(team=team)
    other_team = TeamFactory()
    path = write_csv(
        tmp_path,
        [
            ["First Name", "Last Name", "Email", "Phone", "Lead Status", "Time Zone", "Tags"],
            [
                " Sarah ",
                "Chen",
                "Sarah.Chen@EXAMPLE.com",
                "+1 (415) 555-1234",
                "Qualified",
                "america/los_angeles",
                " enterprise ;Enterprise;;warm-lead",
            ],
        ],
    )

    run = run_import(path, other_team)

    assert run.code == 0, run.stderr
    imported = Contact.objects.get(team=other_team)
    fields = ["first_name", "last_name", "email", "phone", "lead_status", "timezone", "tags"]
    assert [str(getattr(imported, f)) for f in fields] == [
        str(getattr(from_api, f)) for f in fields
    ]
    assert (imported.email, str(imported.phone), imported.timezone, imported.tags) == (
        "Sarah.Chen@example.com",
        "+14155551234",
        "America/Los_Angeles",
        ["enterprise", "warm-lead"],
    )


# Characters that mean something to COPY's text format, to PostgreSQL arrays or to JSON.
AWKWARD = 'tab\there, line\nbreak, CR\r, back\\slash, \\N, \\., "quoted", {a,b}, Zoë 🎉'


def test_awkward_text_is_stored_exactly_as_given_and_merged_on_update(tmp_path, team):
    path = tmp_path / "awkward.jsonl"
    record = {
        "firstName": "\\N",
        "lastName": "O'Brien\\",
        "email": "awkward@example.com",
        "jobTitle": "\\.",
        "notes": AWKWARD,
        "tags": ['say "hi"', "back\\slash", "{curly}", "NULL", "x y"],
        "customFields": {"text": AWKWARD, "nested": {"list": ["a\tb", None, 1.5]}, "gone": None},
    }
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")

    assert run_import(path, team).code == 0

    contact = Contact.objects.get(team=team)
    assert (contact.first_name, contact.last_name, contact.job_title, contact.notes) == (
        "\\N",
        "O'Brien\\",
        "\\.",
        AWKWARD,
    )
    assert contact.tags == ['say "hi"', "back\\slash", "{curly}", "NULL", "x y"]
    assert contact.custom_fields == {"text": AWKWARD, "nested": {"list": ["a\tb", None, 1.5]}}

    patch = {"email": "awkward@example.com", "firstName": "Ann", "lastName": "Lee",
             "customFields": {"text": None, "more": AWKWARD}}  # fmt: skip
    path.write_text(json.dumps(patch) + "\n", encoding="utf-8")

    run = run_import(path, team, "--on-duplicate", "update")

    assert run.counts["updated"] == 1, run.stderr
    contact.refresh_from_db()
    assert contact.notes == AWKWARD
    assert contact.custom_fields == {"nested": {"list": ["a\tb", None, 1.5]}, "more": AWKWARD}


def test_custom_fields_near_the_size_limit_are_measured_alike_in_every_mode(tmp_path, team):
    # 60 keys of 1e308: about 1 KiB as JSON. PostgreSQL's jsonb writes each as 309 digits,
    # which must not count against the 16 KiB limit when an update merges them.
    huge = {f"k{index:02}": 1e308 for index in range(60)}
    path = tmp_path / "huge.jsonl"
    for email, mode in [("a@example.com", "create"), ("b@example.com", "update")]:
        record = {"firstName": "Big", "lastName": "Float", "email": email, "customFields": huge}
        path.write_text(json.dumps(record) + "\n", encoding="utf-8")

        run = run_import(path, team, "--on-duplicate", mode)

        assert run.counts["created"] == 1, (mode, run.stderr)


@pytest.mark.parametrize(
    ("api_field", "header", "value"),
    [
        ("phone", "Phone", "+1 415 555 1234 ext. 5"),
        ("phone", "Phone", "+1 415 555 123"),
        ("timezone", "Time Zone", "localtime"),
        ("leadStatus", "Lead Status", "hot"),
        ("email", "Email", "ann@@example.com"),
        ("jobTitle", "Job Title", "J" * 201),
        ("tags", "Tags", "t" * 51),
    ],
)
def test_a_value_the_api_refuses_is_rejected_by_the_import(
    tmp_path, team, api, company, api_field, header, value
):
    body = {
        "teamId": team.public_id,
        "companyId": company.public_id,
        "firstName": "Ann",
        "lastName": "Lee",
        api_field: [value] if api_field == "tags" else value,
    }
    assert api.post("/api/crm/contacts", body, format="json").status_code == 400
    path = write_csv(tmp_path, [["First Name", "Last Name", header], ["Ann", "Lee", value]])

    run = run_import(path, team)

    assert run.code == 2
    assert not Contact.objects.filter(team=team).exists()
    [row] = report_of(default_report(path))
    assert (row["line"], row["column"]) == ("2", header)
    # Long values are shortened; a value a spreadsheet would run as a formula gets a "'".
    assert unescape_cell(row["value"]) in (value, value[:200] + "…")
