from django.urls import reverse
from drf_spectacular.utils import extend_schema_view
from rest_framework import status

from calls import selectors, services
from calls.api.serializers import CallInputSerializer, CallSerializer
from calls.filtersets import CallFilterSet
from calls.models import Call
from contacts.api.merge import unmerged
from contacts.models import Contact
from crm.api import schema
from crm.api.batch import BatchMixin, Operation, batch_schema
from crm.api.envelope import envelope
from crm.api.pagination import list_envelope
from crm.api.views import TeamScopedReadOnlyViewSet, Written

# Also the answers of a contact's calls, `/api/crm/contacts/{id}/calls` (contacts.api.views).
CALL_RESPONSE = envelope("CallResponse", "call", CallSerializer)
CALL_LIST_RESPONSE = list_envelope("CallListResponse", "calls", CallSerializer)

BATCH_OPERATIONS = {
    "create": Operation(
        "prepare_record_call", target="contactId", data=True, data_serializer=CallInputSerializer
    ),
}


def call_recording(view, contact: Contact, data):
    """The write that records a finished call of `contact` (`data` is the call's body,
    checked now): `POST /api/crm/contacts/{id}/calls`, and each operation of a calls batch.
    A merged contact's ID answers the 410 `contact_merged` on both."""
    contact = unmerged(contact)
    fields = view.validated(CallInputSerializer, data)

    def write():
        call = services.record_call(contact, token=view.request.auth, **fields)
        location = reverse("call-detail", kwargs={"pk": call.public_id})
        return Written(
            call,
            status.HTTP_201_CREATED,
            key="call",
            location=location,
            serializer_class=CallSerializer,
        )

    return write


@extend_schema_view(
    batch=batch_schema(
        name="Call",
        key="call",
        serializer_class=CallSerializer,
        operations=BATCH_OPERATIONS,
        summary="Record up to 100 finished calls",
        description="For dialers reporting results: each operation records one call of the "
        "contact `contactId`, exactly as `POST /api/crm/contacts/{id}/calls` does (custom "
        "fields merged, lead status set, an opt-out put on the do-not-call registry), and is "
        "answered in order with that endpoint's status and call or error. Without `atomic`, "
        'a failed operation writes nothing and the others go on; with `"atomic": true`, '
        "any failure writes nothing at all and answers a 400 `batch_failed` naming every "
        "failed operation. An `Idempotency-Key` covers the whole batch; for rate limits it "
        "counts one request per operation.",
    ),
    **schema.read_schema(
        CallSerializer,
        key="call",
        list_key="calls",
        retrieve_description="One recorded call; calls of archived contacts too.",
        one=CALL_RESPONSE,
        page=CALL_LIST_RESPONSE,
    ),
)
class CallViewSet(BatchMixin, TeamScopedReadOnlyViewSet):
    """`/api/crm/calls`: the team's recorded calls, newest first. A call is recorded through
    its contact, `POST /api/crm/contacts/{id}/calls`, or many at once through `batch`."""

    queryset = Call.objects.all()
    serializer_class = CallSerializer
    filterset_class = CallFilterSet
    batch_operations = BATCH_OPERATIONS

    def list(self, request, *args, **kwargs):
        calls = selectors.call_list(team=request.auth.team, filters=request.query_params)
        return self.respond_with_page(calls)

    def prepare_record_call(self, contact_id, data):
        contact = self.object_named(
            contact_id, field_name="contactId", queryset=Contact.objects.defer("search_text")
        )
        return call_recording(self, contact, data)
