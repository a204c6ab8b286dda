"""The project's URLs plus `/bench/bare-contacts?team=<pk>`: the floor a list can reach.

The bare view reads what the API's list reads (the team's live contacts, their count, the
newest 50 with every column the list shows) with `.values()` and answers with `JsonResponse`:
no token, no serializer, no filters, no transaction.
"""

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.http import JsonResponse
from django.urls import path
from phonenumber_field.phonenumber import PhoneNumber

from config.urls import urlpatterns as project_urlpatterns
from contacts.models import Contact, counted_whole

COLUMNS = [
    field.attname for field in Contact._meta.concrete_fields if field.attname not in {"search_text"}
]


class Encoder(DjangoJSONEncoder):
    def default(self, o):
        return str(o) if isinstance(o, PhoneNumber) else super().default(o)


@transaction.non_atomic_requests
def bare_contacts(request):
    live = Contact.objects.filter(team_id=request.GET["team"], archived_at__isnull=True)
    count = live.filter(counted_whole()).count()  # the list's count statement (CountOfTheTeam)
    page = list(live.values(*COLUMNS)[:50])
    return JsonResponse(
        {"success": True, "contacts": page, "count": count, "limit": 50, "offset": 0},
        encoder=Encoder,
    )


urlpatterns = [path("bench/bare-contacts", bare_contacts), *project_urlpatterns]
