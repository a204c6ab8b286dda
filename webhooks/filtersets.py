from crm.api.filters import StrictBooleanFilter, TeamScopedFilterSet
from webhooks.models import WebhookEndpoint


class WebhookEndpointFilterSet(TeamScopedFilterSet):
    """`GET /api/crm/webhooks`: teamId (required), and `active` to list only the enabled or
    only the disabled endpoints."""

    active = StrictBooleanFilter(help_text="`true` or `false`.")

    class Meta:
        model = WebhookEndpoint
        fields = []
