from drf_spectacular.utils import extend_schema_view

from calls import selectors
from calls.api.serializers import CallSerializer
from calls.filtersets import CallFilterSet
from calls.models import Call
from crm.api import schema
from crm.api.envelope import envelope
from crm.api.pagination import list_envelope
from crm.api.views import TeamScopedReadOnlyViewSet

# Also the answers of a contact's calls, `/api/crm/contacts/{id}/calls` (contacts.api.views).
CALL_RESPONSE = envelope("CallResponse", "call", CallSerializer)
CALL_LIST_RESPONSE = list_envelope("CallListResponse", "calls", CallSerializer)


@extend_schema_view(
    **schema.read_schema(
        CallSerializer,
        key="call",
        list_key="calls",
        retrieve_description="One recorded call; calls of archived contacts too.",
        one=CALL_RESPONSE,
        page=CALL_LIST_RESPONSE,
    )
)
class CallViewSet(TeamScopedReadOnlyViewSet):
    """`/api/crm/calls`: the team's recorded calls, newest first. A call is recorded through
    its contact, `POST /api/crm/contacts/{id}/calls`."""

    queryset = Call.objects.all()
    serializer_class = CallSerializer
    filterset_class = CallFilterSet

    def list(self, request, *args, **kwargs):
        calls = selectors.call_list(team=request.auth.team, filters=request.query_params)
        return self.respond_with_page(calls)
