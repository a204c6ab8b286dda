from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action

from calls.api.serializers import CallInputSerializer, CallSerializer
from calls.api.views import CALL_LIST_RESPONSE, CALL_RESPONSE, call_recording
from contacts import selectors, services
from contacts.api.merge import DUPLICATES_PARAMETERS, ContactMergeMixin
from contacts.api.serializers import (
    ContactInputSerializer,
    ContactSerializer,
    ContactUpdateSerializer,
    ContactUpsertSerializer,
)
from contacts.filtersets import ContactFilterSet
from contacts.models import Contact
from crm.api import schema
from crm.api.batch import BatchMixin, Operation, batch_schema
from crm.api.envelope import envelope
from crm.api.views import PAGING_PARAMETERS, TeamScopedViewSet, Written
from donotcall import services as do_not_call
from history.api.views import HistoryActionMixin

UPSERT_RESPONSE = envelope(
    "ContactUpsertResponse",
    "contact",
    ContactSerializer,
    created=serializers.BooleanField(help_text="Whether the contact was created."),
)

UPSERT_BODY = schema.partial_body(ContactUpsertSerializer, required=["matchOn", "teamId"])

BATCH_OPERATIONS = {
    "create": Operation("prepare_create", data=True, data_serializer=ContactInputSerializer),
    "update": Operation(
        "prepare_update",
        target="id",
        data=True,
        if_match=True,
        data_serializer=ContactUpdateSerializer,
    ),
    "upsert": Operation(
        "prepare_upsert",
        data=True,
        data_serializer=UPSERT_BODY,
    ),
    "archive": Operation("prepare_archive", target="id", if_match=True),
}


@extend_schema_view(
    **schema.lifecycle_schema(
        ContactSerializer,
        key="contact",
        list_key="contacts",
        create_serializer=ContactInputSerializer,
        update_serializer=ContactUpdateSerializer,
    ),
    batch=batch_schema(
        name="Contact",
        key="contact",
        serializer_class=ContactSerializer,
        operations=BATCH_OPERATIONS,
        summary="Create, update, upsert or archive up to 100 contacts",
        description="Each operation (`create`, `update` by `id`, `upsert`, `archive` by `id`) "
        "is checked and written as its single endpoint would, and answered in order with "
        "that endpoint's status and record or error. Without `atomic`, a failed operation "
        'writes nothing and the others go on; with `"atomic": true`, any failure writes '
        "nothing at all and answers a 400 `batch_failed` naming every failed operation. "
        "`update` and `archive` take an optional `ifMatch` (an ETag). An `Idempotency-Key` "
        "covers the whole batch; for rate limits it counts one request per operation.",
    ),
)
class ContactViewSet(ContactMergeMixin, BatchMixin, HistoryActionMixin, TeamScopedViewSet):
    """`/api/crm/contacts`: the team's contacts, their lifecycle and their calls."""

    queryset = Contact.objects.defer("search_text")
    serializer_class = ContactSerializer
    input_serializer_class = ContactInputSerializer
    update_serializer_class = ContactUpdateSerializer
    filterset_class = ContactFilterSet
    archive_service = staticmethod(services.archive_contact)
    restore_service = staticmethod(services.restore_contact)
    envelope_key = "contact"
    action_parameters = {
        "calls": PAGING_PARAMETERS,
        "history": PAGING_PARAMETERS,
        "duplicates": DUPLICATES_PARAMETERS,
    }
    batch_operations = BATCH_OPERATIONS

    # The token is who wrote the contact, on the do-not-call entries a write may add.
    def create_service(self, **fields):
        return services.create_contact(token=self.request.auth, **fields)

    def update_service(self, contact, changes):
        return services.update_contact(contact, changes, token=self.request.auth)

    def locked_for_write(self, contact):
        # The team's numbers lock comes before any contact row lock (see
        # donotcall.services.lock_team_numbers); exclusive, as the write may register numbers.
        do_not_call.lock_team_numbers(contact.team_id, to_register=True)
        return super().locked_for_write(contact)

    @property
    def envelope_list_key(self) -> str:
        return "calls" if self.action == "calls" else super().envelope_list_key

    def list(self, request, *args, **kwargs):
        contacts = selectors.contact_list(team=request.auth.team, filters=request.query_params)
        # Only the page's rows carry their call blockers: the count has no need of them.
        return self.respond_with_page(
            contacts, rows=lambda page: selectors.with_call_blockers(page, request.auth.team)
        )

    @extend_schema(
        summary="Create or update a contact, matched on one field",
        description="Updates the live contact whose `matchOn` field equals the value sent, "
        "or creates one (then `companyId`, `firstName` and `lastName` are required). "
        "Two matches are a 409 naming both.",
        request=UPSERT_BODY,
        responses={
            200: OpenApiResponse(UPSERT_RESPONSE, description="A contact matched and was updated."),
            201: OpenApiResponse(UPSERT_RESPONSE, description="Nothing matched; created."),
            **schema.post_errors(),
        },
    )
    @action(detail=False, methods=["post"])
    def upsert(self, request, *args, **kwargs):
        """Update the contact matching `matchOn`, or create it."""
        return self.respond_written(self.prepare_upsert(request.data)())

    def prepare_upsert(self, data):
        fields = dict(self.validated(ContactUpsertSerializer, data, partial=True))
        team, match_on = fields.pop("team"), fields.pop("match_on")

        def write():
            contact, created = services.upsert_contact(
                team=team, match_on=match_on, fields=fields, token=self.request.auth
            )
            answer = status.HTTP_201_CREATED if created else status.HTTP_200_OK
            return Written(contact, answer, {"created": created})

        return write

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
            return self.respond_with_page(contact.calls.for_team(contact.team_id), CallSerializer)
        return self.respond_written(call_recording(self, contact, request.data)())
