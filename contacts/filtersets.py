import django_filters
from rest_framework.exceptions import NotFound

from contacts.models import Contact, LeadStatus
from crm import ids
from crm.api.filters import PublicIdFilter, StrictBooleanFilter, TeamScopedFilterSet
from crm.models import Company


class ContactFilterSet(TeamScopedFilterSet):
    """The parameters of `GET /api/crm/contacts`. Every value is validated."""

    company_id = PublicIdFilter(prefix="comp", method="filter_company")
    search = django_filters.CharFilter(method="filter_search", max_length=200)
    lead_status = django_filters.ChoiceFilter(
        choices=LeadStatus.choices,
        error_messages={
            "invalid_choice": "'%(value)s' is not a lead status; use one of "
            + ", ".join(LeadStatus.values)
            + "."
        },
    )
    do_not_call = StrictBooleanFilter()
    has_phone = StrictBooleanFilter(method="filter_has_phone")

    class Meta:
        model = Contact
        fields = []

    def filter_company(self, queryset, name, value):
        if not Company.objects.filter(team_id=self.request.auth.team_id, pk=value).exists():
            raise NotFound(
                {
                    "message": f"Company {ids.encode('comp', value)} not found.",
                    "companyId": ["No such company in your team."],
                }
            )
        return queryset.filter(company_id=value)

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_has_phone(self, queryset, name, value):
        return queryset.filter(phone__isnull=not value)
