import django_filters

from calls.models import Call
from contacts import rules
from contacts.filtersets import InstantFilter
from contacts.models import Contact
from crm.api.filters import PublicIdFilter, RuleListFilter, TeamScopedFilterSet
from crm.api.naming import to_camel
from crm.api.scoping import find_in_team


class CallFilterSet(TeamScopedFilterSet):
    """The parameters of `GET /api/crm/calls`: the team's calls, newest first. Every value is
    validated; `startedAfter` and `startedBefore` together select `[after, before)`, so
    consecutive periods neither overlap nor leave a gap."""

    contact_id = PublicIdFilter(
        prefix="cont",
        method="filter_contact",
        help_text="Only the calls of this contact of your team (archived or not).",
    )
    campaign_id = django_filters.CharFilter(
        max_length=Call._meta.get_field("campaign_id").max_length,
        help_text="Only the calls of this campaign (the exact ID the dialler sent).",
    )
    outcome = RuleListFilter(
        rules.normalize_call_outcome,
        help_text="One or more outcomes: repeated (`outcome=no_answer&outcome=busy`), "
        "comma-separated (`outcome=no_answer,busy`), or both.",
    )
    started_after = InstantFilter(
        field_name="started_at",
        lookup_expr="gte",
        help_text="Calls started at or after this instant.",
    )
    started_before = InstantFilter(
        field_name="started_at",
        lookup_expr="lt",
        help_text="Calls started before this instant.",
    )

    class Meta:
        model = Call
        fields = []

    def filter_contact(self, queryset, name, value):
        find_in_team(Contact, team=self.team, pk=value, field_name=to_camel(name))
        return queryset.filter(contact_id=value)
