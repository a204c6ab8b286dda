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


# --- files are read as import_contacts reads them (contacts.imports.reading) -----------------


def test_a_windows_1252_file_with_a_named_column_is_read(tmp_path, team):
    path = tmp_path / "dnc.csv"
    path.write_bytes("Nom;Numéro\nRenée;+33 1 42 68 53 00\n".encode("cp1252"))

    result = run(path, team, "--column", "numéro")

    assert result.code == 0, result.stderr
    assert registered(team) == {"+33142685300"}


def test_a_bom_and_a_header_spelled_any_way_are_understood(tmp_path, team):
    path = tmp_path / "dnc.csv"
    path.write_bytes("\ufeffName,Phone.Number\nAnn,+14155550101\n".encode())
    assert run(path, team).code == 0

    plain = tmp_path / "dnc.txt"
    plain.write_bytes("\ufeffTelephone\n+14155550102\n".encode())
    assert run(plain, team).code == 0

    assert registered(team) == {"+14155550101", "+14155550102"}


def test_the_delimiter_is_sniffed_from_the_file_not_its_first_line(tmp_path, team):
    # The header alone reads as comma-separated; the lines under it say otherwise.
    path = tmp_path / "dnc.csv"
    path.write_text(
        "Name (last, first);Phone\n"
        "Chen Sarah;+14155550101\nLi Bo;+14155550102\nWu Al;+14155550103\n"
    )

    result = run(path, team)

    assert result.code == 0, result.stderr
    assert registered(team) == {"+14155550101", "+14155550102", "+14155550103"}


def test_an_exports_guarded_cells_and_multiline_cells_are_read_and_lines_counted(tmp_path, team):
    path = tmp_path / "dnc.csv"
    path.write_text(
        "phone,notes\n"
        "'+14155550101,plain\n"
        '+14155550102,"two\nlines"\n'
        "12345,bad\n"
        "+14155550103,too,many,cells\n"
    )

    result = run(path, team)

    assert result.code == 2
    assert registered(team) == {"+14155550101", "+14155550102"}
    rows = report_of(tmp_path / "dnc.csv.errors.csv")
    assert [(row["line"], row["value"]) for row in rows] == [("5", "12345"), ("6", "")]
    assert rows[1]["reason"] == "4 cells for 2 columns"


def test_an_empty_file_is_refused_as_import_contacts_refuses_it(tmp_path, team):
    path = tmp_path / "dnc.txt"
    path.write_text("")

    with pytest.raises(CommandError, match="empty"):
        run(path, team)


# --- a file of one value a line is read line by line, with the CSV reader's answers ----------

LIST_LINES = ["", "  ", "Phone", "+14155550101", "", "12345", "'+14155550102", "=cmd()", "x"]


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"])
def test_a_list_and_the_same_list_as_quoted_csv_give_the_same_report(tmp_path, team, ending):
    plain = tmp_path / "plain.txt"
    plain.write_text(ending.join(LIST_LINES) + ending, newline="")
    # Quoting the last value sends the file through the CSV reader instead.
    quoted = tmp_path / "quoted.txt"
    quoted.write_text(ending.join([*LIST_LINES[:-1], '"x"']) + ending, newline="")

    results = [run(path, team) for path in (plain, quoted)]

    assert [result.code for result in results] == [2, 2]
    reports = [report_of(tmp_path / f"{name}.txt.errors.csv") for name in ("plain", "quoted")]
    assert reports[0] == reports[1]
    assert [(row["line"], row["column"], row["value"]) for row in reports[0]] == [
        ("6", "Phone", "12345"),
        ("8", "Phone", "'=cmd()"),
        ("9", "Phone", "x"),
    ]
    assert registered(team) == {"+14155550101", "+14155550102"}


def test_blank_lines_before_the_first_number_are_skipped(tmp_path, team):
    path = tmp_path / "dnc.txt"
    path.write_text("\n \n+14155550101\n1234\n")

    result = run(path, team)

    assert result.code == 2
    assert registered(team) == {"+14155550101"}
    assert [row["line"] for row in report_of(tmp_path / "dnc.txt.errors.csv")] == ["4"]


def test_blank_lines_before_a_csv_header_are_skipped(tmp_path, team):
    path = tmp_path / "dnc.csv"
    path.write_text("\n\nname,phone\nAnn,+14155550101\nBob,1234\n")

    result = run(path, team)

    assert result.code == 2
    assert registered(team) == {"+14155550101"}
    assert [row["line"] for row in report_of(tmp_path / "dnc.csv.errors.csv")] == ["5"]


def test_a_file_of_blank_lines_is_refused_as_empty(tmp_path, team):
    path = tmp_path / "dnc.txt"
    path.write_text("\n  \n\n")

    with pytest.raises(CommandError, match="empty"):
        run(path, team)


def test_a_named_column_missing_from_a_list_is_refused(tmp_path, team):
    path = tmp_path / "dnc.txt"
    path.write_text("Phone\n+14155550101\n")

    with pytest.raises(CommandError, match="No column 'cell'"):
        run(path, team, "--column", "cell")
    assert run(path, team, "--column", "phone").code == 0
    assert registered(team) == {"+14155550101"}
