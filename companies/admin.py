from django import forms
from django.contrib import admin
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.html import format_html

from companies import services
from companies.models import Company
from companies.rules import normalize_domain
from crm.admin_scoping import TeamScopedAdmin


class CompanyForm(forms.ModelForm):
    """The admin's company form: the same domain rule and name check as the API."""

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
class CompanyAdmin(TeamScopedAdmin):
    form = CompanyForm
    list_display = ["name", "domain", "team", "live_contacts", "created_at", "archived_at"]
    list_select_related = ["team"]
    list_filter = [("archived_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "domain"]
    readonly_fields = ["public_id", "contacts_link", "created_at", "updated_at", "archived_at"]
    show_full_result_count = False
    actions = ["archive", "archive_with_contacts", "archive_keeping_contacts", "restore"]

    # Companies are archived, as the API's DELETE does, never deleted here: a deletion could
    # not be undone, and purge_archived removes archived companies after the retention period.
    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Archive (companies without live contacts)", permissions=["change"])
    def archive(self, request, queryset):
        self._archive(request, queryset, contacts=None)

    @admin.action(description="Archive, with their live contacts", permissions=["change"])
    def archive_with_contacts(self, request, queryset):
        self._archive(request, queryset, contacts="archive")

    @admin.action(
        description="Archive, keeping their contacts without a company", permissions=["change"]
    )
    def archive_keeping_contacts(self, request, queryset):
        self._archive(request, queryset, contacts="detach")

    def _archive(self, request, queryset, *, contacts: str | None) -> None:
        self.change_each(
            request,
            queryset.filter(archived_at__isnull=True),
            lambda company: services.archive_company(company, contacts=contacts),
            done="Archived {count} company(ies).",
            refusal=lambda company, conflict: (
                f"'{company.name}' still has {conflict.details['contact_count']} live "
                "contact(s): choose an action that archives them or keeps them without a "
                "company."
            ),
        )

    @admin.action(description="Restore archived companies", permissions=["change"])
    def restore(self, request, queryset):
        self.change_each(
            request,
            queryset.filter(archived_at__isnull=False),
            services.restore_company,
            done="Restored {count} company(ies).",
        )

    def get_queryset(self, request):
        # A correlated subquery is counted only for the rows shown, where a JOIN + GROUP BY
        # would count every contact of every company before paginating.
        live_contacts = (
            Company.contacts.rel.related_model.objects.filter(
                company=OuterRef("pk"), archived_at__isnull=True
            )
            .order_by()
            .values("company")
            .annotate(count=Count("*"))
            .values("count")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(live_contacts=Coalesce(Subquery(live_contacts), 0))
            .order_by("name", "id")
        )

    @admin.display(description="live contacts", ordering="live_contacts")
    def live_contacts(self, company):
        return company.live_contacts

    @admin.display(description="contacts")
    def contacts_link(self, company):
        """The company's contacts on the (paginated) contact list, never inline."""
        if company.pk is None:
            return "-"
        url = reverse("admin:contacts_contact_changelist") + f"?company__id__exact={company.pk}"
        return format_html(
            '<a href="{}">{} live contact(s): open the contact list</a>', url, company.live_contacts
        )
