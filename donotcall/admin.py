from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse

from contacts.rules import normalize_phone
from crm.admin_helpers import typed_phone
from crm.admin_scoping import TeamScopedAdmin
from donotcall import services
from donotcall.models import DoNotCallEntry, Source
from donotcall.search import number_search_condition


class DoNotCallEntryForm(forms.ModelForm):
    """Adding a number: the contact phone rule, and a number not already on the registry."""

    number = forms.CharField(
        label="number",
        max_length=64,
        help_text="International, e.g. +1 415 555 0199; a national number when the team has a "
        "phone region.",
    )

    class Meta:
        model = DoNotCallEntry
        fields = ["team", "number", "reason"]

    def clean_number(self):
        # As the contact form reads a phone, the hint for a national number included.
        return typed_phone(
            self.cleaned_data["number"], self.cleaned_data.get("team"), normalize_phone
        )

    def clean(self):
        cleaned = super().clean()
        team, number = cleaned.get("team"), cleaned.get("number")
        if team and number:
            live = DoNotCallEntry.objects.live().lookup_in_team(team).filter(number=number)
            if live.exists():
                self.add_error("number", "This number is already on the team's registry.")
        return cleaned


class OnRegistryFilter(admin.SimpleListFilter):
    title = "on the registry"
    parameter_name = "on_registry"

    def lookups(self, request, model_admin):
        return [("yes", "Yes"), ("no", "Removed")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(removed_at__isnull=True)
        if self.value() == "no":
            return queryset.filter(removed_at__isnull=False)
        return queryset


@admin.register(DoNotCallEntry)
class DoNotCallEntryAdmin(TeamScopedAdmin):
    form = DoNotCallEntryForm
    list_display = [
        "number",
        "team",
        "source",
        "reason",
        "added_by",
        "created_at",
        "removed_at",
        "removed_by",
    ]
    list_select_related = [
        "team",
        "added_by_token",
        "added_by_user",
        "removed_by_token",
        "removed_by_user",
    ]
    list_filter = [OnRegistryFilter, "source"]
    search_fields = ["number"]
    search_help_text = "A number or some of its digits, in any format."
    readonly_fields = [
        "public_id",
        "number",
        "team",
        "reason",
        "source",
        "added_by",
        "call",
        "contact",
        "created_at",
        "removed_at",
        "removed_by",
    ]
    show_full_result_count = False
    actions = ["remove_from_registry"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def get_fields(self, request, obj=None):
        return ["team", "number", "reason"] if obj is None else self.readonly_fields

    # An entry is a record: it is added, and removed on the record, never edited or deleted.
    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_search_results(self, request, queryset, search_term):
        # The API's search: a number or some of its digits, in any format.
        if not search_term.strip():
            return queryset, False
        try:
            return queryset.filter(number_search_condition(search_term)), False
        except ValidationError:
            return queryset.none(), False  # no digits: no number matches

    def save_model(self, request, obj, form, change):
        services.register_numbers(
            team=obj.team,
            numbers=[obj.number],
            source=Source.ADMIN,
            reason=obj.reason,
            user=request.user,
        )
        entry = DoNotCallEntry.objects.live().lookup_in_team(obj.team).get(number=obj.number)
        obj.pk, obj._state.adding = entry.pk, False

    @admin.action(description="Remove from the registry…")
    def remove_from_registry(self, request, queryset):
        entries = queryset.live()
        if "confirm" in request.POST:
            removed = services.remove_entries(entries, user=request.user)
            self.message_user(request, f"Removed {removed} number(s) from the registry.")
            return None
        return TemplateResponse(
            request,
            "admin/donotcall/donotcallentry/remove_confirmation.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": "Remove from the registry",
                "entries": entries.select_related("team"),
                "count": entries.count(),
            },
        )
