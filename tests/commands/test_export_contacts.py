"""`export_contacts`: a team's live contacts as CSV or JSON Lines, with the list API's filters,
and back again through `import_contacts`."""

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from contacts import csv_format
from contacts.models import Contact
from crm import ids
from donotcall import services as do_not_call
from tests.factories import CompanyFactory, ContactFactory, TeamFactory
from tests.kit.imports import LONG_AGO, run_import

# Columns that name a record rather than describe the person: new on every import.
IDENTITY_COLUMNS = {"id", "createdAt", "updatedAt"}
IDENTITY_KEYS = {"id", "team_id", "company_id", "created_at", "updated_at"}


def export(team, *options: str) -> str:
    """Run the command; its stderr (the data goes to --output or stdout)."""
    stderr = io.StringIO()
    call_command("export_contacts", "--team", team.public_id, *options, stderr=stderr)
    return stderr.getvalue()


def export_rows(tmp_path: Path, team, *options: str, name: str = "export.csv") -> list[dict]:
    """The CSV export's rows, read back."""
    path = tmp_path / name
    export(team, "--output", str(path), *options)
    with path.open(newline="", encoding="utf-8-sig") as file:  # as Excel reads it
        return list(csv.DictReader(file))


def export_objects(tmp_path: Path, team, *options: str, name: str = "export.jsonl") -> list[dict]:
    path = tmp_path / name
    export(team, "--format", "jsonl", "--output", str(path), *options)
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def import_file(path: Path, team, *options: str) -> None:
    run = run_import(path, team, *options)
    if run.code != 0:
        pytest.fail(f"import exited {run.code}: {run.stdout} {run.stderr}")


def first_names(rows: list[dict]) -> set[str]:
    return {row["firstName"] for row in rows}


@pytest.fixture
def varied(team, company):
    """Contacts of every shape: accents, two phones, tags, custom fields, awkward notes,
    do-not-call, several companies, one without a company."""
    globex = CompanyFactory(team=team, name="Globex Corporation")
    societe = CompanyFactory(team=team, name="Société Générale")
    jose = ContactFactory(
        company=company,
        first_name="José",
        last_name="Muñoz",
        email="jose.munoz@example.com",
        phone="+14155550101",
        phone_secondary="+442071838750",
        job_title="CTO",
        lead_status="qualified",
        source="trade-show",
        timezone="Europe/Madrid",
        preferred_contact_method="phone",
        notes='Met at the fair, booth 12.\nSaid "call me" on Monday; maybe.',
        tags=["vip", "enterprise"],
        custom_fields={
            "size": "500-1000",
            "budget": {"amount": 5000, "currency": "EUR"},
            "decision_maker": True,
            "score": 7.5,
        },
        external_id="crm-1",
    )
    zoe = ContactFactory(
        company=globex,
        first_name="Zoë",
        last_name="O\u2019Brien",
        email="zoe.obrien@example.ie",
        phone=None,
        do_not_call=True,
        lead_status="contacted",
        tags=["ireland"],
        notes="Line one\r\nLine two, with a comma",
    )
    bjorn = ContactFactory(
        company=societe,
        first_name="Björn",
        last_name="Åström",
        email="bjorn@example.se",
        phone=None,
    )
    nadia = ContactFactory(
        company=None,
        team=team,
        first_name="Nadia",
        last_name="Haddad",
        email=None,
        phone="+12025550147",
        custom_fields={"note": "a;b,c"},
    )
    return {"jose": jose, "zoe": zoe, "bjorn": bjorn, "nadia": nadia, "globex": globex}


@pytest.fixture
def hidden(team, company, other_company):
    """An archived contact of the team and a live one of another team."""
    return [
        ContactFactory(company=company, first_name="Archived", archived_at=LONG_AGO),
        ContactFactory(company=other_company, first_name="Stranger"),
    ]


# --- CSV and JSON Lines ---------------------------------------------------------------------------


