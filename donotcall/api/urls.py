from django.urls import re_path

from donotcall.api.views import DoNotCallViewSet

# Not a router's routes: the registry has no record URL by ID, only removal by number.
urlpatterns = [
    re_path(
        r"^do-not-call/?$",
        DoNotCallViewSet.as_view({"get": "list", "post": "create"}),
        name="do-not-call-list",
    ),
    re_path(
        r"^do-not-call/(?P<number>[^/]+?)/?$",
        DoNotCallViewSet.as_view({"delete": "destroy"}),
        name="do-not-call-detail",
    ),
]
