"""`import_contacts` on files as they come: every option, every rejected row explained.

The sample files live in `samples/`; each test imports a copy from `tmp_path`, so the error
report written beside the file lands there too.
"""

import csv
import io
import json
import re
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError

from companies.models import Company
from contacts.imports import loading
from contacts.imports.reading import unescape_cell
from contacts.models import Contact
from crm import ids
from tests.factories import CompanyFactory, ContactFactory, TeamFactory

SAMPLES = Path(__file__).parent / "samples"
SUMMARY = re.compile(
    r"^Read (?P<read>[\d,]+) rows in [\d.,]+ s: (?P<created>[\d,]+) "
    r"(?:would be |would have been )?created, (?P<updated>[\d,]+) "
    r"(?:would be |would have been )?updated, "
    r"(?P<skipped>[\d,]+) skipped, (?P<rejected>[\d,]+) rejected\.$",
    re.MULTILINE,
)
REPORT_COLUMNS = ["line", "column", "value", "reason"]
LONG_AGO = datetime(2020, 1, 1, tzinfo=UTC)
BAD_ROWS_REJECTED = 12  # records of bad_rows.csv that are rejected


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str

    @property
    def counts(self) -> dict[str, int]:
        """The summary line's numbers: read, created, updated, skipped, rejected."""
        found = SUMMARY.findall(self.stdout)
        assert len(found) == 1, f"expected one summary line in {self.stdout!r}"
        names = ["read", "created", "updated", "skipped", "rejected"]
        return {
            name: int(value.replace(",", "")) for name, value in zip(names, found[0], strict=True)
        }


def sample(tmp_path: Path, name: str, as_name: str | None = None) -> Path:
    """A copy of a sample file in tmp_path."""
    target = tmp_path / (as_name or name)
    shutil.copyfile(SAMPLES / name, target)
    return target


def write_csv(tmp_path: Path, rows: list[list[str]], name: str = "contacts.csv") -> Path:
    path = tmp_path / name
    with path.open("w", newline="", encoding="utf-8") as file:
        csv.writer(file).writerows(rows)
    return path


def run_import(path: Path, team, *options: str) -> Run:
    """Run the command; its exit status (0 when it returns), stdout and stderr."""
    stdout, stderr = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command(
            "import_contacts",
            str(path),
            "--team",
            team.public_id,
            *options,
            stdout=stdout,
            stderr=stderr,
        )
    except SystemExit as exit:
        code = exit.code
    return Run(code, stdout.getvalue(), stderr.getvalue())


def fail_third_load(monkeypatch, error: BaseException) -> None:
    """Make the loader's third batch raise `error` (Ctrl-C, a lost connection...)."""
    real_load = loading.ContactLoader.load
    calls = []

    def load(self, rows):
        calls.append(len(rows))
        if len(calls) == 3:
            raise error
        return real_load(self, rows)

    monkeypatch.setattr(loading.ContactLoader, "load", load)


def report_of(path: Path) -> list[dict]:
    """The error report's rows; its header must be line, column, value, reason."""
    with path.open(newline="", encoding="utf-8") as file:
        reader = csv.reader(file)
        assert next(reader) == REPORT_COLUMNS
        return [dict(zip(REPORT_COLUMNS, row, strict=True)) for row in reader]


def default_report(path: Path) -> Path:
    return path.with_name(path.name + ".errors.csv")


def contacts_of(team) -> dict[str, Contact]:
    """The team's live contacts by lower-cased email."""
    return {c.email.lower(): c for c in Contact.objects.live().filter(team=team) if c.email}


def snapshot(team) -> list[tuple]:
    """Everything an import sets on a team's live contacts, IDs and timestamps aside."""
    return sorted(
        (
            c.first_name,
            c.last_name,
            c.email,
            str(c.phone or ""),
            str(c.phone_secondary or ""),
            c.job_title,
            c.company.name if c.company_id else None,
            c.lead_status,
            c.source,
            c.timezone,
            c.preferred_contact_method,
            c.do_not_call,
            c.notes,
            tuple(c.tags),
            repr(sorted(c.custom_fields.items())),
            c.external_id,
        )
        for c in Contact.objects.live().filter(team=team).select_related("company")
    )