def test_csv_has_the_file_format_columns_and_one_row_per_contact(tmp_path, team, varied):
    path = tmp_path / "contacts.csv"

    message = export(team, "--output", str(path))

    with path.open(newline="", encoding="utf-8-sig") as file:
        reader = csv.reader(file)
        assert next(reader) == csv_format.COLUMNS
        rows = [dict(zip(csv_format.COLUMNS, row, strict=True)) for row in reader]
    assert len(rows) == 4
    assert "Exported 4 contact(s)" in message
    jose = varied["jose"]
    [row] = [row for row in rows if row["firstName"] == "José"]
    assert row["id"] == jose.public_id
    assert row["createdAt"] == jose.created_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert {key: value for key, value in row.items() if key not in IDENTITY_COLUMNS} == {
        "externalId": "crm-1",
        "firstName": "José",
        "lastName": "Muñoz",
        "email": "jose.munoz@example.com",
        "phone": "+14155550101",
        "phoneSecondary": "+442071838750",
        "jobTitle": "CTO",
        "company": "Acme Inc",
        "leadStatus": "qualified",
        "source": "trade-show",
        "timezone": "Europe/Madrid",
        "preferredContactMethod": "phone",
        "doNotCall": "false",
        "notes": 'Met at the fair, booth 12.\nSaid "call me" on Monday; maybe.',
        "tags": "vip;enterprise",
        "customFields": row["customFields"],
    }
    assert json.loads(row["customFields"]) == jose.custom_fields
    [nadia] = [row for row in rows if row["firstName"] == "Nadia"]
    assert (nadia["email"], nadia["company"], nadia["tags"], nadia["phoneSecondary"]) == (
        "",
        "",
        "",
        "",
    )
    [zoe] = [row for row in rows if row["firstName"] == "Zoë"]
    assert (zoe["doNotCall"], zoe["customFields"]) == ("true", "")


def test_csv_goes_to_stdout_without_output(team, varied, capsys):
    message = export(team)

    out = capsys.readouterr().out
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert first_names(rows) == {"José", "Zoë", "Björn", "Nadia"}
    assert "Exported" not in out  # the count goes to stderr, the data alone to stdout
    assert "Exported 4 contact(s)" in message


def test_csv_goes_to_the_stdout_given_to_call_command(team, varied):
    # Django's contract for commands: output goes through self.stdout, so a caller that
    # passes stdout= (a test, a view streaming the export, a script) receives the data.
    stdout = io.StringIO()

    call_command("export_contacts", "--team", team.public_id, stdout=stdout, stderr=io.StringIO())

    rows = list(csv.DictReader(io.StringIO(stdout.getvalue(), newline="")))
    assert first_names(rows) == {"José", "Zoë", "Björn", "Nadia"}


def test_jsonl_lines_are_the_apis_contact_objects_with_the_company_name(
    tmp_path, team, varied, api
):
    objects = export_objects(tmp_path, team)

    assert len(objects) == 4
    for exported in objects:
        company_name = exported.pop("company")
        response = api.get(f"/api/crm/contacts/{exported['id']}")
        assert response.status_code == 200
        assert exported == response.json()["contact"]
        stored = Contact.objects.select_related("company").get(
            pk=ids.decode("cont", exported["id"])
        )
        assert company_name == (stored.company.name if stored.company else None)


def test_jsonl_goes_to_stdout_one_object_a_line(team, varied, capsys):
    export(team, "--format", "jsonl")

    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 4
    assert {json.loads(line)["first_name"] for line in lines} == {"José", "Zoë", "Björn", "Nadia"}


def test_an_empty_team_exports_the_header_only(tmp_path, team):
    rows = export_rows(tmp_path, team)

    assert rows == []
    text = (tmp_path / "export.csv").read_text(encoding="utf-8-sig")  # after the byte-order mark
    assert text.splitlines() == [",".join(csv_format.COLUMNS)]


@pytest.mark.parametrize("file_format", ["csv", "jsonl"])
def test_archived_and_other_teams_contacts_are_never_exported(
    tmp_path, team, varied, hidden, file_format
):
    path = tmp_path / "out"

    export(team, "--format", file_format, "--output", str(path))

    text = path.read_text(encoding="utf-8")
    assert "Archived" not in text
    assert "Stranger" not in text
    for contact in hidden:
        assert contact.public_id not in text


def test_the_other_team_exports_only_its_own(tmp_path, other_team, varied, hidden):
    rows = export_rows(tmp_path, other_team)

    assert first_names(rows) == {"Stranger"}


