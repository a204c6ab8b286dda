"""The project's URLs plus `GET /bench/bare-contacts?team=<team UUID>`: the list's first page of
50 and its count as `.values()` and JsonResponse, with no authentication, filterset or
serializer: what the list would cost with nothing but the two queries and JSON."""

from django.core.serializers.json import DjangoJSONEncoder
from django.http import JsonResponse
from django.urls import path
from phonenumber_field.phonenumber import PhoneNumber

from config.urls import urlpatterns as project_urlpatterns
from contacts.api.serializers import ContactSerializer
from contacts.models import Contact, counted_whole

# The stored columns the list's serializer answers (its computed ones left out).
COLUMNS = [
    name
    for name in ContactSerializer.Meta.fields
    if name not in ("call_blockers", "next_callable_at")
]


class BareEncoder(DjangoJSONEncoder):
    def default(self, o):
        return str(o) if isinstance(o, PhoneNumber) else super().default(o)


def bare_contacts(request):
    contacts = Contact.objects.filter(team_id=request.GET["team"], archived_at__isnull=True)
    page = list(contacts.order_by("-created_at", "-id").values(*COLUMNS)[:50])
    # The statement the list counts its team with (contacts.filtersets.CountOfTheTeam), so
    # that the two differ by the app's own work alone.
    count = contacts.filter(counted_whole()).count()
    return JsonResponse({"contacts": page, "count": count}, encoder=BareEncoder)


urlpatterns = [*project_urlpatterns, path("bench/bare-contacts", bare_contacts)]