# --- files as they come ---------------------------------------------------------------------------


def test_excel_semicolon_csv_with_bom_and_human_headers_is_imported(tmp_path, team, company):
    path = sample(tmp_path, "excel_semicolon_bom.csv")

    run = run_import(path, team)

    assert run.code == 0, run.stderr
    # Six people; the blank line and the row of empty cells are not rows.
    assert run.counts == {"read": 6, "created": 6, "updated": 0, "skipped": 0, "rejected": 0}
    contacts = contacts_of(team)
    jose = contacts["jose.garcia@example.com"]
    assert (jose.first_name, jose.last_name) == ("José", "García")
    assert str(jose.phone) == "+14155550101"
    assert str(jose.phone_secondary) == "+442071838750"
    assert jose.tags == ["vip", "enterprise"]
    assert jose.notes == "Met at the fair.\nCall back in May."
    chloe = contacts["chloe.martin@example.com"]
    assert chloe.tags == ["new lead", "vip"]
    assert chloe.notes == "Prefers email; no calls before 10am,\nthen anytime."
    assert contacts["amelie.dubois@example.com"].tags == ["warm", "cold"]
    bjorn = contacts["bjorn.astrom@example.se"]
    assert (bjorn.first_name, bjorn.last_name) == ("Björn", "Åström")
    # Empty cells mean "not given".
    assert bjorn.phone is None
    assert bjorn.phone_secondary is None
    assert bjorn.notes is None
    assert bjorn.tags == []
    assert not default_report(path).exists()


def test_do_not_call_takes_yes_no_y_n_true_false_1_0_in_any_case(tmp_path, team, company):
    run_import(sample(tmp_path, "excel_semicolon_bom.csv"), team)

    flags = {email: c.do_not_call for email, c in contacts_of(team).items()}
    assert flags == {
        "jose.garcia@example.com": True,  # yes
        "amelie.dubois@example.com": False,  # N
        "bjorn.astrom@example.se": True,  # TRUE
        "chloe.martin@example.com": False,  # 0
        "dana.smith@example.com": False,  # no
        "eve.jones@example.com": True,  # Y
    }


def test_a_doubled_quote_far_into_an_excel_file_is_read_as_one_quote(tmp_path, team):
    # Excel writes a quote inside a cell as "". The file's first 64 KiB hold quoted cells
    # but no "", so a reader that guesses the dialect from the start must not forget it.
    rows = [["First Name", "Last Name", "Email", "Notes"]]
    rows += [[f"P{n}", "Long", f"p{n}@example.com", "x" * 200 + ", quoted"] for n in range(300)]
    rows.append(["Quote", "Late", "quote.late@example.com", 'He said "call me", then left'])
    path = write_csv(tmp_path, rows)
    assert path.stat().st_size > 64 * 1024
    assert '"He said ""call me"", then left"' in path.read_text()

    run = run_import(path, team)

    assert run.code == 0, run.stderr
    assert contacts_of(team)["quote.late@example.com"].notes == 'He said "call me", then left'


def test_windows_1252_file_is_read_without_an_encoding_option(tmp_path, team):
    path = sample(tmp_path, "latin1_windows1252.csv")

    run = run_import(path, team)

    assert run.code == 0, run.stderr
    assert run.counts["created"] == 4
    names = {(c.first_name, c.last_name) for c in contacts_of(team).values()}
    assert names == {
        ("José", "Muñoz"),
        ("François", "Lefèvre"),
        ("Zoë", "O\u2019Brien"),
        ("Jürgen", "Weiß"),
    }
    contacts = contacts_of(team)
    assert contacts["francois.lefevre@example.fr"].notes == "Says \u201cbonjour\u201d \u2013 always"
    assert contacts["zoe.obrien@example.ie"].notes == "Budget: 5000 €"
    assert contacts["juergen.weiss@example.de"].job_title == "Geschäftsführer"


