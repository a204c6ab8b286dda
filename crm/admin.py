from django import forms
from django.contrib import admin
from django.utils import timezone

from crm import services
from crm.models import ApiToken, Company, Team
from crm.rules import normalize_domain


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "public_id", "created_at"]
    search_fields = ["name"]
    readonly_fields = ["public_id", "created_at"]


class CompanyForm(forms.ModelForm):
    """The admin's company form: the domain passes the same rule as in the API."""

    class Meta:
        model = Company
        fields = ["team", "name", "domain"]

    def clean_domain(self):
        domain = self.cleaned_data.get("domain")
        return normalize_domain(domain) if domain else None

    def clean(self):
        cleaned = super().clean()
        team, name = cleaned.get("team"), cleaned.get("name")
        if team and name:
            existing = services.company_named(team, name, excluding=self.instance)
            if existing is not None:
                self.add_error("name", f"The team already has a company named '{existing.name}'.")
        return cleaned


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    form = CompanyForm
    list_display = ["name", "domain", "team", "created_at"]
    list_select_related = ["team"]
    search_fields = ["name", "domain"]
    autocomplete_fields = ["team"]
    readonly_fields = ["public_id", "created_at", "updated_at"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are issued by `manage.py create_api_token` (the secret is shown once there)."""

    list_display = ["name", "team", "display_prefix", "created_at", "last_used_at", "revoked_at"]
    list_select_related = ["team"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    fields = ["name", "team", "display_prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["team", "display_prefix", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request, queryset):
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(request, f"Revoked {count} token(s).")
