"""`import_contacts` reads files as they come: Excel CSVs, encodings, tab-separated and JSON
Lines files, the format option, and columns it does not know."""

import pytest
from django.core.management import CommandError

from contacts.models import Contact
from tests.kit.imports import contacts_of, default_report, report_of, run_import, sample, write_csv

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


def test_a_utf16_file_is_detected_by_its_byte_order_mark(tmp_path, team):
    path = sample(tmp_path, "excel_unicode_text_utf16.txt")

    run = run_import(path, team)

    assert run.code == 0, run.stderr
    assert contacts_of(team)["soren.kierkegaard@example.dk"].first_name == "Søren"


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