def test_encoding_option_reads_a_utf16_excel_unicode_text_file(tmp_path, team):
    path = sample(tmp_path, "excel_unicode_text_utf16.txt")

    run = run_import(path, team, "--encoding", "utf-16")

    assert run.code == 0, run.stderr
    contacts = contacts_of(team)
    eleni = contacts["eleni.papadopoulou@example.gr"]
    assert (eleni.first_name, eleni.last_name, eleni.job_title) == (
        "Ελένη",
        "Παπαδοπούλου",
        "Διευθύντρια",
    )
    assert contacts["soren.kierkegaard@example.dk"].first_name == "Søren"


def test_encoding_option_is_used_instead_of_detection(tmp_path, team):
    # Read as Latin-1 rather than Windows-1252, the apostrophe byte 0x92 is a control character.
    path = sample(tmp_path, "latin1_windows1252.csv")

    run_import(path, team, "--encoding", "latin-1")

    assert contacts_of(team)["zoe.obrien@example.ie"].last_name == "O\x92Brien"


def test_unknown_encoding_is_a_command_error_and_writes_nothing(tmp_path, team):
    path = sample(tmp_path, "latin1_windows1252.csv")

    with pytest.raises(CommandError, match="no-such-codec"):
        run_import(path, team, "--encoding", "no-such-codec")

    assert not Contact.objects.filter(team=team).exists()


def test_tab_separated_file_with_api_camelcase_headers(tmp_path, team):
    run = run_import(sample(tmp_path, "api_camelcase.tsv"), team)

    assert run.code == 0, run.stderr
    assert run.counts["created"] == 3
    contacts = contacts_of(team)
    sarah = contacts["sarah.chen@example.com"]
    assert sarah.external_id == "crm-1001"
    assert str(sarah.phone) == "+14155551234"
    assert str(sarah.phone_secondary) == "+14155550100"
    assert sarah.job_title == "VP of Engineering"
    assert sarah.lead_status == "qualified"
    assert sarah.source == "trade-show"
    assert sarah.timezone == "America/Los_Angeles"
    assert sarah.preferred_contact_method == "phone"
    assert sarah.do_not_call is False
    assert sarah.notes == "Met at booth 12"
    assert sarah.tags == ["enterprise", "warm-lead"]
    assert sarah.custom_fields == {"company_size": "500-1000", "interest": "outbound"}
    miguel = contacts["miguel.angel@example.es"]
    assert (miguel.last_name, miguel.lead_status, miguel.do_not_call) == (
        "Ángel",
        "contacted",
        True,
    )
    assert miguel.tags == ["spain", "partner"]
    assert miguel.custom_fields == {"budget": 5000}
    ola = contacts["ola.nordmann@example.no"]
    assert (ola.lead_status, ola.external_id, ola.custom_fields, ola.tags) == ("new", None, {}, [])


def test_json_lines_with_camelcase_and_snake_case_keys(tmp_path, team):
    path = sample(tmp_path, "mixed_keys.jsonl")

    run = run_import(path, team)

    assert run.code == 2, run.stderr
    assert run.counts == {"read": 5, "created": 3, "updated": 0, "skipped": 0, "rejected": 2}
    contacts = contacts_of(team)
    ana = contacts["ana.souza@example.com.br"]
    assert ana.tags == ["vip", "brazil"]
    assert ana.custom_fields == {
        "budget": {"amount": 5000, "currency": "BRL"},
        "decision_maker": True,
    }
    assert str(ana.phone) == "+551134567890"
    ken = contacts["ken.tanaka@example.jp"]
    assert (ken.first_name, ken.last_name, ken.job_title) == ("Ken", "Tanaka", "CTO")
    assert ken.do_not_call is True
    assert str(ken.phone_secondary) == "+81312345678"
    assert ken.custom_fields == {"employees": 250}
    assert ken.timezone == "Asia/Tokyo"
    assert contacts["lea.schmidt@example.de"].notes == "Zeile eins\nZeile zwei"
    assert [row["line"] for row in report_of(default_report(path))] == ["4", "5"]


