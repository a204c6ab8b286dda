"""Every declared editable field of a contact (contacts.models.CONTACT_FIELDS) is carried by
every surface: the API's request and response bodies and their OpenAPI schemas, the admin
form, the CSV and JSON Lines exports and their import, the importer's headers and staging
table. A field added to the declaration is checked here without a word more."""

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.utils.html import escape

from contacts import rules
from contacts.admin_widgets import CustomFieldsField
from contacts.api.serializers import (
    ContactInputSerializer,
    ContactSerializer,
    ContactUpdateSerializer,
    ContactUpsertSerializer,
)
from contacts.imports import loading, reading
from contacts.models import CONTACT_FIELDS, Contact
from contacts.rules import readable_phone
from crm import ids
from crm.api.naming import to_camel

FIELDS = [pytest.param(field, id=field.name) for field in CONTACT_FIELDS]

# A valid value for each rule; a plain text field gets its own name as a value.
SAMPLE_BY_RULE = {
    rules.normalize_email: "pat.sample@example.com",
    rules.normalize_phone: "+14155550123",
    rules.normalize_timezone: "America/Chicago",
    rules.normalize_lead_status: "qualified",
    rules.normalize_tags: ["vip", "warm-lead"],
    rules.validate_custom_fields: {"size": "500-1000", "score": 7},
}


def sample(field):
    """A value for `field` that no default gives, as the API takes and answers it."""
    if field.kind == "flag":
        return not field.model_field.get_default()
    if field.rule is not None:
        return SAMPLE_BY_RULE[field.rule]
    return f"Sample {field.name}"[: field.model_field.max_length]


def full_body(team, company) -> dict:
    body = {to_camel(field.name): sample(field) for field in CONTACT_FIELDS}
    return {"teamId": team.public_id, "companyId": company.public_id, **body}


@pytest.fixture
def contact(api, team, company) -> Contact:
    """A contact with every declared field given, created through the API."""
    response = api.post("/api/crm/contacts", full_body(team, company), format="json")
    assert response.status_code == 201, response.json()
    return Contact.objects.get(pk=ids.decode("cont", response.json()["contact"]["id"]))


def declared_values(contact: Contact) -> dict:
    """The declared fields as the API answers them."""
    data = ContactSerializer(contact).data
    return {field.name: data[field.name] for field in CONTACT_FIELDS}


# --- API ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "serializer", [ContactInputSerializer, ContactUpdateSerializer, ContactUpsertSerializer]
)
@pytest.mark.parametrize("field", FIELDS)
def test_every_request_body_takes_the_field(serializer, field):
    assert to_camel(field.name) in serializer().fields


@pytest.mark.parametrize("field", FIELDS)
def test_the_response_carries_the_field(field):
    assert field.name in ContactSerializer().fields


def test_a_contact_created_with_every_field_answers_each_value(api, team, company):
    response = api.post("/api/crm/contacts", full_body(team, company), format="json")

    assert response.status_code == 201, response.json()
    answered = response.json()["contact"]
    assert {field.name: answered[field.name] for field in CONTACT_FIELDS} == {
        field.name: sample(field) for field in CONTACT_FIELDS
    }


def test_a_patch_changes_each_field(api, contact):
    for field in CONTACT_FIELDS:
        if field.kind == "text" and field.rule is None:
            response = api.patch(
                f"/api/crm/contacts/{contact.public_id}",
                {to_camel(field.name): "Changed"},
                format="json",
            )
            assert response.status_code == 200, response.json()
            assert response.json()["contact"][field.name] == "Changed"


def _properties(document: dict, schema: dict, seen=()) -> set[str]:
    """Every property name reachable from `schema` (through $ref, allOf, objects and lists)."""
    if "$ref" in schema:
        ref = schema["$ref"]
        if ref in seen:
            return set()
        name = ref.rsplit("/", 1)[-1]
        return _properties(document, document["components"]["schemas"][name], (*seen, ref))
    names = set(schema.get("properties", {}))
    parts = [*schema.get("allOf", []), *schema.get("properties", {}).values()]
    for part in [*parts, *([schema["items"]] if "items" in schema else [])]:
        names |= _properties(document, part, seen)
    return names


@pytest.fixture
def openapi(client, db) -> dict:
    """The OpenAPI document as served."""
    response = client.get("/api/schema/?format=json", HTTP_ACCEPT="application/json")
    return json.loads(response.content)


REQUESTS = [
    ("/api/crm/contacts", "post"),
    ("/api/crm/contacts/{id}", "patch"),
    ("/api/crm/contacts/upsert", "post"),
]
RESPONSES = [
    ("/api/crm/contacts", "post", "201"),
    ("/api/crm/contacts", "get", "200"),
    ("/api/crm/contacts/{id}", "get", "200"),
    ("/api/crm/contacts/{id}", "patch", "200"),
    ("/api/crm/contacts/upsert", "post", "200"),
]


@pytest.mark.parametrize(("path", "method"), REQUESTS)
def test_the_openapi_request_schemas_name_every_field(openapi, path, method):
    body = openapi["paths"][path][method]["requestBody"]["content"]["application/json"]
    named = _properties(openapi, body["schema"])

    assert {to_camel(field.name) for field in CONTACT_FIELDS} - named == set()


