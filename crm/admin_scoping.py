"""Team scoping for the admin, written once: every team-owned admin page subclasses this.

A superuser sees everything. A staff user sees, searches, edits, exports and
picks (in every dropdown and autocomplete) only the records of the teams they
are a member of; any other record's URL is a 404. Choices (form fields, the
autocomplete, list filters on a foreign key) are scoped by the target's class
(`Team`, or any `TeamOwnedModel`), so a new foreign key is safe without a line
here, and a system check refuses a team-owned model registered with an admin
that does not scope.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.core import checks
from django.http import Http404

from crm.exceptions import ConflictError
from crm.models import Team, TeamOwnedModel, of_users_teams, team_ids_of


def scope_to_user(queryset, user, *, role: str | None = None):
    """`queryset` (of teams, or of a model with a `team` foreign key) narrowed to the user's
    teams (with `role`, those where they hold it); a superuser's as it is. A team-owned
    entity's by the kit's rule, `TeamOwnedQuerySet.visible_to`; teams and API tokens, which
    are not team-owned entities, by the same rule (`crm.models.of_users_teams`)."""
    if issubclass(queryset.model, TeamOwnedModel):
        return queryset.visible_to(user, role=role)
    team_field = "pk" if queryset.model is Team else "team"
    return of_users_teams(queryset, user, role=role, team_field=team_field)


def is_scoped(model) -> bool:
    """Whether the admin shows the user only some of `model`'s records."""
    return isinstance(model, type) and (model is Team or issubclass(model, TeamOwnedModel))


def visible_in_admin(queryset, user, *, role: str | None = None):
    """`queryset` narrowed to the user's teams (where they hold `role`), or to the records of
    those teams for a team-owned model; any other model's as it is."""
    return scope_to_user(queryset, user, role=role) if is_scoped(queryset.model) else queryset


def offered_to(queryset, user, *, role: str | None = None):
    """What a dropdown or autocomplete may offer `user`: `visible_in_admin`, live only (and
    active teams only: nothing new goes into a deactivated team)."""
    queryset = visible_in_admin(queryset, user, role=role)
    if queryset.model is Team:
        return queryset.filter(deactivated_at__isnull=True)
    return queryset.live() if issubclass(queryset.model, TeamOwnedModel) else queryset


