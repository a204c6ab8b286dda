import django_filters

from contacts import rules
from contacts.models import Contact
from crm.api.filters import (
    PublicIdFilter,
    RuleListFilter,
    StrictBooleanFilter,
    TeamScopedFilterSet,
)
from crm.api.naming import to_camel
from crm.api.scoping import find_in_team
from crm.models import Company


class ContactFilterSet(TeamScopedFilterSet):
    """The parameters of `GET /api/crm/contacts`. Every value is validated."""

    company_id = PublicIdFilter(prefix="comp", method="filter_company")
    search = django_filters.CharFilter(method="filter_search", max_length=200)
    lead_status = RuleListFilter(rules.normalize_lead_status)
    do_not_call = StrictBooleanFilter()
    has_phone = StrictBooleanFilter(method="filter_has_phone")

    class Meta:
        model = Contact
        fields = []

    def filter_company(self, queryset, name, value):
        find_in_team(Company, team=self.request.auth.team, pk=value, field_name=to_camel(name))
        return queryset.filter(company_id=value)

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_has_phone(self, queryset, name, value):
        return queryset.filter(phone__isnull=not value)
