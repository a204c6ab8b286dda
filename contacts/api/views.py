from contacts import services
from contacts.api.serializers import ContactInputSerializer, ContactSerializer
from contacts.filtersets import ContactFilterSet
from contacts.models import Contact
from crm.api.views import TeamScopedViewSet


class ContactViewSet(TeamScopedViewSet):
    """`/api/crm/contacts`: create and list the team's contacts."""

    queryset = Contact.objects.defer("search_text")
    serializer_class = ContactSerializer
    input_serializer_class = ContactInputSerializer
    filterset_class = ContactFilterSet
    create_service = staticmethod(services.create_contact)
    envelope_key = "contact"
    envelope_list_key = "contacts"
