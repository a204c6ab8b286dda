"""`import_contacts` explains every rejected row in its error report, and stops on files it
cannot use."""

import pytest
from django.core.management import CommandError

from contacts.models import Contact
from tests.factories import ContactFactory
from tests.kit.imports import (
    BAD_ROWS_REJECTED,
    contacts_of,
    default_report,
    report_of,
    run_import,
    sample,
    write_csv,
)

# --- the error report -----------------------------------------------------------------------------


def test_every_rejected_row_is_reported_with_its_line_column_value_and_reason(
    tmp_path, team, company
):
    path = sample(tmp_path, "bad_rows.csv")

    run = run_import(path, team)

    assert run.code == 2
    report = report_of(default_report(path))
    # One row per bad cell; each of these records has exactly one. (The record on lines
    # 15-16 has its own test.)
    assert len(report) == BAD_ROWS_REJECTED
    single_line = [int(row["line"]) for row in report if row["value"] != "+1 415 555 123"]
    assert single_line == [5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 18]
    expected = {
        # Lines 3-4 are one record (a quoted newline), so the next bad row is on line 5.
        5: ("Phone", "12345", "not an international phone number"),
        6: ("Email", "not-an-email", "valid email"),
        7: ("Time Zone", "Mars/Olympus", "not an IANA time zone"),
        8: ("Lead Status", "hot", "not a lead status"),
        9: ("Do Not Call", "maybe", "yes/no"),
        10: ("Last Name", "", "Required"),
        11: ("First Name", "X" * 101, "At most 100 characters"),
        12: ("Custom Fields", "{not json}", "JSON object"),
        13: ("Tags", "t" * 51, "longer than 50 characters"),
    }
    by_line = {int(row["line"]): row for row in report}
    for line, (column, value, reason) in expected.items():
        assert (by_line[line]["column"], by_line[line]["value"]) == (column, value), line
        assert reason in by_line[line]["reason"], by_line[line]
    assert by_line[14]["value"] == "Nowhere Ltd"
    assert "--create-companies" in by_line[14]["reason"]
    assert "cells for 11 columns" in by_line[18]["reason"]


def test_a_too_long_name_is_reported_once_not_also_as_missing(tmp_path, team):
    path = write_csv(tmp_path, [["First Name", "Last Name"], ["X" * 101, "Long"]])

    run_import(path, team)

    report = report_of(default_report(path))
    assert [(r["line"], r["column"], r["reason"]) for r in report] == [
        ("2", "First Name", "At most 100 characters (this has 101)."),
    ]


def test_a_rejected_record_spanning_two_lines_is_reported_at_the_line_it_starts(
    tmp_path, team, company
):
    # The bad phone's record starts on line 15; its quoted notes end on line 16.
    path = sample(tmp_path, "bad_rows.csv")

    run_import(path, team)

    phones = [row for row in report_of(default_report(path)) if row["value"] == "+1 415 555 123"]
    assert [row["line"] for row in phones] == ["15"]


def test_an_unknown_company_is_reported_under_the_files_column_name(tmp_path, team, company):
    path = sample(tmp_path, "bad_rows.csv")

    run_import(path, team)

    rows = [row for row in report_of(default_report(path)) if row["value"] == "Nowhere Ltd"]
    assert [(row["line"], row["column"]) for row in rows] == [("14", "Company")]


def test_good_rows_go_in_while_bad_ones_are_reported(tmp_path, team, company):
    run = run_import(sample(tmp_path, "bad_rows.csv"), team)

    assert run.code == 2
    contacts = contacts_of(team)
    assert set(contacts) == {
        "good.one@example.com",
        "good.two@example.com",
        "good.three@example.com",
    }
    assert contacts["good.two@example.com"].notes == "First line of notes,\nsecond line"
    three = contacts["good.three@example.com"]
    assert three.timezone == "Europe/Paris"
    assert three.lead_status == "converted"
    assert three.do_not_call is True
    assert three.tags == ["a", "b"]
    assert three.custom_fields == {"tier": "gold"}
    assert three.company == company
    assert "Error report:" in run.stderr


