import django_filters
from django.db.models import Q

from companies.models import Company
from crm.api.filters import TeamScopedFilterSet


class CompanyFilterSet(TeamScopedFilterSet):
    """`GET /api/crm/companies`: teamId (required) and search by name or domain."""

    search = django_filters.CharFilter(
        method="search_name_or_domain",
        max_length=200,
        help_text="Part of the name or domain, ignoring case. `%`, `_` and `\\` are literal.",
    )

    class Meta:
        model = Company
        fields = []

    def search_name_or_domain(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(domain__icontains=value))
