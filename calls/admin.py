from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from calls.models import Call
from crm.admin_helpers import CHOICES_SAMPLE, CappedCountPaginator, local_time
from crm.admin_scoping import TeamScopedAdmin


class CampaignFilter(admin.SimpleListFilter):
    """The campaigns of the newest calls; any campaign works as ?campaign=<id>."""

    title = "campaign"
    parameter_name = "campaign"

    def lookups(self, request, model_admin):
        recent = Call.objects.visible_to(request.user)
        recent = recent.order_by("-started_at", "-id").values_list("campaign_id", flat=True)
        campaigns = sorted(set(recent[:CHOICES_SAMPLE]))[:25]
        return [(campaign, campaign) for campaign in campaigns]

    def queryset(self, request, queryset):
        return queryset.filter(campaign_id=self.value()) if self.value() else queryset


@admin.register(Call)
class CallAdmin(TeamScopedAdmin):
    """The team's calls, newest first, times in the staff member's zone. Calls are records:
    they are logged from the contact's page (or the API), never edited or deleted here;
    purging a contact purges its calls."""

    paginator = CappedCountPaginator
    list_per_page = 50
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    list_display = [
        "started",
        "contact_link",
        "campaign_id",
        "outcome",
        "duration",
        "lead_status",
        "team",
    ]
    list_select_related = ["contact", "team"]
    list_filter = [
        "outcome",
        CampaignFilter,
        ("started_at", admin.DateFieldListFilter),
    ]
    search_fields = ["campaign_id"]
    search_help_text = "Campaign ID, exactly."
    fields = [
        "public_id",
        "team",
        "contact_link",
        "campaign_id",
        "started",
        "duration",
        "outcome",
        "summary",
        "extracted_fields",
        "lead_status",
        "recorded",
    ]
    readonly_fields = fields

    def lookup_allowed(self, lookup, value, request=None):
        # The contact page's "All calls" link: one contact's calls (a filter, not a list).
        return lookup == "contact__id__exact" or super().lookup_allowed(lookup, value, request)

    def get_search_results(self, request, queryset, search_term):
        # Exact, so that call_team_campaign_idx serves it.
        term = search_term.strip()
        return (queryset.filter(campaign_id=term) if term else queryset), False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="started", ordering="started_at")
    def started(self, call):
        return local_time(call.started_at)

    @admin.display(description="recorded", ordering="created_at")
    def recorded(self, call):
        return local_time(call.created_at)

    @admin.display(description="length", ordering="duration_seconds")
    def duration(self, call):
        minutes, seconds = divmod(call.duration_seconds, 60)
        return f"{minutes}:{seconds:02d}"

    @admin.display(description="contact", ordering="contact__last_name")
    def contact_link(self, call):
        url = reverse("admin:contacts_contact_change", args=[call.contact_id])
        return format_html('<a href="{}">{}</a>', url, call.contact)
