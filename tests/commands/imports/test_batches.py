"""`import_contacts` in batches: the batch size changes nothing, a re-run changes nothing, and
an interrupted run keeps whole batches."""

import pytest
from django.core.management import CommandError
from django.db import OperationalError

from contacts.imports import loading
from contacts.models import Contact
from tests.factories import CompanyFactory, TeamFactory
from tests.kit.imports import (
    LONG_AGO,
    contacts_of,
    default_report,
    report_of,
    run_import,
    sample,
    write_csv,
)


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
