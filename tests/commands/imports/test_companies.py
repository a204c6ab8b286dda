"""`import_contacts` and companies: matched by name within the team, the default company, and
creating missing ones."""

import pytest
from django.core.management import CommandError, call_command

from companies.models import Company
from contacts.models import Contact
from crm import ids
from tests.factories import CompanyFactory
from tests.kit.imports import (
    LONG_AGO,
    contacts_of,
    default_report,
    report_of,
    run_import,
    sample,
    write_csv,
)

# --- companies ------------------------------------------------------------------------------------


def test_company_column_is_matched_by_name_ignoring_case(tmp_path, team, company):
    run_import(sample(tmp_path, "excel_semicolon_bom.csv"), team)

    contacts = contacts_of(team)
    for email in (
        "jose.garcia@example.com",
        "amelie.dubois@example.com",
        "chloe.martin@example.com",
    ):
        assert contacts[email].company == company  # Acme Inc, acme inc, ACME INC
    assert contacts["dana.smith@example.com"].company is None
    assert Company.objects.filter(team=team).count() == 1


def test_company_option_is_the_default_for_rows_that_name_none(tmp_path, team, company):
    default = CompanyFactory(team=team, name="Default Co")

    run_import(sample(tmp_path, "excel_semicolon_bom.csv"), team, "--company", default.public_id)

    contacts = contacts_of(team)
    assert contacts["dana.smith@example.com"].company == default
    assert contacts["bjorn.astrom@example.se"].company == default
    assert contacts["jose.garcia@example.com"].company == company


def test_unknown_company_is_rejected_per_row_without_create_companies(tmp_path, team, company):
    path = sample(tmp_path, "companies.csv")

    run = run_import(path, team)

    assert run.code == 2
    assert run.counts == {"read": 4, "created": 2, "updated": 0, "skipped": 0, "rejected": 2}
    assert set(contacts_of(team)) == {"tom@acme.example", "wes@example.com"}
    assert [(r["line"], r["value"]) for r in report_of(default_report(path))] == [
        ("3", "Globex"),
        ("4", "GLOBEX"),
    ]
    assert not Company.objects.filter(team=team, name__iexact="globex").exists()


def test_create_companies_creates_each_missing_company_once(tmp_path, team, company):
    run = run_import(sample(tmp_path, "companies.csv"), team, "--create-companies")

    assert run.code == 0, run.stderr
    globex = Company.objects.get(team=team, name__iexact="globex")
    assert globex.name == "Globex"  # the first spelling met
    contacts = contacts_of(team)
    assert contacts["uma@globex.example"].company == globex
    assert contacts["vic@globex.example"].company == globex
    assert contacts["tom@acme.example"].company == company
    assert Company.objects.filter(team=team).count() == 2


def test_another_teams_company_of_the_same_name_is_never_used(tmp_path, team, company, other_team):
    theirs = CompanyFactory(team=other_team, name="Globex")

    run_import(sample(tmp_path, "companies.csv"), team, "--create-companies")

    globex = contacts_of(team)["uma@globex.example"].company
    assert globex.team == team
    assert globex != theirs
    assert not theirs.contacts.exists()


def test_an_archived_company_is_not_matched_by_name(tmp_path, team, company):
    archived = CompanyFactory(team=team, name="Globex", archived_at=LONG_AGO)

    run = run_import(sample(tmp_path, "companies.csv"), team)

    assert run.counts["rejected"] == 2
    assert not archived.contacts.exists()


def test_create_companies_makes_a_live_company_beside_an_archived_one(tmp_path, team, company):
    archived = CompanyFactory(team=team, name="GLOBEX", archived_at=LONG_AGO)

    run = run_import(sample(tmp_path, "companies.csv"), team, "--create-companies")

    assert run.code == 0, run.stderr
    live = Company.objects.live().get(team=team, name__iexact="globex")
    assert live != archived and live.name == "Globex"
    assert not archived.contacts.exists()
    assert contacts_of(team)["uma@globex.example"].company == live


def test_create_companies_rejects_a_name_too_long_for_a_company(tmp_path, team, company):
    long_name = "G" * 201
    path = write_csv(
        tmp_path,
        [
            ["First Name", "Last Name", "Email", "Company"],
            ["Uma", "Lee", "uma@example.com", long_name],
            ["Vic", "Ray", "vic@example.com", "Initech"],
        ],
    )

    run = run_import(path, team, "--create-companies")

    assert run.counts["created"] == 1 and run.counts["rejected"] == 1
    [rejected] = report_of(default_report(path))
    assert (rejected["line"], rejected["value"]) == ("2", long_name)
    assert "at most 200 characters" in rejected["reason"]
    assert Company.objects.filter(team=team, name="Initech").exists()
    assert not Company.objects.filter(team=team, name=long_name).exists()


@pytest.mark.parametrize("which", ["other team's", "archived", "malformed"])
def test_company_option_must_be_a_live_company_of_the_team(tmp_path, team, other_company, which):
    company_id = {
        "other team's": other_company.public_id,
        "archived": CompanyFactory(team=team, archived_at=LONG_AGO).public_id,
        "malformed": "comp_123",
    }[which]

    with pytest.raises(CommandError, match="--company"):
        run_import(sample(tmp_path, "people.csv"), team, "--company", company_id)

    assert not Contact.objects.exists()


@pytest.mark.parametrize("team_id", ["team_123", "comp_01jbx2xq5dfy9v3k7w8m6n4p2r"])
def test_a_malformed_team_id_is_a_command_error(tmp_path, team_id):
    with pytest.raises(CommandError, match="--team"):
        call_command("import_contacts", str(sample(tmp_path, "people.csv")), "--team", team_id)


def test_an_unknown_team_is_a_command_error(tmp_path, db):
    team_id = ids.encode("team", ids.uuid7())

    with pytest.raises(CommandError, match=team_id):
        call_command("import_contacts", str(sample(tmp_path, "people.csv")), "--team", team_id)
