from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.template.response import TemplateResponse

from contacts.rules import normalize_phone_region, normalize_timezone
from crm import services
from crm.admin_scoping import ScopedChoices, SuperuserOnlyAdmin, TeamScopedAdmin
from crm.models import CALLING_RULES, ApiToken, Membership, Team, Weekday
from crm.rules import TIME_FORMAT, check_calling_hours, normalize_calling_days


class MembershipInline(ScopedChoices, admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]
    fields = ["user", "role", "created_at"]
    readonly_fields = ["created_at"]


class TeamForm(forms.ModelForm):
    """A team, its limits and calling rules, checked by the rules the API applies."""

    calling_days = forms.MultipleChoiceField(
        label="calling days",
        choices=Weekday.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=Team._meta.get_field("calling_days").help_text,
    )

    class Meta:
        model = Team
        fields = ["name", "api_rate_limit", "phone_region", *CALLING_RULES]

    def clean_phone_region(self):
        return normalize_phone_region(self.cleaned_data["phone_region"])

    def clean_calling_days(self):
        return normalize_calling_days(self.cleaned_data["calling_days"])

    def clean_default_timezone(self):
        return normalize_timezone(self.cleaned_data["default_timezone"])

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("calling_hours_start"), cleaned.get("calling_hours_end")
        if start is not None and end is not None:
            try:
                check_calling_hours(start, end)
            except ValidationError as error:
                self.add_error("calling_hours_end", error)
        return cleaned


PHONE_SECTION = ("Phone numbers", {"fields": ["phone_region"]})

CALLING_RULES_SECTION = (
    "Calling rules, in each contact's local time",
    {
        "fields": [
            ("calling_hours_start", "calling_hours_end"),
            "calling_days",
            "min_call_gap_minutes",
            "max_call_attempts",
            "default_timezone",
        ]
    },
)


@admin.register(Team)
class TeamAdmin(TeamScopedAdmin):
    """Teams. Superusers see and edit every team, its API rate limit and its members; staff
    see their own teams' pages, where a team's managers edit its calling rules (with the
    same form and rules as a superuser's) and its members read them."""

    form = TeamForm
    search_fields = ["name"]
    inlines = [MembershipInline]
    list_filter = [("deactivated_at", admin.EmptyFieldListFilter)]
    actions = ["deactivate", "reactivate"]

    def get_queryset(self, request):
        teams = super().get_queryset(request).annotate(member_count=Count("memberships"))
        # A GROUP BY drops Meta.ordering; the autocomplete pages through this queryset.
        return teams.order_by(*Team._meta.ordering)

    def get_list_display(self, request):
        if request.user.is_superuser:
            return [
                "name",
                "public_id",
                "member_count",
                "api_rate_limit",
                "created_at",
                "deactivated_at",
            ]
        return [
            "name",
            "calling_hours",
            "calling_days",
            "min_call_gap_minutes",
            "max_call_attempts",
            "default_timezone",
        ]

    def get_fieldsets(self, request, obj=None):
        if request.user.is_superuser:
            record = ["name", "public_id", "api_rate_limit", "created_at", "deactivated_at"]
            return [(None, {"fields": record}), PHONE_SECTION, CALLING_RULES_SECTION]
        return [(None, {"fields": ["name"]}), PHONE_SECTION, CALLING_RULES_SECTION]

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return ["public_id", "created_at", "deactivated_at"]
        return ["name"]

    def get_inlines(self, request, obj):
        return self.inlines if request.user.is_superuser else []

    # Creating, renaming and deleting teams, their rate limits and their members stay with
    # superusers; a team's managers change its calling rules, and nothing else.
    def has_add_permission(self, request):
        return request.user.is_superuser

    # Teams are deactivated, never deleted here, by anyone: a delete would cascade to every
    # contact and call of the team in one request. See crm.services.deactivate_teams.
    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return self._is_member(request, obj, role=Membership.Role.MANAGER)

    def get_actions(self, request):
        return super().get_actions(request) if request.user.is_superuser else {}

    @admin.action(description="Deactivate the selected teams (tokens stop, data kept)")
    def deactivate(self, request, queryset):
        count = services.deactivate_teams(queryset)
        self.message_user(
            request,
            f"Deactivated {count} team(s): their API tokens no longer work and their records "
            f"are kept, read-only, for {settings.ARCHIVE_RETENTION_DAYS} days before they are "
            "purged. Reactivate before then to keep them.",
        )

    @admin.action(description="Reactivate the selected teams")
    def reactivate(self, request, queryset):
        count = services.reactivate_teams(queryset)
        self.message_user(request, f"Reactivated {count} team(s).")

    def save_model(self, request, obj, form, change):
        # Calling rules change through the service the API's PATCH calls too, whoever edits
        # them; a superuser's other changes (name, rate limit) are saved first, on their own.
        rules = {
            name: form.cleaned_data[name] for name in form.changed_data if name in CALLING_RULES
        }
        record = [name for name in form.changed_data if name not in CALLING_RULES]
        if not change:  # a new team starts with the default rules, then takes the form's
            for name in rules:
                setattr(obj, name, Team._meta.get_field(name).get_default())
            obj.save()
        elif record:
            obj.save(update_fields=record)
        if rules:
            services.update_calling_rules(obj, rules)
            for name, value in rules.items():
                setattr(obj, name, value)

    def history_view(self, request, object_id, extra_context=None):
        # A team's history records its members and rate limits, which only superusers see.
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().history_view(request, object_id, extra_context)

    @admin.display(description="members", ordering="member_count")
    def member_count(self, team):
        return team.member_count

    @admin.display(description="calling hours")
    def calling_hours(self, team):
        return f"{team.calling_hours_start:{TIME_FORMAT}} to {team.calling_hours_end:{TIME_FORMAT}}"


class ApiTokenForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["team", "name"]


@admin.register(ApiToken)
class ApiTokenAdmin(TeamScopedAdmin):
    """Team managers issue, name and revoke tokens. The secret is shown once, on creation."""

    required_role = Membership.Role.MANAGER
    form = ApiTokenForm
    list_display = ["name", "team", "display_prefix", "created_at", "last_used_at", "revoked_at"]
    list_select_related = ["team"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "display_prefix"]
    actions = ["revoke"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["team", "name"]
        return ["name", "team", "display_prefix", "created_at", "last_used_at", "revoked_at"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["team", "display_prefix", "created_at", "last_used_at", "revoked_at"]

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        _, request.new_token_secret = services.issue_api_token(
            team=obj.team, name=obj.name, token=obj
        )

    def response_add(self, request, obj, post_url_continue=None):
        # The secret exists only in this response: it is never stored nor put in a message.
        return TemplateResponse(
            request,
            "admin/crm/apitoken/created.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "token": obj,
                "secret": request.new_token_secret,
                "title": "API token created",
            },
        )

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead: the record of a token's use stays

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request, queryset):
        count = services.revoke_api_tokens(queryset)
        self.message_user(request, f"Revoked {count} token(s).")


# Login lockouts (django-axes): who failed to log in, from where, and who is locked out now.
# Deleting an access attempt lifts its lockout.


@admin.register(AccessAttempt)
class LoginAttemptAdmin(SuperuserOnlyAdmin, AccessAttemptAdmin):
    pass


@admin.register(AccessFailureLog)
class LoginFailureAdmin(SuperuserOnlyAdmin, AccessFailureLogAdmin):
    pass


@admin.register(AccessLog)
class LoginAdmin(SuperuserOnlyAdmin, AccessLogAdmin):
    pass