def test_json_lines_that_cannot_be_read_are_reported_and_the_rest_imported(tmp_path, team):
    path = sample(tmp_path, "bad_lines.jsonl")

    run = run_import(path, team)

    assert run.code == 2
    assert run.counts == {"read": 5, "created": 1, "updated": 0, "skipped": 0, "rejected": 4}
    assert set(contacts_of(team)) == {"wim.devries@example.nl"}
    assert contacts_of(team)["wim.devries@example.nl"].do_not_call is True
    report = report_of(default_report(path))
    assert [row["line"] for row in report] == ["1", "2", "4", "5"]
    tags, broken, array, custom = report
    assert tags["column"] == "tags"
    assert "';'" in tags["reason"]
    assert "not valid JSON" in broken["reason"]
    assert "JSON object" in array["reason"]
    assert custom["column"] == "customFields"


def test_a_json_line_with_a_lone_surrogate_is_rejected_and_a_pair_is_read(tmp_path, team):
    path = tmp_path / "surrogates.jsonl"
    path.write_text(
        '{"firstName": "Lone \\ud83c", "lastName": "Half", "email": "half@example.com"}\n'
        '{"firstName": "Party \\ud83c\\udf89", "lastName": "Pair", "email": "pair@example.com"}\n',
        encoding="utf-8",
    )

    run = run_import(path, team)

    assert run.counts["rejected"] == 1
    assert "not valid JSON" in report_of(default_report(path))[0]["reason"]
    assert contacts_of(team)["pair@example.com"].first_name == "Party 🎉"


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


# --- format ---------------------------------------------------------------------------------------


def test_format_is_detected_from_a_jsonl_extension(tmp_path, team):
    run = run_import(sample(tmp_path, "api_contacts.jsonl"), team)

    assert run.code == 0, run.stderr
    assert set(contacts_of(team)) == {"rita.moreno@example.com", "sam.okafor@example.com"}
    assert contacts_of(team)["rita.moreno@example.com"].custom_fields == {"score": 9}


def test_format_is_detected_from_the_content_without_a_known_extension(tmp_path, team):
    run = run_import(sample(tmp_path, "api_contacts.jsonl", as_name="export.dat"), team)

    assert run.code == 0, run.stderr
    assert len(contacts_of(team)) == 2


def test_format_option_forces_json_lines(tmp_path, team):
    path = sample(tmp_path, "api_contacts.jsonl", as_name="contacts.txt")

    run = run_import(path, team, "--format", "jsonl")

    assert run.code == 0, run.stderr
    assert contacts_of(team)["sam.okafor@example.com"].do_not_call is True


def test_format_option_forces_csv(tmp_path, team, company):
    path = sample(tmp_path, "people.csv", as_name="misnamed.jsonl")

    run = run_import(path, team, "--format", "csv")

    assert run.code == 0, run.stderr
    assert len(contacts_of(team)) == 7


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


# --- dry run and all-or-nothing -------------------------------------------------------------------


def test_dry_run_writes_nothing_but_reports_counts(tmp_path, team, company):
    run = run_import(sample(tmp_path, "companies.csv"), team, "--dry-run", "--create-companies")

    assert run.code == 0, run.stderr
    assert run.counts == {"read": 4, "created": 4, "updated": 0, "skipped": 0, "rejected": 0}
    assert "would be created" in run.stdout
    assert not Contact.objects.filter(team=team).exists()
    assert list(Company.objects.filter(team=team)) == [company]


