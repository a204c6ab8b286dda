from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action

from crm.api.envelope import envelope
from crm.api.schema import errors, read_schema
from crm.api.serializers import EmptyBodySerializer
from crm.api.views import TeamScopedReadOnlyViewSet, Written
from webhooks import services
from webhooks.api.serializers import (
    WebhookEndpointInputSerializer,
    WebhookEndpointSerializer,
    WebhookEndpointUpdateSerializer,
    WebhookEndpointWithSecretSerializer,
)
from webhooks.filtersets import WebhookEndpointFilterSet
from webhooks.models import WebhookEndpoint

_ONE = envelope("WebhookEndpointResponse", "webhook", WebhookEndpointSerializer)
_WITH_SECRET = envelope(
    "WebhookEndpointWithSecretResponse", "webhook", WebhookEndpointWithSecretSerializer
)
_ALWAYS, _BODY = (400, 401, 406, 414, 429), (413, 415)


@extend_schema_view(
    **read_schema(
        WebhookEndpointSerializer,
        key="webhook",
        list_key="webhooks",
        retrieve_description="The secret is shown only when the endpoint is created and when "
        "it is rotated.",
        one=_ONE,
    ),
    create=extend_schema(
        summary="Create a webhook endpoint",
        description="Answers 201 with the endpoint and its signing `secret`, shown only here "
        "and on rotation. The URL must be HTTPS and resolve to public addresses only.",
        request=WebhookEndpointInputSerializer,
        responses={201: _WITH_SECRET, **errors(*_ALWAYS, 404, *_BODY, 422)},
    ),
    partial_update=extend_schema(
        summary="Update a webhook endpoint",
        description="Only the fields sent change. `active: true` re-enables an endpoint that "
        "was disabled (by hand, or after its deliveries failed for a day) and clears the reason.",
        request=WebhookEndpointUpdateSerializer,
        responses={200: _ONE, **errors(*_ALWAYS, 404, *_BODY)},
    ),
    destroy=extend_schema(
        summary="Delete a webhook endpoint",
        description="Deletes the endpoint and its delivery log; answers the endpoint as it "
        "was. Takes no body (none, or `{}`).",
        request=None,
        responses={200: _ONE, **errors(*_ALWAYS, 404)},
    ),
    rotate_secret=extend_schema(
        summary="Rotate a webhook endpoint's secret",
        description="A new signing secret, answered once; later deliveries are signed with it. "
        "Takes no body (none, or `{}`).",
        request=None,
        responses={200: _WITH_SECRET, **errors(*_ALWAYS, 404, *_BODY, 422)},
    ),
)
class WebhookEndpointViewSet(TeamScopedReadOnlyViewSet):
    """`/api/crm/webhooks`: the team's webhook endpoints. DELETE removes an endpoint: there is
    nothing to archive or restore."""

    queryset = WebhookEndpoint.objects.all()
    serializer_class = WebhookEndpointSerializer
    filterset_class = WebhookEndpointFilterSet
    envelope_key, envelope_list_key = "webhook", "webhooks"

    def create(self, request, *args, **kwargs):
        fields = self.validated(WebhookEndpointInputSerializer)
        endpoint = services.create_endpoint(**fields)
        return self.respond_with_secret(endpoint, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        endpoint = self.get_object()
        changes = self.validated(WebhookEndpointUpdateSerializer, instance=endpoint, partial=True)
        return self.respond(services.update_endpoint(endpoint, changes))

    def destroy(self, request, *args, **kwargs):
        self.validated(EmptyBodySerializer)
        endpoint = self.get_object()
        answer = self.respond(endpoint)
        services.delete_endpoint(endpoint)
        return answer

    @action(detail=True, methods=["post"], url_path="rotate-secret")
    def rotate_secret(self, request, *args, **kwargs):
        self.validated(EmptyBodySerializer)
        return self.respond_with_secret(services.rotate_secret(self.get_object()))

    def respond_with_secret(self, endpoint, status=status.HTTP_200_OK):
        written = Written(endpoint, status, serializer_class=WebhookEndpointWithSecretSerializer)
        return self.respond_written(written)
