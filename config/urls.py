from django.contrib import admin
from django.urls import include, path, re_path
from rest_framework.routers import SimpleRouter

from contacts.api.views import ContactViewSet
from crm.api.errors import api_not_found
from crm.api.views import CompanyViewSet
from crm.views import healthz, home


class OptionalSlashRouter(SimpleRouter):
    """The reference's routes have no trailing slash; one is tolerated."""

    def __init__(self):
        super().__init__()
        self.trailing_slash = "/?"


api = OptionalSlashRouter()
api.register("contacts", ContactViewSet, basename="contact")
api.register("companies", CompanyViewSet, basename="company")

urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/crm/", include(api.urls)),
    re_path(r"^api(/|$)", api_not_found),
]

handler500 = "crm.api.errors.server_error"
