from django.urls import re_path

from webhooks.api.views import WebhookEndpointViewSet

# The reference's routes have no trailing slash; one is tolerated.
urlpatterns = [
    re_path(
        r"^webhooks/?$",
        WebhookEndpointViewSet.as_view({"get": "list", "post": "create"}, basename="webhook"),
        name="webhook-list",
    ),
    re_path(
        r"^webhooks/(?P<pk>[^/]+?)/?$",
        WebhookEndpointViewSet.as_view(
            {"get": "retrieve", "patch": "partial_update", "delete": "destroy"},
            basename="webhook",
        ),
        name="webhook-detail",
    ),
    re_path(
        r"^webhooks/(?P<pk>[^/]+?)/rotate-secret/?$",
        WebhookEndpointViewSet.as_view({"post": "rotate_secret"}, basename="webhook"),
        name="webhook-rotate-secret",
    ),
]
