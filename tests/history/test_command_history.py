"""Changes made by management commands are recorded with the command and its arguments, and
those of periodic tasks with the task."""

import pytest
from django.utils import timezone

from companies.models import Company
from contacts.models import Contact
from contacts.tasks import purge_archived_records_past_retention
from donotcall.models import DoNotCallEntry
from history.models import ContactEvent, DoNotCallEntryEvent
from tests.factories import ContactFactory
from tests.kit.api import COMPANIES, CONTACTS, detail_url
from tests.kit.commands import run_command
from tests.kit.imports import run_import, write_csv

pytestmark = pytest.mark.django_db


def history_of(api, contact) -> list[dict]:
    response = api.get(f"{detail_url(CONTACTS, contact)}/history")
    assert response.status_code == 200, response.content[:300]
    return response.json()["history"]


def test_an_import_records_each_contact_with_the_command_line(api, tmp_path, team, company):
    existing = ContactFactory(company=company, email="ann@example.com", job_title="Engineer")
    path = write_csv(
        tmp_path,
        [
            ["First Name", "Last Name", "Email", "Job Title"],
            ["Ann", "Lee", "ann@example.com", "CTO"],
            ["Bob", "Ray", "bob@example.com", ""],
        ],
    )

    options = ["--company", company.public_id, "--on-duplicate", "update"]
    assert run_import(path, team, *options).code == 0

    command_line = f"manage.py import_contacts {path} --team {team.public_id} " + " ".join(options)
    update = history_of(api, existing)[0]
    assert update["actor"] == {"type": "command", "name": "import_contacts", "id": None}
    assert update["path"] == command_line
    assert {c["field"]: (c["old"], c["new"]) for c in update["changes"]}["job_title"] == (
        "Engineer",
        "CTO",
    )
    created = Contact.objects.get(team=team, email="bob@example.com")
    [create] = history_of(api, created)
    assert (create["type"], create["path"]) == ("create", command_line)


def test_companies_an_import_creates_are_recorded_with_the_command_line(api, tmp_path, team):
    path = write_csv(
        tmp_path,
        [
            ["First Name", "Last Name", "Email", "Company"],
            ["Uma", "Lee", "uma@example.com", "Globex"],
            ["Vic", "Ray", "vic@example.com", "Initech"],
        ],
    )

    assert run_import(path, team, "--create-companies").code == 0

    for company in Company.objects.filter(team=team):
        response = api.get(f"{detail_url(COMPANIES, company)}/history")
        [create] = response.json()["history"]
        assert create["type"] == "create"
        assert create["actor"] == {"type": "command", "name": "import_contacts", "id": None}
        assert create["path"].startswith(f"manage.py import_contacts {path} ")


def test_purge_archived_records_each_purge(team, company):
    contact = ContactFactory(company=company, archived_at=timezone.now() - timezone.timedelta(40))

    run_command("purge_archived")

    purge = ContactEvent.objects.filter(pgh_obj_id=contact.pk).latest("pgh_id")
    assert purge.pgh_label == "purge"
    assert purge.pgh_context.metadata["path"] == "manage.py purge_archived"
    assert (purge.first_name, purge.archived_at) == (contact.first_name, contact.archived_at)


def test_the_periodic_purge_records_each_purge_with_the_task_as_actor(team, company):
    contact = ContactFactory(company=company, archived_at=timezone.now() - timezone.timedelta(40))

    purge_archived_records_past_retention(timestamp=int(timezone.now().timestamp()))

    purge = ContactEvent.objects.filter(pgh_obj_id=contact.pk).latest("pgh_id")
    assert purge.pgh_label == "purge"
    assert purge.pgh_context.metadata == {
        "actor_type": "task",
        "actor": "purge_archived_records",
        "path": "task purge_archived_records",
    }


def test_import_do_not_call_records_its_entries(tmp_path, team):
    path = tmp_path / "dnc.txt"
    path.write_text("+14155550101\n")

    run_command("import_do_not_call", str(path), "--team", team.public_id, "--reason", "State")

    entry = DoNotCallEntry.objects.get(team=team)
    [create] = DoNotCallEntryEvent.objects.filter(pgh_obj_id=entry.pk)
    assert create.pgh_context.metadata == {
        "actor_type": "command",
        "actor": "import_do_not_call",
        "path": f"manage.py import_do_not_call {path} --team {team.public_id} --reason State",
    }
