"""Admin scoping is the default: any foreign key to a team-owned model offers only the user's
teams' live records, on every registered page and on pages nobody has written yet."""

import json

import pytest
from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core import checks
from django.test import RequestFactory
from django.utils import timezone

from calls.models import Call
from contacts.admin import ArchivedFilter
from contacts.models import Contact, ContactImport
from crm.admin_scoping import (
    TeamScopedAdmin,
    TeamScopedAdminSite,
    check_team_owned_admins,
    is_scoped,
    unscoped_admins,
)
from crm.models import Membership, Team, TeamOwnedModel
from donotcall.services import register_numbers
from tests.factories import CompanyFactory, ContactFactory
from webhooks.events import WebhookEvent
from webhooks.services import create_endpoint, deliveries_for


@pytest.fixture
def manager(team):
    user = get_user_model().objects.create_user(username="max", is_staff=True)
    Membership.objects.create(user=user, team=team, role=Membership.Role.MANAGER)
    return user


@pytest.fixture
def records(team, other_team):
    """Live and archived records of every team-owned model, in both teams."""
    for owner in (team, other_team):
        for archived_at in (None, timezone.now()):
            contact = ContactFactory(company__team=owner, archived_at=archived_at)
            CompanyFactory(team=owner, archived_at=archived_at)
            Call.objects.create(
                team=owner,
                contact=contact,
                campaign_id="spring",
                started_at=timezone.now(),
                duration_seconds=30,
                outcome="answered",
            )
        endpoint = create_endpoint(
            team=owner, url="https://hooks.example.com/", event_types=["contact.created"]
        )
        deliveries_for(
            WebhookEvent(
                id=f"evt_{owner.pk}",
                type="contact.created",
                team_id=owner.pk,
                occurred_at=timezone.now(),
            )
        )
        assert endpoint.deliveries.exists()
        ContactImport.objects.create(
            team=owner, file_name="people.csv", file_data=b"First Name,Last Name\n", file_size=21
        )


def request_of(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def scoped_choice_fields(form) -> dict[str, forms.ModelChoiceField]:
    return {
        name: field
        for name, field in form.fields.items()
        if isinstance(field, forms.ModelChoiceField) and is_scoped(field.queryset.model)
    }


def assert_offers_only(field, team) -> None:
    offered = list(field.queryset)
    model = field.queryset.model
    assert offered, f"{model.__name__}: nothing offered, so nothing proven"
    if model is Team:
        assert offered == [team]
        return
    assert model.objects.exclude(team=team).exists(), "another team's records must exist"
    assert {record.team_id for record in offered} == {team.pk}
    assert not any(getattr(record, "is_archived", False) for record in offered)


def forms_of(model_admin, request):
    yield model_admin.get_form(request)()
    for inline in model_admin.get_inline_instances(request):
        yield from inline.get_formset(request)().forms


@pytest.mark.usefixtures("records")
def test_every_foreign_key_on_every_registered_admin_form_offers_only_the_users_teams(
    manager, team
):
    request = request_of(manager)
    checked = set()
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_add_permission(request):
            continue  # superuser-only pages: a member never sees their forms
        for form in forms_of(model_admin, request):
            for name, field in scoped_choice_fields(form).items():
                assert_offers_only(field, team)
                checked.add(f"{model._meta.label}.{name}")

    assert {"contacts.Contact.team", "contacts.Contact.company"} <= checked


@pytest.mark.usefixtures("records")
def test_a_foreign_key_no_admin_mentions_is_scoped_by_the_base_admin(manager, team):
    # Calls have no admin page: a new one, written with nothing but the base, is safe.
    class CallAdmin(TeamScopedAdmin):
        fields = ["team", "contact", "campaign_id"]

    form = CallAdmin(Call, admin.site).get_form(request_of(manager))()

    assert set(scoped_choice_fields(form)) == {"team", "contact"}
    for field in scoped_choice_fields(form).values():
        assert_offers_only(field, team)


@pytest.mark.usefixtures("records")
def test_a_list_filter_on_a_foreign_key_names_only_the_users_teams_records(manager, team):
    class CallAdmin(TeamScopedAdmin):
        list_filter = ["team", "contact"]

    request = request_of(manager)
    model_admin = CallAdmin(Call, admin.site)
    choices = {}
    for name in model_admin.list_filter:
        field = Call._meta.get_field(name)
        list_filter = admin.FieldListFilter.create(field, request, {}, Call, model_admin, name)
        choices[name] = [pk for pk, _ in list_filter.lookup_choices]

    assert choices["team"] == [team.pk]
    contacts = Contact.objects.filter(pk__in=choices["contact"])
    assert {contact.team_id for contact in contacts} == {team.pk}
    assert contacts.count() == Contact.objects.filter(team=team).count()  # archived ones too


def test_autocomplete_is_scoped_even_when_the_targets_admin_is_not(manager, company, other_company):
    class UnscopedContactAdmin(admin.ModelAdmin):
        search_fields = ["first_name"]

        def has_view_permission(self, request, obj=None):
            return True

    # A site of its own: the project's site keeps its admins (and the URLs bound to them).
    site = TeamScopedAdminSite()
    site.register(Contact, UnscopedContactAdmin)
    ours = ContactFactory(company=company, first_name="Ann")
    ContactFactory(company=other_company, first_name="Anna")
    request = RequestFactory().get(
        "/admin/autocomplete/",
        {"app_label": "calls", "model_name": "call", "field_name": "contact", "term": "ann"},
    )
    request.user = manager

    response = site.autocomplete_view(request)

    assert response.status_code == 200
    assert {result["id"] for result in json.loads(response.content)["results"]} == {str(ours.pk)}


def test_a_team_owned_model_registered_without_scoping_fails_the_checks():
    site = TeamScopedAdminSite()
    site.register(Call, admin.ModelAdmin)

    errors = unscoped_admins(site)

    assert [error.id for error in errors] == ["crm.E001"]
    assert errors[0].level == checks.ERROR


def test_every_registered_team_owned_model_has_a_scoping_admin():
    assert check_team_owned_admins() == []
    assert any(issubclass(model, TeamOwnedModel) for model in admin.site._registry)


@pytest.mark.usefixtures("records")
@pytest.mark.parametrize("role", [Membership.Role.MEMBER, Membership.Role.MANAGER])
def test_every_team_owned_page_lists_what_the_kits_rule_makes_visible(
    client, team, other_team, role
):
    # The admin scopes by TeamOwnedQuerySet.visible_to, with the page's required role.
    for owner in (team, other_team):
        register_numbers(team=owner, numbers=["+14155550101"], source="api")
    user = get_user_model().objects.create_user(username="staffer", is_staff=True)
    Membership.objects.create(user=user, team=team, role=role)
    client.force_login(user)

    for model, model_admin in admin.site._registry.items():
        if not issubclass(model, TeamOwnedModel):
            continue
        opts = model._meta
        # Every record, archived ones too, on a list that shows live ones by default.
        every = {"archived": "all"} if ArchivedFilter in model_admin.list_filter else {}
        page = client.get(f"/admin/{opts.app_label}/{opts.model_name}/", every)
        if model_admin.required_role not in (None, role):
            assert page.status_code == 403, opts.label  # a page for another role only
            continue
        assert page.status_code == 200, opts.label
        shown = set(page.context["cl"].queryset)
        expected = set(model.objects.visible_to(user, role=model_admin.required_role))
        assert shown == expected and shown, opts.label
