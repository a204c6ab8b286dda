from rest_framework import status
from rest_framework.decorators import action

from contacts import services
from contacts.api.serializers import (
    CallInputSerializer,
    CallSerializer,
    ContactInputSerializer,
    ContactSerializer,
    ContactUpdateSerializer,
    ContactUpsertSerializer,
)
from contacts.filtersets import ContactFilterSet
from contacts.models import Contact
from crm.api.envelope import success
from crm.api.views import TeamScopedViewSet


class ContactViewSet(TeamScopedViewSet):
    """`/api/crm/contacts`: the team's contacts, their lifecycle and their calls."""

    queryset = Contact.objects.defer("search_text")
    serializer_class = ContactSerializer
    input_serializer_class = ContactInputSerializer
    update_serializer_class = ContactUpdateSerializer
    filterset_class = ContactFilterSet
    create_service = staticmethod(services.create_contact)
    update_service = staticmethod(services.update_contact)
    archive_service = staticmethod(services.archive_contact)
    restore_service = staticmethod(services.restore_contact)
    envelope_key = "contact"
    action_parameters = {"calls": {"limit", "offset"}}

    @property
    def envelope_list_key(self) -> str:
        return "calls" if self.action == "calls" else "contacts"

    @action(detail=False, methods=["post"])
    def upsert(self, request, *args, **kwargs):
        """Update the contact matching `matchOn`, or create it."""
        fields = dict(self.validated(ContactUpsertSerializer, partial=True))
        team, match_on = fields.pop("team"), fields.pop("match_on")
        contact, created = services.upsert_contact(team=team, match_on=match_on, fields=fields)
        return self.respond(
            contact,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
            created=created,
        )

    @action(detail=True, methods=["get", "post"])
    def calls(self, request, *args, **kwargs):
        """The contact's call history (GET), or record a finished call (POST)."""
        contact = self.get_object()
        if request.method == "GET":
            return self.respond_with_page(contact.calls.all(), CallSerializer)
        call = services.record_call(contact, **self.validated(CallInputSerializer))
        return success(status=status.HTTP_201_CREATED, call=CallSerializer(call).data)
