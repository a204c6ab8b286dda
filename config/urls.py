from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from drf_spectacular.renderers import (
    OpenApiJsonRenderer,
    OpenApiJsonRenderer2,
    OpenApiYamlRenderer,
    OpenApiYamlRenderer2,
)
from rest_framework.permissions import AllowAny
from rest_framework.routers import SimpleRouter

from calls.api.views import CallViewSet
from companies.api.views import CompanyViewSet
from contacts.api.views import ContactViewSet
from crm.api.errors import api_not_found
from crm.api.team import TeamViewSet
from crm.api.views import OpenApiDocsView, OpenApiDocumentView
from crm.views import healthz, home
from events.api.views import EventViewSet


class OptionalSlashRouter(SimpleRouter):
    """The reference's routes have no trailing slash; one is tolerated."""

    def __init__(self):
        super().__init__()
        self.trailing_slash = "/?"


api = OptionalSlashRouter()
api.register("contacts", ContactViewSet, basename="contact")
api.register("companies", CompanyViewSet, basename="company")
api.register("calls", CallViewSet, basename="call")

urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    # Companies' admin pages moved with their app; links to the old ones still arrive.
    re_path(
        r"^admin/crm/company/(?P<rest>.*)$",
        RedirectView.as_view(url="/admin/companies/company/%(rest)s", query_string=True),
    ),
    # Likewise calls' admin pages, which moved from the contacts app to their own.
    re_path(
        r"^admin/contacts/call/(?P<rest>.*)$",
        RedirectView.as_view(url="/admin/calls/call/%(rest)s", query_string=True),
    ),
    path("admin/", admin.site.urls),
    re_path(
        r"^api/crm/team/?$",
        TeamViewSet.as_view({"get": "retrieve", "patch": "partial_update"}),
        name="team-detail",
    ),
    path("api/crm/", include(api.urls)),
    # A list only: events have no URL of their own.
    re_path(r"^api/crm/events/?$", EventViewSet.as_view({"get": "list"}), name="event-list"),
    path("api/crm/", include("donotcall.api.urls")),
    path("api/crm/", include("webhooks.api.urls")),
    # The OpenAPI document (JSON; YAML for Accept: application/yaml) and Swagger UI over it.
    # Public: they describe the API and reach no team's data.
    path(
        "api/schema/",
        OpenApiDocumentView.as_view(
            authentication_classes=[],
            permission_classes=[AllowAny],
            renderer_classes=[
                OpenApiJsonRenderer,
                OpenApiJsonRenderer2,
                OpenApiYamlRenderer,
                OpenApiYamlRenderer2,
            ],
        ),
        name="openapi-schema",
    ),
    path(
        "api/docs/",
        # The split view serves Swagger UI's start-up script from ?script=, not inline: the
        # Content-Security-Policy allows scripts from files only.
        OpenApiDocsView.as_view(
            authentication_classes=[],
            permission_classes=[AllowAny],
            url_name="openapi-schema",
            template_name="api/docs.html",
        ),
        name="openapi-docs",
    ),
    re_path(r"^api(/|$)", api_not_found),
]

handler500 = "crm.database_outage.server_error"
