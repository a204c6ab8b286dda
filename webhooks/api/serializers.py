from crm.api.fields import JSONRuleField, RuleField, StrictBooleanField
from crm.api.serializers import TeamOwnedInputSerializer, TeamOwnedSerializer
from webhooks.models import WebhookEndpoint
from webhooks.rules import normalize_endpoint_url, normalize_event_types

RESPONSE_FIELDS = [
    "id",
    "team_id",
    "url",
    "event_types",
    "active",
    "disabled_reason",
    "disabled_at",
    "created_at",
    "updated_at",
]


class WebhookEndpointSerializer(TeamOwnedSerializer):
    """A webhook endpoint as the API answers it; its secret only when it is new."""

    class Meta:
        model = WebhookEndpoint
        fields = RESPONSE_FIELDS


class WebhookEndpointWithSecretSerializer(WebhookEndpointSerializer):
    """A webhook endpoint just created or given a new secret: the one answer with `secret`."""

    class Meta(WebhookEndpointSerializer.Meta):
        fields = [*RESPONSE_FIELDS, "secret"]


class WebhookEndpointInputSerializer(TeamOwnedInputSerializer):
    """The body of `POST /api/crm/webhooks`."""

    url = RuleField(normalize_endpoint_url)
    event_types = JSONRuleField(normalize_event_types)
    active = StrictBooleanField(required=False)

    class Meta:
        model = WebhookEndpoint
        fields = ["team_id", "url", "event_types", "active"]


class WebhookEndpointUpdateSerializer(WebhookEndpointInputSerializer):
    """The body of `PATCH /api/crm/webhooks/{id}`: only the fields sent change; `active: true`
    re-enables a disabled endpoint."""

    server_fields = WebhookEndpointInputSerializer.server_fields | {
        "secret",
        "disabledReason",
        "disabledAt",
    }

    class Meta(WebhookEndpointInputSerializer.Meta):
        fields = ["url", "event_types", "active"]