class ScopedChoices:
    """Every foreign key and many-to-many field of the form offers only `offered_to`."""

    # The membership role needed; None lets any member in.
    required_role: str | None = None

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        self._scope_choices(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        self._scope_choices(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def _scope_choices(self, db_field, request, kwargs) -> None:
        model = db_field.related_model
        if is_scoped(model):
            queryset = kwargs.get("queryset", model._default_manager.all())
            kwargs["queryset"], team_id = self._choices(queryset, request)
            if team_id is not None:
                kwargs["widget"] = forms.HiddenInput

    def scope_form(self, form, request) -> None:
        """A plain form's choices (a page's own form, not the model form) scoped as the model
        form's are: a team or team-owned record field offers only `offered_to`, and the team
        of a member of one is filled in and hidden."""
        for field in form.fields.values():
            if is_scoped(getattr(getattr(field, "queryset", None), "model", None)):
                field.queryset, team_id = self._choices(field.queryset, request)
                if team_id is not None:
                    field.widget, field.initial = forms.HiddenInput(), team_id

    def _choices(self, queryset, request):
        """What a field choosing among `queryset` offers the user, and for a team field of a
        member of one team, that team's ID (the field is filled in and hidden), else None."""
        offered = offered_to(queryset, request.user, role=self.required_role)
        return offered, self.only_team(request) if queryset.model is Team else None

    def only_team(self, request):
        """The ID of the one active team a staff member (not a superuser) may pick, if they
        have one only: forms fill it in and hide it rather than ask (the form still checks
        it as it would a pick)."""
        if request.user.is_superuser:
            return None
        teams = offered_to(Team.objects.all(), request.user, role=self.required_role)
        team_ids = list(teams.values_list("pk", flat=True)[:2])
        return team_ids[0] if len(team_ids) == 1 else None

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if "team" not in initial and (team_id := self.only_team(request)) is not None:
            initial["team"] = team_id
        return initial


class ScopedRelatedFieldListFilter(admin.RelatedFieldListFilter):
    """A list filter on a foreign key to a team or a team-owned model, on any admin page: it
    names the user's teams' records only (archived ones too, to find what points at them)."""

    def field_choices(self, field, request, model_admin):
        model = field.related_model
        records = model._default_manager.complex_filter(field.get_limit_choices_to())
        records = visible_in_admin(records, request.user)
        ordering = self.field_admin_ordering(field, request, model_admin)
        if ordering:
            records = records.order_by(*ordering)
        return [(record.pk, str(record)) for record in records]


admin.FieldListFilter.register(
    lambda field: field.remote_field and is_scoped(field.related_model),
    ScopedRelatedFieldListFilter,
    take_priority=True,
)


class TeamScopedAutocompleteJsonView(AutocompleteJsonView):
    """The admin's autocomplete offers what the dropdowns do, whatever the target's admin is."""

    def get_queryset(self):
        queryset = super().get_queryset()
        if not isinstance(self.model_admin, TeamScopedAdmin):
            return offered_to(queryset, self.request.user)
        # Already limited to the user's teams: a second, equal filter would only mislead the
        # planner's estimates.
        return queryset.live() if issubclass(queryset.model, TeamOwnedModel) else queryset


class TeamScopedAdminSite(admin.AdminSite):
    """The admin site (see `crm.apps.CrmAdminConfig`): its autocomplete is team-scoped."""

    def autocomplete_view(self, request):
        return TeamScopedAutocompleteJsonView.as_view(admin_site=self)(request)


class SuperuserOnlyAdmin(admin.ModelAdmin):
    """A page for superusers only (login lockouts), whatever permissions staff hold."""

    def has_module_permission(self, request):
        return request.user.is_superuser and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return request.user.is_superuser and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)


class TeamScopedAdmin(ScopedChoices, admin.ModelAdmin):
    """A ModelAdmin for a model with a `team` foreign key, or for Team itself, limited to the
    user's teams."""

    def get_queryset(self, request):
        return scope_to_user(super().get_queryset(request), request.user, role=self.required_role)

    def change_each(self, request, objects, change, *, done: str, refusal=None) -> None:
        """An action's work: `change(obj)` for each object, then `done` (with {count}) and
        a warning per object refused with a ConflictError (`refusal(obj, conflict)` words
        it; by default the conflict's own message)."""
        count, refused = 0, []
        for obj in objects:
            try:
                change(obj)
                count += 1
            except ConflictError as conflict:
                refused.append(refusal(obj, conflict) if refusal else conflict.message)
        self.message_user(request, done.format(count=count))
        for message in refused:
            self.message_user(request, message, messages.WARNING)

    def _is_member(self, request, obj=None, *, role: str | None = None) -> bool:
        """Whether the user is a superuser, or active staff in one of their teams (`obj`'s
        team, when given) holding `role`, by default the page's `required_role`."""
        if request.user.is_superuser:
            return True
        if not (request.user.is_active and request.user.is_staff):
            return False
        team_ids = team_ids_of(request.user, role=role or self.required_role)
        if obj is None:
            return bool(team_ids)
        return (obj.pk if isinstance(obj, Team) else obj.team_id) in team_ids

    def has_module_permission(self, request):
        return self._is_member(request)

    def has_view_permission(self, request, obj=None):
        return self._is_member(request, obj)

    def has_add_permission(self, request):
        return self._is_member(request)

    def has_change_permission(self, request, obj=None):
        return self._is_member(request, obj) and not _of_deactivated_team(obj)

    def has_delete_permission(self, request, obj=None):
        return self._is_member(request, obj) and not _of_deactivated_team(obj)

    def get_object_or_404(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(f"No {self.opts.verbose_name} with this ID in your teams.")
        return obj

    def change_view(self, request, object_id, form_url="", extra_context=None):
        self.get_object_or_404(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        self.get_object_or_404(request, object_id)
        return super().delete_view(request, object_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        record = self.get_object_or_404(request, object_id)
        # A tracked model's page lists its recorded changes (history/), by every path.
        from history.admin import history_page

        page = history_page(self, request, record)
        if page is not None:
            return page
        return super().history_view(request, object_id, extra_context)


def _of_deactivated_team(obj) -> bool:
    """A record of a deactivated team: its staff still see it, nobody changes it."""
    if obj is None or isinstance(obj, Team):
        return False
    return obj.team.deactivated_at is not None


@checks.register(checks.Tags.admin)
def check_team_owned_admins(app_configs=None, **kwargs) -> list[checks.Error]:
    """A team-owned model's admin, and its inlines, must scope: refuse to start otherwise."""
    return unscoped_admins(admin.site)


def unscoped_admins(site: admin.AdminSite) -> list[checks.Error]:
    errors = []
    for model, model_admin in site._registry.items():
        if issubclass(model, TeamOwnedModel) and not isinstance(model_admin, TeamScopedAdmin):
            errors.append(
                checks.Error(
                    f"{model._meta.label} is team-owned: register it with a TeamScopedAdmin.",
                    obj=type(model_admin),
                    id="crm.E001",
                )
            )
        errors += [
            checks.Error(
                f"{inline.__name__}: a team-scoped admin's inlines subclass ScopedChoices.",
                obj=inline,
                id="crm.E002",
            )
            for inline in model_admin.inlines
            if isinstance(model_admin, TeamScopedAdmin) and not issubclass(inline, ScopedChoices)
        ]
    return errors