def test_dry_run_reports_rejected_rows_and_exits_2(tmp_path, team, company):
    path = sample(tmp_path, "bad_rows.csv")

    run = run_import(path, team, "--dry-run")

    assert run.code == 2
    assert run.counts == {"read": 15, "created": 3, "updated": 0, "skipped": 0, "rejected": 12}
    assert len({row["line"] for row in report_of(default_report(path))}) == BAD_ROWS_REJECTED
    assert not Contact.objects.filter(team=team).exists()


def test_dry_run_counts_updates_without_making_them(tmp_path, team, company):
    liam = ContactFactory(company=company, email="liam.walsh@example.ie", job_title="Engineer")

    run = run_import(sample(tmp_path, "people.csv"), team, "--dry-run", "--on-duplicate", "update")

    assert run.counts == {"read": 7, "created": 6, "updated": 1, "skipped": 0, "rejected": 0}
    liam.refresh_from_db()
    assert liam.first_name != "Liam"
    assert Contact.objects.filter(team=team).count() == 1


def test_all_or_nothing_writes_nothing_when_one_row_is_bad(tmp_path, team, company):
    path = sample(tmp_path, "bad_rows.csv")

    run = run_import(path, team, "--all-or-nothing", "--create-companies")

    assert run.code == 2
    assert not Contact.objects.filter(team=team).exists()
    assert list(Company.objects.filter(team=team)) == [company]  # Nowhere Ltd rolled back
    # Every bad line but the company's (--create-companies would have made it).
    report = report_of(default_report(path))
    assert len({row["line"] for row in report}) == BAD_ROWS_REJECTED - 1
    assert "Nowhere Ltd" not in {row["value"] for row in report}
    assert "nothing was written" in run.stderr


def test_all_or_nothing_writes_everything_when_every_row_is_good(tmp_path, team, company):
    run = run_import(sample(tmp_path, "people.csv"), team, "--all-or-nothing", "--batch-size", "2")

    assert run.code == 0, run.stderr
    assert run.counts["created"] == 7
    assert len(contacts_of(team)) == 7


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


# --- batches, re-runs, interruption ---------------------------------------------------------------


@pytest.mark.parametrize("name", ["bad_rows.csv", "duplicates_in_file.csv", "people.csv"])
def test_batch_size_2_gives_the_same_result_as_the_default(tmp_path, db, name):
    teams = []
    outcomes = []
    for options in ([], ["--batch-size", "2"]):
        team = TeamFactory()
        CompanyFactory(team=team, name="Acme Inc")
        folder = tmp_path / str(len(teams))
        folder.mkdir()
        path = sample(folder, name)
        run = run_import(path, team, *options)
        report = report_of(default_report(path)) if default_report(path).exists() else []
        outcomes.append((run.code, run.counts, report))
        teams.append(team)

    assert outcomes[0] == outcomes[1]
    assert snapshot(teams[0]) == snapshot(teams[1])


def test_batch_size_2_with_update_gives_the_same_contacts_as_the_default(tmp_path, db):
    teams = []
    for options in ([], ["--batch-size", "2"]):
        team = TeamFactory()
        folder = tmp_path / str(len(teams))
        folder.mkdir()
        run_import(
            sample(folder, "duplicates_in_file.csv"), team, "--on-duplicate", "update", *options
        )
        teams.append(team)

    assert snapshot(teams[0]) == snapshot(teams[1])


def test_batch_size_below_1_is_a_command_error(tmp_path, team):
    with pytest.raises(CommandError, match="--batch-size"):
        run_import(sample(tmp_path, "people.csv"), team, "--batch-size", "0")