# --- filters --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["--lead-status", "qualified,CONTACTED"], {"José", "Zoë"}),
        (["--search", "jose"], {"José"}),  # accents ignored
        (["--search", "(415) 555-0101"], {"José"}),  # a phone typed any way
        (["--tags", "VIP"], {"José"}),
        (["--tags", "vip,enterprise"], {"José"}),
        (["--tags", "vip,ireland"], set()),
        (["--do-not-call", "true"], {"Zoë"}),
        (["--do-not-call", "false"], {"José", "Björn", "Nadia"}),
        (["--has-phone", "false"], {"Zoë", "Björn"}),
        (["--has-phone", "true"], {"José", "Nadia"}),
        (["--lead-status", "new", "--has-phone", "true"], {"Nadia"}),
    ],
)
def test_filters_of_the_list_api(tmp_path, team, varied, hidden, options, expected):
    assert first_names(export_rows(tmp_path, team, *options)) == expected


def test_company_filter(tmp_path, team, varied, hidden):
    rows = export_rows(tmp_path, team, "--company", varied["globex"].public_id)

    assert first_names(rows) == {"Zoë"}


def test_updated_since_filter(tmp_path, team, varied):
    Contact.objects.filter(pk=varied["jose"].pk).update(updated_at=LONG_AGO)

    assert first_names(export_rows(tmp_path, team, "--updated-since", "2021-01-01")) == {
        "Zoë",
        "Björn",
        "Nadia",
    }
    # 2020-01-01T01:00:00+02:00 is 2019-12-31T23:00:00Z, before José's change.
    rows = export_rows(tmp_path, team, "--updated-since", "2020-01-01T01:00:00+02:00")
    assert first_names(rows) == {"José", "Zoë", "Björn", "Nadia"}
    rows = export_rows(tmp_path, team, "--updated-since", "2020-01-01T00:00:01Z")
    assert "José" not in first_names(rows)


@pytest.mark.parametrize(
    ("ordering", "order_by"),
    [("lastName", ["last_name", "first_name", "id"]), ("-createdAt", ["-created_at", "-id"])],
)
def test_ordering_option(tmp_path, team, varied, ordering, order_by):
    rows = export_rows(tmp_path, team, f"--ordering={ordering}")

    expected = Contact.objects.filter(team=team).order_by(*order_by)
    assert [row["id"] for row in rows] == [contact.public_id for contact in expected]


@pytest.mark.parametrize(
    ("options", "named"),
    [
        (["--lead-status", "hot"], "leadStatus"),
        (["--updated-since", "yesterday"], "updatedSince"),
        (["--updated-since", "2024-01-15T10:00:00"], "updatedSince"),  # no UTC offset
        (["--company", "comp_123"], "companyId"),
        (["--tags", ","], "tags"),
        (["--search", "x" * 201], "search"),
        (["--ordering", "name"], "ordering"),
        (["--do-not-call", "maybe"], "--do-not-call"),
        (["--has-phone", "yes"], "--has-phone"),
    ],
)
def test_a_bad_filter_value_is_a_command_error_and_writes_no_file(
    tmp_path, team, varied, options, named
):
    path = tmp_path / "out.csv"

    with pytest.raises(CommandError, match=named):
        export(team, "--output", str(path), *options)

    assert not path.exists()


def test_another_teams_company_is_a_command_error(tmp_path, team, varied, other_company):
    with pytest.raises(CommandError, match=other_company.public_id):
        export(team, "--company", other_company.public_id, "--output", str(tmp_path / "x.csv"))


@pytest.mark.parametrize("team_id", ["team_123", "comp_01jbx2xq5dfy9v3k7w8m6n4p2r"])
def test_a_malformed_team_id_is_a_command_error(db, team_id):
    with pytest.raises(CommandError, match="--team"):
        call_command("export_contacts", "--team", team_id)


# --- round trips ----------------------------------------------------------------------------------


def comparable_rows(rows: list[dict]) -> list[dict]:
    """CSV rows without the columns an import renews, in a fixed order."""
    kept = [{k: v for k, v in row.items() if k not in IDENTITY_COLUMNS} for row in rows]
    return sorted(kept, key=lambda row: (row["lastName"], row["firstName"], row["email"]))


