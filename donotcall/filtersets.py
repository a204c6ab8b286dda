import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.exceptions import ValidationError

from contacts.filtersets import InstantFilter
from crm.api.filters import TeamScopedFilterSet
from donotcall.models import DoNotCallEntry, Source
from donotcall.search import number_search_condition


class DoNotCallFilterSet(TeamScopedFilterSet):
    """`GET /api/crm/do-not-call`: the team's live entries, newest first."""

    search = django_filters.CharFilter(
        method="search_number",
        max_length=50,
        help_text="A number or part of one, in any format: `+1 (415) 555-0199`, `5550199`. "
        "Only its digits count.",
    )
    source = django_filters.ChoiceFilter(
        choices=Source.choices,
        help_text="How the numbers came onto the registry.",
        error_messages={
            "invalid_choice": "'%(value)s' is not a source; use one of "
            + ", ".join(Source.values)
            + "."
        },
    )
    since = InstantFilter(
        field_name="created_at",
        lookup_expr="gte",
        help_text="Entries added at or after this instant (ISO 8601 with an offset, or a bare "
        "date meaning its midnight UTC).",
    )

    class Meta:
        model = DoNotCallEntry
        fields = []

    def search_number(self, queryset, name, value):
        try:
            return queryset.filter(number_search_condition(value))
        except DjangoValidationError as error:
            raise ValidationError({"search": error.messages}) from error
