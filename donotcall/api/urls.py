from django.urls import re_path

from donotcall.api.views import DoNotCallViewSet

# Not a router's routes: the registry has no record URL by ID; an entry is read and removed
# by its number.
urlpatterns = [
    re_path(
        r"^do-not-call/?$",
        DoNotCallViewSet.as_view({"get": "list", "post": "create"}),
        name="do-not-call-list",
    ),
    re_path(
        r"^do-not-call/(?P<number>[^/]+?)/?$",
        DoNotCallViewSet.as_view({"get": "retrieve", "delete": "destroy"}),
        name="do-not-call-detail",
    ),
]
