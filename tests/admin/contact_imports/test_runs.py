"""Running an uploaded file: a dry run, then the import, each a job a real worker runs
(`manage.py worker`), followed on the file's page and its status, with the summary, the error
report and the history of what it wrote."""

import csv
import io
import json

import pytest

from contacts.models import Contact, ContactImport
from history.models import ContactEvent
from tests.admin.contact_imports.pages import (
    errors_url,
    page_url,
    people,
    status_url,
    the_import,
    upload,
)
from tests.kit.admin import messages_of
from tests.kit.imports import REPORT_COLUMNS
from tests.kit.worker import wait_for


def status(client, contact_import) -> dict:
    response = client.get(status_url(contact_import))
    assert response.status_code == 200
    return json.loads(response.content)


def run_to_the_end(client, contact_import, worker, button: str) -> dict:
    response = client.post(page_url(contact_import), {button: "1"})
    assert response.status_code == 302
    wait_for(lambda: status(client, contact_import)["finished"], worker, "finished import", 120)
    return status(client, contact_import)


def report_rows(client, contact_import) -> list[dict]:
    response = client.get(errors_url(contact_import))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    reader = csv.reader(io.StringIO(response.content.decode()))
    assert next(reader) == REPORT_COLUMNS
    return [dict(zip(REPORT_COLUMNS, row, strict=True)) for row in reader]


def test_a_dry_run_then_the_import_run_on_a_worker(member_client, member, team, start_worker):
    upload(member_client, team, people(30, bad_every=10), default_region="US")
    contact_import = the_import()
    worker = start_worker()

    dry = run_to_the_end(member_client, contact_import, worker, "_dry_run")

    assert (dry["status"], dry["dry_run"]) == ("done", True)
    assert (dry["rows_read"], dry["created"], dry["rejected"]) == (30, 27, 3)
    assert "27 would be created" in dry["summary"]
    assert not Contact.objects.exists()
    assert [row["line"] for row in report_rows(member_client, contact_import)] == ["11", "21", "31"]

    done = run_to_the_end(member_client, contact_import, worker, "_import")

    assert (done["status"], done["dry_run"]) == ("done", False)
    assert (done["created"], done["rejected"], done["percent"]) == (27, 3, 100)
    assert "27 created" in done["summary"]
    assert Contact.objects.filter(team=team).count() == 27
    contact = Contact.objects.get(email="person1@tradeshow.example")
    assert str(contact.phone) == "+14155550001"
    assert contact.tags == ["imported"]
    report = report_rows(member_client, contact_import)
    assert report[0] == {
        "line": "11",
        "column": "E-mail",
        "value": "not-an-email",
        "reason": report[0]["reason"],
    }
    page = member_client.get(page_url(contact_import)).content.decode()
    assert "27 created" in page and "Download the error report" in page
    assert 'name="_import"' not in page  # imported: not offered twice

    # History names the staff member who started it, and the import.
    [create] = ContactEvent.objects.filter(pgh_obj_id=contact.pk)
    assert create.pgh_context.metadata == {
        "actor_type": "staff_user",
        "actor": "mia",
        "actor_id": member.pk,
        "path": f"admin import {contact_import.public_id} of people.csv",
    }
    assert worker.stop() == 0


def test_an_imported_file_is_not_imported_twice(member_client, team, start_worker):
    upload(member_client, team, people(3), default_region="US")
    contact_import = the_import()
    worker = start_worker()
    run_to_the_end(member_client, contact_import, worker, "_import")

    response = member_client.post(page_url(contact_import), {"_import": "1"}, follow=True)

    assert "already being imported, or has been" in " ".join(messages_of(response))
    assert the_import().status == ContactImport.Status.DONE
    assert Contact.objects.count() == 3


def test_a_queued_run_is_not_queued_again(member_client, team, queue):
    upload(member_client, team, people(3), default_region="US")
    contact_import = the_import()

    member_client.post(page_url(contact_import), {"_import": "1"})
    again = member_client.post(page_url(contact_import), {"_dry_run": "1"}, follow=True)

    assert "already being imported" in " ".join(messages_of(again))
    from procrastinate.contrib.django.models import ProcrastinateJob

    [job] = ProcrastinateJob.objects.filter(task_name="run_contact_import")
    assert job.args == {"import_id": str(contact_import.pk), "dry_run": False}
    assert status(member_client, contact_import)["status"] == "queued"


def test_all_or_nothing_with_rejected_rows_writes_nothing(member_client, team, start_worker):
    upload(member_client, team, people(20, bad_every=7), default_region="US", all_or_nothing="on")
    worker = start_worker()

    done = run_to_the_end(member_client, the_import(), worker, "_import")

    assert (done["status"], done["rejected"]) == ("done", 2)
    assert not Contact.objects.exists()


@pytest.mark.parametrize("rows", [12_000])
def test_a_big_file_runs_in_batches_with_its_counts_reported(
    member_client, team, start_worker, rows
):
    upload(member_client, team, people(rows), default_region="US")
    worker = start_worker()

    done = run_to_the_end(member_client, the_import(), worker, "_import")

    assert (done["rows_read"], done["created"], done["lines_done"]) == (rows, rows, rows + 1)
    assert "error_report_url" not in done
    assert Contact.objects.filter(team=team).count() == rows