def comparable_objects(objects: list[dict]) -> list[dict]:
    kept = [{k: v for k, v in obj.items() if k not in IDENTITY_KEYS} for obj in objects]
    return sorted(kept, key=lambda obj: (obj["last_name"], obj["first_name"], obj["email"] or ""))


def companies_by_name(team) -> dict[tuple[str, str], str | None]:
    return {
        (c.first_name, c.last_name): c.company.name if c.company_id else None
        for c in Contact.objects.live().filter(team=team).select_related("company")
    }


def test_csv_export_then_import_into_an_empty_team_gives_back_the_same_contacts(
    tmp_path, team, varied, hidden
):
    first = tmp_path / "first.csv"
    export(team, "--output", str(first))
    empty = TeamFactory()

    import_file(first, empty, "--create-companies")

    with first.open(newline="", encoding="utf-8-sig") as file:
        before = list(csv.DictReader(file))
    after = export_rows(tmp_path, empty, name="second.csv")
    assert len(after) == 4
    assert comparable_rows(after) == comparable_rows(before)
    assert companies_by_name(empty) == companies_by_name(team)


def test_jsonl_export_then_import_into_an_empty_team_gives_back_the_same_contacts(
    tmp_path, team, varied, hidden
):
    first = tmp_path / "first.jsonl"
    export(team, "--format", "jsonl", "--output", str(first))
    empty = TeamFactory()

    import_file(first, empty, "--create-companies")

    before = [json.loads(line) for line in first.read_text(encoding="utf-8").splitlines()]
    after = export_objects(tmp_path, empty, name="second.jsonl")
    assert len(after) == 4
    assert comparable_objects(after) == comparable_objects(before)


def test_jsonl_export_then_import_into_an_empty_team_keeps_each_contacts_company(
    tmp_path, team, varied
):
    first = tmp_path / "first.jsonl"
    export(team, "--format", "jsonl", "--output", str(first))
    empty = TeamFactory()

    import_file(first, empty, "--create-companies")

    assert companies_by_name(empty) == companies_by_name(team)


def test_importing_an_export_back_into_its_own_team_changes_nothing(tmp_path, team, varied):
    path = tmp_path / "contacts.csv"
    export(team, "--output", str(path))
    Contact.objects.filter(team=team).update(updated_at=LONG_AGO)

    # Nadia has a phone but no email: matched by either key.
    import_file(path, team, "--on-duplicate", "update", "--match", "both")

    assert Contact.objects.filter(team=team).count() == 4
    assert not Contact.objects.filter(team=team).exclude(updated_at=LONG_AGO).exists()


def test_export_filters_by_custom_field(tmp_path, team, company):
    ContactFactory(company=company, first_name="Big", custom_fields={"size": 500})
    ContactFactory(company=company, first_name="Small", custom_fields={"size": 5})
    output = tmp_path / "export.csv"

    call_command(
        "export_contacts", "--team", team.public_id, "--custom-field", "size=500",
        "--output", str(output), stderr=io.StringIO(),
    )  # fmt: skip

    rows = list(csv.DictReader(output.open(newline="")))
    assert [row["firstName"] for row in rows] == ["Big"]


def test_export_refuses_a_custom_field_filter_without_a_value(team):
    with pytest.raises(CommandError, match="KEY=VALUE"):
        call_command("export_contacts", "--team", team.public_id, "--custom-field", "size")


def test_callable_filter_leaves_out_numbers_on_the_registry(tmp_path, team, company):
    ContactFactory(company=company, email="callable@example.com", phone="+14155550101")
    ContactFactory(company=company, email="listed@example.com", phone="+14155550102")
    do_not_call.register_numbers(team=team, numbers=["+14155550102"], source="api")

    callable_rows = export_rows(tmp_path, team, "--callable", "true")
    blocked = export_objects(tmp_path, team, "--callable", "false")

    assert [row["email"] for row in callable_rows] == ["callable@example.com"]
    assert [(o["email"], o["call_blockers"]) for o in blocked] == [
        ("listed@example.com", ["number_on_do_not_call_list"])
    ]