@pytest.mark.parametrize(("path", "method", "status"), RESPONSES)
def test_the_openapi_response_schemas_name_every_field(openapi, path, method, status):
    answer = openapi["paths"][path][method]["responses"][status]["content"]["application/json"]
    named = _properties(openapi, answer["schema"])

    assert {field.name for field in CONTACT_FIELDS} - named == set()


# --- admin ----------------------------------------------------------------------------------


def test_the_admin_add_form_shows_every_field(admin_client, db):
    page = admin_client.get("/admin/contacts/contact/add/").content.decode()

    assert [f.name for f in CONTACT_FIELDS if f'form-row field-{f.name}"' not in page] == []


def test_the_admin_change_form_shows_every_field_with_its_value(admin_client, contact):
    page = admin_client.get(f"/admin/contacts/contact/{contact.pk}/change/").content.decode()

    assert [f.name for f in CONTACT_FIELDS if f'form-row field-{f.name}"' not in page] == []
    texts = [field.name for field in CONTACT_FIELDS if field.kind == "text"]
    assert [name for name in texts if escape(getattr(contact, name)) not in page] == []
    phones = [field.name for field in CONTACT_FIELDS if field.kind == "phone"]
    # Grouped as people read them (+1 415 555 1234).
    assert [name for name in phones if readable_phone(getattr(contact, name)) not in page] == []


def test_the_admin_form_saves_every_plain_field(admin_client, contact):
    form = (
        admin_client.get(f"/admin/contacts/contact/{contact.pk}/change/").context["adminform"].form
    )
    changed = {
        field.name: "Changed by staff"[: field.model_field.max_length]
        for field in CONTACT_FIELDS
        if field.kind == "text" and field.rule is None
    }

    response = admin_client.post(
        f"/admin/contacts/contact/{contact.pk}/change/", {**as_posted(form), **changed}
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    contact.refresh_from_db()
    assert {name: getattr(contact, name) for name in changed} == changed


def as_posted(form) -> dict:
    """The form's values as the browser posts them, unchanged."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field, CustomFieldsField):  # a row per field: name, kind, value
            rows = [
                (key, "number", str(item)) if isinstance(item, int) else (key, "text", item)
                for key, item in value.items()
            ]
            for part, position in (("key", 0), ("type", 1), ("value", 2)):
                data[f"{name}-{part}"] = [row[position] for row in rows]
        elif value is True:
            data[name] = "on"
        elif value not in (None, False):
            data[name] = str(value)
    return data


# --- files ----------------------------------------------------------------------------------


def _export(team, tmp_path: Path, file_format: str) -> Path:
    path = tmp_path / f"contacts.{file_format}"
    call_command(
        "export_contacts",
        "--team",
        team.public_id,
        "--format",
        file_format,
        "--output",
        str(path),
        stderr=io.StringIO(),
    )
    return path


def _import(path: Path, team) -> None:
    call_command(
        "import_contacts",
        str(path),
        "--team",
        team.public_id,
        "--create-companies",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )


def test_the_csv_export_has_a_column_for_every_field(contact, tmp_path):
    with _export(contact.team, tmp_path, "csv").open(newline="", encoding="utf-8") as file:
        [row] = list(csv.DictReader(file))

    assert [f.name for f in CONTACT_FIELDS if to_camel(f.name) not in row] == []
    assert row[to_camel("first_name")] == contact.first_name


@pytest.mark.parametrize("file_format", ["csv", "jsonl"])
def test_an_export_imported_into_another_team_gives_every_field_back(
    contact, other_team, tmp_path, file_format
):
    _import(_export(contact.team, tmp_path, file_format), other_team)

    imported = Contact.objects.get(team=other_team)
    assert declared_values(imported) == declared_values(contact)


# --- importer -------------------------------------------------------------------------------


@pytest.mark.parametrize("field", FIELDS)
def test_the_importer_reads_the_field_by_its_api_name_snake_case_and_label(field):
    headers = [to_camel(field.name), field.name, str(field.model_field.verbose_name).title()]
    for header in headers:
        columns = reading.Columns.from_headers([header], extra_as_custom=False)
        assert columns.fields == {header: field.name}


@pytest.mark.parametrize("field", FIELDS)
def test_the_importer_reads_every_declared_spelling(field):
    for alias in field.aliases:
        columns = reading.Columns.from_headers([alias], extra_as_custom=False)
        assert columns.fields == {alias: field.name}


def test_the_staging_table_has_a_column_for_every_field(db):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(loading.STAGING_TABLE)
        cursor.execute(
            "SELECT attname FROM pg_attribute WHERE attrelid = 'contact_import_staging'::regclass"
            " AND attnum > 0 AND NOT attisdropped"
        )
        columns = {name for (name,) in cursor.fetchall()}

    assert {field.name for field in CONTACT_FIELDS} - columns == set()
    assert {field.name for field in CONTACT_FIELDS} <= set(loading.COPY_COLUMNS)
