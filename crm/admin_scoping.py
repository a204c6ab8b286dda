"""Team scoping for the admin, written once: every team-owned admin page subclasses this.

A superuser sees everything. A staff user sees, searches, edits, exports and
picks (in every dropdown and autocomplete) only the records of the teams they
are a member of; any other record's URL is a 404.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.http import Http404

from crm.exceptions import ConflictError
from crm.models import Company, Team, team_ids_of


def scope_to_user(queryset, user, *, team_field: str = "team", role: str | None = None):
    team_ids = team_ids_of(user, role=role)
    if team_ids is None:
        return queryset
    return queryset.filter(**{f"{team_field}__in": team_ids})


class SuperuserOnlyAdmin(admin.ModelAdmin):
    """A page for superusers only (teams, login lockouts), whatever permissions staff hold."""

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


class TeamScopedAdmin(admin.ModelAdmin):
    """A ModelAdmin for a model with a `team` foreign key, limited to the user's teams."""

    # The membership role needed; None lets any member in.
    required_role: str | None = None

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

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.related_model
        if related is Team:
            kwargs["queryset"] = scope_to_user(
                Team.objects.all(), request.user, team_field="pk", role=self.required_role
            )
        elif related is Company:
            kwargs["queryset"] = scope_to_user(Company.objects.live(), request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _is_member(self, request, obj=None) -> bool:
        if request.user.is_superuser:
            return True
        if not (request.user.is_active and request.user.is_staff):
            return False
        team_ids = team_ids_of(request.user, role=self.required_role)
        return bool(team_ids) and (obj is None or obj.team_id in team_ids)

    def has_module_permission(self, request):
        return self._is_member(request)

    def has_view_permission(self, request, obj=None):
        return self._is_member(request, obj)

    def has_add_permission(self, request):
        return self._is_member(request)

    def has_change_permission(self, request, obj=None):
        return self._is_member(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._is_member(request, obj)

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
        self.get_object_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)
