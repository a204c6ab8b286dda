"""The contact import pages as a staff member uses them: upload, the file's page, its status."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile

from contacts.models import ContactImport
from tests.kit.admin import admin_url

UPLOAD_URL = admin_url("contacts_contactimport_add")

HEADER = ["First Name", "Last Name", "E-mail", "Phone Number", "Company", "Tags"]


def csv_bytes(rows: list[list[str]], *, encoding: str = "utf-8") -> bytes:
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    return text.getvalue().encode(encoding)


def people(count: int, *, bad_every: int = 0) -> bytes:
    """A CSV of `count` people; every `bad_every`-th one with an email that is no email."""
    rows = [HEADER]
    for n in range(1, count + 1):
        email = (
            "not-an-email" if bad_every and n % bad_every == 0 else f"person{n}@tradeshow.example"
        )
        rows.append([f"Person{n}", "Example", email, f"(415) 555-{n % 10000:04d}", "", "imported"])
    return csv_bytes(rows)


def upload(client, team, data: bytes, *, name: str = "people.csv", **options):
    """Post the upload form with the file and options (as the form names them)."""
    fields = {"team": team.pk, "on_duplicate": "skip", "match": "email", **options}
    fields["file"] = SimpleUploadedFile(name, data, content_type="text/csv")
    return client.post(UPLOAD_URL, fields)


def page_url(contact_import: ContactImport) -> str:
    return admin_url("contacts_contactimport_change", contact_import.pk)


def status_url(contact_import: ContactImport) -> str:
    return admin_url("contacts_contactimport_status", contact_import.pk)


def errors_url(contact_import: ContactImport) -> str:
    return admin_url("contacts_contactimport_errors", contact_import.pk)


def upload_error(response) -> str:
    """The form's message about the file (the page is shown again, not a 500)."""
    assert response.status_code == 200, response.status_code
    return " ".join(response.context["form"].errors.get("file", []))


def the_import() -> ContactImport:
    return ContactImport.objects.get()
