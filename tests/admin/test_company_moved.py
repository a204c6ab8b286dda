"""Companies moved from the crm app to their own: old admin links and history carry over."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.urls import reverse

content_type_migration = importlib.import_module("companies.migrations.0002_content_type_from_crm")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/admin/crm/company/", "/admin/companies/company/"),
        ("/admin/crm/company/?q=acme&archived_at__isempty=1", None),
        ("/admin/crm/company/{pk}/change/", "/admin/companies/company/{pk}/change/"),
        ("/admin/crm/company/{pk}/history/", "/admin/companies/company/{pk}/history/"),
    ],
)
def test_the_old_company_admin_urls_redirect_to_the_new_ones(admin_client, company, old, new):
    old = old.format(pk=company.pk)
    new = (new or old.replace("/crm/", "/companies/")).format(pk=company.pk)

    response = admin_client.get(old)

    assert response.status_code == 302
    assert response["Location"] == new
    assert admin_client.get(new).status_code == 200


def test_history_and_permissions_of_companies_from_before_the_move_carry_over(
    admin_client, admin_user, company
):
    # The database as it was before the move: Company's content type under the crm app.
    content_type = ContentType.objects.get_for_model(company)
    ContentType.objects.filter(pk=content_type.pk).update(app_label="crm")
    ContentType.objects.clear_cache()
    LogEntry.objects.create(
        user=admin_user,
        content_type_id=content_type.pk,
        object_id=str(company.pk),
        object_repr=str(company),
        action_flag=CHANGE,
        change_message="Renamed before the move",
    )

    content_type_migration.from_crm(apps, SimpleNamespace(connection=connection))

    moved = ContentType.objects.get(pk=content_type.pk)
    assert (moved.app_label, moved.model) == ("companies", "company")
    assert Permission.objects.filter(content_type=moved, codename="change_company").exists()
    history = admin_client.get(reverse("admin:companies_company_history", args=[company.pk]))
    assert "Renamed before the move" in history.text
