"""`manage.py import_do_not_call`: numbers from a file onto a team's registry."""

import pytest
from django.core.management import CommandError

from donotcall.models import DoNotCallEntry
from tests.factories import ContactFactory
from tests.kit.api import CONTACTS
from tests.kit.commands import run_command
from tests.kit.imports import report_of


def run(path, team, *options):
    return run_command("import_do_not_call", str(path), "--team", team.public_id, *options)


def registered(team) -> set[str]:
    return {
        str(n)
        for n in DoNotCallEntry.objects.live().filter(team=team).values_list("number", flat=True)
    }


def test_a_file_of_one_number_per_line_is_registered(tmp_path, team):
    path = tmp_path / "dnc.txt"
    path.write_text("+1 (415) 555-0101\n\n+14155550102\n+14155550101\n")

    result = run(path, team, "--reason", "State list")

    assert result.code == 0, result.stderr
    assert registered(team) == {"+14155550101", "+14155550102"}
    entry = DoNotCallEntry.objects.filter(team=team).first()
    assert (entry.source, entry.reason) == ("import", "State list")
    assert "2 registered" in result.stdout
    assert "0 rejected" in result.stdout


def test_national_numbers_take_the_default_region(tmp_path, team):
    path = tmp_path / "dnc.txt"
    path.write_text("number\n(415) 555-0101\n")

    assert run(path, team, "--default-region", "us").code == 0
    assert registered(team) == {"+14155550101"}


def test_a_csv_number_column_is_found_by_its_header_or_named(tmp_path, team):
    path = tmp_path / "dnc.csv"
    path.write_text("Name,Phone Number\nAnn,+14155550101\nBob,+14155550102\n")
    assert run(path, team).code == 0
    assert registered(team) == {"+14155550101", "+14155550102"}

    other = tmp_path / "other.csv"
    other.write_text("Name,Cell\nCy,+14155550103\n")
    with pytest.raises(CommandError, match="--column"):
        run(other, team)
    assert run(other, team, "--column", "cell").code == 0
    assert "+14155550103" in registered(team)


def test_bad_numbers_go_to_the_error_report_and_the_exit_status_is_2(tmp_path, team):
    path = tmp_path / "dnc.csv"
    path.write_text("name,phone\nAnn,+14155550101\nBob,12345\nCy,=cmd()\n")

    result = run(path, team)

    assert result.code == 2
    assert registered(team) == {"+14155550101"}
    rows = report_of(tmp_path / "dnc.csv.errors.csv")
    assert [(row["line"], row["column"]) for row in rows] == [("3", "phone"), ("4", "phone")]
    assert rows[1]["value"] == "'=cmd()"  # a formula is neutralised, as import_contacts does
    assert "Error report:" in result.stderr


def test_a_second_run_is_idempotent(tmp_path, team):
    path = tmp_path / "dnc.txt"
    path.write_text("+14155550101\n+14155550102\n")
    run(path, team)

    again = run(path, team)

    assert again.code == 0
    assert "0 registered, 2 already on the registry" in again.stdout
    assert DoNotCallEntry.objects.count() == 2


def test_bad_arguments_write_nothing(tmp_path, team):
    path = tmp_path / "dnc.txt"
    path.write_text("+14155550101\n")
    with pytest.raises(CommandError, match="No file"):
        run(tmp_path / "missing.txt", team)
    with pytest.raises(CommandError, match="--team"):
        run_command("import_do_not_call", str(path), "--team", "team_nope")
    with pytest.raises(CommandError, match="--default-region"):
        run(path, team, "--default-region", "XX")
    with pytest.raises(CommandError, match="--errors"):
        run(path, team, "--errors", str(path))
    assert not DoNotCallEntry.objects.exists()


def test_imported_numbers_block_the_contacts_carrying_them(tmp_path, api, team, company):
    contact = ContactFactory(company=company, phone="+14155550101")
    path = tmp_path / "dnc.txt"
    path.write_text("+14155550101\n")

    run(path, team)

    answer = api.get(f"{CONTACTS}/{contact.public_id}").json()["contact"]
    assert answer["call_blockers"] == ["number_on_do_not_call_list"]
