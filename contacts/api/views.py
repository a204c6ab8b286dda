from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action

from calls import services as call_services
from calls.api.serializers import CallInputSerializer, CallSerializer
from calls.api.views import CALL_LIST_RESPONSE, CALL_RESPONSE
from contacts import selectors, services
from contacts.api.serializers import (
    ContactInputSerializer,
    ContactSerializer,
    ContactUpdateSerializer,
    ContactUpsertSerializer,
)
from contacts.filtersets import ContactFilterSet
from contacts.models import Contact
from crm.api import schema
from crm.api.envelope import envelope, success
from crm.api.views import TeamScopedViewSet
from history.api.views import HistoryActionMixin

UPSERT_RESPONSE = envelope(
    "ContactUpsertResponse",
    "contact",
    ContactSerializer,
    created=serializers.BooleanField(help_text="Whether the contact was created."),
)


@extend_schema_view(
    **schema.lifecycle_schema(
        ContactSerializer,
        key="contact",
        list_key="contacts",
        create_serializer=ContactInputSerializer,
        update_serializer=ContactUpdateSerializer,
    )
)
class ContactViewSet(HistoryActionMixin, TeamScopedViewSet):
    """`/api/crm/contacts`: the team's contacts, their lifecycle and their calls."""

    queryset = Contact.objects.defer("search_text")
    serializer_class = ContactSerializer
    input_serializer_class = ContactInputSerializer
    update_serializer_class = ContactUpdateSerializer
    filterset_class = ContactFilterSet
    archive_service = staticmethod(services.archive_contact)
    restore_service = staticmethod(services.restore_contact)
    envelope_key = "contact"
    action_parameters = {"calls": {"limit", "offset"}, "history": {"limit", "offset"}}

    # The token is who wrote the contact, on the do-not-call entries a write may add.
    def create_service(self, **fields):
        return services.create_contact(token=self.request.auth, **fields)

    def update_service(self, contact, changes):
        return services.update_contact(contact, changes, token=self.request.auth)

    @property
    def envelope_list_key(self) -> str:
        return "calls" if self.action == "calls" else super().envelope_list_key

    def list(self, request, *args, **kwargs):
        contacts = selectors.contact_list(team=request.auth.team, filters=request.query_params)
        return self.respond_with_page(contacts.with_call_blockers(request.auth.team))

    @extend_schema(
        summary="Create or update a contact, matched on one field",
        description="Updates the live contact whose `matchOn` field equals the value sent, "
        "or creates one (then `companyId`, `firstName` and `lastName` are required). "
        "Two matches are a 409 naming both.",
        request=schema.partial_body(ContactUpsertSerializer, required=["matchOn", "teamId"]),
        responses={
            200: OpenApiResponse(UPSERT_RESPONSE, description="A contact matched and was updated."),
            201: OpenApiResponse(UPSERT_RESPONSE, description="Nothing matched; created."),
            **schema.post_errors(),
        },
    )
    @action(detail=False, methods=["post"])
    def upsert(self, request, *args, **kwargs):
        """Update the contact matching `matchOn`, or create it."""
        fields = dict(self.validated(ContactUpsertSerializer, partial=True))
        team, match_on = fields.pop("team"), fields.pop("match_on")
        contact, created = services.upsert_contact(
            team=team, match_on=match_on, fields=fields, token=request.auth
        )
        return self.respond(
            contact,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
            created=created,
        )

    @extend_schema(
        methods=["GET"],
        summary="A contact's call history, newest first",
        description="Calls are listed for archived contacts too.",
        request=None,
        parameters=schema.paging_parameters(),
        responses={200: CALL_LIST_RESPONSE, **schema.get_errors()},
    )
    @extend_schema(
        methods=["POST"],
        summary="Record a finished call",
        description="In one transaction: stores the call, merges `extractedFields` into the "
        "contact's custom fields (a null removes a key) and applies `leadStatus`, if given. "
        "An opt-out (outcome `opted_out`, or `doNotCall`/`do_not_call` true in "
        "`extractedFields`, which is never stored as a custom field) sets the contact's "
        "`do_not_call` and puts `phoneNumber` (by default the contact's phone) on the team's "
        "do-not-call registry.",
        request=CallInputSerializer,
        responses={201: CALL_RESPONSE, **schema.post_errors()},
    )
    @action(detail=True, methods=["get", "post"])
    def calls(self, request, *args, **kwargs):
        """The contact's call history (GET), or record a finished call (POST)."""
        contact = self.get_object()
        if request.method == "GET":
            return self.respond_with_page(contact.calls.for_team(contact.team), CallSerializer)
        call = call_services.record_call(
            contact, token=request.auth, **self.validated(CallInputSerializer)
        )
        return success(status=status.HTTP_201_CREATED, call=CallSerializer(call).data)
