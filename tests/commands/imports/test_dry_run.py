"""`import_contacts --dry-run` and `--all-or-nothing`: counting without writing, and writing all
or nothing."""

from companies.models import Company
from contacts.models import Contact
from tests.factories import ContactFactory
from tests.kit.imports import (
    BAD_ROWS_REJECTED,
    contacts_of,
    default_report,
    report_of,
    run_import,
    sample,
)

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