def test_summary_line_counts_read_created_updated_skipped_and_rejected(tmp_path, team, company):
    ContactFactory(company=company, email="good.one@example.com")

    run = run_import(sample(tmp_path, "bad_rows.csv"), team)

    assert run.counts == {"read": 15, "created": 2, "updated": 0, "skipped": 1, "rejected": 12}


def test_errors_option_puts_the_report_where_asked(tmp_path, team, company):
    path = sample(tmp_path, "bad_rows.csv")
    elsewhere = tmp_path / "reports" / "bad.csv"
    elsewhere.parent.mkdir()

    run = run_import(path, team, "--errors", str(elsewhere))

    assert len({row["line"] for row in report_of(elsewhere)}) == BAD_ROWS_REJECTED
    assert not default_report(path).exists()
    assert str(elsewhere) in run.stderr


def test_error_report_defaults_to_beside_the_input_file(tmp_path, team, company):
    path = sample(tmp_path, "bad_rows.csv")

    run = run_import(path, team)

    assert (tmp_path / "bad_rows.csv.errors.csv").is_file()
    report = report_of(tmp_path / "bad_rows.csv.errors.csv")
    assert len({row["line"] for row in report}) == BAD_ROWS_REJECTED
    assert "bad_rows.csv.errors.csv" in run.stderr


def test_an_error_report_that_cannot_be_written_stops_the_run_before_writing(
    tmp_path, team, company
):
    path = sample(tmp_path, "bad_rows.csv")
    nowhere = tmp_path / "missing-folder" / "errors.csv"

    with pytest.raises(CommandError, match="missing-folder"):
        run_import(path, team, "--errors", str(nowhere))

    assert not Contact.objects.filter(team=team).exists()


def test_fixing_the_rejected_rows_and_running_again_completes_the_import(tmp_path, team, company):
    path = sample(tmp_path, "bad_rows.csv")
    run_import(path, team)
    fixed = [
        ["First Name", "Last Name", "Email", "Phone"],
        ["Good", "One", "good.one@example.com", "+14155550101"],
        ["Bad", "Phone", "bad.phone@example.com", "+14155550105"],
    ]

    rerun = run_import(write_csv(tmp_path, fixed, "bad_rows.csv"), team)

    assert rerun.code == 0, rerun.stderr
    assert rerun.counts == {"read": 2, "created": 1, "updated": 0, "skipped": 1, "rejected": 0}
    assert str(contacts_of(team)["bad.phone@example.com"].phone) == "+14155550105"


def test_a_missing_file_is_a_command_error(tmp_path, team):
    with pytest.raises(CommandError, match="No file"):
        run_import(tmp_path / "nope.csv", team)


def test_an_empty_file_is_a_command_error(tmp_path, team):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")

    with pytest.raises(CommandError, match="empty"):
        run_import(path, team)


def test_a_spreadsheet_is_a_command_error_not_a_list_of_garbage_columns(tmp_path, team):
    path = tmp_path / "people.csv"
    path.write_bytes(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml")

    with pytest.raises(CommandError, match="not CSV text"):
        run_import(path, team)


def test_a_nul_byte_past_the_header_is_one_rejected_row(tmp_path, team):
    path = tmp_path / "people.csv"
    path.write_bytes(b"First Name,Last Name\nAnn,Lee\nBo\x00b,Ray\n")

    run = run_import(path, team)

    assert run.code == 2
    assert [row["line"] for row in report_of(default_report(path))] == ["3"]
    assert run.counts["created"] == 1


def test_a_file_with_only_its_header_imports_nothing_and_succeeds(tmp_path, team):
    path = write_csv(tmp_path, [["First Name", "Last Name", "Email"]])

    run = run_import(path, team)

    assert run.code == 0, run.stderr
    assert run.counts == {"read": 0, "created": 0, "updated": 0, "skipped": 0, "rejected": 0}


def test_a_file_without_a_last_name_column_is_a_command_error(tmp_path, team):
    path = write_csv(tmp_path, [["First Name", "Email"], ["Ann", "ann@example.com"]])

    with pytest.raises(CommandError, match="last name"):
        run_import(path, team)

    assert not Contact.objects.filter(team=team).exists()
