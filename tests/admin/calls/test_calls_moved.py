"""Calls moved from the contacts app to their own: old admin links and history carry over."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.urls import reverse

from tests.factories import CallFactory

content_type_migration = importlib.import_module("calls.migrations.0002_content_type_from_contacts")


@pytest.fixture
def call(contact):
    return CallFactory(contact=contact)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/admin/contacts/call/", "/admin/calls/call/"),
        ("/admin/contacts/call/?outcome__exact=busy&campaign=spring", None),
        ("/admin/contacts/call/{pk}/change/", "/admin/calls/call/{pk}/change/"),
        ("/admin/contacts/call/{pk}/history/", "/admin/calls/call/{pk}/history/"),
    ],
)
def test_the_old_call_admin_urls_redirect_to_the_new_ones(admin_client, call, old, new):
    old = old.format(pk=call.pk)
    new = (new or old.replace("/contacts/", "/calls/")).format(pk=call.pk)

    response = admin_client.get(old)

    assert response.status_code == 302
    assert response["Location"] == new
    assert admin_client.get(new).status_code == 200


def test_the_contact_pages_stay_where_they_were(admin_client, contact):
    page = admin_client.get(f"/admin/contacts/contact/{contact.pk}/change/")

    assert page.status_code == 200
    assert f'href="/admin/calls/call/?contact__id__exact={contact.pk}"' in page.text


def test_history_and_permissions_of_calls_from_before_the_move_carry_over(
    admin_client, admin_user, call
):
    # The database as it was before the move: Call's content type under the contacts app.
    content_type = ContentType.objects.get_for_model(call)
    ContentType.objects.filter(pk=content_type.pk).update(app_label="contacts")
    ContentType.objects.clear_cache()
    LogEntry.objects.create(
        user=admin_user,
        content_type_id=content_type.pk,
        object_id=str(call.pk),
        object_repr=str(call),
        action_flag=CHANGE,
        change_message="Noted before the move",
    )

    content_type_migration.from_contacts(apps, SimpleNamespace(connection=connection))

    moved = ContentType.objects.get(pk=content_type.pk)
    assert (moved.app_label, moved.model) == ("calls", "call")
    assert Permission.objects.filter(content_type=moved, codename="view_call").exists()
    history = admin_client.get(reverse("admin:calls_call_history", args=[call.pk]))
    assert "Noted before the move" in history.text


def test_the_table_and_its_constraints_kept_their_names(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname FROM pg_constraint WHERE conrelid = 'contacts_call'::regclass"
        )
        constraints = {name for (name,) in cursor.fetchall()}

    assert {"call_outcome_valid", "call_contact_same_team"} <= constraints
