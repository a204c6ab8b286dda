from django.urls import re_path

from webhooks.api.views import WebhookEndpointViewSet

# The reference's routes have no trailing slash; one is tolerated.
urlpatterns = [
    re_path(
        r"^webhooks/?$",
        WebhookEndpointViewSet.as_view({"get": "list", "post": "create"}),
        name="webhook-list",
    ),
    re_path(
        r"^webhooks/(?P<pk>[^/]+?)/?$",
        WebhookEndpointViewSet.as_view(
            {"get": "retrieve", "patch": "partial_update", "delete": "destroy"}
        ),
        name="webhook-detail",
    ),
    re_path(
        r"^webhooks/(?P<pk>[^/]+?)/rotate-secret/?$",
        WebhookEndpointViewSet.as_view({"post": "rotate_secret"}),
        name="webhook-rotate-secret",
    ),
]