@pytest.mark.parametrize(
    "name", ["excel_semicolon_bom.csv", "api_camelcase.tsv", "people.csv", "api_contacts.jsonl"]
)
@pytest.mark.parametrize("on_duplicate", ["skip", "update"])
def test_running_the_same_file_twice_changes_nothing_the_second_time(
    tmp_path, team, company, name, on_duplicate
):
    path = sample(tmp_path, name)
    first = run_import(path, team, "--on-duplicate", on_duplicate)
    assert first.code == 0, first.stderr
    before = snapshot(team)
    # The first run's updated_at is this test transaction's now(); move it away so that a
    # second write would show.
    Contact.objects.filter(team=team).update(updated_at=LONG_AGO)

    second = run_import(path, team, "--on-duplicate", on_duplicate)

    assert second.code == 0, second.stderr
    read = first.counts["read"]
    assert second.counts == {
        "read": read,
        "created": 0,
        "updated": 0,
        "skipped": read,
        "rejected": 0,
    }
    assert snapshot(team) == before
    assert set(Contact.objects.filter(team=team).values_list("updated_at", flat=True)) == {LONG_AGO}


def test_running_the_same_file_twice_never_duplicates_a_row_without_an_email(tmp_path, team):
    # The default match key is the email; a row without one must not come back as a twin.
    path = write_csv(
        tmp_path,
        [
            ["First Name", "Last Name", "Email", "Phone"],
            ["Ann", "Lee", "ann.lee@example.com", "+14155550101"],
            ["Ben", "Fox", "", "+14155550102"],
        ],
    )
    run_import(path, team)

    run_import(path, team)

    assert Contact.objects.filter(team=team).count() == 2


def test_an_interrupted_run_keeps_whole_batches_and_a_rerun_finishes(
    tmp_path, team, company, monkeypatch
):
    path = sample(tmp_path, "people.csv")
    fail_third_load(monkeypatch, KeyboardInterrupt())

    run = run_import(path, team, "--batch-size", "2")

    assert run.code == 130
    # Batches of lines 2-3 and 4-5 were committed; the third never went in.
    assert set(contacts_of(team)) == {
        "liam.walsh@example.ie",
        "mia.costa@example.com",
        "noah.kim@example.com",
        "olga.ivanova@example.com",
    }
    assert "line 5" in run.stderr

    monkeypatch.undo()
    rerun = run_import(path, team, "--batch-size", "2")

    assert rerun.code == 0, rerun.stderr
    assert rerun.counts == {"read": 7, "created": 3, "updated": 0, "skipped": 4, "rejected": 0}
    emails = list(Contact.objects.filter(team=team).values_list("email", flat=True))
    assert len(emails) == len(set(emails)) == 7


def test_a_lost_connection_keeps_whole_batches_and_says_how_far_it_got(
    tmp_path, team, company, monkeypatch
):
    fail_third_load(monkeypatch, OperationalError("server closed the connection unexpectedly"))

    try:
        run = run_import(sample(tmp_path, "people.csv"), team, "--batch-size", "2")
        code, said = run.code, run.stderr
    except CommandError as error:
        code, said = 1, str(error)

    assert code != 0
    assert "line 5" in said
    assert len(contacts_of(team)) == 4


def test_an_interrupted_all_or_nothing_run_writes_nothing(tmp_path, team, company, monkeypatch):
    fail_third_load(monkeypatch, KeyboardInterrupt())

    run = run_import(sample(tmp_path, "people.csv"), team, "--batch-size", "2", "--all-or-nothing")

    assert run.code == 130
    assert not Contact.objects.filter(team=team).exists()


# --- extra columns --------------------------------------------------------------------------------


def test_extra_columns_custom_keeps_an_unknown_column_as_a_custom_field(tmp_path, team):
    run = run_import(sample(tmp_path, "unknown_column.csv"), team, "--extra-columns", "custom")

    assert run.code == 0, run.stderr
    contacts = contacts_of(team)
    assert contacts["ivy.chen@example.com"].custom_fields == {"Favourite Colour": "blue"}
    assert contacts["jon.berg@example.com"].custom_fields == {}


def test_an_unknown_column_stops_the_run_before_writing_and_is_named(tmp_path, team):
    path = sample(tmp_path, "unknown_column.csv")

    with pytest.raises(CommandError, match="'Favourite Colour'") as error:
        run_import(path, team)

    assert "--extra-columns custom" in str(error.value)
    assert not Contact.objects.filter(team=team).exists()
    assert not default_report(path).exists()


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
